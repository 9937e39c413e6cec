"""Newton ascents find the inside of a window of several parameters that no axis reaches."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.numeric import real_value
from validators.parameter_extrema import critical_points

a, b, c = sympy.symbols("a b c")
RIDGE = sympy.Rational(1, 25) - 10**6 * (a - b) ** 2 - (a + b - 160) ** 2 / 10**4
RIDGE3 = sympy.Rational(1, 25) - 10**6 * ((a - b) ** 2 + (b - c) ** 2) - (a + b + c - 240) ** 2 / 10**4
CURVED = RIDGE - 10**6 * (sympy.exp(a / 20) - sympy.exp(b / 30)) ** 2 + 10**6 * (a - b) ** 2


def _start(*values):
    return dict(zip((a, b, c), (mpmath.mpf(v) for v in values), strict=False))


@pytest.mark.parametrize(
    ("argument", "parameters"),
    [
        (RIDGE, [a, b]),  # a ridge along a = b, positive only near (80, 80)
        (RIDGE3, [a, b, c]),
        (sympy.Rational(1, 10**6) - (a * b - 6400) ** 2 / 10**4 - (a - b) ** 2, [a, b]),  # not quadratic
        (CURVED, [a, b]),
    ],
)
def test_the_ascent_reaches_the_other_sign(argument, parameters):
    starts = [_start(1.3, 1.7, 2.1), _start(-2.1, -1.1, -0.1)]
    points = critical_points(argument, parameters, starts, direction=1)
    assert any(real_value(argument, point) > 0 for point in points)


def test_an_argument_of_one_sign_everywhere_gives_no_point_of_the_other():
    argument = -1 - (a - b) ** 2 - a**2
    points = critical_points(argument, [a, b], [_start(1.3, 1.7)], direction=1)
    assert all(real_value(argument, point) < 0 for point in points)
    # the ascent ends at the maximum, (0, 0)
    assert all(abs(point[a]) < 1e-10 and abs(point[b]) < 1e-10 for point in points)


def test_a_zero_hessian_falls_back_to_gradient_steps():
    # a + b is linear: its Hessian is the zero matrix, on which mpmath's LU decomposition has no pivot
    # (round 61: ln|a + b e^x| crashed the check)
    points = critical_points(-(a + b) - 10, [a, b], [_start(1.3, 1.7)], direction=1)
    assert all(real_value(-(a + b) - 10, point) > 0 for point in points) and points
