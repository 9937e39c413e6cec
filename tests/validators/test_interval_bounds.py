"""Interval bounds enclose every value over the box, or say they cannot."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.interval_bounds import bounds, interval_precision

a, b = sympy.symbols("a b")
iv = mpmath.iv


@pytest.mark.parametrize(
    "expr",
    [
        a**2 - 3 * a * b + sympy.Rational(1, 3),
        sympy.exp(a) * sympy.sin(b) - sympy.log(a**2 + 1),
        sympy.sqrt(a) + a ** sympy.Rational(3, 2) - sympy.atan(a - b),
        sympy.Abs(a - 2 * b) / (b**2 + 1) + sympy.cosh(a) - sympy.sinh(b) * sympy.pi,
        sympy.Float("0.1") * a**-2,
    ],
)
def test_the_bounds_hold_every_sampled_value(expr):
    box = {a: iv.mpf(["0.5", "2"]), b: iv.mpf(["-1", "3"])}
    with interval_precision(30):
        enclosure = bounds(expr, box)
    assert enclosure is not None
    for i in range(7):
        for j in range(7):
            point = {a: mpmath.mpf("0.5") + mpmath.mpf(i) / 4, b: -1 + mpmath.mpf(2 * j) / 3}
            value = sympy.N(expr.subs(point), 30)
            assert enclosure.a <= value <= enclosure.b


@pytest.mark.parametrize(
    "expr",
    [
        sympy.log(a - 1),  # a log of an interval reaching below 0
        sympy.sqrt(a - 1),  # a root of one
        1 / (a - 1),  # a possible pole
        sympy.besselj(0, a),  # a function the bounds do not cover
        sympy.asin(a),
    ],
)
def test_what_cannot_be_bounded_gives_none(expr):
    with interval_precision(30):
        assert bounds(expr, {a: iv.mpf(["0.5", "2"])}) is None


def test_the_precision_is_restored():
    before = iv.prec
    with interval_precision(120):
        assert iv.dps >= 120
    assert iv.prec == before


@pytest.mark.parametrize(
    ("expr", "low", "high"),
    [
        (sympy.sign(a), 1, 1),
        (sympy.floor(a), 0, 2),
        (sympy.gamma(a), 0.885, 1.773),
        (sympy.erf(a), 0.52, 0.996),
    ],
)
def test_monotone_and_step_functions_are_bounded_by_their_ends(expr, low, high):
    with interval_precision(30):
        enclosure = bounds(expr, {a: iv.mpf(["0.5", "2"])})
    assert enclosure.a <= low + 1e-3 and enclosure.b >= high - 1e-3
    assert enclosure.a >= low - 0.01 and enclosure.b <= high + 0.01


@pytest.mark.parametrize(
    ("expr", "low", "high"),
    [
        (sympy.sech(a), 0, 1),  # e**-600 as cosh's lower bound made sech's upper e**600 (round 62)
        (sympy.cosh(a), 1, mpmath.cosh(600)),
        (sympy.sinh(a), -mpmath.sinh(600), mpmath.sinh(600)),
    ],
    ids=["sech", "cosh", "sinh"],
)
def test_hyperbolic_functions_are_bounded_tightly_on_a_wide_interval(expr, low, high):
    with interval_precision(40):
        enclosure = bounds(expr, {a: iv.mpf([-600, 600])})
    assert enclosure.a <= low and enclosure.b >= high
    assert enclosure.a >= low - abs(low) * 1e-30 - 1e-30 and enclosure.b <= high + abs(high) * 1e-30 + 1e-30


def test_sech_far_out_is_bounded_near_zero():
    with interval_precision(40):
        enclosure = bounds(sympy.sech(a), {a: iv.mpf([10**60, 10**61])})
    assert enclosure.a >= 0 and enclosure.b < 1e-40
