"""Abs and sign split into their values, choice by choice: the exact route proves piecewise identities."""

from __future__ import annotations

import pytest
import sympy

from validators.sign_split import sign_patterns, split_signs
from validators.symbolic import exact_zero_split, prove_antiderivative_split

x = sympy.Symbol("x", real=True)
plain = sympy.Symbol("x")

PROVED = {
    "log|x|": (sympy.log(sympy.Abs(x)), 1 / x),
    "x|x|/2": (x * sympy.Abs(x) / 2, sympy.Abs(x)),
    "x**2 sign(x)/2": (x**2 * sympy.sign(x) / 2, sympy.Abs(x)),
    "log|x - 1|": (sympy.log(sympy.Abs(x - 1)), 1 / (x - 1)),
    "|x| sign(x) is x (sign**2 = 1 for the values)": (sympy.Abs(x) * sympy.sign(x), sympy.S.One),
    "a narrow bump in both sides": (
        sympy.log(sympy.Abs(x)) + sympy.exp(-(10**130) * (x - 1) ** 2),
        1 / x - 2 * 10**130 * (x - 1) * sympy.exp(-(10**130) * (x - 1) ** 2),
    ),
}


@pytest.mark.parametrize("big_f,g", PROVED.values(), ids=PROVED.keys())
def test_piecewise_antiderivatives_are_proved(big_f, g):
    assert "split" in prove_antiderivative_split(big_f, g, x)


NOT_PROVED = {
    "wrong sign": (sympy.log(sympy.Abs(x)), -1 / x),
    # log(x + |x|) has no value for x <= 0: with a free sign s its derivative "cancels" to 1/x
    "no value on x < 0": (sympy.log(x + sympy.Abs(x)), 1 / x),
    # sign(x + |x|) is 0 on all of x < 0, not -1 or 1: 1/0 there
    "a sign that is 0 on an interval": (sympy.atan(x) + 1 / sympy.sign(x + sympy.Abs(x)), 1 / (x**2 + 1)),
    "atanh(+-1) has no value": (sympy.asin(x) + sympy.atanh(sympy.sign(x)), 1 / sympy.sqrt(1 - x**2)),
    "|x| for 1": (sympy.Abs(x), sympy.S.One),
}


@pytest.mark.parametrize("big_f,g", NOT_PROVED.values(), ids=NOT_PROVED.keys())
def test_nothing_else_is_proved(big_f, g):
    assert prove_antiderivative_split(big_f, g, x) is None


def test_an_argument_not_known_to_be_real_is_not_split():
    # log(x) is complex for x < 0: Abs(log(x)) is not +-log(x) there
    assert split_signs([sympy.Abs(sympy.log(x))], x) is None


def test_only_for_a_real_variable():
    assert split_signs([sympy.Abs(plain)], plain) is None


def test_nested_abs_splits_innermost_first_with_shared_signs():
    (split,), variable = split_signs([sympy.Abs(sympy.Abs(x) - 1) + sympy.sign(x)], x)
    assert variable == plain and not split.has(sympy.Abs, sympy.sign)
    assert len(split.free_symbols) == 3  # x and two signs: sign(x) shares Abs(x)'s


def test_equalities_split_too():
    assert exact_zero_split(sympy.Abs(x) * x - x**2 * sympy.sign(x), x) is not None
    assert exact_zero_split(sympy.Abs(x) - x, x) is None


def test_a_sign_is_0_where_its_argument_is_under_the_signs_inside_it():
    cases, _ = sign_patterns([sympy.sign(x + sympy.Abs(x))], x)
    # Abs(x) = -x makes x + Abs(x) = 0: sign 0; Abs(x) = x leaves sign(2*x), either value
    assert sorted(case for (case,) in cases) == [-1, 0, 1]
