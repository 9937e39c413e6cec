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
    roots, _inside = roots_along(argument, a, ORDINARY)
    assert [round(float(r), 9) for r in roots] == list(range(1, 17))


def test_a_window_between_grid_values_is_found_by_the_extremum_search():
    # positive only for 18.2 < |a| < 22.2, between the log grid's values 10 and 31.6
    argument = sympy.Rational(1, 25) - (sympy.log(a**2 + 1) - 6) ** 2
    roots, inside = roots_along(argument, a, ORDINARY)
    assert any(18 < abs(v) < 23 for v in inside)
    assert sorted(round(abs(float(r)), 4) for r in roots) == [18.1466, 18.1466, 22.1754, 22.1754]
