from __future__ import annotations

import pytest

from pipeline.core.problem import Problem
from pipeline.families.ibp.sampler import sample_problem

FEW = 20
MANY = 200


@pytest.fixture(scope="session")
def few_problems() -> list[Problem]:
    """Problems 0..19 of run seed 0, for the fast property tests."""
    return [sample_problem(0, index) for index in range(FEW)]


@pytest.fixture(scope="session")
def many_problems() -> list[Problem]:
    """Problems 0..199 of run seed 0: the teacher must handle every one the sampler makes (slow tests)."""
    return [sample_problem(0, index) for index in range(MANY)]
