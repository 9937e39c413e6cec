"""Test-side math: read the teacher's strings back and decide claims with SymPy (no time limits here)."""

from __future__ import annotations

import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.details import ibp_problem
from pipeline.families.ibp.sampler import describe_rabbit
from validators.parse import parse_math

_POINTS = (0.31, 0.77, 1.23, 1.91, 2.47)


def read(text: str, variable: str = "x") -> sympy.Expr:
    return parse_math(text, variable)


def read_antiderivative(text: str, variable: str = "x") -> sympy.Expr:
    assert text.endswith(" + C"), text
    return read(text.removesuffix(" + C"), variable)


def is_zero(expr: sympy.Expr) -> bool:
    """A proof that expr is identically 0: structural, then expand, then simplify."""
    return expr == 0 or sympy.expand(expr) == 0 or sympy.simplify(expr) == 0


def is_clearly_nonzero(expr: sympy.Expr, x: sympy.Symbol) -> bool:
    """A witness that expr is not identically 0: a point where it is finite and far from 0."""
    for point in _POINTS:
        value = sympy.N(expr.subs(x, point), 30)
        if value.is_finite and abs(complex(value)) > 1e-9:
            return True
    return False


def derive_step_is_true(expression: str, derivative: str, variable: str = "x") -> bool:
    x = sympy.Symbol(variable)
    return is_zero(sympy.diff(read(expression, variable), x) - read(derivative, variable))


def solve_claim_residual(integrand: str, result: str, variable: str = "x") -> sympy.Expr:
    """d/dx(result) - integrand: 0 exactly when the claim 'integral of integrand = result' is true."""
    x = sympy.Symbol(variable)
    return sympy.diff(read(result, variable), x).doit() - read(integrand, variable)


def make_problem(u: str, v: str, variable: str = "x") -> Problem:
    """A product-reversal problem built by hand (the sampler's fields, for chosen u and v)."""
    x = sympy.Symbol(variable)
    u_expr, v_expr = read(u, variable), read(v, variable)
    f = u_expr * v_expr
    return ibp_problem(
        index=0,
        seed=0,
        construction="product_reversal",
        variable=variable,
        f=sympy.sstr(f),
        integrand=sympy.sstr(sympy.diff(f, x)),
        u=u,
        v=v,
        rabbit=describe_rabbit(u_expr, v_expr, x),
    )
