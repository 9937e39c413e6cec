"""Abs and sign split into independent signs: the exact route proves piecewise identities, no more."""

from __future__ import annotations

import pytest
import sympy

from validators.sign_split import split_signs
from validators.symbolic import exact_zero_split, prove_antiderivative_split

x = sympy.Symbol("x", real=True)
plain = sympy.Symbol("x")

PROVED = {
    "log|x|": (sympy.log(sympy.Abs(x)), 1 / x),
    "x|x|/2": (x * sympy.Abs(x) / 2, sympy.Abs(x)),
    "x**2 sign(x)/2": (x**2 * sympy.sign(x) / 2, sympy.Abs(x)),
    "log|x - 1|": (sympy.log(sympy.Abs(x - 1)), 1 / (x - 1)),
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
    "needs sign**2 = 1 (left to the numeric path, not assumed)": (sympy.Abs(x) * sympy.sign(x), sympy.S.One),
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
