"""Prove that two expressions are the same function, and that F is an antiderivative of g (F' - g = 0).

Two paths:

1. Exact (``Method.SYMBOLIC``): the difference is 0 as built, after ``expand``, or (rational functions
   only) after ``cancel(together(...))``. Each step runs under a size guard, because SymPy cannot be
   interrupted in-process and these steps blow up on large inputs. Only sound rewrites are used (no
   ``force=True``): this path may only ever *accept*, and an unsound rewrite could "prove" a wrong pair.
   It is tried after one numeric point: a confirmed difference there means no rewrite can reach 0.

2. Numeric (``Method.NUMERIC``, ``validators.regions``): evaluate both sides with mpmath at 30+ significant
   digits at random points of several open regions of the plane, random positive values for every other
   symbol (parameters, constants of integration). Points where a side is undefined or not finite are
   skipped. For ``check_antiderivative`` this path comes *first* and differentiates F numerically along
   its tree (``validators.derivative``): building F' with ``sympy.diff`` was measured to cost more than
   the whole numeric check, so it is only done when the numeric path cannot decide.

Why regions, and why accepting on one region is sound. Correct antiderivatives are often correct only
where their branch cuts allow: log(x) vs log|x|, sqrt(x-1)*sqrt(x+1) vs sqrt(x**2-1), acosh forms valid
for x > 1 ... So F' - g is in general not zero everywhere, only on some components of the plane minus the
branch cuts. F' - g is holomorphic on each such component, and by the identity theorem a holomorphic
function that vanishes on an open set vanishes on its whole component. So we sample each region (real
intervals 0 < x < 1, 1 < x < 3.5, their mirror images, and four complex boxes, one per quadrant); if
F' - g vanishes at every valid point of one region, F is an antiderivative of g there and we accept,
naming the region in ``detail``. A wrong answer (a perturbed coefficient, a dropped term, sin for cos ...)
differs from g on an open dense set of every region, so it fails everywhere; we reject when no region
accepts and some point shows a confirmed difference, and we return that point as evidence. When a region
accepts after others failed, we also check that a *jump* (a branch cut) separates them, not a difference
that merely fades below the tolerance (a dropped exp(-50*x) is invisible for x > 1): see
``RegionCheck._jump_between``. Trees with no multivalued function (no log, roots, inverse trig ...) have
no cuts, so one confirmed difference rejects them at once.

Non-holomorphic trees (Abs, sign, re, im, floor, Piecewise with conditions on x ...) break the identity
theorem argument, so for them x is made a *real* symbol before differentiating (d/dx |x| = sign(x), and
SymPy then simplifies soundly with x real), only real points are sampled, points where a side is not real
are outside the real domain and skipped, and we require the difference to vanish at *every* valid point
of every real region. (So "integral of |x| is x**2/2", true only for x > 0, is rejected.)

Tolerance and precision (``RegionCheck._check_point``): zero means below 1e-20 times the largest term
when terms are small, and below 1e-20 absolutely when they are large (off by 1 next to terms of size
1e40 is wrong, not "relatively zero"); the working precision is 30 digits plus the digits of the largest
term, so rounding noise stays far below the tolerance. Robust rejection: a difference above the tolerance
is re-evaluated with 40 more digits and counts only if it is the same value twice; one that keeps
shrinking was cancellation noise and is zero once below the tolerance.

Limits, stated plainly: a difference below 1e-20 at every sample point of a region, with no visible
difference anywhere else sampled, is accepted (e.g. sin(x) vs sin(x) + 1e-30); and an answer correct only
on a region that none of the eight boxes fits inside is rejected (a rare false negative).
"""

from __future__ import annotations

import time
from enum import StrEnum

import sympy
from pydantic import BaseModel

from validators.numeric import UnsupportedError, has_non_holomorphic
from validators.regions import Outcome, RegionCheck

__all__ = [
    "Method",
    "Reason",
    "Verdict",
    "check_antiderivative",
    "check_equal",
    "prove_zero",
]

