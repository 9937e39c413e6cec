"""Where a parameter-only argument changes sign: along one parameter, and across several at once.

Why a module of its own: ``validators.parameter_points`` plans parameter values on both sides of every
switch, and finding the switch is the hard part. A polynomial in the parameter is solved
(``mpmath.polyroots``); anything else, or a polynomial the solver does not converge on (a fourfold root,
round 58), is scanned on a log grid of either sign. A grid steps over a window narrower than its spacing
(q = 1/25 - (log(a**2 + 1) - 6)**2 is positive only for 18.2 < |a| < 22.2, between the grid values 10
and 31.6), so where the grid's values come closest to 0 without crossing it, the extremum between the
neighbouring grid values is searched for (golden section) and a crossing there is bisected too.

A window in several parameters at once (q = 1/25 - (a - 80)**2 - (b - 80)**2 > 0 on a disc) has no root
along any one parameter with the others at their ordinary values; ``opposite_sign`` climbs towards the
other sign one parameter at a time (coordinate ascent, each step a line search as above).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import mpmath
import sympy

from validators.numeric import Number, real_value
from validators.parameter_certified import COINCIDENT, certified_roots
from validators.parameter_certified import DPS as CERTIFIED_DPS  # roots nearer: no window
from validators.polynomial_arguments import polynomial_coefficients, polynomial_roots

__all__ = ["opposite_sign", "roots_along"]

SCAN_EXPONENTS = [k / 2 for k in range(-6, 601)]  # |p| from 1e-3 to 1e300, two points a decade
BISECTION_STEPS = 60
ROOT_BISECTION_STEPS = 420  # 2**-420 ~ 1e-126: a root to ROOT_DPS digits
ROOT_DPS = 120
GOLDEN_STEPS = 80
MAX_NEAR_MISSES = 8  # closest approaches to 0 searched for a hidden window, per line
MAX_ROOTS = 48
MAX_SQUARE_FREE_DEGREE = 64
ASCENT_ROUNDS = 3
ASCENT_EXPONENTS = [k / 4 for k in range(-12, 41)]  # |p| from 1e-3 to 1e10, four points a decade


def roots_along(
    argument: sympy.Expr, p: sympy.Symbol, env: Mapping, *, precise: bool = False, extra_digits: int = 0
) -> tuple[list[Number], list[Number], bool]:
    """(real roots of ``argument`` in ``p``, the others at ``env``; values of ``p`` inside windows found
    by the extremum search; whether some stretch is left undecided: the interval scan ran out, or two
    roots lie closer than the working precision tells apart -- 10**200 -+ 1/5 (round 60) -- so the
    window between them cannot be sampled).
    ``precise`` (the argument of an Eq/Ne, which switches *at* the root) bisects to ROOT_DPS digits, so
    the root sampled takes the Eq side. A product's roots are its factors' (a degree-16 product of
    linear factors defeats polyroots, and a grid scan steps over an even number of roots between its
    values). Anything not a polynomial is scanned by interval bounds (``validators.parameter_certified``)
    and, where those do not decide it, on the log grid as well. ``extra_digits``: the digits of the
    trees' tiny constants, added to the interval scan's (a window 0 < a < 10**-200 of
    atan(1/a) - pi/2 + 10**-200 is below its 130 digits)."""
    factors = _factors(argument, p)
    if len(factors) > 1:
        roots: list[Number] = []
        inside: list[Number] = []
        exhausted = False
        for factor in factors:
            found, found_inside, found_exhausted = roots_along(
                factor, p, env, precise=precise, extra_digits=extra_digits
            )
            roots += found
            inside += found_inside
            exhausted = exhausted or found_exhausted
        return sorted(roots)[:MAX_ROOTS], inside, exhausted
    coefficients = polynomial_coefficients(_square_free(argument, p), frozenset({p}), env)
    if coefficients is not None and len(coefficients) >= 2 and any(c != 0 for c in coefficients[1:]):
        roots = polynomial_roots(coefficients)
        if roots:
            return sorted(mpmath.re(r) for r in roots if not _complex(r)), [], _crowded(roots)
    certified = certified_roots(argument, p, env, precise=precise, dps=CERTIFIED_DPS + extra_digits)
    if certified is not None and certified.complete:
        return certified.roots, [], certified.exhausted
    roots, inside = _scanned(argument, p, env, precise=precise)
    if certified is None:  # no interval bounds (gamma, Si): a grid scan alone misses windows between its
        return roots, inside, True  # values (round 62's sech, erf and gamma windows at |a| = 10**40.25)
    return sorted(certified.roots + roots)[:MAX_ROOTS], inside, certified.exhausted


def opposite_sign(argument: sympy.Expr, parameters: Sequence[sympy.Symbol], env: Mapping) -> dict | None:
    """Parameter values at which ``argument`` has the sign opposite to its sign at ``env``, found by
    climbing one parameter at a time; None if the climb finds none (evidence only: a climb can stall)."""
    start = _value(argument, env)
    if start is None or start == 0:
        return None
    direction = -1 if start > 0 else 1
    current = dict(env)
    for _ in range(ASCENT_ROUNDS):
        for p in parameters:
            best_t, best = current[p], direction * _value(argument, current)
            grid = [s * mpmath.mpf(10) ** k for s in (1, -1) for k in ASCENT_EXPONENTS]
            values = [_line_value(argument, p, current, t) for t in grid]
            for i, value in enumerate(values):
                if value is not None and direction * value > best:
                    best_t, best = grid[i], direction * value
            if best_t in grid:  # refine between the grid neighbours of the best value
                i = grid.index(best_t)
                lo = grid[i - 1] if i > 0 and (grid[i - 1] > 0) == (best_t > 0) else best_t / 2
                hi = grid[i + 1] if i + 1 < len(grid) and (grid[i + 1] > 0) == (best_t > 0) else best_t * 2
                t, value = _golden(argument, p, current, lo, hi, direction)
                if value is not None and value > best:
                    best_t, best = t, value
            current[p] = best_t
            if best > 0:
                return current
    return None


def _factors(argument: sympy.Expr, p: sympy.Symbol) -> list[sympy.Expr]:
    """The factors of a product (bases of its powers) that mention ``p``."""
    if not isinstance(argument, sympy.Mul):
        return [argument]
    factors = [f.base if f.is_Pow and f.exp.is_Integer else f for f in argument.args]
    return [f for f in factors if p in f.free_symbols] or [argument]


def _square_free(argument: sympy.Expr, p: sympy.Symbol) -> sympy.Expr:
    """The argument without repeated factors, when that is exact (rational coefficients, p alone): a
    double root of (a - 5)**2 expanded is one root, not two the precision cannot separate."""
    if argument.free_symbols != {p} or not argument.is_polynomial(p):
        return argument
    try:
        poly = sympy.Poly(argument, p)
        if poly.degree() > MAX_SQUARE_FREE_DEGREE or not poly.domain.is_QQ and not poly.domain.is_ZZ:
            return argument
        return sympy.sqf_part(poly).as_expr()
    except (sympy.PolynomialError, ValueError, TypeError):
        return argument


def _crowded(roots: list[Number]) -> bool:
    """Are two roots (complex ones too: a pair 1e-201 apart may come back as one with an imaginary
    part) within COINCIDENT of each other, relative to their size?"""
    for i, r in enumerate(roots):
        for s in roots[i + 1 :]:
            if r == s == 0:
                continue  # a root at 0 is taken out exactly, as often as it repeats
            if abs(r - s) <= COINCIDENT * (1 + abs(r)):
                return True
    return False


def _complex(root) -> bool:
    return isinstance(root, mpmath.mpc) and abs(root.imag) > 1e-20 * (1 + abs(root))


def _scanned(argument, p, env, *, precise: bool) -> tuple[list[Number], list[Number]]:
    """Sign changes on the log grid (a grid value exactly 0 is a root: ``log(a)`` at a = 1), then the
    closest approaches to 0 that did not cross it, searched for a crossing between their neighbours."""
    dps, steps = (ROOT_DPS, ROOT_BISECTION_STEPS) if precise else (20, BISECTION_STEPS)
    roots: list[Number] = []
    inside: list[Number] = []
    for sign in (1, -1):
        grid = [sign * mpmath.mpf(10) ** k for k in SCAN_EXPONENTS]
        values = [_line_value(argument, p, env, t) for t in grid]
        roots += [t for t, value in zip(grid, values, strict=True) if value == 0]
        for i in range(len(grid) - 1):
            (lo, f_lo), (hi, f_hi) = (grid[i], values[i]), (grid[i + 1], values[i + 1])
            if f_lo is None or f_hi is None or f_lo == 0 or f_hi == 0 or (f_lo < 0) == (f_hi < 0):
                continue
            roots.append(_bisect(argument, p, env, lo, f_lo, hi, dps, steps))
        near = [
            i
            for i in range(1, len(grid) - 1)
            if None not in values[i - 1 : i + 2]
            and 0 not in values[i - 1 : i + 2]
            and (values[i - 1] > 0) == (values[i] > 0) == (values[i + 1] > 0)
            and abs(values[i]) < abs(values[i - 1])
            and abs(values[i]) <= abs(values[i + 1])
        ]
        for i in sorted(near, key=lambda i: abs(values[i]))[:MAX_NEAR_MISSES]:
            direction = -1 if values[i] > 0 else 1
            t, value = _golden(argument, p, env, grid[i - 1], grid[i + 1], direction)
            if value is None or value <= 0:
                continue
            inside.append(t)  # the window's inside; its ends on either side of it
            for end in (grid[i - 1], grid[i + 1]):
                roots.append(_bisect(argument, p, env, t, direction * value, end, dps, steps))
        if len(roots) >= MAX_ROOTS:
            break
    return sorted(roots[:MAX_ROOTS]), inside


def _bisect(argument, p, env, lo, f_lo, hi, dps, steps) -> Number:
    for _ in range(steps):
        mid = (lo + hi) / 2
        f_mid = _line_value(argument, p, env, mid, dps)
        if f_mid is None or f_mid == 0:
            return mid if f_mid == 0 else (lo + hi) / 2
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _golden(argument, p, env, lo, hi, direction) -> tuple[Number, Number | None]:
    """The largest ``direction * argument`` between lo and hi (same sign), searched in log |p|."""
    sign = 1 if lo > 0 else -1
    u_lo, u_hi = sorted((mpmath.log10(abs(lo)), mpmath.log10(abs(hi))))
    ratio = (mpmath.sqrt(5) - 1) / 2

    def f(u):
        value = _line_value(argument, p, env, sign * mpmath.mpf(10) ** u)
        return None if value is None else direction * value

    a, b = u_lo, u_hi
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(GOLDEN_STEPS):
        if fc is None or fd is None:
            break
        if fc > fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    u = (a + b) / 2
    return sign * mpmath.mpf(10) ** u, f(u)


def _line_value(argument, p, env, t, dps: int = 20):
    point = dict(env)
    point[p] = t
    with mpmath.workdps(dps):
        return real_value(argument, point)


def _value(argument, env):
    with mpmath.workdps(20):
        return real_value(argument, env)
