"""Every real root of a parameter-only argument along one parameter, proved by interval bounds.

Why: ``validators.parameter_roots`` scans a log grid and searches the grid's closest approaches to 0, and a
round-59 adversary hid windows the search does not look at: two peaks between neighbouring grid values, a
bump on a background that is monotone along the grid, a window next to the one searched. Branch and bound
closes that: |a| in [1e-300, 1e300] of either sign is cut into intervals until, on each, the bounds of q
exclude 0 (no root) or the bounds of dq/da do (monotone: one root at most, bisected when the ends differ in
sign). Those are proofs. An interval that shrinks to COINCIDENT relative width undecided (a double root,
a tangency, or a window narrower than that) gives its ends as roots and leaves the scan exhausted, as
does a budget of intervals run out: the plan then says so (the check is undecided, never accepted).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy

from validators.interval_bounds import bounds, interval_precision
from validators.interval_special import EXTRA_BOUNDS
from validators.numeric import Number, real_value

__all__ = ["COINCIDENT", "CertifiedRoots", "certified_roots", "middle"]

DPS = 130
LOWEST, HIGHEST = mpmath.mpf(10) ** -1000, mpmath.mpf(10) ** 1000  # a window at a ~ 1e-306 (round 60)
MAX_INTERVALS = 4000
COINCIDENT = mpmath.mpf(10) ** -100
UNBOUNDED_WIDTH = 10**6  # hi/lo: this narrow, an interval with no bounds is left to sampling (gamma < 0)
ORDINARY_REACH = mpmath.mpf(10) ** 12  # beyond it, an interval with no bounds at all is left to sampling
FINE = mpmath.mpf(10) ** -20  # relative width below which the bounds are taken at DPS digits, not 30
BISECTION_STEPS = 440
MAX_ROOTS = 48
ROUGH_STEPS = 80  # geometric halvings down to a factor 2, then ~2**-65: 20 digits

_SUPPORTED = (
    sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.atan, sympy.Abs, sympy.sinh, sympy.cosh, sympy.sech,
    sympy.tan, sympy.tanh, sympy.asinh, sympy.acosh, sympy.atanh, sympy.asin, sympy.acos, sympy.erf,
    sympy.erfc, sympy.gamma, sympy.sign, sympy.floor, sympy.ceiling,
    *(getattr(sympy, name) for name in EXTRA_BOUNDS),
)  # fmt: skip


@dataclass
class CertifiedRoots:
    roots: list[Number] = field(default_factory=list)
    complete: bool = True  # every root found is proved to be the only sign change nearby
    exhausted: bool = False  # an undecided stretch is left: the budget ran out, or a tangency


def certified_roots(
    argument: sympy.Expr,
    p: sympy.Symbol,
    env: Mapping,
    *,
    precise: bool = False,
    stretches: Sequence[tuple[Number, Number]] = ((LOWEST, HIGHEST),),
    budget: int = MAX_INTERVALS,
    dps: int = DPS,
) -> CertifiedRoots | None:
    """Roots of ``argument`` in ``p`` (the other symbols at ``env``), or None if it uses a function the
    interval bounds do not cover (the caller samples instead). ``precise``: roots bisected to DPS
    digits (an Eq/Ne switches at the root itself), else to about 20. ``stretches``: the ranges of |p|
    searched, on both sides of 0 (0 itself is looked at too); ``budget``: intervals bounded at most;
    ``dps``: the working digits (more for trees with tiny constants: atan(1/x) - pi/2 + 10**-200)."""
    if not _supported(argument):
        return None
    others = {s: env[s] for s in argument.free_symbols if s != p}
    if any(isinstance(v, mpmath.mpc) for v in others.values()):
        return None
    # common factors taken out first: a*s - s has bounds round 0 however narrow the interval (s is
    # bounded twice, independently), (a - 1)*s does not (a CAS's (a - 1)*sqrt((a + 1)/(a - 1)), round 5)
    argument = sympy.factor_terms(argument)
    derivative = sympy.factor_terms(sympy.diff(argument, p))
    result = CertifiedRoots()
    left = [budget]
    with interval_precision(dps), mpmath.workdps(dps):
        box = {s: mpmath.iv.mpf(v) for s, v in others.items()}
        at = {**others}
        for sign in (1, -1):
            for low, high in stretches:
                ends = sorted((sign * mpmath.mpf(low), sign * mpmath.mpf(high)))
                _split(argument, derivative, p, box, at, ends, result, left, precise, dps)
        zero = real_value(argument, {**at, p: mpmath.mpf(0)})
        if zero == 0:
            result.roots.append(mpmath.mpf(0))
    result.roots = sorted(result.roots)[:MAX_ROOTS]
    return result


def _split(
    argument, derivative, p, box, at, ends, result: CertifiedRoots, budget: list[int], precise, dps
) -> None:
    stack = [tuple(ends)]
    while stack:
        lo, hi = stack.pop()
        budget[0] -= 1
        if budget[0] < 0 or len(result.roots) > MAX_ROOTS:  # sin(a): roots without end
            result.complete, result.exhausted = False, True
            return
        width = hi - lo
        fine = width <= FINE * max(abs(lo), abs(hi))
        with interval_precision(dps if fine else 30):
            interval = mpmath.iv.mpf([lo, hi])
            q = bounds(argument, {**box, p: interval})
            if q is not None and (q.a > 0 or q.b < 0):
                continue  # no root here
            dq = bounds(derivative, {**box, p: interval})
        if dq is not None and (dq.a > 0 or dq.b < 0):
            _monotone(argument, p, at, lo, hi, result, precise)
            continue
        if width <= COINCIDENT * max(abs(lo), abs(hi)):
            result.roots += [lo, hi]  # undecided but tiny: both ends sampled, and the inside between them;
            result.exhausted = True  # a tangency cannot be told from a window narrower than the precision
            continue
        if (
            q is None
            and dq is None
            and lo * hi > 0
            and (abs(hi / lo) < UNBOUNDED_WIDTH or min(abs(lo), abs(hi)) > ORDINARY_REACH)
        ):
            result.complete = False  # no bounds even this narrow (or this far out): left to the grid scan
            continue
        cut = middle(lo, hi)
        stack += [(lo, cut), (cut, hi)]


def middle(lo: Number, hi: Number) -> Number:
    """Where to split an interval: the geometric middle of one spanning a factor over 2 (of one sign); a
    half-line from 0 split 1e-30 of its far end from 0 (the interval searches of
    ``validators.parameter_boxes`` start there); else the midpoint."""
    if lo == 0 or hi == 0:
        end = hi if lo == 0 else lo
        return end / mpmath.mpf(10) ** 30 if abs(end) > 1 else end / 2
    if lo * hi > 0 and max(abs(lo), abs(hi)) > 2 * min(abs(lo), abs(hi)):
        return (1 if lo > 0 else -1) * mpmath.sqrt(lo * hi)
    return (lo + hi) / 2


def _monotone(argument, p, at, lo, hi, result: CertifiedRoots, precise: bool) -> None:
    """A monotone stretch holds a root only if its ends differ in sign (or one is 0)."""
    f_lo, f_hi = real_value(argument, {**at, p: lo}), real_value(argument, {**at, p: hi})
    if f_lo is None or f_hi is None:
        result.complete = False  # a domain end inside: sampled instead
        return
    if f_lo == 0 or f_hi == 0:
        result.roots += [end for end, f in ((lo, f_lo), (hi, f_hi)) if f == 0]
        return
    if (f_lo < 0) == (f_hi < 0):
        return
    for _ in range(BISECTION_STEPS if precise else ROUGH_STEPS):
        mid = middle(lo, hi)
        f_mid = real_value(argument, {**at, p: mid})
        if f_mid is None or f_mid == 0 or mid in (lo, hi):
            break
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    result.roots.append((lo + hi) / 2)


def _supported(argument: sympy.Expr) -> bool:
    for node in sympy.preorder_traversal(argument):
        if node.is_Symbol or node.is_Number or node.is_Add or node.is_Mul or node.is_Pow:
            continue
        if node in (sympy.pi, sympy.E) or isinstance(node, _SUPPORTED):
            continue
        return False
    return True
