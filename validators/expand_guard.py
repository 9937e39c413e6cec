"""Before the exact route expands: would ``expand`` turn a root of a sum into a root SymEngine rewrites?

Why: ``validators.symbolic._faithful`` checks that SymEngine builds the tree as written, but the rewrite
``(1/u)**r -> u**(-r)`` (false for u < 0) also fires *inside* ``expand``: the base of a root is expanded,
and a base that collapses from a sum to ``1/(x - 1)`` (``sqrt((x + 1)/(x - 1) - x/(x - 1))``) becomes
``(x - 1)**(-1/2)``; so ``sqrt(x - 1)*sqrt((x + 1)/(x - 1) - x/(x - 1))`` "expanded" to 1, though it is -1
for x < 1 (round 64, fourteen answers: bases written as differences, under exp, sin, Abs or a parameter).
``validators.exact_normal`` expands every function argument too, so the same base reaches the rewrite
there. A proof is only taken when every non-integer power's base, expanded, is still of a shape SymEngine
leaves alone: a sum, a symbol, a function application, a positive number, or a positive integer power of
a symbol or function (``sqrt(x**2)`` stays ``sqrt(x**2)``). The roots the derivative rules introduce
(d/du asin(u) = (1 - u**2)**(-1/2), asinh, asec, acsc, acsch) are looked at the same way, their bases
built from the argument. Anything else: no proof here, and the numeric path (which evaluates the tree as
written) decides. Only ever withholds a proof.
"""

from __future__ import annotations

import functools

import sympy

__all__ = ["powers_survive_expand"]

_u = sympy.Symbol("u")
# The bases of the roots in SymEngine's derivative of each function (validators.symbolic.AUDITED_DERIVATIVES)
_DERIVATIVE_BASES = {
    sympy.asin: (1 - _u**2,),
    sympy.acos: (1 - _u**2,),
    sympy.asinh: (1 + _u**2,),
    sympy.asec: (1 - _u**-2,),
    sympy.acsc: (1 - _u**-2,),
    sympy.acsch: (1 + _u**-2,),
}


def powers_survive_expand(exprs: list[sympy.Expr] | tuple[sympy.Expr, ...]) -> bool:
    """True when no non-integer power in ``exprs`` (or in their derivatives' roots) has a base that
    ``expand`` would turn into a shape SymEngine rewrites (see the module doc)."""
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if node.is_Pow and not node.exp.is_Integer:
                if not _base_survives(node.base):
                    return False
            elif isinstance(node, sympy.Function) and node.func in _DERIVATIVE_BASES:
                argument = node.args[0]
                if not all(
                    _base_survives(base.xreplace({_u: argument})) for base in _DERIVATIVE_BASES[node.func]
                ):
                    return False
    return True


@functools.lru_cache(maxsize=8192)
def _base_survives(base: sympy.Expr) -> bool:
    if base.is_Symbol or (base.is_Rational and base > 0):
        return True
    try:
        import symengine

        expanded = symengine.expand(symengine.sympify(base))
    except Exception:  # not representable: the exact route will not take it either
        return False
    return _left_alone(expanded)


def _left_alone(node) -> bool:
    import symengine

    if isinstance(node, symengine.Add | symengine.Symbol):
        return True
    if node.is_Number:
        return bool(node.is_real and node > 0)  # a negative number's root is I*...: built, not rewritten
    if isinstance(node, symengine.Pow):
        base, exponent = node.args
        if base == symengine.E:
            return True  # exp(u) is E**u in SymEngine: a function application
        positive = bool(exponent.is_Integer and exponent > 0)
        return positive and (isinstance(base, symengine.Symbol | symengine.Function) or _is_exp(base))
    return isinstance(node, symengine.Function)


def _is_exp(node) -> bool:
    import symengine

    return isinstance(node, symengine.Pow) and node.args[0] == symengine.E
