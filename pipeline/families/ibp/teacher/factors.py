"""The known structure of a product-reversal problem, read back from its strings: f = u*v.

The teacher never guesses how a problem was made: the sampler recorded u and v, and everything the
teacher writes (derivative steps, the parts choice, the cancellation) follows from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from pipeline.core.problem import Problem
from pipeline.families.shared.memo import derivative
from pipeline.families.shared.teaching import TeacherError
from validators.parse import ParseError, parse_math


@dataclass(frozen=True)
class ProductFactors:
    """f = u*v with both derivatives, as SymPy expressions in the problem's variable."""

    x: sympy.Symbol
    u: sympy.Expr
    v: sympy.Expr
    du: sympy.Expr
    dv: sympy.Expr

    @property
    def f(self) -> sympy.Expr:
        return self.u * self.v

    @property
    def g(self) -> sympy.Expr:
        """The integrand f' exactly as the sampler printed it (diff of the product, not u'v + uv')."""
        return derivative(self.f, self.x)


def read_factors(problem: Problem) -> ProductFactors:
    """Parse u and v of a problem (with the whitelist parser: a Problem may have been read from disk)."""
    if problem.construction != "product_reversal":
        raise TeacherError(
            "unsupported_construction",
            f"the teacher only knows product_reversal, not {problem.construction!r}",
        )
    x = sympy.Symbol(problem.variable)
    try:
        u = parse_math(problem.details.u, problem.variable)
        v = parse_math(problem.details.v, problem.variable)
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err
    if not u.has(x) or not v.has(x):
        raise TeacherError("constant_factor", f"u = {u} and v = {v} must both depend on {x}")
    return ProductFactors(x=x, u=u, v=v, du=derivative(u, x), dv=derivative(v, x))
