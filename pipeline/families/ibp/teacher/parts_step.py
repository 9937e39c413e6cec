"""One integration by parts, honest or with a named mistake planted: what every ibp path shares.

Every path that applies parts (the product-reversal teacher and the chains) plants its flaws here, so a
flaw means the same mistake wherever it appears in the data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

import sympy

from pipeline.families.shared.memo import derivative
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
    correct = derivative(expr, x)
    for candidate in (_without_chain_factor(expr, x), *_power_rule_slips(expr, x), 2 * correct):
        if candidate is not None and sympy.expand(candidate - correct) != 0:
            return candidate
    raise TeacherError("no_flaw", f"cannot write a wrong derivative of {text(expr)}")  # only if expr' == 0


def wrong_antiderivative(V: sympy.Expr, dV: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """A plausible wrong v for dv: dv itself (forgot to integrate) or -v (a sign slip); never a right one."""
    for candidate in (dV, -V, 2 * V):
        if sympy.expand(derivative(candidate, x) - dV) != 0:
            return candidate
    raise TeacherError("no_flaw", f"cannot write a wrong antiderivative of {text(dV)}")  # only if dV == 0


def _without_chain_factor(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """outer'(inner) without the inner' factor, for c*outer(inner) or c*inner**n."""
    constant, core = expr.as_independent(x, as_Add=False)
    if isinstance(core, sympy.Function) and len(core.args) == 1 and core.args[0] != x:
        w = sympy.Dummy("w")
        return constant * derivative(core.func(w), w).subs(w, core.args[0])
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


def parse_enum(enum: type[_E], value: str, kind: str) -> _E:
    try:
        return enum(value)
    except ValueError:
        raise TeacherError(kind, f"{value!r} is not one of {[member.value for member in enum]}") from None
