"""Label every intermediate step of an answer correct / incorrect / unverifiable (process supervision).

Each step is a self-contained claim, so it is checked alone and a wrong step is found even when the final
answer happens to be right (or a right step when the final answer is wrong):

* a derive step claims d/dx(expression) = derivative;
* an integration-by-parts choice, and a solution's steps read together (changes of variable, constant
  multiples): ``validators.solution_labels``;
* a solve step claims: the integral of ``integrand`` is ``result`` (up to a constant), where ``result`` may
  keep unfinished integrals as ``Integral(h, x)``, i.e. d/dx(result) = integrand.

All proofs go through ``validators.equivalence``. A step is UNVERIFIABLE (never INCORRECT) when its text
cannot be parsed or the numeric check cannot decide: we only call a step wrong when we can show it.
Like every check here these functions are pure and synchronous; callers run them under a time limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel

from validators.equivalence import Reason, Verdict, check_antiderivative

__all__ = [
    "StepLabel",
    "StepVerdict",
    "first_error",
    "from_verdict",
    "label_derive_steps",
    "label_solve_steps",
    "verdict_text",
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
        from_verdict(i, check_antiderivative(expression, derivative, variable), "derivative_wrong")
        for i, (expression, derivative) in enumerate(steps)
    ]


def label_solve_steps(steps: Sequence[tuple[str, str]], variable: str = "x") -> list[StepVerdict]:
    """Each (integrand, result): correct iff d/dx result is the integrand (d/dx Integral(h, x) is h)."""
    return [
        from_verdict(i, check_antiderivative(result, integrand, variable), "result_not_antiderivative")
        for i, (integrand, result) in enumerate(steps)
    ]


def first_error(verdicts: Sequence[StepVerdict]) -> int | None:
    """Index of the first INCORRECT step (an unverifiable step is not an error), or None."""
    return next((v.index for v in verdicts if v.label is StepLabel.INCORRECT), None)


def from_verdict(index: int, verdict: Verdict, wrong_reason: str) -> StepVerdict:
    """Correct if established, incorrect with a counterexample, unverifiable otherwise."""
    if verdict.ok:
        return StepVerdict(index=index, label=StepLabel.CORRECT, reason="verified", detail=verdict.detail)
    if verdict.reason is Reason.NOT_EQUIVALENT:
        return StepVerdict(
            index=index, label=StepLabel.INCORRECT, reason=wrong_reason, detail=verdict_text(verdict)
        )
    return StepVerdict(
        index=index, label=StepLabel.UNVERIFIABLE, reason=_unverifiable(verdict), detail=verdict.detail
    )


def _unverifiable(verdict: Verdict) -> str:
    if verdict.reason is Reason.PARSE:
        # Verdict.detail is str(ParseError): "<refusal>: <where>"; keep the refusal's name.
        return f"parse_error:{verdict.detail.split(':', 1)[0]}"
    return str(verdict.reason)


def verdict_text(verdict: Verdict) -> str:
    """A verdict's evidence (the counterexample's point and values) as text, or its detail."""
    if not verdict.evidence:
        return verdict.detail
    return ", ".join(f"{key}={value}" for key, value in verdict.evidence.items())
