"""Interval bounds of the functions ``validators.interval_bounds`` did not cover: acot, coth, Si, LambertW ...

Why: the far-root search (``validators.far_roots``) and the parameter scans bound a switch's argument
over intervals; an argument holding a function with no bound is searched by nothing past the grid, so a
branch power whose argument is ``pi/4 - acot(log(x**2 + 1)/160)`` hid its other side beyond |x| = e**80,
and ``LambertW(log(x**2 + 1)) - 4`` and ``loggamma(log(x**2 + 1) + 1) - 300`` did the same (round 64).
Each bound here follows from where the function is monotone (its values at the interval's ends, widened
by a few ulps because mpmath's rounding is not outward) or, for the oscillating integrals, from a
Lipschitz bound at the midpoint intersected with the classical tail bounds (for x > 0:
|Si(x) - pi/2| <= 1/x + 1/x**2, |Ci(x)| <= 1/x + 1/x**2, |S(x) - 1/2| and |C(x) - 1/2| <= 1/(pi*x) +
1/(pi**2*x**3)). Where the function has a pole, a jump or is not real inside the interval, the answer is
None (no bound), never a guess.
"""

from __future__ import annotations

import mpmath

__all__ = ["EXTRA_BOUNDS", "decreasing", "increasing"]

iv = mpmath.iv


def _widened(lo, hi, ulps: int = 1):
    ulp = mpmath.mpf(2) ** (-iv.prec) * ulps
    return iv.mpf([lo - (abs(lo) + 1) * ulp, hi + (abs(hi) + 1) * ulp])


def increasing(function, low=None, high=None):
    """Bounds of an increasing function on its domain [low, high]: its values at the interval's ends."""

    def bound(z):
        if (low is not None and z.a < low) or (high is not None and z.b > high):
            return None
        with mpmath.workprec(iv.prec + 20):
            lo, hi = function(mpmath.mpf(z.a)), function(mpmath.mpf(z.b))
        return _widened(lo, hi)

    return bound


def decreasing(function, low=None, high=None):
    rising = increasing(lambda t: -function(t), low, high)
    return lambda z: None if (b := rising(z)) is None else -b


def _one_side(positive, negative):
    """A function monotone on each side of a pole or jump at 0: the side's rule, None across 0."""

    def bound(z):
        if z.a > 0:
            return positive(z)
        if z.b < 0:
            return negative(z)
        return None

    return bound


def _acot(z):
    """acot falls on each side of 0 (SymPy's and mpmath's acot(0) = pi/2, a jump): across 0, all of
    (-pi/2, pi/2]."""
    if z.a < 0 <= z.b:
        return _widened(-mpmath.pi / 2, mpmath.pi / 2)
    return decreasing(mpmath.acot)(z)


def _lambertw(z):
    """W (principal branch) rises on [-1/e, oo); below -1/e it is not real."""
    if z.a <= -mpmath.exp(-1) * (1 - mpmath.mpf(2) ** (10 - iv.prec)):
        return None
    return increasing(lambda t: mpmath.lambertw(t).real)(z)


_GAMMA_MINIMUM_AT = mpmath.mpf("1.4616321449683623412626595423257213284681962040064463512959884085987864403")


def _loggamma(z):
    """loggamma on positive reals: falls up to gamma's minimum at 1.4616..., rises after it."""
    if z.a <= 0:
        return None
    if z.b <= _GAMMA_MINIMUM_AT:
        return decreasing(mpmath.loggamma)(z)
    if z.a >= _GAMMA_MINIMUM_AT:
        return increasing(mpmath.loggamma)(z)
    with mpmath.workprec(iv.prec + 20):
        high = max(mpmath.loggamma(mpmath.mpf(z.a)), mpmath.loggamma(mpmath.mpf(z.b)))
        low = mpmath.loggamma(_GAMMA_MINIMUM_AT)
    return _widened(low, high, 1024)


def _cot(z):
    """cot falls between poles at multiples of pi."""
    k = mpmath.floor(mpmath.mpf(z.a) / mpmath.pi)
    if mpmath.floor(mpmath.mpf(z.b) / mpmath.pi) != k or z.b - z.a >= 3 or z.a == k * mpmath.pi:
        return None
    return decreasing(mpmath.cot)(z)


