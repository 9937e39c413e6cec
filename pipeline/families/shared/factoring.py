"""``sympy.factor_terms`` (default flags) with each sub-expression's result computed once: the same tree.

Why: ``factor_terms`` is a third of ``shortest_form``'s cost, and a derivative repeats its sub-expressions
(d/dx sinh(w**2) holds w and w**2 in several terms): SymPy's ``factor_terms`` walks each occurrence again,
with a ``gcd_terms`` at every sum. ``factor_terms`` here is SymPy 1.14's own walk (``do`` inside
``sympy.core.exprtools.factor_terms``, copied line for line) with its result memoised per node: it depends
only on the node (SymPy trees are immutable and compare structurally), so a memoised result is the one
SymPy would compute again; across calls too (the integrand and the answer share sub-expressions). A tree
holding a ``Float`` (two Floats of different precision compare equal) goes to SymPy.
``tests/pipeline/families/test_expansion.py`` compares the two.
"""

from __future__ import annotations

import sympy
from sympy.core.basic import Basic
from sympy.core.exprtools import _factor_sum_int, _keep_coeff, gcd_terms
from sympy.utilities.iterables import iterable

__all__ = ["factor_terms"]

MEMO_SIZE = 50_000
"""Node results kept before the memo starts again (a problem holds a few hundred nodes)."""

_MEMO: dict[Basic, Basic] = {}


def factor_terms(expr: sympy.Expr) -> sympy.Expr:
    """``sympy.factor_terms(expr)`` (radical=False, clear=False, fraction=False, sign=True), memoised."""
    expr = sympy.sympify(expr)
    if not isinstance(expr, Basic) or expr.has(sympy.Float):
        return sympy.factor_terms(expr)
    if len(_MEMO) >= MEMO_SIZE:
        _MEMO.clear()
    return _do(expr)


def _do(expr):  # noqa: C901 (SymPy's walk, kept as it is)
    is_iterable = iterable(expr)
    if not isinstance(expr, Basic) or expr.is_Atom:
        if is_iterable:
            return type(expr)([_do(i) for i in expr])
        return expr
    found = _MEMO.get(expr)
    if found is not None:
        return found
    rv = _walk(expr, is_iterable)
    _MEMO[expr] = rv
    return rv


def _walk(expr, is_iterable: bool):
    if expr.is_Pow or expr.is_Function or is_iterable or not hasattr(expr, "args_cnc"):
        args = expr.args
        newargs = tuple([_do(i) for i in args])
        if newargs == args:
            return expr
        return expr.func(*newargs)
    if isinstance(expr, (sympy.Sum, sympy.Integral)):
        return _factor_sum_int(expr, radical=False, clear=False, fraction=False, sign=True)
    cont, p = expr.as_content_primitive(radical=False, clear=False)
    if p.is_Add:
        list_args = [_do(a) for a in sympy.Add.make_args(p)]
        # get a common negative (if there) which gcd_terms does not remove
        if not any(a.as_coeff_Mul()[0].extract_multiplicatively(-1) is None for a in list_args):
            cont = -cont
            list_args = [-a for a in list_args]
        # watch out for exp(-(x+2)) which gcd_terms will change to exp(-x-2)
        special = {}
        for i, a in enumerate(list_args):
            b, e = a.as_base_exp()
            if e.is_Mul and e != sympy.Mul(*e.args):
                list_args[i] = sympy.Dummy()
                special[list_args[i]] = a
        # rebuild p not worrying about the order which gcd_terms will fix
        p = sympy.Add._from_args(list_args)
        p = gcd_terms(p, isprimitive=True, clear=False, fraction=False).xreplace(special)
    elif p.args:
        p = p.func(*[_do(a) for a in p.args])
    return _keep_coeff(cont, p, clear=False, sign=True)
