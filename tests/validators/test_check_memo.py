"""Remembered check work gives the verdicts the checks give afresh (fast_equivalence.remembered)."""

from __future__ import annotations

import pytest

from validators import fast_equivalence
from validators.equivalence import check_antiderivative, check_equal

CLAIMS = [
    ("x**2*sin(x)", "2*x*sin(x) + x**2*cos(x)"),  # proved
    ("x**2*sin(x)", "2*x*sin(x)"),  # counterexample
    ("sqrt(x**2)", "x/sqrt(x**2)"),  # careful path
    ("x**(", "1"),  # parse refusal
]


def _same(a, b) -> bool:
    return a.model_dump(exclude={"seconds"}) == b.model_dump(exclude={"seconds"})


@pytest.mark.parametrize("antiderivative,integrand", CLAIMS)
def test_second_verdict_is_the_first(antiderivative, integrand):
    first = check_antiderivative(antiderivative, integrand)
    assert _same(check_antiderivative(antiderivative, integrand), first)
    fast_equivalence._VERDICTS.clear()
    assert _same(check_antiderivative(antiderivative, integrand), first)


def test_engine_sympy_remembers_nothing():
    fast_equivalence.set_engine("sympy")
    try:
        fast_equivalence._VERDICTS.clear()
        check_equal("sin(x)**2", "1 - cos(x)**2")
        assert not fast_equivalence._VERDICTS
    finally:
        fast_equivalence.set_engine("fast")
