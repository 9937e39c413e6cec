"""A sum whose derivative is 0 by algebra is a constant in disguise; at a singular place its value counts."""

from __future__ import annotations

import pytest
import sympy

from validators.equivalence import Method, check_antiderivative
from validators.hidden_constants import disguised_zero, vanishing_constant

x = sympy.Symbol("x")
s, c = sympy.sin(x), sympy.cos(x)


def test_a_disguised_zero_is_found():
    assert disguised_zero(s**2 + c**2 - 1, x)


@pytest.mark.parametrize(
    "u", [s**2 + c**2, x**2 + 1, s + c], ids=["constant, not 0", "changes with x", "changes with x"]
)
def test_other_sums_are_not_disguised_zeros(u):
    assert not disguised_zero(u, x)


def test_only_singular_places_count():
    # x*(sin**2 + cos**2 - 1) is merely 0; 1/(...) has no value
    assert vanishing_constant([x * (s**2 + c**2 - 1)], x) is None
    assert vanishing_constant([sympy.atan(x) + 1 / (s**2 + c**2 - 1)], x) is not None


@pytest.mark.parametrize(
    "answer",
    [
        "atan(x) + 1/(sin(x)**2 + cos(x)**2 - 1)",  # its derivative "is" 1/(1 + x**2) by algebra
        "atan(x) + log(sin(x)**2 + cos(x)**2 - 1)",
        "atan(x) + 1/(cosh(x)**2 - sinh(x)**2 - 1)",
    ],
)
def test_an_answer_with_no_value_is_not_proved(answer):
    assert not check_antiderivative(answer, "1/(1 + x**2)").ok


def test_a_disguised_constant_that_is_not_zero_is_still_proved():
    verdict = check_antiderivative("atan(x) + 1/(sin(x)**2 + cos(x)**2)", "1/(1 + x**2)")
    assert verdict.ok and verdict.method is Method.SYMBOLIC
