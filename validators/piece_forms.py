"""The analytic expressions a part made of pieces is, piece by piece (``validators.constant_pieces``).

|u| is u or -u; a square root of a perfect square (by factoring in x, in exp(x) or after the Pythagorean
identities) is q or -q; ``acos(cos(p))`` is p + c or c - p with c a multiple of 2*pi; ``floor(u)`` is a
constant c; a sign is 1 or -1; Heaviside 0 or 1; Max/Min one of their arguments; a Piecewise one of its
pieces. Every form is analytic where it has a value, so a form constant on one interval is constant
everywhere. Forms no x can make are included (more forms only cost a proof).
"""

from __future__ import annotations

import functools
import itertools

import sympy

__all__ = ["MAX_FORMS", "PIECE_CONSTANT", "has_pieces", "piece_forms"]

MAX_FORMS = 64
PIECE_CONSTANT = "piece_constant"
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
    if expr.is_Atom or not has_pieces(expr):
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
    if (p := lambert_inner(expr)) is not None:  # W(p*exp(p)) is p for p >= -1, W of it elsewhere
        return _capped(f for q in _forms(p, counter) for f in (q, expr))
    if expr.is_Pow and expr.exp.is_Rational and not expr.exp.is_Integer:
        return _capped(f for b in _forms(expr.base, counter) for f in _root_forms(b, expr.exp))
    choices = [_forms(a, counter) for a in args]
    if _product_size(choices) > MAX_FORMS:
        raise _TooMany
    return [func(*combination) for combination in itertools.product(*choices)]


def lambert_inner(expr: sympy.Basic) -> sympy.Expr | None:
    """p when ``expr`` is LambertW(p*exp(p)) (one argument), else None."""
    if expr.func is not sympy.LambertW or len(expr.args) != 1 or not expr.args[0].is_Mul:
        return None
    exps = [f for f in expr.args[0].args if f.func is sympy.exp]
    for e in exps:
        rest = expr.args[0] / e
        if sympy.expand(rest - e.args[0]) == 0:
            return e.args[0]
    return None


def _root_forms(base: sympy.Expr, exponent: sympy.Rational) -> list[sympy.Expr]:
    """``base**exponent`` on each piece: a perfect m-th power c*q**m (m the exponent's denominator) under
    an m-th root is c**r * q**s on one side of q's zeros and another branch of it on the other (both
    branches of an odd root of a negative number are taken: more forms only cost a proof)."""
    m, s = exponent.q, exponent.p
    if base.is_Mul or base.is_Pow:
        return _split_root_forms(base, exponent)
    found = _perfect_power(base, m)
    if found is None:
        return _square_part_forms(base, exponent) if m == 2 else [base**exponent]
    coefficient, q = found
    scale = coefficient**exponent * q**s
    if m % 2 == 0:
        return [scale, (-1) ** s * scale]
    turn = sympy.exp(sympy.I * sympy.pi * s / m)
    return [scale, (-1) ** s * turn * scale, (-1) ** s / turn * scale]


