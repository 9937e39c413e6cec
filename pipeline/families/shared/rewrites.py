"""Cheap, exact rewrites that make a generated expression readable (never a different function)."""

from __future__ import annotations

import sympy

from pipeline.families.shared.memo import printed

__all__ = ["shortest_form"]

SHORTEST_FORM_MAX_NODES = 400


def shortest_form(expr: sympy.Expr) -> sympy.Expr:
    """The shortest printed of a few cheap, exact rewrites (multiplied out, common factors, merged powers).

    Raw derivatives are long (x*(cos(x) + 1) - x - sin(x)); these rewrites never change the function and
    cost a few milliseconds at the sizes the levels allow.
    """
    if sum(1 for _ in sympy.preorder_traversal(expr)) > SHORTEST_FORM_MAX_NODES:
        return expr
    candidates = [expr]
    for rewrite in (sympy.expand_mul, sympy.factor_terms, sympy.powsimp):
        try:
            candidates.append(rewrite(expr))
        except Exception:  # SymPy raises many types; a rewrite that fails is simply not a candidate
            continue
    spellings = [(len(text), text, i) for i, text in enumerate(printed(e) for e in candidates)]
    return candidates[min(spellings)[2]]
