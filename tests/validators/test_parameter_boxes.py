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


def test_a_window_on_a_log_grid_of_two_parameters_is_found():
    # round 62: cos(4*pi*log10|a|) aliases on every grid in decades; the window is at |a| = 10**40.25,
    # |b| = 10**-30, under sech factors whose bounds were loose and boxes touching 0 that had none
    u, v = sympy.log(a**2) / sympy.log(100), sympy.log(b**2) / sympy.log(100)
    argument = -HALF - sympy.cos(4 * sympy.pi * u) * sympy.cos(4 * sympy.pi * v) * sympy.sech(
        u - 40
    ) * sympy.sech(v + 30)
    point, proved_none = box_search(argument, [a, b], FIXED, direction=1)
    assert point is not None and real_value(argument, point) > 0
    assert abs(mpmath.log10(abs(point[a])) - 40) < 1.5 and abs(mpmath.log10(abs(point[b])) + 30) < 1.5


def test_a_window_below_the_near_zero_boxes_is_not_proved_absent():
    # q > 0 only for |a| < 1e-350: the boxes round 0 have no bounds for log|a|, so nothing is proved
    argument = -sympy.log(a**2) / 2 - 350 * sympy.log(10)
    point, proved_none = box_search(argument, [a, b], FIXED, direction=1)
    assert not proved_none
