"""Can the argument of a singular place be constant on a whole piece of the line? Then the answer may have
no value there, whatever the algebra proves.

An argument built from analytic parts is constant on an interval only if it is constant everywhere (one
evaluation sees it: ``validators.proof_guard``). What makes a *window* is a part that is analytic only
piece by piece: ``sqrt((x - 45)**2)`` is x - 45 on one side of 45 and 45 - x on the other, so
``sqrt((x - 45)**2) - x + 45`` is 0 on all of x >= 45, and ``log(2*u) - log(u)`` (log 2 by algebra) has no
value there. Every adversary from the tenth on built such windows (``acos(cos(x - 3)) - x + 3``, a sum of
two ``|x - c|``, ``((x - 50)**3)**(1/3)``, the same in a parameter) and placed them where no sample
point falls (x >= 10**6, a parameter a >= 7, inside a sine): points cannot see all of them, the forms can.

So each such part is replaced by its *forms*, the analytic expression it is on each piece (|u| is u or
-u; ``acos(cos(p))`` is p + c or c - p with c a multiple of 2*pi; ``floor(u)`` is a constant c; a sign is
1 or -1; a Piecewise is one of its pieces), and a subexpression of a place's argument whose form is free of
x and may be 0 (it is 0, or it holds a piece constant c, which may be) marks the answer: it may lack a value
on an interval. Only ever withholds a proof or a numeric "equal" (``proof_guard.no_value_point``). Forms
that no x can make (both |x - 8| and |x - 9.4| taken with the sign they have for x < 8 and x > 9.4) cost
only a proof not taken; parts not recognised keep their own form (``acos(2*cos(x)**2 - 1)``) and are left to
the value check.
"""

from __future__ import annotations

import functools
import itertools

import sympy

__all__ = ["MAX_FORMS", "constant_piece", "piece_forms"]

MAX_FORMS = 64
# Subexpressions of one answer examined; past it the answer is marked (nothing is taken unexamined).
MAX_EXAMINED = 200
_STEPS = (sympy.floor, sympy.ceiling, sympy.frac)
_SWITCHES = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Piecewise, *_STEPS)
# f(g(p)) that is p + c (or c - p) piece by piece, c a multiple of the period.
_BACK_AND_FORTH = {
    sympy.acos: (sympy.cos, True),
    sympy.asin: (sympy.sin, True),
    sympy.asec: (sympy.sec, True),
    sympy.acsc: (sympy.csc, True),
    sympy.atan: (sympy.tan, False),
    sympy.acot: (sympy.cot, False),
}
_PIECE = "piece_constant"


def constant_piece(answer: sympy.Expr, x: sympy.Symbol) -> str | None:
    """Why ``answer`` may have no value on a whole interval (a subexpression of a singular place's argument
    constant and possibly 0 on a piece), or None."""
    return _constant_piece(answer, x)


@functools.lru_cache(maxsize=2048)
def _constant_piece(answer: sympy.Expr, x: sympy.Symbol) -> str | None:
    examined = 0
    for argument in _place_arguments(answer):
        for node in sympy.preorder_traversal(argument):
            if node.is_Atom or not _has_pieces(node):
                continue
            examined += 1
            if examined > MAX_EXAMINED:
                return "too many parts made of pieces to examine"
            forms = piece_forms(node)
            if forms is None:
                return f"too many pieces to examine in {str(node)[:60]}"
            for form in forms:
                if _may_vanish(form, x):
                    return f"{str(node)[:60]} is {str(form)[:40]} on a piece: no value there"
    return None


def piece_forms(expr: sympy.Expr) -> list[sympy.Expr] | None:
    """The analytic expressions ``expr`` is on the pieces of the line (see the module's docstring), or
    None past MAX_FORMS. Piece constants are symbols named ``piece_constant...``."""
    try:
        return _forms(expr, itertools.count())
    except _TooMany:
        return None


class _TooMany(Exception):
    pass


def _forms(expr: sympy.Basic, counter) -> list[sympy.Basic]:
    if expr.is_Atom or not _has_pieces(expr):
        return [expr]
    func, args = expr.func, expr.args
    if func is sympy.Abs:
        return _capped(f for u in _forms(args[0], counter) for f in (u, -u))
    if func is sympy.sign:
        return [sympy.S.One, sympy.S.NegativeOne]  # 0 where its argument is: that argument is examined
    if func is sympy.Heaviside:
        return [sympy.S.Zero, sympy.S.One]
    if func in _STEPS:
        return [_piece_constant(counter)]
    if func in (sympy.Max, sympy.Min):
        return _capped(f for a in args for f in _forms(a, counter))
    if func is sympy.Piecewise:
        return _capped(f for piece in args for f in _forms(piece.expr, counter))
    if func in _BACK_AND_FORTH and args[0].func is _BACK_AND_FORTH[func][0]:
        both_ways = _BACK_AND_FORTH[func][1]
        inner = _forms(args[0].args[0], counter)
        return _capped(f + _piece_constant(counter) for p in inner for f in ((p, -p) if both_ways else (p,)))
    if func is sympy.acosh and args[0].func is sympy.cosh:
        return _capped(f for p in _forms(args[0].args[0], counter) for f in (p, -p))
    if expr.is_Pow and expr.exp.is_Rational and not expr.exp.is_Integer:
        return _capped(f for b in _forms(expr.base, counter) for f in _root_forms(b, expr.exp))
    choices = [_forms(a, counter) for a in args]
    if _product_size(choices) > MAX_FORMS:
        raise _TooMany
    return [func(*combination) for combination in itertools.product(*choices)]


