"""Features: the places a near-miss hides are read off the expression, with a width to sample at."""

from __future__ import annotations

import mpmath
import sympy

from validators.features import feature_points, find_features

x = sympy.Symbol("x")
XS = frozenset({x})


def places(expr: sympy.Expr) -> list[complex]:
    return [complex(f.where) for f in find_features([expr], XS, {})]


def test_the_peak_of_an_exp_argument_is_found_with_its_width():
    (feature,) = [f for f in find_features([sympy.exp(-1000 * (x - 50) ** 2)], XS, {}) if f.kind == "peak"]
    assert abs(feature.where - 50) < 1e-20
    assert 0.8 < feature.width * mpmath.sqrt(1000) < 1.25  # exp(-1000*w**2) = 1/e: where the bump ends


def test_switches_of_piecewise_abs_and_heaviside_are_found():
    expr = sympy.Piecewise((0, x < 40), (x, True)) + sympy.Abs(x - 1000) + sympy.Heaviside(x + 3)
    found = places(expr)
    for switch in (40, 1000, -3):
        assert any(abs(p - switch) < 1e-9 for p in found), (switch, found)


def test_a_narrow_lorentzian_shows_its_centre_through_its_complex_poles():
    found = places(1 / (1 + 10**6 * (x - 40) ** 2))
    assert any(abs(p.real - 40) < 1e-9 and p.imag != 0 for p in found)
    real, complex_points = feature_points(
        find_features([1 / (1 + 10**6 * (x - 40) ** 2)], XS, {}), real_only=False
    )
    assert any(abs(p - 40) < 1e-9 for p in real)
    assert complex_points


def test_peaks_of_a_non_polynomial_argument_are_found_by_scanning():
    found = places(sympy.exp(-1000 * sympy.sin(x - 50) ** 2))
    assert any(abs(p - 50) < 1e-6 for p in found) or any(abs((p - 50) / mpmath.pi % 1) < 1e-6 for p in found)


def test_points_lie_on_both_sides_of_every_feature():
    real, _ = feature_points(find_features([sympy.Heaviside(x - 7)], XS, {}), real_only=True)
    assert min(real) < 7 < max(real)
