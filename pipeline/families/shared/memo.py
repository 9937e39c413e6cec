"""Memoised SymPy printing and differentiation, shared by every generator and teacher in one process.

Why: ``sympy.sstr`` (term ordering) and ``sympy.diff`` (assumption queries on every new node) were the
generator's two largest costs, and the same expressions are printed and differentiated many times per
problem: a draft's integrand is printed by ``shortest_form``, again by the integrand rules, again by the
read-back rule and again for the problem's details; the teacher differentiates and prints the same
sub-expressions the generator did (a worker samples and teaches). SymPy expressions are immutable and
compare structurally, so a cached result is exactly the one SymPy would compute again (``Integer(2)`` and
``Float(2.0)`` are different keys: they compare unequal).
"""

from __future__ import annotations

import functools

import sympy

from pipeline.families.shared.exact_diff import exact_diff

__all__ = ["derivative", "printed"]

CACHE_SIZE = 8192
"""Entries per cache: a problem and its answers hold a few hundred distinct sub-expressions."""


@functools.lru_cache(maxsize=CACHE_SIZE)
def printed(expr: sympy.Basic) -> str:
    """``sympy.sstr(expr)`` (the same text as ``str(expr)``), memoised."""
    return sympy.sstr(expr)


@functools.lru_cache(maxsize=CACHE_SIZE)
def derivative(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """``sympy.diff(expr, x)``, memoised (the same object for the same expression) and computed by
    ``exact_diff`` (the same expression, without ``Derivative``'s per-node overhead)."""
    return exact_diff(expr, x)
