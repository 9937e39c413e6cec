"""Arguments that are polynomials in x once the parameters are fixed: their coefficients and roots.

Why a module of its own: a polynomial argument is solved exactly (``mpmath.polyroots``) rather than
scanned, both for the features of x (``validators.features``: peaks of exp arguments, zeros, switches) and
for the switch values of a parameter (``validators.parameter_points``). Coefficients are mpmath numbers,
lowest degree first, computed at the caller's working precision.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import mpmath
import sympy

from validators.free_symbols import free_symbols
from validators.numeric import EvaluationError, Number, UnsupportedError, evaluate

__all__ = [
    "derivative_coefficients",
    "falling_coefficients",
    "polynomial_coefficients",
    "polynomial_roots",
    "polynomial_value",
    "real_coefficients",
]

MAX_DEGREE = 12


def falling_coefficients(
    argument: sympy.Basic, xs: frozenset[sympy.Symbol], env: Mapping
) -> list[Number] | None:
    """The coefficients of ``argument`` when it ``falls_both_ways``, else None."""
    coefficients = polynomial_coefficients(argument, xs, env)
    if coefficients is None or len(coefficients) < 3 or not real_coefficients(coefficients):
        return None
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients = coefficients[:-1]
    degree = len(coefficients) - 1
    if degree < 2 or degree % 2 or mpmath.re(coefficients[-1]) >= 0:
        return None
    return coefficients


def real_coefficients(coefficients: list[Number]) -> bool:
    return all(not isinstance(c, mpmath.mpc) or c.imag == 0 for c in coefficients)


def polynomial_coefficients(
    expr: sympy.Basic, xs: frozenset[sympy.Symbol], env: Mapping
) -> list[Number] | None:
    """Coefficients (lowest degree first) of ``expr`` as a polynomial in x, or None if it is not one."""
    try:
        return _poly(expr, xs, env)
    except (EvaluationError, UnsupportedError, ValueError, TypeError, ZeroDivisionError):
        return None


def _poly(expr: sympy.Basic, xs: frozenset[sympy.Symbol], env: Mapping) -> list[Number] | None:
    if expr in xs:
        return [mpmath.mpf(0), mpmath.mpf(1)]
    if not (free_symbols(expr) & xs):
        return [evaluate(expr, env)]
    if isinstance(expr, sympy.Add):
        total: list[Number] = [mpmath.mpf(0)]
        for term in expr.args:
            part = _poly(term, xs, env)
            if part is None:
                return None
            total = [a + b for a, b in itertools.zip_longest(total, part, fillvalue=mpmath.mpf(0))]
        return total
    if isinstance(expr, sympy.Mul):
        product: list[Number] = [mpmath.mpf(1)]
        for factor in expr.args:
            part = _poly(factor, xs, env)
            if part is None or len(product) + len(part) - 2 > MAX_DEGREE:
                return None
            product = _multiply(product, part)
        return product
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer and 0 < expr.exp <= MAX_DEGREE:
        base = _poly(expr.base, xs, env)
        if base is None or (len(base) - 1) * int(expr.exp) > MAX_DEGREE:
            return None
        result: list[Number] = [mpmath.mpf(1)]
        for _ in range(int(expr.exp)):
            result = _multiply(result, base)
        return result
    return None


def _multiply(a: list[Number], b: list[Number]) -> list[Number]:
    out = [mpmath.mpf(0)] * (len(a) + len(b) - 1)
    for i, p in enumerate(a):
        for j, q in enumerate(b):
            out[i + j] += p * q
    return out


def derivative_coefficients(coefficients: list[Number]) -> list[Number]:
    return [i * c for i, c in enumerate(coefficients)][1:] or [mpmath.mpf(0)]


def polynomial_value(coefficients: list[Number], z: Number) -> Number:
    return mpmath.polyval(list(reversed(coefficients)), z)


def polynomial_roots(coefficients: list[Number]) -> list[Number]:
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients = coefficients[:-1]
    if len(coefficients) < 2:
        return []
    at_zero = 0  # a root at 0 taken out first: polyroots does not converge on a**3 at 120 digits
    while len(coefficients) > 1 and coefficients[0] == 0:
        coefficients, at_zero = coefficients[1:], at_zero + 1
    if at_zero:
        return [mpmath.mpf(0)] * at_zero + polynomial_roots(coefficients)
    if len(coefficients) == 2:
        return [-coefficients[0] / coefficients[1]]
    # Multiple roots (the peak of exp(-(x - a)**4) is a triple root of A') converge slowly: more steps
    # and precision on a second try.
    for steps, extra in ((80, 40), (400, 200)):
        try:
            return list(mpmath.polyroots(list(reversed(coefficients)), maxsteps=steps, extraprec=extra))
        except (mpmath.libmp.NoConvergence, ZeroDivisionError, ValueError):
            continue
    return []
