"""Numeric identity test: is lhs - rhs zero on some open region of the plane? (The numeric path of
``validators.equivalence``; its module docstring gives the reasoning, this module the mechanics.)

Sample points are drawn from fixed boxes (real intervals and complex quadrants), every other symbol gets
a random positive value, and both sides are evaluated with mpmath (``validators.numeric``) at a precision
fitted to the size of their terms. The outcome is one of: equal on a region (which one), different (with
the disagreeing point as evidence), or undecided (too few points where both sides have a value).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import mpmath
import sympy

from validators.derivative import derivatives_all
from validators.numeric import EvaluationError, evaluate_all, has_non_holomorphic

LOW_DPS = 30  # digits of the first evaluation, raised by the digits of the largest term
ZERO_TOLERANCE = mpmath.mpf(10) ** -20  # relative to the largest term, or absolute when that is > 1
STABLE = mpmath.mpf(10) ** -10  # a difference that agrees to 10 digits at two precisions is real
PRECISION_STEPS = 3  # evaluations per point at most: dps, dps + 40, dps + 80
MAX_EXTRA_DIGITS = 600  # terms beyond 1e600 at a point: skip the point
BISECTION_STEPS = 40  # locating a branch cut on a segment of length < 10 to within 1e-11
JUMP = mpmath.mpf(10) ** 6  # |difference| / tolerance next to a cut: a jump, not a fade-out
MIN_VALID_POINTS = 8  # per region (holomorphic) or in all (real mode)
REAL_MODE_POINTS = 4  # per real region in real mode, where every region must agree
ATTEMPTS_PER_REGION = 14
PARAMETER_RANGE = (0.5, 2.5)

# Functions that are single-valued (entire or meromorphic) in their argument: a tree built only from
# these has no branch cuts, so one confirmed disagreement anywhere proves the sides differ.
_SINGLE_VALUED = frozenset(
    {
        sympy.exp, sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
        sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch, sympy.sinc,
        sympy.erf, sympy.erfc, sympy.erfi, sympy.Si, sympy.Shi, sympy.fresnels, sympy.fresnelc,
        sympy.gamma, sympy.airyai, sympy.airybi,
    }
)  # fmt: skip


@dataclass(frozen=True)
class Region:
    """An open box of the complex plane (a real interval when ``im`` is None) to draw sample points from."""

    name: str
    re: tuple[float, float]
    im: tuple[float, float] | None = None

    def sample(self, rng: random.Random) -> mpmath.mpf | mpmath.mpc:
        real = mpmath.mpf(rng.uniform(*self.re))
        return real if self.im is None else mpmath.mpc(real, rng.uniform(*self.im))


REAL_REGIONS = (
    Region("0<x<1", (0.1, 0.95)),
    Region("x>1", (1.05, 3.5)),
    Region("-1<x<0", (-0.95, -0.1)),
    Region("x<-1", (-3.5, -1.05)),
)
COMPLEX_REGIONS = (
    Region("Re>0,Im>0", (0.1, 2.5), (0.1, 2.5)),
    Region("Re>0,Im<0", (0.1, 2.5), (-2.5, -0.1)),
    Region("Re<0,Im>0", (-2.5, -0.1), (0.1, 2.5)),
    Region("Re<0,Im<0", (-2.5, -0.1), (-2.5, -0.1)),
)
HOLOMORPHIC_REGIONS = REAL_REGIONS[:2] + COMPLEX_REGIONS + REAL_REGIONS[2:]


@dataclass
class Point:
    """One sample point and what was found there."""

    status: str  # "zero" | "nonzero" (confirmed at two precisions) | "unconfirmed" | "invalid"
    env: dict = field(default_factory=dict)
    evidence: dict[str, str] | None = None
    size: mpmath.mpf | None = None  # |difference| / tolerance, when nonzero


@dataclass
class Outcome:
    status: str  # "equal" | "different" | "undecided"
    detail: str
    evidence: dict[str, str] | None = None


def is_single_valued(expr: sympy.Basic) -> bool:
    """True if every function in ``expr`` is entire or meromorphic (no log, roots, inverse trig ...)."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow):
            if not (node.exp.is_Integer or (node.base.is_number and node.base.is_positive)):
                return False
        elif isinstance(node, sympy.Function) and node.func not in _SINGLE_VALUED:
            return False
    return True


