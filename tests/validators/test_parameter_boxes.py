"""Interval bounds on boxes find windows the values do not lead to, and prove most one-signed arguments."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.numeric import real_value
from validators.parameter_boxes import box_search

a, b = sympy.symbols("a b")
HALF = sympy.S.Half
FIXED = {a: mpmath.mpf("1.5"), b: mpmath.mpf("-0.7")}


@pytest.mark.parametrize(
    "argument",
    [
        sympy.exp(-((a - 20) ** 2) - (b + 20) ** 2) - HALF,  # a bump below the precision at the start
        sympy.Rational(1, 25)
        - ((a - 800) ** 2 + (b - 800) ** 2) * (a**2 + b**2 + 1) / 1280000,  # false maximum
        sympy.Rational(1, 25) - 10**6 * (a - b) ** 2 - (a + b - 160) ** 2 / 10**4,  # a ridge
    ],
    ids=["gaussian disc", "quartic trap", "ridge"],
)
def test_a_window_of_the_other_sign_is_found(argument):
    point, proved_none = box_search(argument, [a, b], FIXED, direction=1)
    assert point is not None and real_value(argument, point) > 0 and not proved_none


@pytest.mark.parametrize("argument", [a**2 + b**2, sympy.Abs(a) + b**4], ids=["sum of squares", "abs"])
def test_an_argument_that_is_never_negative_is_proved_so(argument):
    point, proved_none = box_search(argument, [a, b], FIXED, direction=-1)
    assert point is None and proved_none


def test_loose_bounds_are_only_evidence():
    # (a - b)**2 + 1 is never negative, but a**2 - 2ab + b**2 + 1 is bounded round 0 on every wide box
    point, proved_none = box_search(a**2 - 2 * a * b + b**2 + 1, [a, b], FIXED, direction=-1)
    assert point is None and not proved_none
