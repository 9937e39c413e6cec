"""The remembered free symbols are SymPy's own, bound variables included."""

from __future__ import annotations

import pytest
import sympy

from validators.free_symbols import free_symbols, mentions

x, y, t, a = sympy.symbols("x y t a")
f = sympy.Function("f")

TREES = [
    sympy.sin(x) * y + 3,
    sympy.Integral(x * y, (x, 0, t)),  # x is bound: not free
    sympy.Integral(x * y, x),  # indefinite: x stays free
    sympy.Subs(x * y, x, t) + 1,
    sympy.Lambda(x, x * y),
    sympy.Derivative(f(x), x) * a,
    sympy.Piecewise((x, y > 0), (1, True)),
    sympy.Integer(4),
    sympy.exp(-1000) * x + sympy.Integral(sympy.exp(-(t**2)), (t, 0, 1)),
]


@pytest.mark.parametrize("tree", TREES)
def test_free_symbols_are_sympys(tree):
    assert free_symbols(tree) == frozenset(tree.free_symbols)


def test_mentions_looks_at_names():
    assert mentions(sympy.Integral(x * y, (x, 0, 1)), {"y"})
    assert not mentions(sympy.Integral(x * y, (x, 0, 1)), {"x"})
