"""What an integration-by-parts problem is, beyond f and its integrand: how the generator built it."""

from __future__ import annotations

from pydantic import Field

from pipeline.core.problem import Problem
from pipeline.families.shared.antiderivative import AntiderivativeDetails


class IbpDetails(AntiderivativeDetails):
    """The generator's record of one problem (``generator/``); all but f and integrand optional."""

    u: str = Field(
        default="", description="product_reversal: first factor of f = u*v; else the first parts u"
    )
    v: str = Field(
        default="", description="product_reversal: second factor of f = u*v; else the first parts v"
    )
    variant: str = Field(default="", description="sub-kind of the construction, e.g. poly_exp")
    parts_applications: int = Field(default=1, description="integrations by parts the intended solution uses")
    known_primitive: str = Field(
        default="", description="parts_from_primitive: the known antiderivative of u'*v (the cached integral)"
    )
    operators: int = Field(default=0, description="operators in the random trees the problem was drawn from")
    needs_parts: bool | None = Field(default=None, description="by SymPy's integral_steps, if measured")


def ibp_problem(
    *,
    f: str,
    integrand: str,
    u: str = "",
    v: str = "",
    rabbit: str = "",
    index: int = 0,
    seed: int = 0,
    construction: str = "product_reversal",
    variable: str = "x",
    difficulty: str = "medium",
    **details: object,
) -> Problem:
    """An ibp problem written by hand (for tests, notebooks and tools): the core fields and the details."""
    return Problem(
        index=index,
        seed=seed,
        family="ibp",
        construction=construction,
        variable=variable,
        difficulty=difficulty,
        rabbit=rabbit,
        details=IbpDetails(f=f, integrand=integrand, u=u, v=v, **details),
    )
