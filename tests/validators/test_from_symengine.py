"""validators.from_symengine: the same SymPy tree as ``sympy.sympify``, first time and remembered."""

import pytest
import symengine
import sympy

from validators.from_symengine import to_sympy

x = sympy.Symbol("x")
a = sympy.Symbol("a")
TREES = [
    x**2 + 3 * x - sympy.Rational(1, 3),
    -2 * sympy.sqrt(x) * sympy.cos(sympy.sqrt(x)) - 2 * sympy.sin(sympy.sqrt(x)),
    sympy.exp(-x / 2) * sympy.cos(x / 2),
    sympy.atan(x) / (1 + x**2) + sympy.log(x**2 + 1),
    sympy.pi * sympy.E ** (a * x) + sympy.I * x,
    sympy.asinh(x) - sympy.atanh(1 / x) + sympy.erf(x) * sympy.LambertW(x),
    sympy.Float("0.5") * x + sympy.Abs(x),  # not remembered: converted by sympify itself
    sympy.Symbol("x", real=True) ** sympy.Rational(3, 2) + 1,
]


@pytest.mark.parametrize("tree", TREES, ids=str)
def test_same_tree_as_sympify(tree):
    converted = symengine.sympify(tree)
    for node in (converted, symengine.diff(converted, symengine.Symbol("x")), symengine.expand(converted)):
        expected = sympy.sympify(node)
        for _ in range(2):  # built, then remembered
            got = to_sympy(node)
            assert got == expected
            assert sympy.srepr(got) == sympy.srepr(expected)


def test_unevaluated_context_is_not_remembered():
    node = symengine.sympify(x + x)
    with sympy.evaluate(False):
        assert sympy.srepr(to_sympy(node)) == sympy.srepr(sympy.sympify(node))