class RegionCheck:
    """Sample regions until one proves lhs = rhs there, or every region has failed."""

    def __init__(
        self,
        lhs: sympy.Expr,
        rhs: sympy.Expr,
        x: sympy.Symbol,
        seed: int,
        deadline: float,
        *,
        differentiate_lhs: bool = False,
    ) -> None:
        """Compare ``lhs`` with ``rhs``, or d/dx ``lhs`` with ``rhs`` when ``differentiate_lhs``."""
        self.lhs_terms = list(sympy.Add.make_args(lhs))
        self.rhs_terms = list(sympy.Add.make_args(rhs))
        symbols = lhs.free_symbols | rhs.free_symbols
        self.xs = sorted((s for s in symbols if s.name == x.name), key=sympy.default_sort_key)
        self.parameters = sorted((s for s in symbols if s.name != x.name), key=lambda s: s.name)
        self.real_mode = has_non_holomorphic(lhs, x) or has_non_holomorphic(rhs, x) or x.is_real is True
        self.single_valued = not self.real_mode and is_single_valued(lhs) and is_single_valued(rhs)
        self.regions = REAL_REGIONS if self.real_mode else HOLOMORPHIC_REGIONS
        self.rng = random.Random(seed)
        self.seed = seed
        self.deadline = deadline
        self.first: Point | None = None
        self.differentiate_lhs = differentiate_lhs

    def probe(self) -> Point:
        """The first point of the first region (kept for ``run``): a cheap early look at the sides."""
        for _ in range(3):
            self.first = self._check_point(self._draw(self.regions[0]), self.regions[0].name, confirm=True)
            if self.first.status != "invalid":
                break
        return self.first

    def run(self) -> Outcome:
        if self.real_mode:
            return self._run_real()
        failures: list[Point] = []
        for region in self.regions:
            zeros, failure = self._sample(region, confirm=not failures)
            if failure is None and len(zeros) >= MIN_VALID_POINTS:
                if not failures:
                    return Outcome("equal", f"region {region.name}")
                jump = self._jump_between(failures, zeros[0])
                if jump is not None and jump.status == "zero":
                    return Outcome("equal", f"region {region.name} (a branch cut separates the others)")
                failure = jump if jump is not None and jump.status == "nonzero" else None
            if failure is not None and failure.status == "nonzero":
                failures.append(failure)
                if self.single_valued:
                    break  # no branch cuts: no other region can be different
            if time.perf_counter() > self.deadline:
                break
        return self._different_or_undecided(failures[0] if failures else None)

    def _run_real(self) -> Outcome:
        total_zeros = 0
        for region in self.regions:
            zeros, failure = self._sample(region, confirm=True, enough=REAL_MODE_POINTS)
            if failure is not None:
                return self._different_or_undecided(failure)
            total_zeros += len(zeros)
        if total_zeros >= MIN_VALID_POINTS:
            return Outcome("equal", "every real region")
        return self._different_or_undecided(None)

    def _different_or_undecided(self, failure: Point | None) -> Outcome:
        if failure is not None:
            return Outcome("different", "sides differ", failure.evidence)
        if time.perf_counter() > self.deadline:
            return Outcome("undecided", "over time budget")
        return Outcome("undecided", "too few points where both sides are defined")

    def _draw(self, region: Region) -> dict:
        env = {s: region.sample(self.rng) for s in self.xs}
        env.update({p: mpmath.mpf(self.rng.uniform(*PARAMETER_RANGE)) for p in self.parameters})
        return env

    def _sample(
        self, region: Region, *, confirm: bool, enough: int = MIN_VALID_POINTS
    ) -> tuple[list[dict], Point | None]:
        """Points of ``region`` where the sides agree, up to ``enough``; or the first disagreement.

        Without ``confirm`` (once some other point has confirmed a difference), a point above the
        tolerance at the first precision is enough to fail the region: it saves an evaluation per region.
        """
        zeros: list[dict] = []
        first, self.first = (self.first, None) if region is self.regions[0] else (None, None)
        for _ in range(ATTEMPTS_PER_REGION):
            if len(zeros) >= enough or time.perf_counter() > self.deadline:
                break
            point = first or self._check_point(self._draw(region), region.name, confirm=confirm)
            first = None
            if point.status == "zero":
                zeros.append(point.env)
            elif point.status in ("nonzero", "unconfirmed"):
                return zeros, point
        return zeros, None

    def _jump_between(self, failures: list[Point], zero_env: dict) -> Point | None:
        """Is there a jump (a branch cut) between a failing point and a point of the accepting region?

        A region whose points all agree is proof only if the disagreement elsewhere is a *different
        branch*, not the same nonzero difference that has merely become too small to see (a dropped
        exp(-50*x) is invisible for x > 1). Bisect the segment from the failing point to the agreeing
        one, parameters fixed: across a branch cut the difference drops from a visible size straight to
        zero; a decaying difference fades through the tolerance. Returns a "zero" point for a jump, the
        "nonzero" point next to the fade-out (evidence) for a fade, or None when the segment cannot be
        followed (a singular point on it).
        """
        for failure in failures[:3]:
            start = dict(zero_env)
            start.update({s: failure.env[s] for s in self.xs})
            lo, hi = 0.0, 1.0
            last_nonzero = self._check_point(self._along(start, zero_env, 0.0), "segment", confirm=True)
            if last_nonzero.status != "nonzero":
                continue
            for _ in range(BISECTION_STEPS):
                mid = (lo + hi) / 2
                point = self._check_point(self._along(start, zero_env, mid), "segment", confirm=True)
                if point.status == "invalid":
                    break
                if point.status == "zero":
                    hi = mid
                else:
                    lo, last_nonzero = mid, point
            else:
                return Point("zero") if last_nonzero.size > JUMP else last_nonzero
        return None

    def _along(self, start: dict, end: dict, t: float) -> dict:
        env = dict(end)
        env.update({s: start[s] + t * (end[s] - start[s]) for s in self.xs})
        return env

    def _sides(self, env: dict, dps: int) -> tuple[mpmath.mpc, mpmath.mpc, mpmath.mpf]:
        with mpmath.workdps(dps):
            if self.differentiate_lhs:
                values = derivatives_all(self.lhs_terms, env, self.xs, self.seed)
                values += evaluate_all(self.rhs_terms, env, self.seed)
            else:
                values = evaluate_all(self.lhs_terms + self.rhs_terms, env, self.seed)
            n = len(self.lhs_terms)
            lhs, rhs = mpmath.fsum(values[:n]), mpmath.fsum(values[n:])
            scale = max(abs(v) for v in values)
        return lhs, rhs, scale

    def _check_point(self, env: dict, region: str, *, confirm: bool) -> Point:
        """Is lhs - rhs zero at this point? Decided at a precision fitted to the size of the terms.

        The tolerance is relative to the largest term when the terms are small, and absolute (1e-20)
        when they are large: a wrong answer off by 1 next to terms of size 1e40 must not pass as
        "relatively zero". So the working precision is raised by the number of digits of the largest term,
        which keeps rounding noise near 1e-30 either way. A difference above the tolerance is re-evaluated
        with 40 more digits: the same value twice is a confirmed difference; a value that keeps shrinking
        was cancellation noise inside a term, and is zero once it drops below the tolerance.
        """
        try:
            dps = LOW_DPS
            lhs, rhs, scale = self._sides(env, dps)
            if scale == 0:
                return Point("zero", env)
            extra = max(0, int(mpmath.log10(scale)) + 1)
            if extra > MAX_EXTRA_DIGITS:
                return Point("invalid")
            if extra:
                dps += extra
                lhs, rhs, scale = self._sides(env, dps)
            if self.real_mode and not (_is_real(lhs, scale) and _is_real(rhs, scale)):
                return Point("invalid")  # outside the real domain of the claim
            tolerance = ZERO_TOLERANCE * min(scale, 1)
            previous = None
            for _ in range(PRECISION_STEPS):
                difference = lhs - rhs
                if abs(difference) <= tolerance:
                    return Point("zero", env)
                if not confirm:
                    return Point("unconfirmed", env)
                if previous is not None and abs(difference - previous) <= STABLE * abs(difference):
                    evidence = _evidence(env, region, lhs, rhs, difference)
                    return Point("nonzero", env, evidence, abs(difference) / tolerance)
                previous = difference
                dps += 40
                lhs, rhs, _ = self._sides(env, dps)
        except EvaluationError:
            return Point("invalid")
        return Point("invalid")  # unstable at every precision: do not trust it either way


def _evidence(env: dict, region: str, lhs, rhs, difference) -> dict[str, str]:
    return {
        "region": region,
        "point": ", ".join(f"{s}={mpmath.nstr(v, 12)}" for s, v in env.items()),
        "lhs": mpmath.nstr(lhs, 15),
        "rhs": mpmath.nstr(rhs, 15),
        "difference": mpmath.nstr(difference, 15),
    }


def _is_real(value: mpmath.mpf | mpmath.mpc, scale: mpmath.mpf) -> bool:
    return not isinstance(value, mpmath.mpc) or abs(value.imag) <= ZERO_TOLERANCE * max(scale, 1)