def _root_forms(base: sympy.Expr, exponent: sympy.Rational) -> list[sympy.Expr]:
    """``base**exponent`` on each piece: a perfect m-th power c*q**m (m the exponent's denominator) under
    an m-th root is c**r * q**s on one side of q's zeros and another branch of it on the other (both
    branches of an odd root of a negative number are taken: more forms only cost a proof)."""
    m, s = exponent.q, exponent.p
    found = _perfect_power(base, m)
    if found is None:
        return [base**exponent]
    coefficient, q = found
    scale = coefficient**exponent * q**s
    if m % 2 == 0:
        return [scale, (-1) ** s * scale]
    turn = sympy.exp(sympy.I * sympy.pi * s / m)
    return [scale, (-1) ** s * turn * scale, (-1) ** s / turn * scale]


_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.sinh, sympy.cosh)


def _even_power_of(func):
    return lambda e: e.is_Pow and e.base.func is func and e.exp.is_Integer and e.exp > 0 and e.exp % 2 == 0


# Each even power of one function written through its partner: cos(u)**2 as 1 - sin(u)**2, and so on.
_PYTHAGORAS = [
    (_even_power_of(f), lambda e, g=g: g(e.base.args[0]) ** (e.exp // 2))
    for f, g in (
        (sympy.cos, lambda u: 1 - sympy.sin(u) ** 2),
        (sympy.sin, lambda u: 1 - sympy.cos(u) ** 2),
        (sympy.cosh, lambda u: 1 + sympy.sinh(u) ** 2),
        (sympy.sinh, lambda u: sympy.cosh(u) ** 2 - 1),
        (sympy.tan, lambda u: sympy.sec(u) ** 2 - 1),
        (sympy.sec, lambda u: 1 + sympy.tan(u) ** 2),
    )
]


@functools.lru_cache(maxsize=4096)
def _perfect_power(base: sympy.Expr, m: int) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(c, q) with base = c*q**m, c a number, q not one; or None. Polynomials in x or in functions of it
    (``exp(2*x) - 2*exp(x) + 1`` is (exp(x) - 1)**2), also after the Pythagorean identities
    (``1 - cos(x)**2`` is sin(x)**2)."""
    if base.is_Pow and base.exp.is_Integer and base.exp % m == 0:
        return sympy.S.One, base.base ** (base.exp // m)
    coefficient, rest = base.as_coeff_Mul()
    if coefficient != 1 and not rest.is_number:
        found = _perfect_power(rest, m)
        return None if found is None else (coefficient * found[0], found[1])
    if base.is_number or not base.is_Add or sympy.count_ops(base) > 40:
        return None
    tries = [base]
    if base.has(*_TRIG):
        tries += [sympy.expand(base.replace(*swap)) for swap in _PYTHAGORAS]
    for candidate in tries:
        try:
            coefficient, factors = sympy.factor_list(candidate)
        except (sympy.PolynomialError, sympy.GeneratorsNeeded, NotImplementedError, TypeError, ValueError):
            continue
        if factors and not any(e % m for _, e in factors) and coefficient.is_number:
            return coefficient, sympy.Mul(*(f ** (e // m) for f, e in factors))
        if candidate.is_Pow and candidate.exp.is_Integer and candidate.exp % m == 0:
            return sympy.S.One, candidate.base ** (candidate.exp // m)
    return None


def _may_vanish(form: sympy.Expr, x: sympy.Symbol) -> bool:
    """Free of x on a piece, and 0 or possibly 0 there (it holds a piece constant, or is 0 by algebra)."""
    if form.has(x):
        if sympy.count_ops(form) > 60:
            return False
        form = sympy.expand(form)
        if form.has(x):
            return False
    if any(s.name.startswith(_PIECE) for s in form.free_symbols):
        return True
    return form == 0 or sympy.expand(form) == 0


def _place_arguments(answer: sympy.Expr) -> list[sympy.Expr]:
    """Arguments of every singular place and switch whose tree holds a part made of pieces."""
    from validators.hidden_constants import place_arguments

    return [a for a in place_arguments(answer) if _has_pieces(a)]


@functools.lru_cache(maxsize=8192)
def _has_pieces(expr: sympy.Basic) -> bool:
    """Does ``expr`` hold a part that is analytic only piece by piece (see the module's docstring)?"""
    if expr.is_Atom:
        return False
    if isinstance(
        expr, (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Piecewise, *_STEPS)
    ):
        return True
    if expr.func in _BACK_AND_FORTH and expr.args[0].func is _BACK_AND_FORTH[expr.func][0]:
        return True
    if expr.func is sympy.acosh and expr.args[0].func is sympy.cosh:
        return True
    if (
        expr.is_Pow
        and expr.exp.is_Rational
        and not expr.exp.is_Integer
        and _perfect_power(expr.base, expr.exp.q)
    ):
        return True
    return any(_has_pieces(a) for a in expr.args)


def _piece_constant(counter) -> sympy.Symbol:
    return sympy.Symbol(f"{_PIECE}{next(counter)}", real=True)


def _capped(forms) -> list[sympy.Expr]:
    out = []
    for form in forms:
        out.append(form)
        if len(out) > MAX_FORMS:
            raise _TooMany
    return out


def _product_size(choices: list[list]) -> int:
    size = 1
    for c in choices:
        size *= len(c)
    return size