SOFT_BUDGET_S = 6.0  # stop sampling and answer with what is known, inside a typical 10 s hard limit
EXPAND_MAX_NODES = 400
CANCEL_MAX_NODES = 150  # cancel only rational functions: elsewhere it cost more than the numeric path
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
    UNFINISHED = "unfinished_integral"  # a final answer that still holds an Integral or Derivative
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
    """Is d/dx ``antiderivative`` the same function as ``integrand``? (Constants like C vanish in d/dx.)

    F' is not built symbolically first: the region check differentiates F numerically along its tree
    (``validators.derivative``), which measured cheaper than ``sympy.diff`` alone. Only when that cannot
    decide (a piece it cannot differentiate, too few valid points) is F' built with ``sympy.diff`` and
    the exact steps tried.
    """
    start = time.perf_counter()
    parsed = _parse_all((antiderivative, integrand), variable, start)
    if isinstance(parsed, Verdict):
        return parsed
    x, (big_f, g) = _real_if_needed(sympy.Symbol(variable), parsed)
    try:
        check = RegionCheck(big_f, g, x, 0, start + SOFT_BUDGET_S, differentiate_lhs=True)
        outcome = check.run()
        if outcome.status != "undecided":
            return _from_outcome(start, outcome)
    except UnsupportedError:
        pass  # e.g. x*Integral(h, x): its derivative needs the symbolic route
    except (RecursionError, MemoryError) as err:
        return _verdict(start, False, Reason.ERROR, Method.NONE, type(err).__name__)
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


_OUTCOME_REASONS = {"equal": Reason.EQUIVALENT, "different": Reason.NOT_EQUIVALENT}


def _prove(lhs: sympy.Expr, rhs: sympy.Expr, x: sympy.Symbol, seed: int, start: float) -> Verdict:
    """Exact steps first, but only after one numeric point: a confirmed difference there means no
    rewrite can reach 0, so wrong answers skip the (costly, useless) expand/cancel attempts."""
    try:
        difference = lhs - rhs
        if difference == 0:
            return _verdict(start, True, Reason.EQUIVALENT, Method.SYMBOLIC, "structural")
        check = RegionCheck(lhs, rhs, x, seed, deadline=start + SOFT_BUDGET_S)
        if check.probe().status != "nonzero":
            how = _symbolic_zero(difference)
            if how is not None:
                return _verdict(start, True, Reason.EQUIVALENT, Method.SYMBOLIC, how)
        outcome = check.run()
    except UnsupportedError as err:
        return _verdict(start, False, Reason.UNSUPPORTED, Method.NUMERIC, str(err))
    except (RecursionError, MemoryError) as err:
        return _verdict(start, False, Reason.ERROR, Method.NONE, type(err).__name__)
    return _from_outcome(start, outcome)


def _from_outcome(start: float, outcome: Outcome) -> Verdict:
    reason = _OUTCOME_REASONS.get(outcome.status, Reason.UNDECIDED)
    ok = reason is Reason.EQUIVALENT
    return _verdict(start, ok, reason, Method.NUMERIC, outcome.detail, outcome.evidence)


# --- exact path -----------------------------------------------------------------------------------------


def _node_count(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _max_power(expr: sympy.Basic) -> int:
    powers = [abs(int(p.exp)) for p in expr.atoms(sympy.Pow) if p.exp.is_Integer and p.base.is_Add]
    return max(powers, default=0)


def _is_rational(expr: sympy.Basic) -> bool:
    """A rational function of its symbols (integer powers only), where ``cancel`` is a fast, exact proof."""
    return all(
        isinstance(node, sympy.Symbol | sympy.Number | sympy.Add | sympy.Mul)
        or (isinstance(node, sympy.Pow) and node.exp.is_Integer)
        for node in sympy.preorder_traversal(expr)
    )


def _symbolic_zero(expr: sympy.Expr) -> str | None:
    """Name of the exact step that shows ``expr`` == 0, or None. Sound steps only, each size-guarded."""
    nodes = _node_count(expr)
    if nodes > EXPAND_MAX_NODES or _max_power(expr) > EXPAND_MAX_POWER:
        return None
    try:
        expanded = sympy.expand(expr)
        if expanded == 0:
            return "expand"
        small = nodes <= CANCEL_MAX_NODES and _node_count(expanded) <= CANCEL_MAX_NODES
        if small and _is_rational(expanded) and sympy.cancel(sympy.together(expanded)) == 0:
            return "cancel"
    except Exception:  # a failed rewrite proves nothing; the numeric path decides
        return None
    return None
