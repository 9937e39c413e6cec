"""The reverse stage, done by rule: restate g = f' as an integration problem.

The derivative text is used verbatim and never parsed here: it may be another provider's (untrusted)
output, and the reverse stage's job is only to turn "g" into "find the antiderivative of g".
"""

from __future__ import annotations

from pipeline.answers import ReverseAnswer
from pipeline.problem import Problem
from pipeline.teacher.factors import TeacherError


def write_reverse_answer(problem: Problem, derivative: str) -> ReverseAnswer:
    """The integration problem whose integrand is ``derivative``."""
    integrand = derivative.strip()
    if not integrand:
        raise TeacherError("missing_derivative", "the reverse stage needs the derive stage's derivative")
    x = problem.variable
    return ReverseAnswer(
        problem=(
            f"Find the antiderivative of g({x}) = {integrand} with respect to {x}, "
            f"that is, compute the integral of g({x}) d{x}."
        ),
        integrand=integrand,
    )
