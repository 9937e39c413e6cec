"""The solve stage for problems that are not a product reversal: a chain of integrations by parts.

``classic`` and ``parts_from_primitive`` problems are integrated along the chain the generator built them
with (``generator/parts_chain.py``): the same code computes the closed form the problem states and the
steps written here, so they cannot disagree. Each step is a claim "integral of integrand = result"
(the result may keep one ``Integral``), true by construction and checked by differentiation.

Step 0 names the first parts choice (the integrand written as u*dv), so the first integration by parts is
step 1 (``FLAW_STEP_INDEX``) for every construction, and a deliberate flaw enters there: the answer then
stops at the honest consequence of the wrong step (its unfinished integral kept), as for product reversal.
"""

from __future__ import annotations

import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import PartsChoice, SolveAnswer
from pipeline.families.ibp.generator.classic import FAMILY_CHAINS
from pipeline.families.ibp.generator.parts_chain import (
    ChainError,
    ChainStep,
    PartsChain,
    PartsLink,
    StepKind,
    build_chain,
    known_chain,
)
from pipeline.families.ibp.teacher.parts_step import Flaw, parts_application
from pipeline.families.shared.answers import SolveStep
from pipeline.families.shared.memo import derivative
from pipeline.families.shared.teaching import TeacherError, text
from validators.parse import ParseError, parse_math

CHAIN_CONSTRUCTIONS: tuple[str, ...] = ("classic", "parts_from_primitive")


def write_chain_answer(problem: Problem, flaw: Flaw | None = None) -> SolveAnswer:
    """The chain solution of a classic or parts_from_primitive problem, with ``flaw`` planted if given."""
    x = sympy.Symbol(problem.variable)
    chain = problem_chain(problem)
    first = chain.links[0]
    setup = SolveStep(
        explanation=(
            f"Write the integrand as u*dv with u = {text(first.u)} and dv = {text(first.dv)} d{x} "
            f"(so v = {text(first.v)}): {_why_this_choice(problem)}"
        ),
        integrand=problem.details.integrand,
        result=text(sympy.Integral(first.integrand, x)),
    )
    if flaw is not None:
        return _flawed_answer(problem, chain, setup, flaw, x)
    steps = [setup] + [_render(step, x) for step in chain.steps]
    steps.append(
        SolveStep(
            explanation=f"Put the pieces together and collect terms: the integral is {problem.details.f}.",
            integrand=problem.details.integrand,
            result=problem.details.f,
        )
    )
    return SolveAnswer(
        rabbit=problem.rabbit,
        parts=[_choice(link.u, link.dv, link.du, link.v) for link in chain.links],
        steps=steps,
        antiderivative=f"{problem.details.f} + C",
    )


def problem_chain(problem: Problem) -> PartsChain:
    """Rebuild the chain from what the generator recorded (u, v, variant, known primitive)."""
    x = sympy.Symbol(problem.variable)
    try:
        u = parse_math(problem.details.u, problem.variable)
        v = parse_math(problem.details.v, problem.variable)
        if problem.construction == "parts_from_primitive":
            return known_chain(u, v, parse_math(problem.details.known_primitive, problem.variable), x)
        if problem.construction == "classic" and problem.details.variant in FAMILY_CHAINS:
            return build_chain(FAMILY_CHAINS[problem.details.variant], u, derivative(v, x), x)
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err
    except ChainError as err:
        raise TeacherError("chain_failed", str(err)) from err
    raise TeacherError(
        "unsupported_construction",
        f"no parts chain for construction {problem.construction!r} / variant {problem.details.variant!r}",
    )


def _flawed_answer(
    problem: Problem, chain: PartsChain, setup: SolveStep, flaw: Flaw, x: sympy.Symbol
) -> SolveAnswer:
    link = chain.links[0]
    du, v, sign, result = parts_application(link.u, link.dv, link.du, link.v, flaw, x)
    steps = [
        setup,
        SolveStep(
            explanation=_parts_explanation(PartsLink(u=link.u, dv=link.dv, du=du, v=v), x, sign),
            integrand=text(link.integrand),
            result=text(result),
        ),
        SolveStep(
            explanation=f"So the integral of the integrand is {text(result)}.",
            integrand=problem.details.integrand,
            result=text(result),
        ),
    ]
    return SolveAnswer(
        rabbit=problem.rabbit,
        parts=[_choice(link.u, link.dv, du, v)],
        steps=steps,
        antiderivative=f"{text(result)} + C",
    )


def _render(step: ChainStep, x: sympy.Symbol) -> SolveStep:
    return SolveStep(explanation=_explain(step, x), integrand=text(step.integrand), result=text(step.result))


def _explain(step: ChainStep, x: sympy.Symbol) -> str:
    result = text(step.result)
    if step.kind is StepKind.PARTS:
        assert step.link is not None
        return _parts_explanation(step.link, x, -1)
    if step.kind is StepKind.TABLE:
        return (
            f"A table integral (a constant times exp, sin, cos, sinh or cosh of a linear argument): {result}."
        )
    if step.kind is StepKind.POLYNOMIAL:
        return f"Integrate the polynomial term by term with the power rule: {result}."
    if step.kind is StepKind.RATIONAL:
        return f"Integrate the rational function by polynomial division and partial fractions: {result}."
    if step.kind is StepKind.SUBSTITUTION:
        return (
            f"Substitute s = the expression under the root (ds is a constant times the numerator): {result}."
        )
    if step.kind is StepKind.KNOWN:
        return f"This integral is a known one: the derivative of {result} is {text(step.integrand)}."
    if step.kind is StepKind.CYCLIC_COMBINE:
        return (
            f"Substitute the second result into the first: the original integral "
            f"I = Integral({text(step.integrand)}, {x}) appears again on the right, I = {result}."
        )
    return f"Solve this equation for I (move the multiple of I to the left and divide): I = {result}."


def _parts_explanation(link: PartsLink, x: sympy.Symbol, sign: int) -> str:
    formula = "u*v - Integral(v*du)" if sign < 0 else "u*v + Integral(v*du)"
    return (
        f"Integrate {text(link.integrand)} by parts with u = {text(link.u)} and dv = {text(link.dv)} d{x}, "
        f"so du = {text(link.du)} d{x} and v = {text(link.v)}; by Integral(u*dv) = {formula} the integral "
        f"becomes {text(link.u * link.v)} {'-' if sign < 0 else '+'} Integral({text(link.v * link.du)}, {x})."
    )


def _why_this_choice(problem: Problem) -> str:
    if problem.construction == "parts_from_primitive":
        return "then v*du = u'*v is an integral whose antiderivative is known."
    if problem.details.variant in ("poly_log", "poly_atan", "inverse_trig"):
        return "u has an algebraic derivative, and dv is easy to integrate."
    if problem.details.variant == "cyclic":
        return "two integrations by parts will bring the integral back."
    return "differentiating the polynomial u lowers its degree, and dv keeps a table antiderivative."


def _choice(u: sympy.Expr, dv: sympy.Expr, du: sympy.Expr, v: sympy.Expr) -> PartsChoice:
    return PartsChoice(u=text(u), dv=text(dv), du=text(du), v=text(v))
