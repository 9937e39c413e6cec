"""The symbolic teacher for ode_linear: derive the equation from its solution, restate it, solve it two ways.

Solve paths (``PATHS``), genuinely different routes to the same general solution:

* ``integrating_factor``: mu = exp(∫p dx); (mu*y)' = mu*q; mu*y = ∫ mu*q dx + C; y = (F + C)/mu;
* ``variation_of_parameters``: solve y' + p*y = 0 (y_h = 1/mu), put y = v*y_h so that v' = q/y_h,
  integrate v, and write y = y_p + C*y_h.

Planted flaws (``FLAWS``), carried honestly into the final answer so the first incorrect label is where
the flaw went in:

* ``mu_sign``: the sign of ∫p flipped, mu = exp(-∫p dx); every later claim uses it (the integral of the
  wrong mu*q is done when it is of a standard shape, else left as an Integral: the student is stuck);
* ``integral_error``: a wrong antiderivative of mu*q (a term's sign flipped, a lost factor 1/2, ∫0 = x);
* ``dropped_constant``: y = F/mu + C (C not divided by mu) on the integrating-factor path, and no C at
  all (y = y_p) on variation of parameters.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from pipeline.core.problem import Problem
from pipeline.families.ode_linear.answers import OdeDeriveAnswer, OdeReverseAnswer, OdeSolveAnswer, OdeStep
from pipeline.families.ode_linear.integrals import honest_integral
from pipeline.families.ode_linear.sampler import C, readable
from pipeline.families.shared.derive_teacher import derivative_steps
from pipeline.families.shared.teaching import TeacherError, text
from validators.parse import ParseError, parse_math

PATHS: tuple[str, ...] = ("integrating_factor", "variation_of_parameters")
FLAWS: tuple[str, ...] = ("mu_sign", "integral_error", "dropped_constant")


def _read(problem: Problem, *names: str) -> list[sympy.Expr]:
    try:
        return [parse_math(getattr(problem.details, name), problem.variable) for name in names]
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err


def teach_derive(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> OdeDeriveAnswer:
    """Differentiate y(x, C) rule by rule (C a constant), then y' + p*y: the C terms cancel to q."""
    x = sympy.Symbol(problem.variable)
    (y,) = _read(problem, "solution")
    return OdeDeriveAnswer(
        steps=derivative_steps(y, x), derivative=text(sympy.diff(y, x)), q=problem.details.q
    )


