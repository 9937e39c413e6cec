"""Where a near-miss would hide: the x-values at which something in an expression *happens*.

A wrong answer built to pass a sampling checker adds a term that is negligible at every "ordinary" point:
a narrow bump ``exp(-k*(x - a)**2)`` centred anywhere, a one-sided piece ``Heaviside(x - a)*(x - a)**2``
switched on far away, a Lorentzian ``1/(1 + k*(x - a)**2)``. Each of them is written with the place where
it lives: the peak of an ``exp`` argument, the zero of a ``Heaviside``/``Abs``/``sign`` argument or of a
Piecewise condition, the (complex) zero of a denominator. So instead of hoping a random point lands
there, we read those places off the trees and sample at and around them, on both sides, at distances
scaled to the feature's own width (1/sqrt|A''| for a peak of A, 1/|B'| for a zero of B).

Arguments that are polynomials in x (after fixing the parameters) are solved exactly for their roots
(``mpmath.polyroots``); peaks and switches with other arguments are found by scanning a grid of the real
line and refining, but only when the argument carries a large number (a narrow feature: a wide one is
found by ordinary sampling anyway; a "large number" may be written as a constant subtree, exp(exp(5))).
Everything here only *adds* sample points: it can make a check reject more, never accept more.

Budgets are wide and spent fairly (an adversary's second round beat narrow ones): up to MAX_SCANS scanned
arguments, features taken round-robin over the arguments (thirty decoys cannot push the one real bump
out), located to ~1e-40 (peaks and zeros are refined at REFINE_DPS digits), and sampled *at* the centre
of every peak and zero as well as beside it, with offsets kept in FEATURE_DPS digits so a 1e-30-wide bump
is not rounded away.
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import mpmath
import sympy

from validators.far_roots import far_roots
from validators.feature_arguments import interesting_arguments, narrowness
from validators.free_symbols import free_symbols
from validators.numeric import EvaluationError, Number, UnsupportedError, evaluate
from validators.polynomial_arguments import (
    derivative_coefficients,
    falling_coefficients,
    polynomial_coefficients,
    polynomial_roots,
    polynomial_value,
)

__all__ = ["Feature", "exp_peak_sizes", "falls_both_ways", "feature_points", "find_features"]

MAX_FEATURES = 64
MAX_SCANS = 8
MAX_CONDITION_SCANS = 32  # Piecewise conditions, scanned apart from MAX_SCANS
MAX_SCANNED = 8  # features kept per scanned argument
MAX_FAR_ARGUMENTS = 8  # arguments searched beyond the grid (validators.far_roots)
MAX_FEATURE_POINTS = 400
REFINE_DPS = 60  # digits of the scan refinement: a bump of width 1e-32 needs its centre to ~1e-35
REFINE_STEPS = 200
FEATURE_DPS = 60  # digits kept in feature points (centre + 1e-30 must not round to the centre)
MIN_WIDTH_EXPONENT = -45
# Digits added to all of the above for trees whose constants are tiny (``sample_points.tiny_digits``):
# a window ``2 < x < 2 + 10**-100`` has switches 1e-100 apart, which 60 digits cannot tell apart.
_EXTRA_DIGITS: contextvars.ContextVar[int] = contextvars.ContextVar("extra_digits", default=0)


def _refine_dps() -> int:
    return REFINE_DPS + _EXTRA_DIGITS.get()


def _refine_steps() -> int:
    """Bisection and golden-section steps: enough to reach the digits of ``_refine_dps``."""
    return REFINE_STEPS + 5 * _EXTRA_DIGITS.get()


def _place_digits() -> int:
    """Two switches closer than 10**-this (relative) are one; nothing is sampled that close to one."""
    return 40 + _EXTRA_DIGITS.get()


_OFFSETS = (-0.3, 0.3, -1, 1, -3, 3)  # in widths, nearest first, both sides of every feature
_ZERO_OFFSETS = (0, *_OFFSETS)  # and at a zero itself: tanh(10**20*(x - 2)) lives only there
_PEAK_OFFSETS = (0, -0.2, 0.2, -0.5, 0.5, -1, 1, -2, 2, -4, 4)  # nearest first
# exponents of the relative distances sampled right beside a switch
_NEAR_SWITCH = (-30, -25, -20, -16, -13, -10, -7, -4)


@dataclass(frozen=True)
class Feature:
    """A place where an expression does something: a peak of an exp argument or a zero of an argument."""

    where: Number  # mpmath number, real or complex
    width: Number  # a length scale of the feature (mpf > 0)
    kind: str  # "peak" (of an exp argument) | "zero" (of an argument) | "switch" (where a piece changes)


def find_features(
    exprs: Sequence[sympy.Basic],
    xs: frozenset[sympy.Symbol],
    env: Mapping[sympy.Symbol, Number],
    *,
    extra_digits: int = 0,
) -> list[Feature]:
    """Peaks of exp arguments and zeros of other arguments, with parameters fixed by ``env``.

    ``extra_digits`` (the digits of the trees' tiny constants) raises every precision used here."""
    token = _EXTRA_DIGITS.set(extra_digits)
    try:
        with mpmath.workdps(
            _refine_dps()
        ):  # roots to ~1e-45: erf(10**30*(x**2 - 2)) needs sqrt(2) to 30 digits
            return _find_features(exprs, xs, env)
    finally:
        _EXTRA_DIGITS.reset(token)


def _find_features(
    exprs: Sequence[sympy.Basic], xs: frozenset[sympy.Symbol], env: Mapping[sympy.Symbol, Number]
) -> list[Feature]:
    by_argument: list[list[Feature]] = []
    to_scan: list[tuple[float, str, sympy.Expr, bool]] = []
    far_budget = MAX_FAR_ARGUMENTS
    for origin, argument in interesting_arguments(exprs, xs):
        kind = "switch" if origin == "condition" else origin
        coefficients = polynomial_coefficients(argument, xs, env)
        features = _polynomial_features(kind, coefficients) if coefficients is not None else None
        if coefficients is None and kind != "peak" and far_budget > 0:
            far_budget -= 1
            # widths relative to the root, unmeasured: a root at 1e-100 is narrower than any width measured
            by_argument.append(
                [
                    Feature(r, abs(r) / 10, kind)
                    for r in far_roots(argument, xs, env, extra_digits=_EXTRA_DIGITS.get())
                ]
            )
        if features is None:
            narrow_by = narrowness(argument, xs, env)
            if coefficients is not None or origin == "condition" or narrow_by > 0:
                to_scan.append((narrow_by, kind, argument, origin == "condition"))
            continue
        by_argument.append(_measured_all(features, argument, xs, env))
    # The scan budget goes to the narrowest arguments first: decoys with small large numbers
    # (sign(sin(x) + 100)) cannot use it up before a bump of width 1e-3 is reached.
    # Piecewise conditions are scanned whatever the budget (a window must not be pushed out by decoys).
    conditions = [item for item in to_scan if item[1] == "switch" and item[3]][:MAX_CONDITION_SCANS]
    others = sorted((item for item in to_scan if item not in conditions), key=lambda item: -item[0])
    for _, kind, argument, _ in conditions + others[:MAX_SCANS]:
        by_argument.append(_measured_all(_scanned_features(kind, argument, xs, env), argument, xs, env))
    # Round-robin over the arguments: each argument's nearest feature first, then the next ones.
    interleaved = [f for group in itertools.zip_longest(*by_argument) for f in group if f is not None]
    return _distinct(interleaved)[:MAX_FEATURES]


def _measured_all(features: list[Feature], argument, xs, env) -> list[Feature]:
    measured = [m for f in features if (m := _measured(f, argument, xs, env)) is not None]
    return sorted(measured, key=lambda f: abs(f.where))


def _is_minimum(argument, xs, env, centre, top, scale) -> bool:
    """Re A rises on both sides: a valley of A, where exp(A) has no bump."""
    step = scale * mpmath.mpf(10) ** -6
    try:
        sides = [mpmath.re(_at(argument, xs, env, centre + s * step)) for s in (-1, 1)]
    except (EvaluationError, UnsupportedError):
        return False
    return all(v > mpmath.re(top) for v in sides)


def _measured(
    feature: Feature, argument: sympy.Expr, xs: frozenset[sympy.Symbol], env: Mapping
) -> Feature | None:
    """The feature with its width measured on the argument itself, when it is on the real line.

    A peak of A is as wide as the distance over which Re A falls by 1 (exp(A) by a factor e), a zero of
    B as the distance over which |B| grows to 1: this holds for exp(-k*(x - a)**2) as for (x - a)**8 or
    Abs(sinh(x - a))**2, where a width from A'' alone is 0 or meaningless.
    """
    centre = feature.where
    if isinstance(centre, mpmath.mpc) and abs(centre.imag) > 1e-12 * (1 + abs(centre)):
        return feature
    centre = mpmath.re(centre)
    try:
        top = _at(argument, xs, env, centre, _refine_dps())
    except (EvaluationError, UnsupportedError):
        return feature
    scale = 1 + abs(centre)
    if feature.kind == "peak" and _is_minimum(argument, xs, env, centre, top, scale):
        return None

    def moved(width: Number, side: int) -> Number | None:
        try:
            value = _at(argument, xs, env, centre + side * width, _refine_dps())
        except (EvaluationError, UnsupportedError):
            return None
        return mpmath.re(top) - mpmath.re(value) if feature.kind == "peak" else abs(value) - abs(top)

    def falls(exponent: int) -> int | None:
        """The side on which the argument has moved by 1 at this distance, if any."""
        for side in (-1, 1):
            amount = moved(scale * mpmath.mpf(10) ** exponent, side)
            if amount is not None and amount >= 1:
                return side
        return None

    with mpmath.workdps(_refine_dps()):
        for exponent in range(-10, 4):
            side = falls(exponent)
            if side is None:
                continue
            while exponent > MIN_WIDTH_EXPONENT - _EXTRA_DIGITS.get() and falls(exponent - 1) is not None:
                exponent -= 1  # narrower than 1e-10 of its size: follow it down
            width = scale * mpmath.mpf(10) ** exponent
            lo, hi = width / 10, width  # refine within the decade (log bisection): placement matters
            for _ in range(6):
                mid = mpmath.sqrt(lo * hi)
                amount = moved(mid, side)
                lo, hi = (lo, mid) if amount is not None and amount >= 1 else (mid, hi)
            return Feature(feature.where, hi, feature.kind)
    return Feature(feature.where, scale, feature.kind)


def feature_points(
    features: Iterable[Feature], *, real_only: bool, extra_digits: int = 0
) -> tuple[list[Number], list[Number]]:
    """(real points, complex points) at and around each feature, both sides, scaled by its width.

    Around a zero (a switch) also at and just beside it (1e-7 and 1e-4 of its size: a gap
    ``Abs(x - 7) < 10**-3`` lies there), and half-way between neighbouring zeros (a Piecewise window
    ``-0.09 < x < 0.09`` has two zeros and lives between them)."""
    token = _EXTRA_DIGITS.set(extra_digits)
    try:
        with mpmath.workdps(FEATURE_DPS + extra_digits):
            return _feature_points(features, real_only=real_only)
    finally:
        _EXTRA_DIGITS.reset(token)


def _feature_points(features: Iterable[Feature], *, real_only: bool) -> tuple[list[Number], list[Number]]:
    rings: list[list[Number]] = []  # one list of real points per feature, the most telling first
    complex_: list[Number] = []
    zeros: list[Number] = []
    for feature in features:
        real: list[Number] = []
        rings.append(real)
        centre, width = feature.where, feature.width
        if isinstance(centre, mpmath.mpc) and abs(centre.imag) > 1e-12 * (1 + abs(centre)):
            real.extend(centre.real + k * width for k in (-1, 0, 1))
            if not real_only:
                complex_.extend(centre + width * mpmath.mpc(k, k / 2) for k in (-0.5, 0.5))
            continue
        centre = mpmath.re(centre)
        if feature.kind == "peak":
            real.extend(centre + k * width for k in _PEAK_OFFSETS)
        elif feature.kind == "zero":
            real.extend(centre + k * width for k in _ZERO_OFFSETS)
        else:
            zeros.append(centre)
            # Not at the zero itself: a derivative taken through sign/Abs/Piecewise there means nothing.
            near = [(1 + abs(centre)) * mpmath.mpf(10) ** e for e in _NEAR_SWITCH]
            if abs(centre) < mpmath.mpf(10) ** _NEAR_SWITCH[0]:  # a root at 1e-100: beside it in its own size
                near = [abs(centre) * mpmath.mpf(10) ** e for e in _NEAR_SWITCH] + near
            real.extend(centre + s * d for d in near for s in (-1, 1))
            real.extend(centre + k * width for k in _OFFSETS)
    # Round-robin over the features, so a cut at MAX_FEATURE_POINTS drops outer rings, not whole features.
    real = [p for ring in itertools.zip_longest(*rings) for p in ring if p is not None]
    zeros.sort()
    # Nothing is sampled exactly at a switch: F' through sign(x) at 0 is meaningless.
    apart = mpmath.mpf(10) ** -(_place_digits() + 5)
    real = [p for p in real if all(abs(p - z) > (1 + abs(z)) * apart for z in zeros)]
    between = [(a + b) / 2 for a, b in itertools.pairwise(zeros) if b - a < 10 * (1 + abs(a))]
    return (between + real)[:MAX_FEATURE_POINTS], complex_


# --- polynomial arguments ---------------------------------------------------------------------------


def exp_peak_sizes(
    exprs: Sequence[sympy.Basic], xs: frozenset[sympy.Symbol], env: Mapping[sympy.Symbol, Number]
) -> list[Number]:
    """exp(max A) over the real line for each exp(A) whose A is a polynomial falling to -oo both ways.

    ``exp(-(x**2 + 10)*(x**2 + 11))`` is at most e**-110 everywhere: a term that small hides below a
    fixed tolerance as a tiny constant does, though no constant in it is small.
    """
    sizes: list[Number] = []
    with mpmath.workdps(_refine_dps()):
        for expr in exprs:
            for node in expr.atoms(sympy.exp):
                if not (free_symbols(node) & xs):
                    continue
                coefficients = falling_coefficients(node.args[0], xs, env)
                if coefficients is None:
                    continue  # A rises somewhere: exp(A) is large there
                critical = [
                    mpmath.re(r)
                    for r in polynomial_roots(derivative_coefficients(coefficients))
                    if abs(mpmath.im(r)) < 1e-30
                ]
                if critical:
                    top = max(mpmath.re(polynomial_value(coefficients, r)) for r in critical)
                    sizes.append(mpmath.exp(top))
    return sizes


def falls_both_ways(argument: sympy.Basic, xs: frozenset[sympy.Symbol], env: Mapping) -> bool:
    """Is ``argument`` a real polynomial in x of even degree >= 2 with a negative leading coefficient?"""
    with mpmath.workdps(_refine_dps()):
        return falling_coefficients(argument, xs, env) is not None


def _polynomial_features(kind: str, coefficients: list[Number]) -> list[Feature] | None:
    """Features from the exact roots; None when the root finder failed (the caller scans instead)."""
    first = derivative_coefficients(coefficients)
    second = derivative_coefficients(first)
    target = first if kind == "peak" else coefficients
    roots = polynomial_roots(target)
    if not roots and any(c != 0 for c in target[1:]):
        return None
    features = []
    for root in roots:
        slope = polynomial_value(second if kind == "peak" else first, root)
        features.append(Feature(root, _width(root, slope, squared=kind == "peak"), kind))
    if kind == "switch":
        # Where the condition's side is extreme: the inside of a window (x - 2)**2 < 10**-28, whose two
        # switch points are too close to be told apart, is there.
        for root in polynomial_roots(first):
            slope = polynomial_value(second, root)
            features.append(Feature(root, _width(root, slope, squared=True), "zero"))
    return features


def _width(root: Number, slope: Number, *, squared: bool) -> mpmath.mpf:
    """1/sqrt|A''| for a peak of A, 1/|B'| for a zero of B, kept within sane bounds of the root's size."""
    scale = 1 + abs(root)
    if slope == 0:
        return mpmath.mpf(0.01) * scale
    width = 1 / mpmath.sqrt(abs(slope)) if squared else 1 / abs(slope)
    return min(max(width, mpmath.mpf(10) ** -7 * scale), scale)


# --- other arguments: scan the real line ------------------------------------------------------------


def _scanned_features(
    kind: str, argument: sympy.Expr, xs: frozenset[sympy.Symbol], env: Mapping
) -> list[Feature]:
    """Zeros (sign changes) or peaks (local maxima of the real part) of ``argument`` on a real grid."""
    grid = _grid(argument)
    values = []
    for t in grid:
        try:
            values.append(mpmath.re(_at(argument, xs, env, t)))
        except (EvaluationError, UnsupportedError):
            values.append(None)
    found: list[Feature] = []
    # Nearest the origin first: far out the grid is coarse and a periodic argument aliases there.
    for i in sorted(range(1, len(grid) - 1), key=lambda i: abs(grid[i])):
        left, mid, right = values[i - 1], values[i], values[i + 1]
        if left is None or mid is None or right is None:
            continue
        spacing = grid[i + 1] - grid[i - 1]
        if kind != "peak" and (mid == 0 or (left < 0) != (mid < 0)):
            found.append(Feature(_bisect(argument, xs, env, grid[i - 1], grid[i]), spacing / 10, kind))
        elif kind == "peak" and mid >= left and mid >= right and (mid > left or mid > right):
            found.append(Feature(_golden(argument, xs, env, grid[i - 1], grid[i + 1]), spacing / 10, kind))
        elif kind != "peak" and _dips(abs(left), abs(mid), abs(right)):
            # |B| dips without crossing 0: the peak of a Lorentzian 1/(1 + k*(cos(x) - 1/2)**2) is there
            where = _golden(argument, xs, env, grid[i - 1], grid[i + 1], lowest_modulus=True)
            found.append(Feature(where, spacing / 10, kind))
        if len(found) >= MAX_SCANNED:
            break
    return found


def _dips(left, mid, right) -> bool:
    return mid <= min(left, right) and mid < max(left, right)


GRID_REACH = 1e15  # log(x) = exp(3) puts a step at x ~ 5e8: the scan must get there


def _grid(argument: sympy.Expr) -> list[mpmath.mpf]:
    """-12..12 in steps of 0.05 (a window of width 0.09 holds a grid point), then log-spaced out to
    GRID_REACH on both sides."""
    inner = [mpmath.mpf(-12) + mpmath.mpf(24) * i / 480 for i in range(481)]
    outer = [mpmath.mpf(12) * (GRID_REACH / 12) ** (mpmath.mpf(i) / 96) for i in range(1, 97)]
    return sorted({*inner, *outer, *(-p for p in outer)})


def _at(argument: sympy.Expr, xs: frozenset[sympy.Symbol], env: Mapping, t: Number, dps: int = 20) -> Number:
    point = dict(env)
    point.update({s: t for s in xs})
    with mpmath.workdps(dps):
        return evaluate(argument, point)


def _bisect(argument, xs, env, lo, hi) -> mpmath.mpf:
    """A sign change of Re B on [lo, hi], to ~1e-13 at 20 digits, then to ~1e-55 at REFINE_DPS digits only
    when B is narrow there (a zero of tanh(10**30*(x - 1)) needs it; a pole of tan(x) does not)."""
    coarse = _bisect_at(argument, xs, env, lo, hi, 20)
    if coarse is None or not (_EXTRA_DIGITS.get() or _narrow(argument, xs, env, *coarse)):
        return (lo + hi) / 2 if coarse is None else (coarse[0] + coarse[1]) / 2
    fine = _bisect_at(argument, xs, env, *coarse, _refine_dps())
    return (coarse[0] + coarse[1]) / 2 if fine is None else (fine[0] + fine[1]) / 2


def _bisect_at(argument, xs, env, lo, hi, dps: int) -> tuple[Number, Number] | None:
    try:
        f_lo = mpmath.re(_at(argument, xs, env, lo, dps))
        for _ in range(_refine_steps()):
            if hi - lo <= (1 + abs(hi)) * mpmath.mpf(10) ** (7 - dps):
                break
            with mpmath.workdps(dps):
                mid = (lo + hi) / 2
            f_mid = mpmath.re(_at(argument, xs, env, mid, dps))
            if (f_mid < 0) == (f_lo < 0):
                lo, f_lo = mid, f_mid
            else:
                hi = mid
    except (EvaluationError, UnsupportedError):
        return None
    return lo, hi


def _narrow(argument, xs, env, lo, hi) -> bool:
    """Does the argument move by 1 across [lo, hi] (a bracket ordinary digits cannot shrink further)?"""
    try:
        values = [mpmath.re(_at(argument, xs, env, t, _refine_dps())) for t in (lo, (lo + hi) / 2, hi)]
    except (EvaluationError, UnsupportedError):
        return False
    return max(values) - min(values) >= 1


def _almost_zero(argument, xs, env, t) -> bool:
    """|B| dips below 1e-6 without a sign change seen: sin(x) - (1 - 10**-30) touches 0 in a 1e-15 window."""
    try:
        return abs(_at(argument, xs, env, t, _refine_dps())) < mpmath.mpf(10) ** -6
    except (EvaluationError, UnsupportedError):
        return False


def _golden(argument, xs, env, lo, hi, *, lowest_modulus: bool = False) -> mpmath.mpf:
    """Where Re A is largest on [lo, hi] (or |Re A| smallest, with ``lowest_modulus``): to ~1e-8 at 20
    digits, then at REFINE_DPS digits when A is narrow there."""
    coarse = _golden_at(argument, xs, env, lo, hi, 20, lowest_modulus)
    centre = (coarse[0] + coarse[1]) / 2
    touches_zero = lowest_modulus and _almost_zero(argument, xs, env, centre)
    if not (touches_zero or _EXTRA_DIGITS.get() or _narrow(argument, xs, env, *coarse)):
        return centre
    fine = _golden_at(argument, xs, env, *coarse, _refine_dps(), lowest_modulus)
    return (fine[0] + fine[1]) / 2


def _golden_at(argument, xs, env, lo, hi, dps: int, lowest_modulus: bool) -> tuple[Number, Number]:
    def score(t):
        value = mpmath.re(_at(argument, xs, env, t, dps))
        return -abs(value) if lowest_modulus else value

    with mpmath.workdps(dps):
        ratio = (mpmath.sqrt(5) - 1) / 2
        try:
            for _ in range(_refine_steps()):
                if hi - lo <= (1 + abs(hi)) * mpmath.mpf(10) ** (-9 if dps <= 20 else 5 - dps):
                    break
                a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
                if score(a) > score(b):
                    hi = b
                else:
                    lo = a
        except (EvaluationError, UnsupportedError):
            pass
        return lo, hi


def _same_place(a: Feature, b: Feature) -> bool:
    if a.kind == "switch":  # relative to the larger: +-1e-100 (a window round 0, round 62) are two
        return abs(a.where - b.where) <= mpmath.mpf(10) ** -_place_digits() * max(abs(a.where), abs(b.where))
    return abs(a.where - b.where) <= min(a.width, b.width) / 10


def _distinct(features: list[Feature]) -> list[Feature]:
    """Drop features at (nearly) the same place, keeping the order and the narrowest of each place."""
    kept: list[Feature] = []
    for feature in features:
        # Switches are kept apart unless they coincide: two 1e-14 apart bound a window that lives between.
        same = [i for i, k in enumerate(kept) if k.kind == feature.kind and _same_place(feature, k)]
        if not same:
            kept.append(feature)
        elif feature.width < kept[same[0]].width:
            kept[same[0]] = feature
    return kept
