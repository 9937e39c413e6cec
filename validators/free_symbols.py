"""The free symbols of a tree, remembered per subtree.

SymPy computes ``expr.free_symbols`` afresh on every call, walking the whole subtree; the sampling
planner asks it of every node of every tree (which subtrees are constants, which products have a
constant factor), so a check paid for the same walks many times over (~25% of a typical check's CPU).
This gives SymPy's exact answer: nodes whose class defines its own ``free_symbols`` (bound variables:
Integral, Lambda, Subs, Derivative ...) and leaves are asked directly; every other node's free symbols
are the union of its arguments', as ``Basic.free_symbols`` defines them.
"""

from __future__ import annotations

import functools

import sympy

_INHERITED = sympy.Basic.free_symbols


@functools.lru_cache(maxsize=32768)
def free_symbols(expr: sympy.Basic) -> frozenset[sympy.Basic]:
    """``frozenset(expr.free_symbols)``, computed once per distinct subtree."""
    if not expr.args or type(expr).free_symbols is not _INHERITED:
        return frozenset(expr.free_symbols)
    return frozenset().union(*map(free_symbols, expr.args))


def mentions(expr: sympy.Basic, names: set[str] | frozenset[str]) -> bool:
    """Whether a free symbol of ``expr`` is named in ``names``."""
    return any(s.name in names for s in free_symbols(expr))
