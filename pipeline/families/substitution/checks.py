"""What a substitution answer must satisfy: the final answer, the substitution's three claims, every step."""

from __future__ import annotations

from pipeline.core.checks import StageChecks, label_records
from pipeline.core.problem import Problem
from pipeline.families.shared.antiderivative import final_check
from pipeline.families.substitution.answers import SubstitutionSolveAnswer
from validators.steps import label_solve_steps
from validators.substitution import label_substitution


def check_substitution_solve(answer: SubstitutionSolveAnswer, problem: Problem):
    """The antiderivative must differentiate back to g; the substitution's three claims and every step too."""
    x = problem.variable
    final = final_check(answer.antiderivative, problem)
    s = answer.substitution
    substitution = label_substitution(
        s.w, s.dw, s.integrand_in_w, s.antiderivative_in_w, problem.details.integrand, x
    )
    steps = label_solve_steps([(step.integrand, step.result) for step in answer.steps], x)
    return StageChecks.of(
        [final], label_records("substitution", substitution) + label_records("solve_step", steps)
    )
