"""Abs and sign split into their values, so the exact route can prove identities that hold piece by piece.

For real x, ``Abs(u)`` is ``s*u`` and ``sign(u)`` is ``s`` with s = sign(u(x)), and s is constant on every
interval where u has no zero. So F' - g is proved 0 for each *choice* of the values of the s_i
(``sign_patterns``: -1 or 1, or 0 where an argument is itself 0 under the choices inside it), each a plain
expression in x, then F' = g at every real x where no u_i is 0 and F has a value: a proof
(``Method.SYMBOLIC``) of what an antiderivative must satisfy, a.e. on the real line. Values, not free
symbols: an identity in a free symbol s can hold only by cancelling a factor that is 0 at s = -1
(``log((1 + s)*x)``), and then the answer has no value on a whole interval; put in, the value makes that
``log(0)`` (SymPy's ``zoo``), which proves nothing. Choices no x can make cost only a proof not found.

Only when x is real and each u_i is real-valued for real x by SymPy's own assumptions
(``is_extended_real``: ``x - 1``, ``sin(x)``, ``x**2 + 1``; not ``log(x)``, which is complex for x < 0),
innermost first, so ``Abs(Abs(x) - 1)`` becomes s_2*(s_1*x - 1).

Why: answers write ``log(Abs(x))``, ``x*Abs(x)/2`` and ``sign(x)*x**2/2`` all the time, and a numeric
verdict on them is evidence only, and undecided when a term is too narrow to sample (a bump
``exp(-10**130*(x - 1)**2)`` present in both F' and g).
"""

from __future__ import annotations

import sympy

__all__ = ["max_min_as_abs", "sign_patterns", "split_signs"]

MAX_SIGNS = 12
_PIECEWISE_CONSTANT = (sympy.Piecewise, sympy.floor, sympy.ceiling, sympy.frac)
MAX_PATTERNS = 64


def split_signs(exprs: list[sympy.Expr], x: sympy.Symbol) -> tuple[list[sympy.Expr], sympy.Symbol] | None:
    """``exprs`` with every Abs/sign replaced by sign symbols (shared by equal arguments), and the
    variable to differentiate them in; None when there is nothing to replace, x is not real, an argument
    is not known to be real, or there are too many.

    The results hold plain symbols (no assumptions) for x and the signs: the exact route converts trees
    to SymEngine, which keeps no assumptions, and an identity proved for plain symbols holds for every
    value of them, real ones included."""
    found = _split_all(exprs, x)
    if found is None:
        return None
    out, _arguments = found
    plain = sympy.Symbol(x.name)
    return [e.xreplace({x: plain}) for e in out], plain


def sign_patterns(
    exprs: list[sympy.Expr], x: sympy.Symbol
) -> tuple[list[list[sympy.Expr]], sympy.Symbol] | None:
    """``exprs`` once for every choice of the signs, each sign put in as its value: -1 or 1, or 0 where
    its argument *is* 0 under the signs chosen inside it (``sign(x + Abs(x))`` is 0 on all of x < 0,
    and ``log(x + Abs(x))`` is log(0) there). None as for ``split_signs``, or past MAX_PATTERNS choices.

    Why values and not symbols: an identity proved with each sign a free symbol s may hold only by
    cancelling a factor that is 0 at s = -1 (the derivative of ``log((1 + s)*x)`` is ``(1 + s)/((1 + s)*x)``,
    "1/x", but the function has no value at s = -1). Proved pattern by pattern, with the values in, no
    such cancellation is possible: ``log(0*x)`` is SymPy's ``zoo``, which proves nothing."""
    found = _split_all(exprs, x)
    if found is None:
        return None
    out, arguments = found
    symbols = list(arguments)  # innermost first: an argument only holds the signs made before it
    if 2 ** len(symbols) > MAX_PATTERNS:
        return None
    plain = sympy.Symbol(x.name)
    seen: dict[tuple, list[sympy.Expr]] = {}
    for bits in range(2 ** len(symbols)):
        values: dict[sympy.Symbol, sympy.Integer] = {}
        for i, s in enumerate(symbols):
            argument = sympy.expand(arguments[s].xreplace(values))
            values[s] = sympy.S.Zero if argument == 0 else sympy.Integer(1 if bits >> i & 1 else -1)
        key = tuple(values[s] for s in symbols)
        if key not in seen:
            seen[key] = [e.xreplace(values).xreplace({x: plain}) for e in out]
    return list(seen.values()), plain


def _split_all(exprs: list[sympy.Expr], x: sympy.Symbol):
    """(split exprs, {sign symbol: its split argument}, innermost first), or None. Max/Min become their
    Abs forms first: ``sign(Min(x, 2) - 2)`` is 0 for every x >= 2, which only the Abs form shows."""
    if x.is_real is not True:
        return None
    exprs = [max_min_as_abs(e) for e in exprs]
    if not any(e.has(sympy.Abs, sympy.sign) for e in exprs):
        return None
    signs: dict[sympy.Expr, sympy.Symbol] = {}
    arguments: dict[sympy.Symbol, sympy.Expr] = {}
    out = []
    for expr in exprs:
        split = _split(expr, signs, arguments)
        if split is None or len(signs) > MAX_SIGNS:
            return None
        out.append(split)
    return out, arguments


def _split(expr: sympy.Basic, signs: dict, arguments: dict) -> sympy.Basic | None:
    if not expr.args or not (expr.has(sympy.Abs) or expr.has(sympy.sign)):
        return expr
    args = []
    for arg in expr.args:
        split = _split(arg, signs, arguments)
        if split is None:
            return None
        args.append(split)
    if isinstance(expr, sympy.Abs | sympy.sign):
        argument = expr.args[0]  # the original (unsplit) argument decides realness
        if argument.is_extended_real is not True or argument.has(*_PIECEWISE_CONSTANT):
            return None  # a Piecewise with a 0 piece, a floor: 0 on an interval, which no choice shows
        s = signs.setdefault(argument, sympy.Symbol(f"_revsynth_s{len(signs)}"))
        arguments.setdefault(s, args[0])
        return s * args[0] if isinstance(expr, sympy.Abs) else s
    return expr.func(*args)


def max_min_as_abs(expr: sympy.Expr) -> sympy.Expr:
    """Max(a, b) = (a + b + |a - b|)/2 and Min(a, b) = (a + b - |a - b|)/2, for real arguments."""

    def fold(node, sign):
        args = node.args
        total = args[0]
        for arg in args[1:]:
            total = (total + arg + sign * sympy.Abs(total - arg)) / 2
        return total

    if not expr.has(sympy.Max, sympy.Min):
        return expr
    return expr.replace(sympy.Max, lambda *a: fold(sympy.Max(*a, evaluate=False), 1)).replace(
        sympy.Min, lambda *a: fold(sympy.Min(*a, evaluate=False), -1)
    )
