"""Label every intermediate step of an answer correct / incorrect / unverifiable (process supervision).

Each step is a self-contained claim, so it is checked alone and a wrong step is found even when the final
answer happens to be right (or a right step when the final answer is wrong):

* a derive step claims d/dx(expression) = derivative;
* an integration-by-parts choice (u, dv, du, v) claims du = u', v' = dv and that u*dv is an integrand the
  solution is working on;
* a solve step claims: the integral of ``integrand`` is ``result`` (up to a constant), where ``result`` may
  keep unfinished integrals as ``Integral(h, x)``, i.e. d/dx(result) = integrand.

All proofs go through ``validators.equivalence``. A step is UNVERIFIABLE (never INCORRECT) when its text
cannot be parsed or the numeric check cannot decide: we only call a step wrong when we can show it.
Like every check here these functions are pure and synchronous; callers run them under a time limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import sympy
from pydantic import BaseModel

from validators.equivalence import Method, Reason, Verdict, check_antiderivative, check_equal

__all__ = [
    "StepLabel",
    "StepVerdict",
    "first_error",
    "label_derive_steps",
    "label_parts",
    "label_solve_steps",
]


class StepLabel(StrEnum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    UNVERIFIABLE = "unverifiable"


class StepVerdict(BaseModel):
    """The label of step ``index`` (0-based), why (a snake_case name), and the checker's detail."""

    index: int
    label: StepLabel
    reason: str
    detail: str = ""


def label_derive_steps(steps: Sequence[tuple[str, str]], variable: str = "x") -> list[StepVerdict]:
    """Each (expression, derivative): correct iff d/dx expression is the same function as derivative."""
    return [
        _from_verdict(i, check_antiderivative(expression, derivative, variable), "derivative_wrong")
        for i, (expression, derivative) in enumerate(steps)
    ]


def label_solve_steps(steps: Sequence[tuple[str, str]], variable: str = "x") -> list[StepVerdict]:
    """Each (integrand, result): correct iff d/dx result is the integrand (d/dx Integral(h, x) is h)."""
    return [
        _from_verdict(i, check_antiderivative(result, integrand, variable), "result_not_antiderivative")
        for i, (integrand, result) in enumerate(steps)
    ]


def label_parts(
    parts: Sequence[tuple[str, str, str, str]], integrands: Sequence[str], variable: str = "x"
) -> list[StepVerdict]:
    """Each (u, dv, du, v): du = u', v' = dv, and u*dv is one of ``integrands`` or a term of one of them.

    ``integrands`` are the integrals the solution works on (the problem's integrand and the integrands of
    its steps); their terms are added here, since parts is often applied to one term of a sum. Every
    failed condition is named in ``reason`` (comma-separated): du_not_derivative_of_u, v_prime_not_dv,
    u_dv_not_integrand.
    """
    candidates = _integrand_candidates(integrands, variable)
    return [_label_one_part(i, part, candidates, variable) for i, part in enumerate(parts)]


def first_error(verdicts: Sequence[StepVerdict]) -> int | None:
    """Index of the first INCORRECT step (an unverifiable step is not an error), or None."""
    return next((v.index for v in verdicts if v.label is StepLabel.INCORRECT), None)


def _from_verdict(index: int, verdict: Verdict, wrong_reason: str) -> StepVerdict:
    if verdict.ok:
        return StepVerdict(index=index, label=StepLabel.CORRECT, reason="verified", detail=verdict.detail)
    if verdict.reason is Reason.NOT_EQUIVALENT:
        return StepVerdict(index=index, label=StepLabel.INCORRECT, reason=wrong_reason, detail=_why(verdict))
    return StepVerdict(
        index=index, label=StepLabel.UNVERIFIABLE, reason=_unverifiable(verdict), detail=verdict.detail
    )


def _unverifiable(verdict: Verdict) -> str:
    if verdict.reason is Reason.PARSE:
        # Verdict.detail is str(ParseError): "<refusal>: <where>"; keep the refusal's name.
        return f"parse_error:{verdict.detail.split(':', 1)[0]}"
    return str(verdict.reason)


def _why(verdict: Verdict) -> str:
    if not verdict.evidence:
        return verdict.detail
    return ", ".join(f"{key}={value}" for key, value in verdict.evidence.items())


def _integrand_candidates(integrands: Sequence[str], variable: str) -> list[str | sympy.Expr]:
    from validators.parse import ParseError, parse_math

    candidates: list[str | sympy.Expr] = []
    for text in integrands:
        candidates.append(text)
        try:
            terms = sympy.Add.make_args(parse_math(text, variable))
        except ParseError:
            continue  # the whole text stays a candidate; check_equal reports its parse error if needed
        if len(terms) > 1:
            candidates.extend(terms)
    return candidates


def _label_one_part(
    index: int, part: tuple[str, str, str, str], candidates: Sequence[str | sympy.Expr], variable: str
) -> StepVerdict:
    from validators.parse import ParseError, parse_math

    names = ("u", "dv", "du", "v")
    parsed: dict[str, sympy.Expr] = {}
    for name, text in zip(names, part, strict=True):
        try:
            parsed[name] = parse_math(text, variable)
        except ParseError as err:
            return StepVerdict(
                index=index,
                label=StepLabel.UNVERIFIABLE,
                reason=f"parse_error:{err.reason}",
                detail=f"{name}: {err}",
            )
    checks = {
        "du_not_derivative_of_u": check_antiderivative(parsed["u"], parsed["du"], variable),
        "v_prime_not_dv": check_antiderivative(parsed["v"], parsed["dv"], variable),
    }
    if candidates:  # with no integrand given there is nothing to compare u*dv with
        checks["u_dv_not_integrand"] = _matches_any(parsed["u"] * parsed["dv"], candidates, variable)
    failed = [name for name, verdict in checks.items() if verdict.reason is Reason.NOT_EQUIVALENT]
    undecided = [name for name, verdict in checks.items() if not verdict.ok and name not in failed]
    if failed:
        detail = "; ".join(f"{name}: {_why(checks[name])}" for name in failed)
        return StepVerdict(index=index, label=StepLabel.INCORRECT, reason=",".join(failed), detail=detail)
    if undecided:
        detail = "; ".join(f"{name}: {checks[name].reason} {checks[name].detail}" for name in undecided)
        return StepVerdict(index=index, label=StepLabel.UNVERIFIABLE, reason="undecided", detail=detail)
    return StepVerdict(index=index, label=StepLabel.CORRECT, reason="verified")


def _matches_any(product: sympy.Expr, candidates: Sequence[str | sympy.Expr], variable: str) -> Verdict:
    """The first candidate equal to u*dv, else a NOT_EQUIVALENT verdict (or the first undecided one)."""
    undecided: Verdict | None = None
    for candidate in candidates:
        verdict = check_equal(product, candidate, variable)
        if verdict.ok:
            return verdict
        if verdict.reason is not Reason.NOT_EQUIVALENT and undecided is None:
            undecided = verdict
    if undecided is not None:
        return undecided
    detail = f"u*dv = {product} matches none of {len(candidates)} integrand(s)"
    return Verdict(ok=False, reason=Reason.NOT_EQUIVALENT, method=Method.NUMERIC, detail=detail)
