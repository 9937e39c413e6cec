"""Cheap, exact rewrites that make a generated expression readable (never a different function)."""

from __future__ import annotations

import sympy

from pipeline.families.shared.expansion import expand_mul
from pipeline.families.shared.factoring import factor_terms
from pipeline.families.shared.memo import printed

__all__ = ["powers_already_merged", "shortest_form", "termwise_powsimp"]

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
    rewrites = (expand_mul, factor_terms, termwise_powsimp)
    if not merge_powers or powers_already_merged(expr):
        rewrites = rewrites[:2]  # powsimp would give expr back: a tie that index 0 wins anyway
    for rewrite in rewrites:
        try:
            candidates.append(rewrite(expr))
        except Exception:  # SymPy raises many types; a rewrite that fails is simply not a candidate
            continue
    spellings = [(len(text), text, i) for i, text in enumerate(printed(e) for e in candidates)]
    return candidates[min(spellings)[2]]


def powers_already_merged(expr: sympy.Expr) -> bool:
    """True only when ``sympy.powsimp(expr)`` is ``expr`` again (False: not known, powsimp is run).

    Why: powsimp was half of ``shortest_form``'s cost (assumption queries on every base it rebuilds) and
    gives its input back for ~70% of the generator's integrands; when it does, its candidate ties with
    ``expr`` itself, which wins the tie, so leaving it out gives the same result.

    The shapes recognised are ones powsimp (``deep=False``, ``combine="all"``) provably leaves alone:
    atoms and functions (it does not enter a function's arguments), sums of such terms, and products whose
    factors are a rational coefficient, symbols, functions other than ``exp``, sums (themselves of such
    terms), integer powers of symbols, functions and sums whose base is not known positive (so
    ``_denest_pow`` returns the power untouched), and at most one ``exp`` of a non-constant argument that
    is not a sum (the "base" pass would factor a sum exponent: ``exp(x**2 + x)/x``). Such
    a product has distinct bases (``Mul`` merges equal ones), no base beside its inverse, and no radical to
    join, so powsimp's "exp" pass rebuilds the same factors, and its "base" pass only regroups bases under
    an integer exponent (an integer power of a product splits again) or under the ``exp``'s exponent
    (one base). Two cases regroup visibly and are refused: a coefficient whose only partner under
    exponent 1 is a bare sum (``3*x**2*(x + 1)`` becomes ``x**2*(3*x + 3)``: ``Mul(3, x + 1)``
    distributes, as a two-factor product of a number and a sum does; with a third exponent-1 factor,
    ``3*x*(x + 1)*sin(x)``, the joined base ``Mul(3, x, x + 1, sin(x))`` is the same product) and a base
    beside its negative (``(1 - x)**2*(x - 1)`` becomes ``(x - 1)**3``).
    ``tests/pipeline/families/test_rewrites.py`` compares it with powsimp on the generator's integrands.
    """
    if expr.is_Add:
        return all(powers_already_merged(term) for term in expr.args)
    if not (expr.is_Mul or expr.is_Pow):
        return True  # atoms and functions: powsimp(expr) returns expr at once (deep=False)
    exps = ones = 0  # ones: factors whose base pass exponent is 1 (symbols, functions but exp, bare sums)
    coefficient = bare_sum = False
    sums: list[sympy.Expr] = []
    for position, factor in enumerate(expr.args if expr.is_Mul else (expr,)):
        if factor.is_Rational:
            if position == 0 and expr.is_Mul:
                coefficient = True
                continue
            return False
        if isinstance(factor, sympy.exp):
            exps += 1
            if exps > 1 or factor.args[0].is_Add or not factor.args[0].free_symbols:
                return False  # a sum exponent is factored by the "base" pass: exp(x**2 + x) -> exp(x*(x + 1))
            continue
        base = factor
        if factor.is_Pow:
            base, exponent = factor.args
            if not exponent.is_Integer or base.is_positive:
                return False
        elif factor.is_Add:
            if not powers_already_merged(factor):  # powsimp rewrites a bare sum's terms
                return False
            bare_sum = True
        if factor is base:
            ones += 1
        if base.is_Add:
            sums.append(base)
        elif not (base.is_Symbol or (isinstance(base, sympy.Function) and not isinstance(base, sympy.exp))):
            return False
    if coefficient and bare_sum and ones == 1:
        return False  # the sum is the coefficient's only partner under exponent 1: Mul(3, x + 1) distributes
    return not (len(sums) > 1 and any(-a in sums for a in sums))


def termwise_powsimp(expr: sympy.Expr) -> sympy.Expr:
    """``sympy.powsimp(expr)``, running powsimp only on the terms of a sum that may change.

    Why: on a sum, powsimp (``deep=False``) is ``Add(*[powsimp(t) for t in terms])`` and nothing more
    unless that rebuilt sum turns into a product or a power (equal terms adding up: ``2*t``), and
    ``powers_already_merged(t)`` means ``powsimp(t) == t``; so the terms it vouches for are kept as they
    are (a third of the sums' powsimp time on parts_from_primitive's integrands). Any other shape, or a
    sum that collapses, is handed to powsimp whole.
    """
    if not expr.is_Add:
        return sympy.powsimp(expr)
    rebuilt = sympy.Add(*[t if powers_already_merged(t) else sympy.powsimp(t) for t in expr.args])
    if rebuilt.is_Mul or rebuilt.is_Pow:
        return sympy.powsimp(expr)
    return rebuilt
