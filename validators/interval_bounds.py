"""Bounds of a real expression over a box of its symbols, by interval arithmetic (mpmath.iv).

Why: sampling a parameter-only argument q(a) on a grid cannot show that q keeps its sign between two grid
values -- a window narrower than the spacing, or a bump on a monotone background, hides there (round 59).
An interval enclosure can: if the bounds of q over [lo, hi] exclude 0, q has no root there; if the bounds
of dq/da exclude 0, q is monotone there and has at most one. Both are proofs (outward-rounded interval
arithmetic), not evidence. Only the functions below are bounded; anything else gives None, and the
caller falls back to sampling (``validators.parameter_certified`` then calls the scan undecided).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import mpmath
import sympy

from validators.interval_special import EXTRA_BOUNDS, increasing

__all__ = ["bounds", "interval_precision"]

iv = mpmath.iv


@contextmanager
def interval_precision(dps: int) -> Iterator[None]:
    """mpmath.iv keeps its precision globally (no workdps): set it for a block, then restore it."""
    saved = iv.prec
    iv.dps = dps
    try:
        yield
    finally:
        iv.prec = saved


def bounds(expr: sympy.Basic, box: Mapping[sympy.Symbol, object]) -> object | None:
    """An interval holding every real value of ``expr`` over ``box`` (symbol -> iv.mpf), or None when
    some part cannot be bounded here (an unsupported function, a log or root of a possibly negative
    interval, a possible pole)."""
    try:
        result = _bound(expr, box)
    except (ArithmeticError, ValueError, TypeError, OverflowError, ZeroDivisionError):
        return None
    if result is None or not (mpmath.isfinite(result.a) and mpmath.isfinite(result.b)):
        return None
    return result


def _bound(expr, box):
    if expr.is_Symbol:
        return box.get(expr)
    if expr.is_Integer:
        return iv.mpf(int(expr))
    if expr.is_Rational:
        return iv.mpf(int(expr.p)) / iv.mpf(int(expr.q))
    if expr.is_Float:
        return iv.mpf(mpmath.mpf(expr._mpf_))
    if expr is sympy.pi:
        return iv.pi
    if expr is sympy.E:
        return iv.e
    if expr.is_Add or expr.is_Mul:
        parts = [_bound(arg, box) for arg in expr.args]
        if any(p is None for p in parts):
            return None
        total = parts[0]
        for p in parts[1:]:
            total = total + p if expr.is_Add else total * p
        return total
    if expr.is_Pow:
        return _power(expr, box)
    if expr.func is sympy.polygamma and expr.args[0] == 0:  # digamma: d/dx loggamma, rising on (0, oo)
        inner = _bound(expr.args[1], box)
        return None if inner is None else increasing(mpmath.digamma, low=mpmath.mpf(2) ** -1000)(inner)
    function = _FUNCTIONS.get(expr.func)
    if function is None or len(expr.args) != 1:
        return None
    inner = _bound(expr.args[0], box)
    return None if inner is None else function(inner)


def _power(expr, box):
    base = _bound(expr.base, box)
    if base is None:
        return None
    exponent = expr.exp
    if exponent.is_Integer:
        if exponent < 0 and base.a <= 0 <= base.b:
            return None  # a possible pole
        n = int(exponent)
        return base**n if n >= 0 else 1 / base ** (-n)
    if base.a < 0:
        return None  # a fractional power of a possibly negative base: complex, or a branch
    if exponent == sympy.S.Half:
        return iv.sqrt(base)
    power = _bound(exponent, box)
    if power is None or base.a == 0:
        return None
    return iv.exp(power * iv.log(base))


def _log(z):
    if z.a <= 0:
        return None
    return iv.log(z)


def _exp(z):
    if z.b > 10**50:
        return None  # no representable bound worth having
    return iv.exp(z)


def _sinh(z):
    return None if z.b > 10**50 or z.a < -(10**50) else _increasing(mpmath.sinh)(z)


def _of_modulus(function):
    """Bounds of an even function monotone in |z|, from the interval of |z|: (e**z + e**-z)/2 bounded
    term by term gives cosh([-600, 600]) a lower bound of e**-600, so sech an upper one of e**600
    (round 62's sech windows hid behind that)."""

    def bound(z):
        low = 0 if z.a <= 0 <= z.b else min(abs(z.a), abs(z.b))
        high = max(abs(z.a), abs(z.b))
        return _increasing(function)(iv.mpf([low, high])) if high <= 10**50 else None

    return bound


def _cosh(z):
    return _of_modulus(mpmath.cosh)(z)


def _increasing(function, low=None, high=None):
    """Bounds of an increasing function on its domain [low, high]: its values at the interval's ends."""

    def bound(z):
        if (low is not None and z.a < low) or (high is not None and z.b > high):
            return None
        with mpmath.workprec(iv.prec + 20):
            lo, hi = function(mpmath.mpf(z.a)), function(mpmath.mpf(z.b))
        ulp = mpmath.mpf(2) ** (-iv.prec)  # each end widened by its own few ulps: mpmath's rounding is
        return iv.mpf([lo - (abs(lo) + 1) * ulp, hi + (abs(hi) + 1) * ulp])  # not outward

    return bound


def _decreasing(function, low=None, high=None):
    rising = _increasing(lambda t: -function(t), low, high)
    return lambda z: None if (b := rising(z)) is None else -b


def _tan(z):
    """tan on an interval with no pole in it (between two odd multiples of pi/2)."""
    k = mpmath.floor((mpmath.mpf(z.a) + mpmath.pi / 2) / mpmath.pi)
    if mpmath.floor((mpmath.mpf(z.b) + mpmath.pi / 2) / mpmath.pi) != k or z.b - z.a >= 3:
        return None
    return _increasing(mpmath.tan)(z)


GAMMA_MINIMUM_AT = mpmath.mpf("1.4616321449683623412626595423257213284681962040064463512959884085987864403")


def _gamma(z):
    """gamma on positive reals: decreasing up to its minimum at 1.4616..., increasing after it."""
    if z.a <= 0 or z.b > 10**6:
        return None
    if z.b <= GAMMA_MINIMUM_AT:
        return _decreasing(mpmath.gamma, low=0)(z)
    if z.a >= GAMMA_MINIMUM_AT:
        return _increasing(mpmath.gamma)(z)
    with mpmath.workprec(iv.prec + 20):
        high = max(mpmath.gamma(mpmath.mpf(z.a)), mpmath.gamma(mpmath.mpf(z.b))) * (
            1 + mpmath.mpf(2) ** (10 - iv.prec)
        )
        low = mpmath.gamma(GAMMA_MINIMUM_AT) * (1 - mpmath.mpf(2) ** (10 - iv.prec))
    return iv.mpf([low, high])  # widened: the minimum's place and mpmath's rounding are not outward


def _sech(z):
    """sech falls with |z| from 1 at 0: bounded by its values at the ends of |z|'s interval (0 beyond
    where cosh overflows)."""
    low = 0 if z.a <= 0 <= z.b else min(abs(z.a), abs(z.b))
    high = max(abs(z.a), abs(z.b))
    if low > 10**50:
        return iv.mpf([0, mpmath.mpf(2) ** (-iv.prec)])
    top = _decreasing(mpmath.sech)(iv.mpf([low, low]))
    bottom = 0 if high > 10**50 else _decreasing(mpmath.sech)(iv.mpf([high, high])).a
    return iv.mpf([max(bottom, 0), top.b])


_FUNCTIONS = {
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.sin: iv.sin,
    sympy.cos: iv.cos,
    sympy.atan: lambda z: iv.atan2(z, iv.mpf(1)),
    sympy.Abs: abs,
    sympy.sinh: _sinh,
    sympy.cosh: _cosh,
    sympy.sech: _sech,
    sympy.tan: _tan,
    sympy.tanh: _increasing(mpmath.tanh),
    sympy.asinh: _increasing(mpmath.asinh),
    sympy.acosh: _increasing(mpmath.acosh, low=1),
    sympy.atanh: _increasing(mpmath.atanh, low=-1, high=1),
    sympy.asin: _increasing(mpmath.asin, low=-1, high=1),
    sympy.acos: _decreasing(mpmath.acos, low=-1, high=1),
    sympy.erf: _increasing(mpmath.erf),
    sympy.erfc: _decreasing(mpmath.erfc),
    sympy.gamma: _gamma,
    sympy.sign: lambda z: iv.mpf([mpmath.sign(z.a), mpmath.sign(z.b)]),  # non-decreasing, exact
    sympy.floor: lambda z: iv.mpf([mpmath.floor(z.a), mpmath.floor(z.b)]),
    sympy.ceiling: lambda z: iv.mpf([mpmath.ceil(z.a), mpmath.ceil(z.b)]),
}
_FUNCTIONS.update({getattr(sympy, name): bound for name, bound in EXTRA_BOUNDS.items()})
