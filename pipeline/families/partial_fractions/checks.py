"""What a partial-fractions answer must satisfy: the final answer, the decomposition, and every step.

The decomposition is checked by recombining: polynomial part plus terms must be the integrand (proved by
``check_equal``), labelled ``decomposition``. Each step is the claim "the integral of h is R", labelled by
differentiating R (``label_solve_steps``, kind ``solve_step``); the steps hold one claim per term, so a wrong
log, power or atan is found at its own term. Module-level functions only: they run in the check pool.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.checks import StageChecks, label_record, label_records
from pipeline.core.problem import Problem
from pipeline.core.records import StepLabelRecord
from pipeline.families.partial_fractions.answers import PartialFractionsSolveAnswer
from pipeline.families.shared.antiderivative import final_check
from validators.equivalence import check_equal
from validators.steps import StepVerdict, from_verdict, label_solve_steps

DECOMPOSITION = "decomposition"
DECOMPOSITION_WRONG = "terms_do_not_add_up_to_integrand"


def decomposition_sum(polynomial_part: str, terms: Sequence[str]) -> str:
    """The decomposition as one expression text, each part bracketed (the parts are untrusted text)."""
    parts = [p for p in (polynomial_part.strip(), *(t.strip() for t in terms)) if p]
    return " + ".join(f"({p})" for p in parts) or "0"


def label_decomposition(
    polynomial_part: str, terms: Sequence[str], integrand: str, variable: str
) -> StepVerdict:
    """Correct iff the parts add up to the integrand; incorrect with a counterexample; else unverifiable."""
    verdict = check_equal(decomposition_sum(polynomial_part, terms), integrand, variable)
    return from_verdict(0, verdict, DECOMPOSITION_WRONG)


def solve_labels(answer: PartialFractionsSolveAnswer, integrand: str, variable: str) -> list[StepVerdict]:
    """Every claim of an answer in reading order: the decomposition, then each step."""
    decomposition = label_decomposition(answer.polynomial_part, answer.terms, integrand, variable)
    steps = label_solve_steps([(step.integrand, step.result) for step in answer.steps], variable)
    return [decomposition, *steps]


def check_partial_fractions_solve(answer: PartialFractionsSolveAnswer, problem: Problem) -> StageChecks:
    """The antiderivative must differentiate back to g; the decomposition must recombine to g; every step
    must be a true integral claim."""
    x = problem.variable
    final = final_check(answer.antiderivative, problem)
    decomposition, *steps = solve_labels(answer, problem.details.integrand, x)
    labels: list[StepLabelRecord] = [label_record(DECOMPOSITION, decomposition)]
    labels += label_records("solve_step", steps)
    return StageChecks.of([final], labels)
