"""What an integration-by-parts answer must satisfy: the final antiderivative and every claim of the path.

Module-level and synchronous so the check pool can pickle it; a wrong answer is a verdict, never an error.
"""

from __future__ import annotations

from pipeline.core.checks import StageChecks, label_record
from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.shared.antiderivative import final_check
from validators.solution_labels import label_solution


def check_solve(answer: SolveAnswer, problem: Problem) -> StageChecks:
    """The antiderivative must differentiate back to g; parts choices and steps must each be true.

    Claims are numbered in the order a reader meets them: the parts choices, then the written steps (each
    preceded by the change-of-variable relation its explanation states, if any).
    """
    claims = label_solution(
        problem.details.integrand,
        [(p.u, p.dv, p.du, p.v) for p in answer.parts],
        [(s.explanation, s.integrand, s.result) for s in answer.steps],
        problem.variable,
        other_texts=[answer.rabbit, *answer.unread_text],
    )
    labels = [label_record(claim.kind, claim.verdict) for claim in claims]
    return StageChecks.of([final_check(answer.antiderivative, problem)], labels)
