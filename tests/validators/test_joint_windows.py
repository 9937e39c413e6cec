"""A window that x and a parameter make together is sampled inside."""

from __future__ import annotations

import mpmath
import sympy

from validators.final import check_final_antiderivative
from validators.joint_windows import joint_points

x, a = sympy.symbols("x a")
DISC = (x - sympy.Rational(1, 2)) ** 2 + (a - 80) ** 2 - sympy.Rational(1, 100)


def test_a_disc_in_x_and_a_is_reached():
    tree = x * sympy.acot(DISC) + x * sympy.atan(DISC) - sympy.pi * x / 2
    points = joint_points([tree], [x], [a], {a: mpmath.mpf("1.5")})
    assert any(DISC.subs({x: p[x], a: p[a]}) < 0 for p in points)


def test_no_parameter_no_joint_points():
    assert joint_points([sympy.Abs(x - 1)], [x], [], {}) == []


def test_the_disc_answer_is_refused():
    # round 60: -pi*x inside the disc round (x, a) = (1/2, 80), 0 elsewhere
    q = "((x - 1/2)**2 + (a - 80)**2 - 1/100)"
    wrong = f"asin(x) + x*acot{q} + x*atan{q} - pi*x/2"
    assert not check_final_antiderivative(wrong, "1/sqrt(1 - x**2)", "x").ok
