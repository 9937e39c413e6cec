"""The integral a flawed path must do honestly, attempted only where SymPy is fast and sure.

With a wrong integrating factor the integral of mu*q is no longer one the sampler designed, and SymPy's
``integrate`` can run for minutes on it (measured: 6 of 60 such integrals took over 5 s, 27 more came back
unevaluated). So only standard shapes are integrated — rational functions, and sums of polynomial times
exp/sin/cos of a linear argument — and anything else is left as ``Integral(h, x)``: the student is stuck,
which is what a wrong sign in the integrating factor usually does to a problem.
"""

from __future__ import annotations

import contextlib

import sympy
from sympy.integrals.manualintegrate import manualintegrate

__all__ = ["honest_integral"]

MAX_NODES = 40
MAX_DEGREE = 3
ELEMENTARY = (sympy.exp, sympy.sin, sympy.cos)


def _linear(arg: sympy.Expr, x: sympy.Symbol) -> bool:
    return arg.is_polynomial(x) and sympy.degree(arg, x) <= 1


def _standard_term(term: sympy.Expr, x: sympy.Symbol) -> bool:
    """A polynomial (degree <= 3) times at most one exp/sin/cos of a linear argument."""
    functions = [f for f in sympy.Mul.make_args(term) if f.has(x) and not f.is_polynomial(x)]
    if len(functions) > 1:
        return False
    rest = sympy.Mul(*(f for f in sympy.Mul.make_args(term) if f not in functions))
    if not rest.is_polynomial(x) or sympy.degree(rest, x) > MAX_DEGREE:
        return False
    return all(isinstance(f, ELEMENTARY) and _linear(f.args[0], x) for f in functions)


def honest_integral(integrand: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """An antiderivative of ``integrand`` when it has a standard shape, else ``Integral(integrand, x)``."""
    unevaluated = sympy.Integral(integrand, x)
    if sum(1 for _ in sympy.preorder_traversal(integrand)) > MAX_NODES:
        return unevaluated
    with contextlib.suppress(Exception):  # SymPy raises many types; a failed attempt is "stuck"
        if integrand.is_rational_function(x):
            result = sympy.integrate(integrand, x)
        elif all(_standard_term(t, x) for t in sympy.Add.make_args(sympy.expand(integrand))):
            result = manualintegrate(integrand, x)
        else:
            return unevaluated
        if not result.has(sympy.Integral):
            return result
    return unevaluated
