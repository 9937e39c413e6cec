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
