from __future__ import annotations

import pytest

from pipeline.families.ibp.generator.needs_parts import (
    PartsVerdict,
    classify_integrand,
    measure_with_pool,
    needs_parts_share,
)
from validators.limits import CheckPool


@pytest.mark.parametrize(
    ("integrand", "verdict"),
    [
        ("x*exp(x)", PartsVerdict.USES_PARTS),
        ("exp(x)*sin(x)", PartsVerdict.USES_PARTS),  # cyclic parts
        ("log(x)", PartsVerdict.USES_PARTS),
        ("x**2*sin(exp(x**2))", PartsVerdict.CANNOT_SOLVE),
        ("x*exp(x**2)", PartsVerdict.WITHOUT_PARTS),  # a substitution
        ("sin(x)/x", PartsVerdict.WITHOUT_PARTS),  # a special function, Si(x)
        ("x +* 1", PartsVerdict.UNREADABLE),
    ],
)
def test_what_sympy_does_with_an_integrand_decides_whether_it_needs_parts(integrand, verdict):
    assert classify_integrand(integrand) == verdict


def test_the_share_counts_parts_unsolved_and_timeouts_but_not_unreadable_input():
    verdicts = [
        PartsVerdict.USES_PARTS,
        PartsVerdict.CANNOT_SOLVE,
        PartsVerdict.TIMEOUT,
        PartsVerdict.WITHOUT_PARTS,
        PartsVerdict.UNREADABLE,
    ]
    assert needs_parts_share(verdicts) == 0.75
    assert needs_parts_share([]) == 0.0


def test_the_pool_measures_under_a_hard_limit():
    slow = "2*x*cos(log(x)) - (x**2 + 1)*sin(log(x))/x"  # integral_steps takes well over a second here
    with CheckPool(workers=1, timeout_s=1.0) as pool:
        verdicts = measure_with_pool(["x*exp(x)", slow, "t*exp(t)"], pool, timeout_s=1.0)
    assert verdicts[0] == PartsVerdict.USES_PARTS
    assert verdicts[1] == PartsVerdict.TIMEOUT
    assert verdicts[2] == PartsVerdict.WITHOUT_PARTS  # t is a constant when the variable is x