def _lipschitz(function, slope_bound, tail=None):
    """value at the midpoint +- (largest |f'| on the interval) * half width, intersected with ``tail``'s
    interval when given (the function's distance from its limit for large |x|)."""

    def bound(z):
        slope = slope_bound(z)
        if slope is None:
            return None
        with mpmath.workprec(iv.prec + 20):
            middle = (mpmath.mpf(z.a) + mpmath.mpf(z.b)) / 2
            value = function(middle)
            if not isinstance(value, mpmath.mpf):
                return None
            spread = slope * (mpmath.mpf(z.b) - mpmath.mpf(z.a)) / 2
        out = _widened(value - spread, value + spread, 16)
        if tail is not None and (limited := tail(z)) is not None:
            a, b = max(out.a, limited.a), min(out.b, limited.b)
            out = iv.mpf([a, b]) if a <= b else limited
        return out

    return bound


def _least_modulus(z):
    return mpmath.mpf(0) if z.a <= 0 <= z.b else min(abs(mpmath.mpf(z.a)), abs(mpmath.mpf(z.b)))


def _si_tail(z):
    m = _least_modulus(z)
    if m < 1:
        return None
    half = mpmath.pi / 2 if z.a > 0 else -mpmath.pi / 2
    return _widened(half - 1 / m - 1 / m**2, half + 1 / m + 1 / m**2, 16)


def _ci_tail(z):
    m = _least_modulus(z)
    return None if m < 1 or z.a <= 0 else _widened(-1 / m - 1 / m**2, 1 / m + 1 / m**2, 16)


def _fresnel_tail(z):
    m = _least_modulus(z)
    if m < 1:
        return None
    half = mpmath.mpf(1) / 2 if z.a > 0 else -mpmath.mpf(1) / 2
    spread = 1 / (mpmath.pi * m) + 1 / (mpmath.pi**2 * m**3)
    return _widened(half - spread, half + spread, 16)


def _ci(z):
    if z.a <= 0:
        return None  # Ci is not real for x < 0 (Ci(-x) = Ci(x) + i*pi) and has a log pole at 0
    return _lipschitz(mpmath.ci, lambda w: 1 / mpmath.mpf(w.a), _ci_tail)(z)


def _li(z):
    """li: li(0) = 0, falls on [0, 1) to -oo at 1 (a log pole), rises on (1, oo); not real for x < 0."""
    if z.a < 0 or (z.a <= 1 <= z.b):
        return None
    if z.b < 1:
        return decreasing(mpmath.li)(z)
    return increasing(mpmath.li)(z)


EXTRA_BOUNDS = {
    "acot": _acot,
    "acoth": _one_side(decreasing(mpmath.acoth, low=1), decreasing(mpmath.acoth, high=-1)),
    "coth": _one_side(decreasing(mpmath.coth), decreasing(mpmath.coth)),
    "csch": _one_side(decreasing(mpmath.csch), decreasing(mpmath.csch)),
    "cot": _cot,
    "asec": _one_side(increasing(mpmath.asec, low=1), increasing(mpmath.asec, high=-1)),
    "acsc": _one_side(decreasing(mpmath.acsc, low=1), decreasing(mpmath.acsc, high=-1)),
    "asech": decreasing(mpmath.asech, low=mpmath.mpf(2) ** -1000, high=1),
    "acsch": _one_side(decreasing(mpmath.acsch), decreasing(mpmath.acsch)),
    "LambertW": _lambertw,
    "loggamma": _loggamma,
    "Ei": _one_side(increasing(mpmath.ei), decreasing(mpmath.ei)),
    "li": _li,
    "Shi": increasing(mpmath.shi),
    "Chi": _one_side(increasing(mpmath.chi), lambda z: None),
    "Si": _lipschitz(mpmath.si, lambda w: mpmath.mpf(1), _si_tail),
    "Ci": _ci,
    "fresnels": _lipschitz(mpmath.fresnels, lambda w: mpmath.mpf(1), _fresnel_tail),
    "fresnelc": _lipschitz(mpmath.fresnelc, lambda w: mpmath.mpf(1), _fresnel_tail),
}