def _split_root_forms(base: sympy.Expr, exponent: sympy.Rational) -> list[sympy.Expr]:
    """``(a*b)**r`` is a**r * b**r * exp(2*pi*I*r*m) and ``(q**k)**r`` is q**(k*r) * exp(2*pi*I*r*m), m an
    integer fixed on each piece (the principal logarithm of a product is the sum of the logarithms up to
    2*pi*I*m): ``sqrt(p**3) - p**(3/2)``, ``(p**2)**(1/4) - sqrt(p)`` and ``sqrt(p)*sqrt(p + 1) -
    sqrt(p*(p + 1))`` are 0 on one side of a branch point only (a fifteenth adversary's windows)."""
    if base.is_Pow and base.exp.is_Integer and base.exp % exponent.q == 0:
        return _root_forms_of_power(base, exponent)
    if base.is_Pow:
        split = base.base ** (base.exp * exponent)
    else:
        split = sympy.Mul(*(f**exponent for f in base.args))
    # every q-th root of unity (q the root's denominator): the fourth root of a product of four negative
    # factors turns by exp(2*pi*I*2/4) (a sixteenth adversary's windows), a fourteenth root by m = 6 (a
    # seventeenth's)
    if exponent.q > MAX_FORMS:
        raise _TooMany  # more branches than forms: nothing is taken unexamined
    count = exponent.q
    low = -(count // 2)
    turns = {sympy.exp(2 * sympy.pi * sympy.I * exponent * m) for m in range(low, low + count)}
    return [split * turn for turn in sorted(turns, key=sympy.default_sort_key)]


def _root_forms_of_power(base: sympy.Expr, exponent: sympy.Rational) -> list[sympy.Expr]:
    m, s = exponent.q, exponent.p
    q = base.base ** (base.exp // m)
    if m % 2 == 0:
        return [q**s, (-1) ** s * q**s]
    turn = sympy.exp(sympy.I * sympy.pi * s / m)
    return [q**s, (-1) ** s * turn * q**s, (-1) ** s / turn * q**s]


def _square_part_forms(base: sympy.Expr, exponent: sympy.Rational) -> list[sympy.Expr]:
    """sqrt(q**2 * r) is |q| * sqrt(r) (a positive factor leaves the principal root's branch alone):
    ``sqrt(1 - (2*p**2 - 1)**2)``, the slope of acos(2*p**2 - 1), is 2*|p|*sqrt(1 - p**2)."""
    split = _square_part(base)
    if split is None:
        return [base**exponent]
    q, rest = split
    one = q**exponent.p * rest**exponent
    return [one, (-1) ** exponent.p * one]


@functools.lru_cache(maxsize=4096)
def _square_part(base: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(q, r) with base = q**2 * r and q not a number, or None."""
    factored = _factors(base)
    if factored is None:
        return None
    coefficient, factors = factored
    q = sympy.Mul(*(f ** (e // 2) for f, e in factors))
    if q.is_number:
        return None
    return q, coefficient * sympy.Mul(*(f ** (e % 2) for f, e in factors))


def _factors(base: sympy.Expr) -> tuple[sympy.Expr, list] | None:
    """(c, [(f, e), ...]) with base = c * product of f**e (e may be negative: a rational function)."""
    if base.is_number or not base.is_Add or sympy.count_ops(base) > 40:
        return None
    try:
        return sympy.factor_list(base)
    except sympy.PolynomialError:
        pass  # a rational function: factor it over a common denominator
    except (sympy.GeneratorsNeeded, NotImplementedError, TypeError, ValueError):
        return None
    try:
        factored = sympy.factor(sympy.together(base))
    except (sympy.PolynomialError, NotImplementedError, TypeError, ValueError):
        return None
    coefficient, rest = factored.as_coeff_Mul()
    factors = []
    for f in sympy.Mul.make_args(rest):
        if f.is_Pow and f.exp.is_Integer:
            factors.append((f.base, int(f.exp)))
        else:
            factors.append((f, 1))
    return coefficient, factors


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


@functools.lru_cache(maxsize=8192)
def has_pieces(expr: sympy.Basic) -> bool:
    """Does ``expr`` hold a part that is analytic only piece by piece (see the module's docstring)?"""
    if expr.is_Atom:
        return False
    if isinstance(expr, _SWITCHES):
        return True
    if expr.func in _BACK_AND_FORTH and expr.args[0].func is _BACK_AND_FORTH[expr.func][0]:
        return True
    if expr.func is sympy.acosh and expr.args[0].func is sympy.cosh:
        return True
    if lambert_inner(expr) is not None:
        return True
    if expr.is_Pow and expr.exp.is_Rational and not expr.exp.is_Integer:
        if (expr.base.is_Mul or expr.base.is_Pow) and expr.base.free_symbols:
            return True
        if _perfect_power(expr.base, expr.exp.q) is not None:
            return True
        if expr.exp.q == 2 and _square_part(expr.base) is not None:
            return True
    return any(has_pieces(a) for a in expr.args)


def _piece_constant(counter) -> sympy.Symbol:
    return sympy.Symbol(f"{PIECE_CONSTANT}{next(counter)}", real=True)


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
