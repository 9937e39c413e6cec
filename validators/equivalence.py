"""Establish that two expressions are the same function, and that F is an antiderivative of g (F' - g = 0).

What "verified" means here, in one sentence: **F' - g vanishes at every point where the claim must hold**
— every real x where the integrand g is real and finite, and every complex x as well when no branch cut is
involved — either proved by algebra or shown numerically at points chosen so that a near-miss cannot hide.
Equivalently, F differs from a true antiderivative by a piecewise constant (so -atan(1/x) for 1/(1 + x**2)
and log(abs(x)) for 1/x pass), and an answer right on part of g's real domain only is rejected with a
counterexample (acosh(x) for 1/sqrt(x**2 - 1) fails at x = -2: it is the antiderivative of -g there).

Two methods, always named in the verdict:

1. ``Method.SYMBOLIC`` — a proof: the difference is 0 as built, after SymEngine's ``expand``, or after
   ``cancel`` with the non-rational pieces as independent symbols (``validators.symbolic``).
2. ``Method.NUMERIC`` — evidence, not proof (zero-equivalence is undecidable in general): F' - g is
   evaluated with mpmath at 30+ digits over the whole real line (unit boxes, |x| up to 10^4), at the
   features of the trees (peaks of exp arguments, both sides of every Abs/sign/Heaviside/Piecewise switch,
   zeros of denominators), and, for holomorphic trees, at complex points with imaginary parts comparable
   to the real spread; the tolerance is a relative 1e-20 tightened by the digits of the smallest constant
   (``validators.sample_points``). The verdict's ``coverage`` says how many points of each kind agreed.
   A difference at a point where the claim must hold, confirmed at two precisions, is a counterexample:
   ``NOT_EQUIVALENT`` with the point as ``evidence``. A difference only where a branch cut can explain it
   (complex points of multivalued trees) is excused only across a detected jump, else the check is
   ``UNDECIDED`` — never "accepted because one region agreed" (``validators.numeric_check``).

Non-holomorphic trees (Abs, sign, Piecewise conditions on x ...) make x a *real* symbol and are sampled on
the real line only (and may be proved with Abs/sign split into independent signs, ``validators.sign_split``).
Every term of the sides, and every x-term of every sum inside them, must be *seen* at one agreeing point
(stand above the tolerance there, after tightening it up to 400 digits): a term no point sees makes the
check undecided, never accepted (``NumericCheck._unseen_digits``, ``validators.inner_terms``). Limits,
stated plainly: a difference hidden where no term of any sum shows it (inside a function argument that is
not a sum, at a place no feature marks) can still be missed, and a tree whose constants are below 1e-750 is
undecided.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

import sympy
from pydantic import BaseModel

from validators.fast_equivalence import (
    confirmed_at_probe,
    fast_antiderivative,
    fast_equal,
    remembered,
)
from validators.hidden_constants import vanishing_constant
from validators.numeric import UnsupportedError, has_non_holomorphic
from validators.numeric_check import NumericCheck, Outcome
from validators.proof_guard import no_value_point, proof_withheld
from validators.symbolic import (
    exact_zero,
    exact_zero_split,
    prove_antiderivative,
    prove_antiderivative_split,
)

__all__ = [
    "Method",
    "Reason",
    "Verdict",
    "check_antiderivative",
    "check_equal",
    "prove_zero",
]

SOFT_BUDGET_S = 8.0  # stop sampling and answer "undecided" with what is known, inside a 10 s hard limit


class Method(StrEnum):
    SYMBOLIC = "symbolic"  # proved by algebra
    NUMERIC = "numeric"  # numeric evidence (see ``coverage``), not a proof
    NONE = "none"


class Reason(StrEnum):
    EQUIVALENT = "equivalent"
    NOT_EQUIVALENT = "not_equivalent"
    UNDECIDED = "undecided"  # neither a counterexample nor enough agreement (see detail)
    UNSUPPORTED = "unsupported"  # something in the tree cannot be evaluated (e.g. a leftover Integral)
    UNFINISHED = "unfinished_integral"  # a final answer that still holds an Integral or Derivative
    PARSE = "parse_error"
    TIMEOUT = "timeout"  # set by callers whose hard time limit fired
    ERROR = "error"


class Verdict(BaseModel):
    """The answer to "are these equal?"; ``ok`` only when established (symbolic proof or numeric evidence).

    ``evidence`` is the counterexample of a NOT_EQUIVALENT verdict; ``coverage`` the points, digits and
    tolerance of a numeric one.
    """

    ok: bool
    reason: Reason
    method: Method
    detail: str = ""
    evidence: dict[str, str] | None = None
    coverage: dict[str, Any] | None = None
    seconds: float = 0.0


def prove_zero(expr: sympy.Expr, variable: sympy.Symbol, *, seed: int = 0) -> Verdict:
    """Is ``expr`` identically zero as a function of ``variable`` (see the module doc)?"""
    return _prove(sympy.sympify(expr), sympy.S.Zero, variable, seed, time.perf_counter())


def check_equal(a: str | sympy.Expr, b: str | sympy.Expr, variable: str = "x") -> Verdict:
    """Is ``a`` the same function of ``variable`` as ``b``? ``b`` is the reference (its real domain counts).

    Strings are parsed with the safe parser."""
    return remembered("equal", a, b, variable, lambda: _check_equal(a, b, variable))


def _check_equal(a: str | sympy.Expr, b: str | sympy.Expr, variable: str) -> Verdict:
    start = time.perf_counter()
    parsed = _parse_all((a, b), variable, start)
    if isinstance(parsed, Verdict):
        return parsed
    x, (lhs, rhs) = _real_if_needed(sympy.Symbol(variable), parsed)
    fast = fast_equal(lhs, rhs, x, start)  # proved by the exact route where it is a proof, else None
    return fast if fast is not None else _prove(lhs, rhs, x, 0, start)


def check_antiderivative(
    antiderivative: str | sympy.Expr, integrand: str | sympy.Expr, variable: str = "x"
) -> Verdict:
    """Is d/dx ``antiderivative`` the same function as ``integrand``? (Constants like C vanish in d/dx.)

    The exact path differentiates with SymEngine; the numeric path differentiates F along its tree at each
    point (``validators.derivative``), so it also covers what SymEngine cannot represent.
    """
    return remembered(
        "antiderivative", antiderivative, integrand, variable,
        lambda: _check_antiderivative(antiderivative, integrand, variable),
    )  # fmt: skip


def _check_antiderivative(
    antiderivative: str | sympy.Expr, integrand: str | sympy.Expr, variable: str
) -> Verdict:
    start = time.perf_counter()
    parsed = _parse_all((antiderivative, integrand), variable, start)
    if isinstance(parsed, Verdict):
        return parsed
    x, (big_f, g) = _real_if_needed(sympy.Symbol(variable), parsed)
    fast = fast_antiderivative(big_f, g, x, start)  # proved by the exact route where it is a proof
    if fast is not None:
        return fast
    if (unseen := _constant_no_sample_sees([big_f, g], x)) is not None:
        return _verdict(start, False, Reason.UNDECIDED, Method.NONE, unseen)
    try:
        check = NumericCheck(big_f, g, x, 0, start + SOFT_BUDGET_S, differentiate_lhs=True)
        if check.probe().status != "nonzero":
            how = prove_antiderivative(big_f, g, x) or prove_antiderivative_split(big_f, g, x)
            if how is not None and (withheld := _withheld(big_f, g, x, start, how)) is not True:
                return withheld
        outcome = confirmed_at_probe(check) or check.run()
        if outcome.status != "undecided" or not big_f.has(sympy.Derivative, sympy.Subs):
            return _from_outcome(start, outcome, (big_f, g, x))
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
    start: float, ok: bool, reason: Reason, method: Method, detail: str = "", evidence=None, coverage=None
) -> Verdict:
    seconds = round(time.perf_counter() - start, 6)
    return Verdict(
        ok=ok, reason=reason, method=method, detail=detail, evidence=evidence, coverage=coverage,
        seconds=seconds,
    )  # fmt: skip


_OUTCOME_REASONS = {"equal": Reason.EQUIVALENT, "different": Reason.NOT_EQUIVALENT}


def _prove(lhs: sympy.Expr, rhs: sympy.Expr, x: sympy.Symbol, seed: int, start: float) -> Verdict:
    """Exact steps first, but only after one numeric point: a confirmed difference there means no
    rewrite can reach 0, so wrong answers skip the (useless) algebra."""
    try:
        difference = lhs - rhs
        if difference == 0:
            return _verdict(start, True, Reason.EQUIVALENT, Method.SYMBOLIC, "structural")
        if (unseen := _constant_no_sample_sees([lhs, rhs], x)) is not None:
            return _verdict(start, False, Reason.UNDECIDED, Method.NONE, unseen)
        check = NumericCheck(lhs, rhs, x, seed, deadline=start + SOFT_BUDGET_S)
        if check.probe().status != "nonzero":
            how = exact_zero(difference) or exact_zero_split(difference, x)
            if how is not None and (withheld := _withheld(lhs, rhs, x, start, how)) is not True:
                return withheld
        outcome = check.run()
    except UnsupportedError as err:
        return _verdict(start, False, Reason.UNSUPPORTED, Method.NUMERIC, str(err))
    except (RecursionError, MemoryError) as err:
        return _verdict(start, False, Reason.ERROR, Method.NONE, type(err).__name__)
    return _from_outcome(start, outcome, (lhs, rhs, x))


def _withheld(
    answer: sympy.Expr, reference: sympy.Expr, x: sympy.Symbol, start: float, how: str | None = None
) -> Verdict | bool:
    """The verdict once the algebra has shown the two sides equal: the proof, or undecided when the answer
    has no value somewhere the reference is real (the numeric path would only find the same points, its
    "equal" is withheld for the same reason, and F' = g by algebra leaves it no counterexample), or True
    when the proof is withheld for a disguised constant alone (the numeric path then decides)."""
    if (missing := no_value_point(answer, reference, x)) is not None:
        return _verdict(
            start, False, Reason.UNDECIDED, Method.NONE, f"equal by algebra where it has values; {missing}"
        )
    if proof_withheld(answer, reference, x) is not None:
        return True
    return _verdict(start, True, Reason.EQUIVALENT, Method.SYMBOLIC, how)


def _constant_no_sample_sees(exprs: list[sympy.Expr], x: sympy.Symbol) -> str | None:
    """A constant in disguise free of x at a singular place (``1/(sin(1)**2 + cos(1)**2 - 1)``,
    ``log(atan(a) + acot(a) + pi/2)``): whether the answer has a value there does not depend on x, so no
    choice of points decides it, and its derivative in x is 0 whatever it is. Undecided, never accepted."""
    hidden = vanishing_constant(exprs, x)
    if hidden is None or hidden.has(x):
        return None
    return (
        f"a constant in disguise free of {x} at a singular place ({str(hidden)[:80]}): it may have no value"
    )


def _from_outcome(start: float, outcome: Outcome, sides: tuple | None = None) -> Verdict:
    """The numeric verdict; "equal" only if the answer also has its values at the guard's points
    (``validators.proof_guard.no_value_point``): else undecided, never accepted."""
    if outcome.status == "equal" and sides is not None and (missing := no_value_point(*sides)) is not None:
        return _verdict(start, False, Reason.UNDECIDED, Method.NUMERIC, missing, None, outcome.coverage)
    reason = _OUTCOME_REASONS.get(outcome.status, Reason.UNDECIDED)
    ok = reason is Reason.EQUIVALENT
    return _verdict(start, ok, reason, Method.NUMERIC, outcome.detail, outcome.evidence, outcome.coverage)
