"""A problems_file line as an integration-by-parts problem: g = f', a product reversal when f is a product."""

from __future__ import annotations

import sympy

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families.ibp.details import IbpDetails
from pipeline.families.ibp.generator.product_reversal import describe_rabbit
from pipeline.families.shared.antiderivative import read_function, readable_derivative
from pipeline.families.shared.canonical import canonical_form
from pipeline.families.shared.splits import assign_split


def problem_from_function(
    text: str, index: int, run_seed: int, variable: str, splits: dict[str, float], source_id: str
) -> Problem:
    """Problem ``index`` from f (in a worker): the symbolic teacher can solve it when f is a product."""
    x = sympy.Symbol(variable)
    f = read_function(text, variable)
    integrand = readable_derivative(f, x)
    canonical = canonical_form(integrand, x)
    u, v = _product_split(f, x)
    details = IbpDetails(
        f=sympy.sstr(f),
        integrand=sympy.sstr(integrand),
        u="" if u is None else sympy.sstr(u),
        v="" if v is None else sympy.sstr(v),
        variant="problems_file",
    )
    return Problem(
        index=index,
        seed=problem_seed(run_seed, index),
        family="ibp",
        construction="product_reversal" if u is not None else "problems_file",
        variable=variable,
        rabbit="" if u is None else describe_rabbit(u, v, x),
        canonical=canonical,
        split=assign_split(canonical, splits),
        source_id=source_id,
        details=details,
    )


def _product_split(f: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr | None, sympy.Expr | None]:
    """f = u*v with both factors depending on x (constants go with u), or (None, None)."""
    constant, varying = f.as_independent(x, as_Add=False)
    factors = [a for a in sympy.Mul.make_args(varying) if a.has(x)]
    if len(factors) < 2:
        return None, None
    return constant * factors[0], sympy.Mul(*factors[1:])
