"""Abs and sign as independent signs, so the exact route can prove identities that hold piece by piece.

For real x, ``Abs(u)`` is ``s*u`` and ``sign(u)`` is ``s`` with s = sign(u(x)), and s is constant on every
interval where u has no zero. So if F' - g, with each Abs(u_i) written s_i*u_i and each sign(u_i) written
s_i and every s_i an *independent symbol* (its derivative 0), is 0 as an expression in x and the s_i, then
F' = g at every real x where no u_i is 0: a proof (``Method.SYMBOLIC``) of exactly what an antiderivative
must satisfy, a.e. on the real line. No identity between the s_i (s**2 = 1, or s_1 = s_2) is assumed, so
none can be wrongly assumed; what needs one is simply not proved here, and the numeric path decides.

Only when x is real and each u_i is real-valued for real x by SymPy's own assumptions
(``is_extended_real``: ``x - 1``, ``sin(x)``, ``x**2 + 1``; not ``log(x)``, which is complex for x < 0),
innermost first, so ``Abs(Abs(x) - 1)`` becomes s_2*(s_1*x - 1).

Why: answers write ``log(Abs(x))``, ``x*Abs(x)/2`` and ``sign(x)*x**2/2`` all the time, and a numeric
verdict on them is evidence only, and undecided when a term is too narrow to sample (a bump
``exp(-10**130*(x - 1)**2)`` present in both F' and g).
"""

from __future__ import annotations

import sympy

__all__ = ["split_signs"]

MAX_SIGNS = 12


def split_signs(exprs: list[sympy.Expr], x: sympy.Symbol) -> tuple[list[sympy.Expr], sympy.Symbol] | None:
    """``exprs`` with every Abs/sign replaced by sign symbols (shared by equal arguments), and the
    variable to differentiate them in; None when there is nothing to replace, x is not real, an argument
    is not known to be real, or there are too many.

    The results hold plain symbols (no assumptions) for x and the signs: the exact route converts trees
    to SymEngine, which keeps no assumptions, and an identity proved for plain symbols holds for every
    value of them, real ones included."""
    if x.is_real is not True or not any(e.has(sympy.Abs, sympy.sign) for e in exprs):
        return None
    signs: dict[sympy.Expr, sympy.Symbol] = {}
    out = []
    for expr in exprs:
        split = _split(expr, signs)
        if split is None or len(signs) > MAX_SIGNS:
            return None
        out.append(split)
    plain = sympy.Symbol(x.name)
    return [e.xreplace({x: plain}) for e in out], plain


def _split(expr: sympy.Basic, signs: dict[sympy.Expr, sympy.Symbol]) -> sympy.Basic | None:
    if not expr.args or not (expr.has(sympy.Abs) or expr.has(sympy.sign)):
        return expr
    args = []
    for arg in expr.args:
        split = _split(arg, signs)
        if split is None:
            return None
        args.append(split)
    if isinstance(expr, sympy.Abs | sympy.sign):
        argument = expr.args[0]  # the original (unsplit) argument decides realness
        if argument.is_extended_real is not True:
            return None
        s = signs.setdefault(argument, sympy.Symbol(f"_revsynth_s{len(signs)}"))
        return s * args[0] if isinstance(expr, sympy.Abs) else s
    return expr.func(*args)
