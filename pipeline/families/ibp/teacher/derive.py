"""The derive stage, done by rule: differentiate f = u*v showing every rule application.

Steps are written the way the paper's example reads: differentiate u, differentiate v (inside out, one
chain-rule step per composition), then combine them with the product rule. Each step is self-contained
(d/dx of its expression is its derivative), so a step checker can verify every one of them alone. The
derivative in each step is computed by ``sympy.diff`` on that sub-expression, which makes each claim true
by construction; the explanation states the rule that produces it.
"""

from __future__ import annotations

from pipeline.core.problem import Problem
from pipeline.families.ibp.teacher.factors import read_factors
from pipeline.families.shared.answers import DeriveAnswer, DeriveStep
from pipeline.families.shared.derive_teacher import derivative_steps, write_antiderivative_derive_answer
from pipeline.families.shared.teaching import text

__all__ = ["derivative_steps", "write_derive_answer"]


def write_derive_answer(problem: Problem) -> DeriveAnswer:
    """Differentiate the problem's f = u*v: steps for u', for v', then the product rule."""
    if problem.construction != "product_reversal":
        return write_antiderivative_derive_answer(problem)
    factors = read_factors(problem)
    x, u, v, du, dv = factors.x, factors.u, factors.v, factors.du, factors.dv
    steps = derivative_steps(u, x) + derivative_steps(v, x)
    g = factors.g
    steps.append(
        DeriveStep(
            rule="product",
            explanation=(
                f"Product rule with u = {text(u)} and v = {text(v)}: (u*v)' = u'*v + u*v' "
                f"= ({text(du)})*({text(v)}) + ({text(u)})*({text(dv)})."
            ),
            expression=text(factors.f),
            derivative=text(g),
        )
    )
    return DeriveAnswer(steps=steps, derivative=text(g))
