"""The SymPy half of scoring a solution: module-level functions that run inside a time-limited worker.

Callers never call these in-process on untrusted text: they go through ``validators.limits.CheckPool``
(``pipeline.rewards.trl`` and the exports do), so a check that hangs is killed and scores 0. Each
function returns a plain record and never raises for bad math: a wrong answer is a verdict.

The final answer must be a finished antiderivative. ``check_antiderivative`` alone would accept
``Integral(g, x) + C`` (its derivative is g by definition), which a policy trained on that reward learns
to write within a few steps; so an answer that still holds an ``Integral`` or ``Derivative`` is refused
here before the derivative-back check runs.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from pipeline.rewards.components import has_constant_of_integration
from pipeline.rewards.solution_text import Layout, read_solution
from validators.final import check_final_antiderivative
from validators.parse import ParseError, parse_math
from validators.solution_labels import label_solution


class FinalAnswerVerdict(BaseModel):
    """Is this text a finished antiderivative of the integrand? ``reason`` names why not."""

    ok: bool
    parses: bool
    reason: str = Field(description="equivalent, not_equivalent, unevaluated_integral, parse_error:..., ...")
    detail: str = ""


class SolutionScore(BaseModel):
    """Everything the rewards need to know about one solution, proved in a worker."""

    layout: Layout = "none"
    answer_found: bool = False
    answer_parses: bool = False
    has_constant: bool = False
    correct: bool = False
    final_reason: str = "no_answer"
    steps_checked: bool = False
    step_labels: list[str] = Field(
        default_factory=list, description="correct/incorrect/unverifiable, reading order"
    )
    failure: str | None = Field(default=None, description="why nothing could be scored, e.g. timeout")

    @classmethod
    def failed(cls, failure: str) -> SolutionScore:
        """The score of a solution whose check was stopped (a timeout scores 0 on every component)."""
        return cls(failure=failure, final_reason=failure)


def verify_final_answer(antiderivative: str, integrand: str, variable: str = "x") -> FinalAnswerVerdict:
    """The derivative-back check of a final answer, refusing unfinished integrals (see module doc)."""
    try:
        parse_math(antiderivative, variable)
    except ParseError as err:
        return FinalAnswerVerdict(ok=False, parses=False, reason=f"parse_error:{err.reason}", detail=str(err))
    verdict = check_final_antiderivative(antiderivative, integrand, variable)
    reason = "unevaluated_integral" if "unevaluated" in verdict.detail else str(verdict.reason)
    return FinalAnswerVerdict(ok=verdict.ok, parses=True, reason=reason, detail=verdict.detail[:300])


def score_solution(text: str, integrand: str, variable: str = "x", with_steps: bool = True) -> SolutionScore:
    """Read a completion, check its final answer and (if asked) label every step. Runs in a worker."""
    solution = read_solution(text, variable)
    score = SolutionScore(layout=solution.layout, answer_found=solution.antiderivative is not None)
    if solution.antiderivative is not None:
        final = verify_final_answer(solution.antiderivative, integrand, variable)
        score.answer_parses, score.correct, score.final_reason = final.parses, final.ok, final.reason
        score.has_constant = has_constant_of_integration(solution.antiderivative)
    if with_steps:
        score.steps_checked = True
        if solution.has_process:
            # The same labels, in the same order, as pipeline.checks.check_solve gives a stage answer.
            claims = label_solution(
                integrand,
                [(p.u, p.dv, p.du, p.v) for p in solution.parts],
                [(s.explanation, s.integrand, s.result) for s in solution.steps],
                variable,
            )
            score.step_labels = [str(claim.verdict.label) for claim in claims]
    return score
