"""Polynomial arguments: coefficients read off the tree (parameters fixed), and their exact roots."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.polynomial_arguments import (
    falling_coefficients,
    polynomial_coefficients,
    polynomial_roots,
    polynomial_value,
)

x, a = sympy.symbols("x a")
XS = frozenset({x})


@pytest.mark.parametrize(
    ("expr", "env", "coefficients"),
    [
        (x**2 - 3 * x + 2, {}, [2, -3, 1]),
        ((x - a) ** 2, {a: mpmath.mpf(5)}, [25, -10, 1]),  # a parameter takes its value
        (2 * x * (x + 1), {}, [0, 2, 2]),
        (sympy.exp(x), {}, None),  # not a polynomial
        (x**13, {}, None),  # past MAX_DEGREE: scanned instead
        (1 / (x + 1), {}, None),
    ],
)
def test_coefficients_lowest_degree_first(expr, env, coefficients):
    found = polynomial_coefficients(expr, XS, env)
    assert (found is None) == (coefficients is None)
    if coefficients is not None:
        assert [complex(c) for c in found] == [complex(c) for c in coefficients]


def test_roots_include_a_root_at_zero_and_a_multiple_root():
    roots = polynomial_roots([mpmath.mpf(c) for c in (0, 0, 4, -4, 1)])  # x**2 * (x - 2)**2
    assert sorted(round(float(mpmath.re(r)), 9) for r in roots) == [0, 0, 2, 2]


def test_a_value_is_computed_from_the_coefficients():
    assert polynomial_value([mpmath.mpf(c) for c in (1, 0, 1)], mpmath.mpf(3)) == 10


@pytest.mark.parametrize(
    ("expr", "falls"),
    [(-(x**2) + 1, True), (x**2 + 1, False), (-(x**3), False), (-((x - 50) ** 4), True), (-x, False)],
)
def test_falling_both_ways_is_even_degree_with_a_negative_lead(expr, falls):
    assert (falling_coefficients(expr, XS, {}) is not None) is falls
