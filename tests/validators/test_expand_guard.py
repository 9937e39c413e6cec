"""The exact route takes no proof where ``expand`` would rewrite a root unsoundly (round 64)."""

from __future__ import annotations

import pytest
import sympy

from validators.equivalence import Method, check_antiderivative
from validators.expand_guard import powers_survive_expand
from validators.symbolic import exact_zero, prove_antiderivative

x, a = sympy.symbols("x a")
B = (x + 1) / (x - 1) - x / (x - 1)  # a sum that expands to 1/(x - 1)

SURVIVES = [
    # (expression, expand leaves every root alone)
    (sympy.sqrt(x**2 + 1), True),
    (x * sympy.sqrt(x**2), True),  # sqrt(x**2) is kept as written
    (sympy.sqrt(sympy.exp(x)) + x ** sympy.Rational(3, 2), True),
    (2**x * sympy.asin(x), True),
    (sympy.sqrt(B), False),  # expands to sqrt(1/(x - 1)), built as (x - 1)**(-1/2)
    (sympy.exp(x * sympy.sqrt(x - 1) * sympy.sqrt(B)), False),  # inside a function's argument too
    (B ** sympy.Rational(3, 2), False),
    (sympy.asin(sympy.sqrt(1 + 1 / x)), False),  # d/du asin(u) = (1 - u**2)**(-1/2) = sqrt(-1/x)**-1
]


@pytest.mark.parametrize(("expr", "survives"), SURVIVES)
def test_roots_that_expand_would_rewrite_are_seen(expr, survives):
    assert powers_survive_expand((expr,)) is survives


def test_a_collapsing_root_is_not_proved_equal_to_one():
    g = sympy.sqrt(x - 1) * sympy.sqrt(B)  # -1 for x < 1, where SymEngine's expand says 1
    assert prove_antiderivative(x, g, x) is None
    assert exact_zero(g - 1) is None
    verdict = check_antiderivative(x, g, "x")
    assert not verdict.ok and verdict.reason.value == "not_equivalent"


@pytest.mark.parametrize(
    ("antiderivative", "integrand"),
    [
        ("x", "sqrt(x - 1)*sqrt((x + 1)/(x - 1) - x/(x - 1))"),
        ("exp(x)", "exp(x)*sqrt(a)*sqrt((a + 1)/a**2 - 1/a**2)"),  # wrong for a < 0
        ("exp(x)", "exp(x*sqrt(x - 1)*sqrt((x + 1)/(x - 1) - x/(x - 1)))"),  # via the normal form
        ("x*Abs(x)/2", "Abs(x)*sqrt(x + 5)*sqrt((x + 6)/(x + 5) - x/(x + 5) - 5/(x + 5))"),  # via the split
    ],
)
def test_round_64_near_misses_are_not_accepted(antiderivative, integrand):
    verdict = check_antiderivative(antiderivative, integrand, "x")
    assert not verdict.ok


@pytest.mark.parametrize(
    ("antiderivative", "integrand"),
    [
        ("(x**2 + 1)**(3/2)/3", "x*sqrt(x**2 + 1)"),
        ("2*sqrt(x)*exp(sqrt(x))", "exp(sqrt(x)) + exp(sqrt(x))/sqrt(x)"),
        ("x*asin(x) + sqrt(1 - x**2)", "asin(x)"),
        ("x*asinh(x) - sqrt(x**2 + 1)", "asinh(x)"),
    ],
)
def test_honest_roots_are_still_proved(antiderivative, integrand):
    verdict = check_antiderivative(antiderivative, integrand, "x")
    assert verdict.ok and verdict.method is Method.SYMBOLIC
