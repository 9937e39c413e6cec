"""The symbolic teacher for substitution: derive f rule by rule, solve by w = phi(x), flaws planted on ask."""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from pipeline.core.problem import Problem
from pipeline.families.shared.answers import DeriveAnswer, DeriveStep, SolveStep
from pipeline.families.shared.derive_teacher import derivative_steps
from pipeline.families.shared.teaching import TeacherError, text
from pipeline.families.substitution.answers import SubstitutionChoice, SubstitutionSolveAnswer
from pipeline.families.substitution.sampler import W
from validators.parse import ParseError, parse_math

FLAWS: tuple[str, ...] = ("wrong_dw", "wrong_outer")


def teach_derive(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> DeriveAnswer:
    return write_derive_generic(problem)


def teach_solve(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> SubstitutionSolveAnswer:
    return write_substitution_answer(problem, path or "substitution", flaw)


def _read(problem: Problem) -> tuple[sympy.Symbol, sympy.Expr, sympy.Expr]:
    try:
        return (
            sympy.Symbol(problem.variable),
            parse_math(problem.details.inner, problem.variable),
            parse_math(problem.details.outer, "w"),
        )
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err


def write_derive_generic(problem: Problem) -> DeriveAnswer:
    """Differentiate f by walking its tree: one rule application per step, innermost first."""
    x = sympy.Symbol(problem.variable)
    f = parse_math(problem.details.f, problem.variable)
    steps: list[DeriveStep] = derivative_steps(f, x)
    return DeriveAnswer(steps=steps, derivative=text(sympy.diff(f, x)))


def write_substitution_answer(
    problem: Problem, path: str = "substitution", flaw: str | None = None
) -> SubstitutionSolveAnswer:
    """Solve by w = phi(x); with ``flaw`` a named mistake is planted (wrong dw or a wrong H)."""
    if flaw is not None and flaw not in FLAWS:
        raise TeacherError("unknown_flaw", f"{flaw!r} is not one of {list(FLAWS)}")
    x, phi, outer = _read(problem)
    dphi = sympy.diff(phi, x)
    h = sympy.diff(outer, W)
    H = outer
    if flaw == "wrong_dw":  # dw off by a factor 2, carried honestly into h(w) and H(w)
        dphi, h, H = 2 * dphi, h / 2, outer / 2
    if flaw == "wrong_outer":  # an antiderivative of h(w) with the wrong sign
        H = -outer
    g = parse_math(problem.details.integrand, problem.variable)
    result = H.subs(W, phi)
    steps = [
        SolveStep(
            explanation=(
                f"Let w = {text(phi)}, so dw = {text(dphi)} d{x}; "
                f"the integrand is h(w) dw with h(w) = {text(h)}."
            ),
            integrand=text(g),
            result=f"Integral({text(h.subs(W, phi) * dphi)}, {x})",
        ),
        SolveStep(
            explanation=(
                f"An antiderivative of h(w) = {text(h)} is H(w) = {text(H)}; substitute w = {text(phi)} back."
            ),
            integrand=text(g),
            result=text(result),
        ),
    ]
    return SubstitutionSolveAnswer(
        rabbit=(
            f"The factor {text(sympy.diff(phi, x))} is the derivative of the inner function {text(phi)}, "
            f"so the substitution w = {text(phi)} turns the integral into that of {text(h)} dw."
        ),
        substitution=SubstitutionChoice(
            w=text(phi), dw=text(dphi), integrand_in_w=text(h), antiderivative_in_w=text(H)
        ),
        steps=steps,
        antiderivative=f"{text(result)} + C",
    )
