"""Prove that two expressions are the same function, and that F is an antiderivative of g (F' - g = 0).

Two paths, cheapest first:

1. Exact (``Method.SYMBOLIC``): the difference is 0 as built, after ``expand``, or after
   ``cancel(together(...))``. Each step runs only under a size guard, because SymPy cannot be interrupted
   in-process and these steps blow up on large inputs. Only sound rewrites are used (no ``force=True``):
   this path may only ever *accept*, and an unsound rewrite could "prove" a wrong pair.

2. Numeric (``Method.NUMERIC``): evaluate both sides with mpmath at 30 significant digits at random points
   of several open regions of the plane, random positive values for every other symbol (parameters,
   constants of integration). Points where a side is undefined or not finite are skipped.

Why regions, and why accepting on one region is sound. Correct antiderivatives are often correct only
where their branch cuts allow: log(x) vs log|x|, sqrt(x-1)*sqrt(x+1) vs sqrt(x**2-1), acosh forms valid
for x > 1 ... So F' - g is in general not zero everywhere, only on some components of the plane minus the
branch cuts. F' - g is holomorphic on each such component, and by the identity theorem a holomorphic
function that vanishes on an open set vanishes on its whole component. So we sample each region
(real intervals x > 1, 0 < x < 1, their mirror images, and the four complex quadrants); if F' - g vanishes
at every valid point of one region, F is an antiderivative of g there and we accept, naming the region in
``detail``. A wrong answer (a perturbed coefficient, a dropped term, sin for cos ...) differs from g on an
open dense set of every region, so it fails everywhere; we reject when no region accepts and some point
shows a confirmed difference, and we return that point as evidence.

Non-holomorphic trees (Abs, sign, re, im, floor, Piecewise with conditions on x ...) break the identity
theorem argument, so for them x is made a *real* symbol before differentiating (d/dx |x| = sign(x), and
SymPy then simplifies soundly with x real), only real points are sampled, points where a side is not real
are outside the real domain and skipped, and we require the difference to vanish at *every* valid point
of every real region. (So "integral of |x| is x**2/2", true only for x > 0, is rejected.)

Robust rejection: a non-zero difference is re-evaluated at 70 digits; it counts only if it is stable
(the same value at both precisions). A difference that shrinks by many orders of magnitude when the
precision grows was cancellation noise, and counts as zero. Tolerances are relative to the largest term
of either side, so huge and tiny functions are judged alike.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from enum import StrEnum

import mpmath
import sympy
from pydantic import BaseModel

from validators.numeric import EvaluationError, UnsupportedError, evaluate_all, has_non_holomorphic

__all__ = [
    "Method",
    "Reason",
    "Verdict",
    "check_antiderivative",
    "check_equal",
    "prove_zero",
]

LOW_DPS = 30
HIGH_DPS = 70
ZERO_TOLERANCE = {LOW_DPS: mpmath.mpf(10) ** -20, HIGH_DPS: mpmath.mpf(10) ** -50}
MIN_VALID_POINTS = 8  # per region (holomorphic) or in all (real mode)
ATTEMPTS_PER_REGION = 14
SOFT_BUDGET_S = 20.0  # stop sampling and answer with what is known; the caller's hard limit is the backstop
EXPAND_MAX_NODES = 400
CANCEL_MAX_NODES = 150
EXPAND_MAX_POWER = 8


class Method(StrEnum):
    SYMBOLIC = "symbolic"
    NUMERIC = "numeric"
    NONE = "none"


class Reason(StrEnum):
    EQUIVALENT = "equivalent"
    NOT_EQUIVALENT = "not_equivalent"
    UNDECIDED = "undecided"  # too few points where both sides could be evaluated
    UNSUPPORTED = "unsupported"  # something in the tree cannot be evaluated (e.g. a leftover Integral)
    PARSE = "parse_error"
    TIMEOUT = "timeout"  # set by callers whose hard time limit fired
    ERROR = "error"


class Verdict(BaseModel):
    """The answer to "are these equal?"; ``ok`` is True only for a proof (exact or numeric) of equality."""

    ok: bool
    reason: Reason
    method: Method
    detail: str = ""
    evidence: dict[str, str] | None = None
    seconds: float = 0.0


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
    Region("0<x<1", (0.05, 0.95)),
    Region("x>1", (1.05, 6.0)),
    Region("-1<x<0", (-0.95, -0.05)),
    Region("x<-1", (-6.0, -1.05)),
)
COMPLEX_REGIONS = (
    Region("Re>0,Im>0", (0.1, 2.5), (0.1, 2.5)),
    Region("Re>0,Im<0", (0.1, 2.5), (-2.5, -0.1)),
    Region("Re<0,Im>0", (-2.5, -0.1), (0.1, 2.5)),
    Region("Re<0,Im<0", (-2.5, -0.1), (-2.5, -0.1)),
)
HOLOMORPHIC_REGIONS = REAL_REGIONS[:2] + COMPLEX_REGIONS + REAL_REGIONS[2:]
PARAMETER_RANGE = (0.5, 2.5)


def prove_zero(expr: sympy.Expr, variable: sympy.Symbol, *, seed: int = 0) -> Verdict:
    """Is ``expr`` identically zero as a function of ``variable`` (on some region, see module doc)?"""
    return _prove(sympy.sympify(expr), sympy.S.Zero, variable, seed, time.perf_counter())


def check_equal(a: str | sympy.Expr, b: str | sympy.Expr, variable: str = "x") -> Verdict:
    """Is ``a`` the same function of ``variable`` as ``b``? Strings are parsed with the safe parser."""
    start = time.perf_counter()
    parsed = _parse_all((a, b), variable, start)
    if isinstance(parsed, Verdict):
        return parsed
    x, (lhs, rhs) = _real_if_needed(sympy.Symbol(variable), parsed)
    return _prove(lhs, rhs, x, 0, start)


def check_antiderivative(
    antiderivative: str | sympy.Expr, integrand: str | sympy.Expr, variable: str = "x"
) -> Verdict:
    """Is d/dx ``antiderivative`` the same function as ``integrand``? (Constants like C vanish in d/dx.)"""
    start = time.perf_counter()
    parsed = _parse_all((antiderivative, integrand), variable, start)
    if isinstance(parsed, Verdict):
        return parsed
    x, (big_f, g) = _real_if_needed(sympy.Symbol(variable), parsed)
    try:
        derivative = sympy.diff(big_f, x)
    except Exception as err:  # SymPy raises many types; each is a failure of this check, not of the caller
        return _verdict(start, False, Reason.ERROR, Method.NONE, f"diff failed: {type(err).__name__}: {err}")
    return _prove(derivative, g, x, 0, start)


def _parse_all(
    items: tuple[str | sympy.Expr, ...], variable: str, start: float
) -> list[sympy.Expr] | Verdict:
    out = []
    for item in items:
        if not isinstance(item, str):
            out.append(sympy.sympify(item, strict=True))  # strict: numbers and SymPy objects, never text
            continue
        from validators.parse import ParseError, parse_math  # lazy: parse.py is a sibling module

        try:
            out.append(parse_math(item, variable))
        except ParseError as err:
            return _verdict(start, False, Reason.PARSE, Method.NONE, str(err))
    return out


def _real_if_needed(x: sympy.Symbol, exprs: list[sympy.Expr]) -> tuple[sympy.Symbol, list[sympy.Expr]]:
    if not any(has_non_holomorphic(e, x) for e in exprs):
        return x, exprs
    real_x = sympy.Symbol(x.name, real=True)
    return real_x, [e.xreplace({x: real_x}) for e in exprs]


def _verdict(
    start: float, ok: bool, reason: Reason, method: Method, detail: str = "", evidence=None
) -> Verdict:
    seconds = round(time.perf_counter() - start, 6)
    return Verdict(ok=ok, reason=reason, method=method, detail=detail, evidence=evidence, seconds=seconds)


def _prove(lhs: sympy.Expr, rhs: sympy.Expr, x: sympy.Symbol, seed: int, start: float) -> Verdict:
    try:
        how = _symbolic_zero(lhs - rhs)
        if how is not None:
            return _verdict(start, True, Reason.EQUIVALENT, Method.SYMBOLIC, how)
        return _NumericCheck(lhs, rhs, x, seed, start).run()
    except UnsupportedError as err:
        return _verdict(start, False, Reason.UNSUPPORTED, Method.NUMERIC, str(err))
    except (RecursionError, MemoryError) as err:
        return _verdict(start, False, Reason.ERROR, Method.NONE, type(err).__name__)


# --- exact path -----------------------------------------------------------------------------------------


def _node_count(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _max_power(expr: sympy.Basic) -> int:
    powers = [abs(int(p.exp)) for p in expr.atoms(sympy.Pow) if p.exp.is_Integer and p.base.is_Add]
    return max(powers, default=0)


def _symbolic_zero(expr: sympy.Expr) -> str | None:
    """Name of the exact step that shows ``expr`` == 0, or None. Sound steps only, each size-guarded."""
    if expr == 0:
        return "structural"
    nodes = _node_count(expr)
    if nodes > EXPAND_MAX_NODES or _max_power(expr) > EXPAND_MAX_POWER:
        return None
    try:
        expanded = sympy.expand(expr)
        if expanded == 0:
            return "expand"
        if nodes <= CANCEL_MAX_NODES and _node_count(expanded) <= CANCEL_MAX_NODES:
            if sympy.cancel(sympy.together(expanded)) == 0:
                return "cancel"
    except Exception:  # a failed rewrite proves nothing; the numeric path decides
        return None
    return None


# --- numeric path ---------------------------------------------------------------------------------------


@dataclass
class _Point:
    status: str  # "zero" | "nonzero" | "invalid"
    evidence: dict[str, str] | None = None


class _NumericCheck:
    """Sample regions until one proves equality, or every region has failed (see module docstring)."""

    def __init__(self, lhs: sympy.Expr, rhs: sympy.Expr, x: sympy.Symbol, seed: int, start: float) -> None:
        self.lhs_terms = list(sympy.Add.make_args(lhs))
        self.rhs_terms = list(sympy.Add.make_args(rhs))
        symbols = lhs.free_symbols | rhs.free_symbols
        self.xs = [s for s in symbols if s.name == x.name]
        self.parameters = sorted((s for s in symbols if s.name != x.name), key=lambda s: s.name)
        self.real_mode = has_non_holomorphic(lhs, x) or has_non_holomorphic(rhs, x) or x.is_real is True
        self.rng = random.Random(seed)
        self.seed = seed
        self.start = start

    def run(self) -> Verdict:
        if self.real_mode:
            return self._run_real()
        evidence = None
        for region in HOLOMORPHIC_REGIONS:
            zeros, failure = self._sample(region, stop_on_nonzero=True)
            if failure is None and zeros >= MIN_VALID_POINTS:
                return _verdict(self.start, True, Reason.EQUIVALENT, Method.NUMERIC, f"region {region.name}")
            evidence = evidence or failure
            if self._over_budget():
                break
        return self._reject_or_undecided(evidence)

    def _run_real(self) -> Verdict:
        total_zeros = 0
        for region in REAL_REGIONS:
            zeros, failure = self._sample(region, stop_on_nonzero=True)
            if failure is not None:
                return self._reject_or_undecided(failure)
            total_zeros += zeros
        if total_zeros >= MIN_VALID_POINTS:
            return _verdict(self.start, True, Reason.EQUIVALENT, Method.NUMERIC, "every real region")
        return self._reject_or_undecided(None)

    def _reject_or_undecided(self, evidence: dict[str, str] | None) -> Verdict:
        if evidence is not None:
            return _verdict(
                self.start, False, Reason.NOT_EQUIVALENT, Method.NUMERIC, "sides differ", evidence=evidence
            )
        detail = "over time budget" if self._over_budget() else "too few points where both sides are defined"
        return _verdict(self.start, False, Reason.UNDECIDED, Method.NUMERIC, detail)

    def _over_budget(self) -> bool:
        return time.perf_counter() - self.start > SOFT_BUDGET_S

    def _sample(self, region: Region, *, stop_on_nonzero: bool) -> tuple[int, dict[str, str] | None]:
        zeros = 0
        for _ in range(ATTEMPTS_PER_REGION):
            if zeros >= MIN_VALID_POINTS or self._over_budget():
                break
            env = {s: region.sample(self.rng) for s in self.xs}
            env.update({p: mpmath.mpf(self.rng.uniform(*PARAMETER_RANGE)) for p in self.parameters})
            point = self._check_point(env, region)
            if point.status == "zero":
                zeros += 1
            elif point.status == "nonzero" and stop_on_nonzero:
                return zeros, point.evidence
        return zeros, None

    def _sides(self, env: dict, dps: int) -> tuple[mpmath.mpc, mpmath.mpc, mpmath.mpf]:
        with mpmath.workdps(dps):
            values = evaluate_all(self.lhs_terms + self.rhs_terms, env, self.seed)
            n = len(self.lhs_terms)
            lhs, rhs = mpmath.fsum(values[:n]), mpmath.fsum(values[n:])
            scale = max(abs(v) for v in values)
        return lhs, rhs, scale

    def _check_point(self, env: dict, region: Region) -> _Point:
        try:
            lhs, rhs, scale = self._sides(env, LOW_DPS)
            if self.real_mode and not (_is_real(lhs, scale) and _is_real(rhs, scale)):
                return _Point("invalid")  # outside the real domain of the claim
            if scale == 0 or abs(lhs - rhs) <= ZERO_TOLERANCE[LOW_DPS] * scale:
                return _Point("zero")
            lhs2, rhs2, scale2 = self._sides(env, HIGH_DPS)
        except EvaluationError:
            return _Point("invalid")
        diff_low, diff_high = lhs - rhs, lhs2 - rhs2
        if scale2 == 0 or abs(diff_high) <= ZERO_TOLERANCE[HIGH_DPS] * scale2:
            return _Point("zero")
        if abs(diff_high) <= mpmath.mpf(10) ** -25 * abs(diff_low):
            return _Point("zero")  # the difference was cancellation noise: it shrank with the precision
        if abs(diff_high - diff_low) <= mpmath.mpf(10) ** -10 * abs(diff_high):
            point = ", ".join(f"{s}={mpmath.nstr(v, 12)}" for s, v in env.items())
            return _Point(
                "nonzero",
                {
                    "region": region.name,
                    "point": point,
                    "lhs": mpmath.nstr(lhs2, 15),
                    "rhs": mpmath.nstr(rhs2, 15),
                    "difference": mpmath.nstr(diff_high, 15),
                },
            )
        return _Point("invalid")  # unstable value: do not trust it either way


def _is_real(value: mpmath.mpf | mpmath.mpc, scale: mpmath.mpf) -> bool:
    return not isinstance(value, mpmath.mpc) or abs(value.imag) <= ZERO_TOLERANCE[LOW_DPS] * max(scale, 1)
