"""Sums that only look like functions of x: ``sin(x)**2 + cos(x)**2 - 1`` is 0, so ``1/(...)`` has no value.

Why: the exact route proves F' - g = 0 by algebra with every function application an independent piece.
The derivative of ``1/(sin(x)**2 + cos(x)**2 - 1)`` is ``-(2*sin*cos - 2*cos*sin)/(...)**2``, which is 0
as an expression in those pieces, so ``atan(x) + 1/(sin(x)**2 + cos(x)**2 - 1)`` "is" an antiderivative of
1/(1 + x**2) — but it has no value anywhere. A sum whose derivative is 0 by algebra is a constant in
disguise, and not always one constant: ``atan(x) + atan(1/x) + pi/2`` is pi for x > 0 and 0 for x < 0,
``atan(tan(x)) - x + pi`` is 0 on (pi/2, 3*pi/2). Where it stands under a denominator, a log or another
function with a singular point (gamma at -1, atanh at 1, li at 1 ...), its values decide whether the answer
exists at all, and one sample point cannot see them all (a ninth adversary's find). So a symbolic proof is
not taken when any disguised constant sits at a singular place: the numeric path, which evaluates the
answer itself at every point of its plan, decides instead.

Only ever withholds a proof: it adds no acceptance.
"""

from __future__ import annotations

import functools

import sympy

from validators.symbolic import derivative_minus, exact_zero

__all__ = ["disguised_constant", "vanishing_constant"]

# Functions with a value and a derivative at every real argument: a constant inside them cannot take the
# answer's value away. Every other function (log, tan, atanh, gamma ...) and every power whose exponent is
# not a positive integer is a singular place.
_EVERYWHERE_SMOOTH = frozenset(
    {
        sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.atan,
        sympy.asinh, sympy.erf, sympy.erfc, sympy.erfi, sympy.Abs, sympy.sign,
    }
)  # fmt: skip
MAX_SUMS = 40


def vanishing_constant(exprs: list[sympy.Expr], x: sympy.Symbol) -> sympy.Expr | None:
    """A sum in x, at a singular place of ``exprs``, whose derivative is 0 by algebra (a constant in
    disguise, whatever its value); None when there is none (or too many sums to look at: then the first
    sum found is returned, so that no proof is taken unexamined)."""
    return _vanishing_constant(tuple(exprs), x)


@functools.lru_cache(maxsize=4096)
def _vanishing_constant(exprs: tuple[sympy.Expr, ...], x: sympy.Symbol) -> sympy.Expr | None:
    sums = _sums_at_singular_places(exprs, x)
    for i, u in enumerate(sums):
        if i >= MAX_SUMS or _disguised_constant(u, x):
            return u
    return None


def disguised_constant(u: sympy.Expr, x: sympy.Symbol) -> bool:
    """Is the sum ``u`` a constant in disguise (its derivative 0 by algebra)? The parser refuses every such
    denominator: SymPy cancels ``u/u`` to 1 while building, and a disguised constant may be 0 on a whole
    interval only (``atan(x) + atan(1/x) - pi/2`` is 0 for x > 0 and -pi for x < 0)."""
    return u.is_Add and u.has(x) and _disguised_constant(u, x)


@functools.lru_cache(maxsize=4096)
def _disguised_constant(u: sympy.Expr, x: sympy.Symbol) -> bool:
    # plain symbols: the exact route converts to SymEngine, which keeps no assumptions (a real x would
    # not convert back faithfully, and nothing would be found)
    plain = {s: sympy.Symbol(s.name) for s in u.free_symbols if s.assumptions0}
    u, x = u.xreplace(plain), sympy.Symbol(x.name)
    difference = derivative_minus(u, sympy.S.Zero, x)
    return difference is not None and (difference == 0 or exact_zero(difference) is not None)


def _sums_at_singular_places(exprs: tuple[sympy.Expr, ...], x: sympy.Symbol) -> list[sympy.Expr]:
    found: dict[sympy.Expr, None] = {}
    for expr in exprs:
        found.update(dict.fromkeys(_sums_in(expr, x)))
    return list(found)


@functools.lru_cache(maxsize=4096)  # per tree: a sample's checks pair the same g (and F) with others
def _sums_in(expr: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    found: dict[sympy.Expr, None] = {}
    for node in expr.atoms(sympy.Pow, sympy.Function):
        if node.is_Pow:
            places = () if node.exp.is_Integer and node.exp > 0 else (node.base,)
        else:
            places = () if node.func in _EVERYWHERE_SMOOTH else node.args
        for place in places:
            if place.has(x):
                found.update(dict.fromkeys(u for u in place.atoms(sympy.Add) if u.has(x)))
    return tuple(found)
