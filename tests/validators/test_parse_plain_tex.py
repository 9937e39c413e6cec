"""Plain-TeX spellings read as rendered: ``\\over`` divides its group, ``\\log_e`` is ln, ``\\mathcal{C}``
is C; an ``\\over`` TeX itself calls ambiguous stays refused."""

from __future__ import annotations

import pytest
import sympy

from validators.parse import ParseError, parse_math

x = sympy.Symbol("x")
C = sympy.Symbol("C")

READ = [
    # (text, meaning)
    (r"{x^3 \over 3}", x**3 / 3),
    (r"{x^3 \over 3} + C", x**3 / 3 + C),
    (r"x^3 \over 3", x**3 / 3),  # the whole formula is the group
    (r"{x + 1 \over 2} \sin x", (x + 1) / 2 * sympy.sin(x)),  # the group's whole numerator, as rendered
    (r"-{1 \over 3}\cos(3x) + {x \over 3}", -sympy.cos(3 * x) / 3 + x / 3),
    (r"{e^{2x} \over 4}(2x-1)", sympy.exp(2 * x) * (2 * x - 1) / 4),
    (r"{\frac{x}{2} \over 3}", x / 6),
    (r"\log_e x", sympy.log(x)),
    (r"x\log_{e}(x) - x", x * sympy.log(x) - x),
    (r"x\ln(x) - x + \mathcal{C}", x * sympy.log(x) - x + C),
]


@pytest.mark.parametrize(("text", "meaning"), READ)
def test_plain_tex_is_read_as_rendered(text: str, meaning: sympy.Expr) -> None:
    assert sympy.simplify(parse_math(text, "x") - meaning) == 0


@pytest.mark.parametrize(
    "text",
    [
        r"{x \over 2 \over 3}",  # TeX: "Ambiguous; you need another { and }"
        r"{\int x^2 dx = x^3 \over 3}",  # an equation as a numerator
    ],
)
def test_ambiguous_over_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_math(text, "x")


def test_overline_is_not_over() -> None:
    with pytest.raises(ParseError):
        parse_math(r"\overline{x}", "x")  # a bar, not a division: still refused
