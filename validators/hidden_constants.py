"""Sums that only look like functions of x: ``sin(x)**2 + cos(x)**2 - 1`` is 0, so ``1/(...)`` has no value.

Why: the exact route proves F' - g = 0 by algebra with every function application an independent piece.
The derivative of ``1/(sin(x)**2 + cos(x)**2 - 1)`` is ``-(2*sin*cos - 2*cos*sin)/(...)**2``, which is 0
as an expression in those pieces, so ``atan(x) + 1/(sin(x)**2 + cos(x)**2 - 1)`` "is" an antiderivative of
1/(1 + x**2) — but it has no value anywhere. A sum whose derivative is 0 by algebra is a constant in
disguise; where it stands under a denominator, a log or another function with a singular point, its value
decides whether the answer exists at all. So a symbolic proof is not taken when such a disguised constant
sits at a singular place and is 0 (or cannot be evaluated) at a sample point: the numeric path, which
evaluates the answer itself, decides instead.

Only ever withholds a proof: it adds no acceptance.
"""

from __future__ import annotations

import functools

import mpmath
import sympy

from validators.numeric import EvaluationError, UnsupportedError, evaluate
from validators.symbolic import derivative_minus, exact_zero

__all__ = ["disguised_zero", "vanishing_constant"]

# Functions with a value and a derivative at every real argument: a constant inside them cannot take the
# answer's value away. Every other function (log, tan, atanh, gamma ...) and every power whose exponent is
# not a positive integer is a singular place.
_EVERYWHERE_SMOOTH = frozenset(
    {
        sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.atan,
        sympy.asinh, sympy.erf, sympy.erfc, sympy.erfi, sympy.Abs, sympy.sign,
    }
)  # fmt: skip
SAMPLE = sympy.Rational(7, 10)
ZERO_BELOW = mpmath.mpf(10) ** -40
MAX_SUMS = 40


def vanishing_constant(exprs: list[sympy.Expr], x: sympy.Symbol) -> sympy.Expr | None:
    """A sum in x, at a singular place of ``exprs``, whose derivative is 0 by algebra and whose value
    is 0 (to 1e-40) or not computable at x = 7/10; None when there is none (or too many sums to look at:
    then the first sum found is returned, so that no proof is taken unexamined)."""
    return _vanishing_constant(tuple(exprs), x)


@functools.lru_cache(maxsize=4096)
def _vanishing_constant(exprs: tuple[sympy.Expr, ...], x: sympy.Symbol) -> sympy.Expr | None:
    sums = _sums_at_singular_places(exprs, x)
    for i, u in enumerate(sums):
        if i >= MAX_SUMS or _disguised_zero(u, x):
            return u
    return None


def disguised_zero(u: sympy.Expr, x: sympy.Symbol) -> bool:
    """Is the sum ``u`` constant in x by algebra (its derivative is 0) and 0 (or not computable) at
    x = 7/10? The parser asks it of every denominator: SymPy cancels ``u/u`` to 1 while building."""
    return u.is_Add and u.has(x) and _disguised_zero(u, x)


@functools.lru_cache(maxsize=4096)
def _disguised_zero(u: sympy.Expr, x: sympy.Symbol) -> bool:
    difference = derivative_minus(u, sympy.S.Zero, x)
    if difference is None or (difference != 0 and exact_zero(difference) is None):
        return False  # changes with x (or not shown constant): not a disguised constant
    return _zero_at_sample(u, x)


def _sums_at_singular_places(exprs: tuple[sympy.Expr, ...], x: sympy.Symbol) -> list[sympy.Expr]:
    found: dict[sympy.Expr, None] = {}
    for expr in exprs:
        for node in expr.atoms(sympy.Pow, sympy.Function):
            if node.is_Pow:
                places = () if node.exp.is_Integer and node.exp > 0 else (node.base,)
            else:
                places = () if node.func in _EVERYWHERE_SMOOTH else node.args
            for place in places:
                if place.has(x):
                    found.update(dict.fromkeys(u for u in place.atoms(sympy.Add) if u.has(x)))
    return list(found)


def _zero_at_sample(u: sympy.Expr, x: sympy.Symbol) -> bool:
    env = {s: mpmath.mpf(SAMPLE.p) / SAMPLE.q for s in u.free_symbols}  # parameters too: any value will do
    try:
        with mpmath.workdps(60):
            value = evaluate(u, env)
    except (EvaluationError, UnsupportedError):
        return True
    return abs(value) <= ZERO_BELOW
