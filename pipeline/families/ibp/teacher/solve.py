"""The solve stage, done by rule: integrate g = u'v + uv' by parts, the way the paper intends.

The rabbit is that g is the product rule's output. Split g into its two terms, integrate one of them by
parts, and the integral that comes back is the other term with a minus sign: they cancel and the
antiderivative is u*v. Every step is a claim "integral of integrand = result" whose truth is
d/dx(result) == integrand, so a step checker proves each one.

Several solution paths exist for one problem (which term is integrated by parts), and deliberately flawed
variants serve as process-reward negatives. A flaw enters at the integration-by-parts step
(``FLAW_STEP_INDEX``); the steps after it are honest consequences of the wrong step, so the error is
carried to the final antiderivative instead of being hidden by a second mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import PartsChoice, SolveAnswer
from pipeline.families.ibp.teacher.chains import write_chain_answer
from pipeline.families.ibp.teacher.factors import ProductFactors, read_factors
from pipeline.families.ibp.teacher.parts_step import (
    FLAW_STEP_INDEX,
    Flaw,
    SolvePath,
    flawed_step_index,
    parse_enum,
    parts_application,
)
from pipeline.families.shared.answers import SolveStep
from pipeline.families.shared.teaching import text


@dataclass(frozen=True)
class _PartsSetup:
    """One integration by parts: the integral of term = U*dV is U*V minus the integral of V*dU."""

    term: sympy.Expr
    other: sympy.Expr
    U: sympy.Expr
    dV: sympy.Expr
    dU: sympy.Expr
    V: sympy.Expr


def write_solve_answer(
    problem: Problem, path: str = "product_reversal", flaw: str | None = None
) -> SolveAnswer:
    """Integrate the problem's g by parts along ``path``, with the deliberate ``flaw`` if one is given."""
    chosen_path = parse_enum(SolvePath, path, "unknown_path")
    chosen_flaw = None if flaw is None else parse_enum(Flaw, flaw, "unknown_flaw")
    if problem.construction != "product_reversal":
        # classic and parts_from_primitive problems: one chain of parts applications (both paths walk it)
        return write_chain_answer(problem, chosen_flaw)
    factors = read_factors(problem)
    x = factors.x
    setup = _setup(factors, chosen_path)
    dU, V, sign, parts_result = parts_application(setup.U, setup.dV, setup.dU, setup.V, chosen_flaw, x)
    combined = sympy.Integral(setup.other, x) + parts_result
    if chosen_flaw is None:
        combined = setup.U * setup.V  # what the cancellation leaves; equal to the sum above

    integrand = problem.details.integrand
    split = sympy.Integral(factors.du * factors.v, x) + sympy.Integral(factors.u * factors.dv, x)
    steps = [
        SolveStep(
            explanation=(
                f"The integrand is u'*v + u*v' for u = {text(factors.u)}, v = {text(factors.v)}; "
                "split the integral by linearity into these two terms."
            ),
            integrand=integrand,
            result=text(split),
        ),
        SolveStep(
            explanation=_parts_explanation(setup.term, setup.U, setup.dV, dU, V, sign, x),
            integrand=text(setup.term),
            result=text(parts_result),
        ),
        SolveStep(
            explanation=_combine_explanation(setup.other, combined, cancels=chosen_flaw is None, x=x),
            integrand=integrand,
            result=text(combined),
        ),
    ]
    return SolveAnswer(
        rabbit=_rabbit(factors),
        parts=[PartsChoice(u=text(setup.U), dv=text(setup.dV), du=text(dU), v=text(V))],
        steps=steps,
        antiderivative=f"{text(combined)} + C",
    )


def _setup(factors: ProductFactors, path: SolvePath) -> _PartsSetup:
    u, v, du, dv = factors.u, factors.v, factors.du, factors.dv
    if path is SolvePath.PRODUCT_REVERSAL:
        return _PartsSetup(term=u * dv, other=du * v, U=u, dV=dv, dU=du, V=v)
    return _PartsSetup(term=du * v, other=u * dv, U=v, dV=du, dU=dv, V=u)


def _parts_explanation(
    term: sympy.Expr,
    U: sympy.Expr,
    dV: sympy.Expr,
    dU: sympy.Expr,
    V: sympy.Expr,
    sign: int,
    x: sympy.Symbol,
) -> str:
    formula = "u*v - Integral(v*du)" if sign < 0 else "u*v + Integral(v*du)"
    return (
        f"Integrate {text(term)} by parts with u = {text(U)} and dv = {text(dV)} d{x}, "
        f"so du = {text(dU)} d{x} and v = {text(V)}; "
        f"by Integral(u*dv) = {formula} the integral becomes {text(U * V)} {'-' if sign < 0 else '+'} "
        f"Integral({text(V * dU)}, {x})."
    )


def _combine_explanation(other: sympy.Expr, combined: sympy.Expr, cancels: bool, x: sympy.Symbol) -> str:
    if cancels:
        return (
            f"Substitute this back into the split: Integral({text(other)}, {x}) appears once with a plus "
            f"sign and once with a minus sign, so the two cancel and the integral of g is {text(combined)}."
        )
    return f"Substitute this back into the split and collect terms: the integral of g is {text(combined)}."


def _rabbit(factors: ProductFactors) -> str:
    return (
        f"The integrand is exactly what the product rule gives for u*v with u = {text(factors.u)} and "
        f"v = {text(factors.v)}: g = u'*v + u*v'. Integrating one of the two terms by parts brings back the "
        f"other with a minus sign, so they cancel and the antiderivative is u*v = {text(factors.f)} + C."
    )


__all__ = ["FLAW_STEP_INDEX", "Flaw", "SolvePath", "flawed_step_index", "write_solve_answer"]
