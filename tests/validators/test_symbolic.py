"""The exact path proves only what algebra shows, and never an identity that fails on some branch."""

from __future__ import annotations

import pytest
import sympy

from validators.symbolic import derivative_minus, exact_zero, prove_antiderivative

x, y, a, b = sympy.symbols("x y a b")


def test_an_integration_by_parts_answer_is_proved():
    big_f = (x**2 + 1) * sympy.atan(x) / 2 - x / 2
    assert prove_antiderivative(big_f, x * sympy.atan(x), x) in ("expand", "cancel")


def test_pending_integrals_differentiate_to_their_integrand():
    big_f = x * sympy.exp(x) - sympy.Integral(sympy.exp(x), x)
    assert prove_antiderivative(big_f, x * sympy.exp(x), x) == "expand"


@pytest.mark.parametrize(
    "false_identity",
    [
        sympy.sqrt(x**2) - x,
        sympy.log(sympy.exp(x)) - x,
        (x**a) ** b - x ** (a * b),
        sympy.sqrt(x) * sympy.sqrt(y) - sympy.sqrt(x * y),
        sympy.log(x * y) - sympy.log(x) - sympy.log(y),
        sympy.log(x**2) - 2 * sympy.log(x),
        sympy.asin(sympy.sin(x)) - x,
    ],
)
def test_identities_that_fail_on_some_branch_are_never_proved(false_identity):
    assert exact_zero(false_identity) is None


def test_a_derivative_rule_that_is_wrong_on_a_cut_is_not_used():
    # SymEngine says d/dx acosh(x) = 1/sqrt(x**2 - 1), which is -1 times the truth for x < -1.
    assert derivative_minus(sympy.acosh(x), 1 / sympy.sqrt(x**2 - 1), x) is None


def test_a_wrong_answer_is_not_proved():
    assert prove_antiderivative(x * sympy.exp(x), x * sympy.exp(x), x) is None
