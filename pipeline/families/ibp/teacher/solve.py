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
from enum import StrEnum
from typing import TypeVar

import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import PartsChoice, SolveAnswer
from pipeline.families.ibp.teacher.factors import ProductFactors, read_factors
from pipeline.families.shared.answers import SolveStep
from pipeline.families.shared.teaching import TeacherError, text


class SolvePath(StrEnum):
    """Which term of g = u'v + uv' is integrated by parts."""

    PRODUCT_REVERSAL = "product_reversal"
    """Parts on u*v' (parts-u = u, dv = v'): the integral of v*u' that comes back cancels u'*v."""
    LIATE = "liate"
    """Parts on u'*v (parts-u = the transcendental v, dv = u'): the integral of u*v' returns and cancels."""


class Flaw(StrEnum):
    """A deliberate, named mistake in the integration-by-parts step."""

    WRONG_DU = "wrong_du"
    """du is not the derivative of the chosen u (a power-rule or chain-rule slip)."""
    DROPPED_SIGN = "dropped_sign"
    """The parts formula with the wrong sign: u*v + integral of v du."""
    WRONG_V = "wrong_v"
    """v is not an antiderivative of dv (dv taken as v, or a sign slip)."""


_E = TypeVar("_E", bound=StrEnum)

FLAW_STEP_INDEX = 1
"""Index in ``SolveAnswer.steps`` of the integration-by-parts step, where every flaw enters."""


def flawed_step_index(flaw: str | None) -> int | None:
    """The first wrong step of an answer written with ``flaw`` (None for a correct answer)."""
    return None if flaw is None else FLAW_STEP_INDEX


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
    chosen_path = _parse_enum(SolvePath, path, "unknown_path")
    chosen_flaw = None if flaw is None else _parse_enum(Flaw, flaw, "unknown_flaw")
    if problem.construction != "product_reversal":
        # classic and parts_from_primitive problems: one chain of parts applications (both paths walk it)
        from pipeline.families.ibp.teacher.chains import write_chain_answer

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


def parts_application(
    u: sympy.Expr, dv: sympy.Expr, du: sympy.Expr, v: sympy.Expr, flaw: Flaw | None, x: sympy.Symbol
) -> tuple[sympy.Expr, sympy.Expr, int, sympy.Expr]:
    """One application u*v - Integral(v*du), with ``flaw`` planted: (du, v, sign, result) as written.

    Every path that applies parts (the product-reversal teacher and the chains) plants its flaws here,
    so a flaw means the same mistake wherever it appears in the data.
    """
    if flaw is Flaw.WRONG_DU:
        du = slipped_derivative(u, x)
    elif flaw is Flaw.WRONG_V:
        v = wrong_antiderivative(v, dv, x)
    sign = 1 if flaw is Flaw.DROPPED_SIGN else -1
    return du, v, sign, u * v + sign * sympy.Integral(v * du, x)


def slipped_derivative(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """A plausible wrong derivative (a dropped chain factor, a power-rule slip), never the right one."""
    correct = sympy.diff(expr, x)
    for candidate in (_without_chain_factor(expr, x), *_power_rule_slips(expr, x), 2 * correct):
        if candidate is not None and sympy.expand(candidate - correct) != 0:
            return candidate
    raise TeacherError("no_flaw", f"cannot write a wrong derivative of {text(expr)}")  # only if expr' == 0


def wrong_antiderivative(V: sympy.Expr, dV: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """A plausible wrong v for dv: dv itself (forgot to integrate) or -v (a sign slip); never a right one."""
    for candidate in (dV, -V, 2 * V):
        if sympy.expand(sympy.diff(candidate, x) - dV) != 0:
            return candidate
    raise TeacherError("no_flaw", f"cannot write a wrong antiderivative of {text(dV)}")  # only if dV == 0


def _setup(factors: ProductFactors, path: SolvePath) -> _PartsSetup:
    u, v, du, dv = factors.u, factors.v, factors.du, factors.dv
    if path is SolvePath.PRODUCT_REVERSAL:
        return _PartsSetup(term=u * dv, other=du * v, U=u, dV=dv, dU=du, V=v)
    return _PartsSetup(term=du * v, other=u * dv, U=v, dV=du, dU=dv, V=u)


def _without_chain_factor(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """outer'(inner) without the inner' factor, for c*outer(inner) or c*inner**n."""
    constant, core = expr.as_independent(x, as_Add=False)
    if isinstance(core, sympy.Function) and len(core.args) == 1 and core.args[0] != x:
        w = sympy.Dummy("w")
        return constant * sympy.diff(core.func(w), w).subs(w, core.args[0])
    if core.is_Pow and not core.exp.has(x) and core.base != x:
        return constant * core.exp * core.base ** (core.exp - 1)
    return None


def _power_rule_slips(expr: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr | None, sympy.Expr | None]:
    """For a sum of c*x**n terms: (forgot the factor n, forgot to lower the exponent)."""
    dropped_factor, kept_exponent = sympy.Integer(0), sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(expr)):
        c, power = term.as_independent(x, as_Add=False)
        if power == 1:
            continue
        if power == x:
            n = sympy.Integer(1)
        elif power.is_Pow and power.base == x and not power.exp.has(x):
            n = power.exp
        else:
            return None, None
        dropped_factor += c * x ** (n - 1)
        kept_exponent += c * n * x**n
    return dropped_factor, kept_exponent


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


def _parse_enum(enum: type[_E], value: str, kind: str) -> _E:
    try:
        return enum(value)
    except ValueError:
        raise TeacherError(kind, f"{value!r} is not one of {[member.value for member in enum]}") from None
