"""Integrals written differential first (``∫dx (h)``, ``∫ dx/(1+x^2)``): read as ∫ h dx where the extent of
the integrand is plain, refused where it is not — never read left to right as (∫ 1 dx)·h."""

from __future__ import annotations

import pytest
import sympy

from validators.parse import ParseError, parse_math
from validators.parse_refusals import ParseRefusal

x, t = sympy.symbols("x t")
Integral, exp, sin, sqrt = sympy.Integral, sympy.exp, sympy.sin, sympy.sqrt

READ = [
    # (text, meaning)
    ("x e^(8x)/8 - ∫dx (e^(8x)/8)", x * exp(8 * x) / 8 - Integral(exp(8 * x) / 8, x)),
    ("x e^{8x}/8 - ∫dx (e^{8x}/8)", x * exp(8 * x) / 8 - Integral(exp(8 * x) / 8, x)),
    ("∫ dx/x", Integral(1 / x, x)),
    ("∫ dx/(1+x^2) + C", Integral(1 / (1 + x**2), x) + sympy.Symbol("C")),
    ("x asin(5x) - ∫dx (5x/√(1 - 25x^2))", x * sympy.asin(5 * x) - Integral(5 * x / sqrt(1 - 25 * x**2), x)),
    (r"\int \mathrm{d}x \left(x^2\right)", Integral(x**2, x)),
    (r"x - \int dx\, \left(\sin x\right)", x - Integral(sin(x), x)),
    ("∫ d x (sin x)", Integral(sin(x), x)),
    ("∫dt (t e^t)", Integral(t * exp(t), t)),
    ("∫dx (∫dx (x))", Integral(Integral(x, x), x)),
    ("int dx (x^2)", Integral(x**2, x)),  # AsciiMath's int
    ("∫dx", Integral(1, x)),  # nothing after the differential: ∫ 1 dx, as before
    ("∫ (x+1) dx", Integral(x + 1, x)),  # the usual order is untouched
    # a calculator's ∫(h, x) (TI-89, Derive)
    (
        "-x^3*e^(-2*x)/2+∫(3*x^2*e^(-2*x)/2,x)",
        -(x**3) * exp(-2 * x) / 2 + Integral(3 * x**2 * exp(-2 * x) / 2, x),
    ),
    ("∫(t*e^(t/2),t)", Integral(t * exp(t / 2), t)),
]


@pytest.mark.parametrize(("text", "meaning"), READ)
def test_a_differential_first_integral_means_the_integral_of_what_follows(text, meaning):
    assert sympy.simplify(parse_math(text, "x") - meaning) == 0


REFUSED = [
    "∫ dx x e^x",  # where does the integrand end?
    "∫dx (x) e^x",  # the bracket, or the whole product?
    "x - ∫ dx/x^2",  # 1/x times x? (1/x)^2?
    r"\int dx\, \frac{1}{x}",
    "∫dx (e^x)^2",
]


@pytest.mark.parametrize("text", REFUSED)
def test_a_differential_first_integral_of_unclear_extent_is_refused(text):
    with pytest.raises(ParseError) as refused:
        parse_math(text, "x")
    assert refused.value.reason is ParseRefusal.AMBIGUOUS
