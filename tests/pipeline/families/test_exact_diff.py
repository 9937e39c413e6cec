"""``exact_diff`` gives the very expression ``sympy.diff`` gives (same tree, not just an equal function)."""

from __future__ import annotations

import pytest
import sympy

from pipeline.families.ibp.sampler import sample_problem
from pipeline.families.shared.exact_diff import exact_diff
from validators.parse import parse_math

x, a = sympy.symbols("x a")
f = sympy.Function("f")

HAND_MADE = [
    x,
    sympy.Integer(3),
    a * x,
    x**2 * sympy.exp(2 * x) - sympy.sin(x) / 3,
    sympy.sqrt(1 - x**2) + x * sympy.acos(-x),
    x**x,
    2**x * sympy.log(3 * x + 1) ** 2,
    (x + 1) * sympy.exp(-x - 2) * sympy.exp(x + 2) / (x**2 * sympy.exp(2 * x + 4) + 1),
    sympy.sqrt(1 / x) * (sympy.sin(x) + sympy.asin(x) - 3),
    sympy.atan(sympy.tanh(x) ** 3) - sympy.cosh(a * x) / (x - sympy.atan(5 * x)),
    sympy.Abs(x) * sympy.sin(x),  # Abs differentiates by its own rule: handed to sympy.diff
    f(x) * sympy.cos(x),  # an unevaluated Derivative in the result: recomputed by sympy.diff
    sympy.Piecewise((x, x > 0), (-x, True)),
]


def same(expr: sympy.Expr, var: sympy.Symbol) -> bool:
    return sympy.srepr(exact_diff(expr, var)) == sympy.srepr(sympy.diff(expr, var))


@pytest.mark.parametrize("expr", HAND_MADE, ids=str)
def test_hand_made_trees(expr):
    assert same(expr, x)
    assert same(expr, a)


def test_every_expression_of_the_first_problems():
    for index in range(25):
        details = sample_problem(1234, index).details
        for text in (details.f, details.integrand, details.u, details.v):
            expr = parse_math(text, "x")
            assert same(expr, x), (index, text)
            assert same(sympy.diff(expr, x), x), (index, text)
