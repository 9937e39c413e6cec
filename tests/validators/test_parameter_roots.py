"""Roots of a parameter-only argument along one parameter: solved, factored, or scanned."""

from __future__ import annotations

import mpmath
import sympy

from validators.parameter_roots import roots_along

a, b = sympy.symbols("a b")
ORDINARY = {a: mpmath.mpf("1.5"), b: mpmath.mpf("-0.7")}


def test_a_product_has_every_root_of_its_factors():
    # polyroots does not converge on the expanded degree-16 product, and a grid scan steps over an even
    # number of roots between two of its values (2 and 3 between 1 and 3.16)
    argument = sympy.prod([a - k for k in range(1, 17)])
    roots, _inside, _exhausted = roots_along(argument, a, ORDINARY)
    assert [round(float(r), 9) for r in roots] == list(range(1, 17))


def test_a_window_between_grid_values_has_both_ends():
    # positive only for 18.2 < |a| < 22.2, between the log grid's values 10 and 31.6
    argument = sympy.Rational(1, 25) - (sympy.log(a**2 + 1) - 6) ** 2
    roots, _inside, exhausted = roots_along(argument, a, ORDINARY)
    assert sorted(round(abs(float(r)), 4) for r in roots) == [18.1466, 18.1466, 22.1754, 22.1754]
    assert not exhausted


def test_two_windows_between_the_same_grid_values_are_both_found():
    # round 59: peaks at log(a**2 + 1) = 6 and 6.2 (|a| = 20.1 and 22.2), one grid interval apart
    log = sympy.log(a**2 + 1)
    argument = sympy.Rational(1, 10**6) - (log - 6) ** 2 * (log - sympy.Rational(31, 5)) ** 2
    roots, _inside, _exhausted = roots_along(argument, a, ORDINARY)
    positive = sorted(float(r) for r in roots if r > 0)
    assert len(positive) == 4 and 20.0 < positive[0] < positive[-1] < 22.3


def test_a_bump_on_a_monotone_background_is_found():
    # q rises above 0 only near a = e**3.1 = 22.2, while its grid values fall monotonically
    argument = sympy.exp(-(10**4) * (sympy.log(a) - sympy.Rational(31, 10)) ** 2) - a / 10**3 - sympy.S.Half
    roots, _inside, _exhausted = roots_along(argument, a, ORDINARY)
    assert [round(float(r), 3) for r in roots] == [22.02, 22.378]


def test_roots_without_end_leave_the_scan_exhausted():
    _roots, _inside, exhausted = roots_along(sympy.sin(a), a, ORDINARY)
    assert exhausted


def test_a_tangency_is_bracketed_tightly_and_left_undecided():
    # q = (log(a**2) - 1)**2 touches 0 at |a| = e**(1/2) without changing sign: neither bound decides
    # the tiny interval round it, which could also hold a window narrower than the precision
    roots, _inside, undecided = roots_along((sympy.log(a**2) - 1) ** 2, a, ORDINARY)
    assert undecided
    assert all(abs(abs(r) - mpmath.sqrt(mpmath.e)) < 1e-90 for r in roots) and len(roots) == 4


def test_an_exact_double_root_is_one_root():
    roots, _inside, undecided = roots_along(sympy.expand((a - 5) ** 2 * (a + 1)), a, ORDINARY)
    assert [round(float(r), 12) for r in roots] == [-1, 5] and not undecided


def test_roots_closer_than_the_precision_leave_the_scan_undecided():
    # a window 10**200 -+ 1/5: at 120 digits its two roots cannot be told apart (round 60)
    _roots, _inside, undecided = roots_along(sympy.Rational(1, 25) - (a - 10**200) ** 2, a, ORDINARY)
    assert undecided


def test_a_window_below_1e_300_is_found():
    # log(a) = -705 -+ 1/5: a ~ 1e-306 (round 60)
    roots, _inside, _undecided = roots_along((sympy.log(a) + 705) ** 2 - sympy.Rational(1, 25), a, ORDINARY)
    assert len(roots) == 2 and all(1e-310 < r < 1e-300 for r in roots)


def test_a_root_under_a_tiny_constant_is_found_with_its_digits():
    # atan(1/a) - pi/2 + 1e-200 > 0 only for 0 < a < 1e-200: 130 digits cannot tell its sign there
    argument = sympy.atan(1 / a) - sympy.pi / 2 + sympy.Integer(10) ** -200
    with mpmath.workdps(340):
        roots, _inside, _exhausted = roots_along(argument, a, ORDINARY, extra_digits=220)
    assert any(r > 0 and abs(r * 10**200 - 1) < 1e-6 for r in roots)
