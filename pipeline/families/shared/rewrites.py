"""Cheap, exact rewrites that make a generated expression readable (never a different function)."""

from __future__ import annotations

import sympy

from pipeline.families.shared.memo import printed

__all__ = ["shortest_form"]

SHORTEST_FORM_MAX_NODES = 400


def shortest_form(expr: sympy.Expr, merge_powers: bool = True) -> sympy.Expr:
    """The shortest printed of a few cheap, exact rewrites (multiplied out, common factors, merged powers).

    Raw derivatives are long (x*(cos(x) + 1) - x - sin(x)); these rewrites never change the function and
    cost a few milliseconds at the sizes the levels allow. ``merge_powers=False`` leaves out ``powsimp``:
    it is about half the cost (assumption queries on every base) and was the shortest for ~5% of the
    ibp generator's integrands, so the ibp generator's newer ``problems_version`` does without it.
    """
    if sum(1 for _ in sympy.preorder_traversal(expr)) > SHORTEST_FORM_MAX_NODES:
        return expr
    candidates = [expr]
    rewrites = (sympy.expand_mul, sympy.factor_terms, sympy.powsimp)
    for rewrite in rewrites if merge_powers else rewrites[:2]:
        try:
            candidates.append(rewrite(expr))
        except Exception:  # SymPy raises many types; a rewrite that fails is simply not a candidate
            continue
    spellings = [(len(text), text, i) for i, text in enumerate(printed(e) for e in candidates)]
    return candidates[min(spellings)[2]]
