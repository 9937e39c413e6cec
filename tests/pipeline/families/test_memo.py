"""The memoised printer and derivative give exactly what SymPy gives, and keep unequal numbers apart."""

from __future__ import annotations

import sympy

from pipeline.families.shared.memo import derivative, printed

x = sympy.Symbol("x")


def test_printed_is_sstr_and_str():
    expr = x**2 * sympy.exp(2 * x) - sympy.sin(x) / 3
    assert printed(expr) == sympy.sstr(expr) == str(expr)
    assert printed(expr) is printed(x**2 * sympy.exp(2 * x) - sympy.sin(x) / 3)  # the cached text


def test_equal_hashing_numbers_of_other_types_are_not_confused():
    assert printed(sympy.Integer(2)) == "2"
    assert printed(sympy.Float(2.0)) == sympy.sstr(sympy.Float(2.0)) != "2"


def test_derivative_is_sympy_diff():
    expr = x * sympy.log(3 * x + 1) ** 2
    assert derivative(expr, x) == sympy.diff(expr, x)
    assert derivative(expr, sympy.Symbol("t")) == 0


def test_sub_expression_texts_are_reused_verbatim():
    """Parts printed first, then wholes holding them (signs, powers, quotients): still sstr's text."""
    a = sympy.Symbol("a")
    parts = [x - 1, -x + 1, sympy.sqrt(x), 1 / x, x ** sympy.Rational(3, 2), sympy.exp(-2 * x), a * x]
    for part in parts:
        printed(part)
    wholes = [
        -(x - 1) * sympy.sin(x) / sympy.sqrt(x),
        (1 - x) ** 2 / (a * x) - sympy.exp(-2 * x) * x ** sympy.Rational(3, 2),
        sympy.sqrt(1 / x) * (sympy.sin(x) + sympy.asin(x) - 3),
        sympy.Integral((x - 1) * sympy.exp(-2 * x), x),
        2 * (-x + 1) * sympy.exp(-2 * x) - sympy.Rational(1, 3) * x**-2,
    ]
    for whole in wholes:
        assert printed(whole) == sympy.sstr(whole)


def test_floats_print_as_sstr_prints_them():
    for expr in (sympy.Float(2.0) * x, x + sympy.Float("0.1", 30), sympy.exp(sympy.Float(1.5) * x)):
        assert printed(expr) == sympy.sstr(expr)
