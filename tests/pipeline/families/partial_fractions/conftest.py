"""Problems of each kind, drawn once per test session (sampling is the slow part of these tests)."""

from __future__ import annotations

import pytest

from pipeline.families.partial_fractions.sampler import sample_partial_fractions_problem

RUN_SEED = 1234


@pytest.fixture(scope="session")
def drawn():
    """The first 40 problems of seed 1234 (every level and kind of factor occurs among them)."""
    return [sample_partial_fractions_problem(RUN_SEED, i) for i in range(40)]


@pytest.fixture(scope="session")
def by_kind(drawn):
    """One problem per construction (factor kinds, +polynomial when improper), the lowest index first."""
    found = {}
    for problem in drawn:
        found.setdefault(problem.construction, problem)
    return found


@pytest.fixture(scope="session")
def variety(by_kind):
    """A handful of problems covering linear, repeated, quadratic and improper (teacher tests use these)."""
    wanted = ("linear", "linear+repeated", "linear+quadratic", "linear+repeated+quadratic+polynomial")
    chosen = [by_kind[name] for name in wanted if name in by_kind]
    assert len(chosen) == len(wanted), sorted(by_kind)
    return chosen