def teach_reverse(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> OdeReverseAnswer:
    """The equation with the derive stage's q, used verbatim (it may be another provider's output)."""
    q = (inputs.get("q") or "").strip()
    if not q:
        raise TeacherError("missing_q", "the reverse stage needs the derive stage's q")
    x, p = problem.variable, inputs["p"]
    x0, y0 = inputs.get("x0", ""), inputs.get("y0", "")
    statement = (
        f"Solve the first-order linear differential equation y' + p({x})*y = q({x}) with p({x}) = {p} "
        f"and q({x}) = {q}"
    )
    statement += (
        f", subject to the initial condition y({x0}) = {y0}." if x0 else ", giving its general solution."
    )
    return OdeReverseAnswer(problem=statement, p=p, q=q, x0=x0, y0=y0)


def teach_solve(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> OdeSolveAnswer:
    return write_solution(problem, path or PATHS[0], flaw)


def _wrong_integral(big_f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """A plausible wrong antiderivative that is never right up to a constant."""
    terms = [t for t in sympy.Add.make_args(sympy.expand(big_f)) if t.has(x)]
    if not terms:
        return x  # ∫ 0 dx written as x
    if len(terms) >= 2:
        return big_f - 2 * terms[-1]  # one term's sign flipped
    return 2 * big_f  # a lost factor 1/2


def write_solution(problem: Problem, path: str = PATHS[0], flaw: str | None = None) -> OdeSolveAnswer:
    """Solve along ``path``; with ``flaw`` one named mistake is planted and carried to the end."""
    if path not in PATHS:
        raise TeacherError("unknown_path", f"{path!r} is not one of {list(PATHS)}")
    if flaw is not None and flaw not in FLAWS:
        raise TeacherError("unknown_flaw", f"{flaw!r} is not one of {list(FLAWS)}")
    x = sympy.Symbol(problem.variable)
    p, q, mu, big_f = _read(problem, "p", "q", "mu", "integral")
    integrand = readable(sympy.diff(big_f, x), deep=False)  # mu*q = F' by construction
    if flaw == "mu_sign":
        mu = readable(1 / mu, deep=False)  # exp(-∫p dx) instead of exp(∫p dx)
        integrand = readable(mu * q)
        big_f = honest_integral(integrand, x)
    elif flaw == "integral_error":
        big_f = _wrong_integral(big_f, x)
    y_h = readable(1 / mu, deep=False)
    y_p = readable(big_f * y_h, deep=False)
    if path == "integrating_factor":
        steps = _integrating_factor_steps(x, mu, integrand, big_f)
        general = y_p + C if flaw == "dropped_constant" else (big_f + C) * y_h
    else:
        steps = _variation_steps(x, y_h, integrand, big_f)
        general = y_p if flaw == "dropped_constant" else y_p + C * y_h
    answer = OdeSolveAnswer(rabbit=_rabbit(path, mu, y_h), mu=text(mu), steps=steps, solution=text(general))
    return _with_initial_condition(answer, problem, general, x)


def _integrating_factor_steps(x, mu, integrand, big_f) -> list[OdeStep]:
    return [
        OdeStep(
            claim="product_form",
            explanation=(
                f"Multiply the equation by mu = {text(mu)}: since mu' = p*mu, the left side mu*y' + p*mu*y "
                f"is the derivative (mu*y)', and the right side becomes mu*q = {text(integrand)}."
            ),
            expression=text(mu),
            result=text(integrand),
        ),
        OdeStep(
            claim="integral",
            explanation=f"Integrate both sides with respect to {x}: mu*y = ∫ mu*q d{x} + C.",
            expression=text(integrand),
            result=text(big_f),
        ),
    ]


def _variation_steps(x, y_h, integrand, big_f) -> list[OdeStep]:
    return [
        OdeStep(
            claim="homogeneous",
            explanation=(
                f"First solve y' + p*y = 0: it separates, dy/y = -p d{x}, "
                f"so y_h = exp(-∫p d{x}) = {text(y_h)}."
            ),
            expression=text(y_h),
        ),
        OdeStep(
            claim="variation",
            explanation=(
                f"Vary the constant: put y = v*y_h. Then y' + p*y = v'*y_h + v*(y_h' + p*y_h) = v'*y_h, "
                f"so v'*y_h = q and v' = q/y_h = {text(integrand)}."
            ),
            expression=text(y_h),
            result=text(integrand),
        ),
        OdeStep(
            claim="integral",
            explanation=f"Integrate v' with respect to {x}: v = ∫ v' d{x} + C.",
            expression=text(integrand),
            result=text(big_f),
        ),
    ]


def _rabbit(path: str, mu: sympy.Expr, y_h: sympy.Expr) -> str:
    if path == "integrating_factor":
        return (
            f"The equation is linear in y: multiplying by mu = exp(∫p dx) = {text(mu)} turns the left side "
            "into the single derivative (mu*y)', which can be integrated directly."
        )
    return (
        f"The homogeneous equation y' + p*y = 0 separates and gives y_h = {text(y_h)}; letting its constant "
        "vary, y = v*y_h, leaves only v' to integrate."
    )


def _with_initial_condition(
    answer: OdeSolveAnswer, problem: Problem, general: sympy.Expr, x: sympy.Symbol
) -> OdeSolveAnswer:
    """When an initial condition is posed, solve the (affine) general solution for C at x0."""
    details = problem.details
    if not details.x0 or not general.has(C) or general.has(sympy.Integral):
        return answer  # no condition, or the student has no constant (or no closed form) to fit
    x0, y0 = _read(problem, "x0", "y0")
    at0, at1 = general.subs({C: 0, x: x0}), general.subs({C: 1, x: x0})
    slope = readable(at1 - at0, deep=False)
    if slope == 0 or slope.has(sympy.zoo, sympy.nan):
        return answer
    constant = readable((y0 - at0) / slope, deep=False)
    particular = readable(general.subs(C, constant), deep=False)
    return answer.model_copy(update={"constant": text(constant), "particular": text(particular)})
