"""Zeros of an x argument beyond the features' grid (|x| > 1e15) and inside its first step (|x| < 1/20)."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.far_roots import far_roots
from validators.features import feature_points, find_features

x = sympy.Symbol("x", real=True)
a = sympy.Symbol("a", real=True)
XS = frozenset({x})


@pytest.mark.parametrize(
    ("argument", "root"),
    [
        (sympy.log(x**2 + 1) - 160, mpmath.exp(80)),  # a half-line |x| > e**80 (round 62)
        (sympy.log(1 / x**2 + 1) - 460, mpmath.exp(-230)),  # a window |x| < e**-230 (round 62)
        (sympy.asinh(x) - 300, mpmath.sinh(300)),
        # functions the interval bounds did not cover hid their roots from the search (round 64)
        (sympy.pi / 4 - sympy.acot(sympy.log(x**2 + 1) / 160), mpmath.exp(80)),
        (sympy.LambertW(sympy.log(x**2 + 1)) - 4, mpmath.sqrt(mpmath.exp(4 * mpmath.exp(4)) - 1)),
        (sympy.loggamma(sympy.log(x**2 + 1) + 1) - 300, None),
    ],
    ids=["beyond e**80", "below e**-230", "asinh", "acot", "LambertW", "loggamma"],
)
def test_a_root_beyond_the_grid_is_found(argument, root):
    found = far_roots(argument, XS, {})
    if root is None:  # no closed form: the argument changes sign at the root found
        t = sympy.Symbol("t")
        value = sympy.lambdify(t, argument.subs(x, t), "mpmath")
        assert found and all(
            value(r * (1 - mpmath.mpf(10) ** -5)) * value(r * (1 + mpmath.mpf(10) ** -5)) < 0 for r in found
        )
        return
    assert any(abs(abs(r) / root - 1) < 1e-6 for r in found)


def test_a_root_under_a_tiny_constant_needs_its_digits():
    # atan(1/x) - pi/2 + 1e-200 changes sign at x ~ 1e-200, 70 digits below the scan's own precision
    argument = sympy.atan(1 / x) - sympy.pi / 2 + sympy.Integer(10) ** -200
    found = far_roots(argument, XS, {}, extra_digits=220)
    assert any(abs(r * 10**200 - 1) < 1e-6 for r in found)


def test_the_parameters_are_held_at_their_values():
    found = far_roots(sympy.log(x**2 + 1) - a, XS, {a: mpmath.mpf(200)})
    assert any(abs(abs(r) / mpmath.exp(100) - 1) < 1e-6 for r in found)


def test_an_ordinary_or_periodic_argument_adds_nothing_far():
    assert far_roots(x - 3, XS, {}) == []
    assert len(far_roots(sympy.sin(x), XS, {})) <= 4  # the budget ends the scan, roots or not


def test_points_lie_inside_a_window_round_zero_narrower_than_any_measured_width():
    # x*(log(1/x**2 + 1) - 460)**(3/2): the window |x| < 1.3e-100 must hold a sampled point
    argument = sympy.log(1 / x**2 + 1) - 460
    features = find_features([x * argument ** sympy.Rational(3, 2)], XS, {})
    real, _ = feature_points(features, real_only=True)
    inside = [p for p in real if p != 0 and abs(p) < mpmath.exp(-230)]
    assert inside and any(p > 0 for p in inside) and any(p < 0 for p in inside)
