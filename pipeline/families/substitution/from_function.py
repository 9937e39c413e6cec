"""A problems_file line as a substitution problem: g = f' (the teacher needs f's inner function, so an LLM
solve stage is the way to use this family on problems of one's own)."""

from __future__ import annotations

import sympy

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families.shared.antiderivative import read_function, readable_derivative
from pipeline.families.shared.canonical import canonical_form
from pipeline.families.shared.splits import assign_split
from pipeline.families.substitution.sampler import SubstitutionDetails


def problem_from_function(
    text: str, index: int, run_seed: int, variable: str, splits: dict[str, float], source_id: str
) -> Problem:
    x = sympy.Symbol(variable)
    f = read_function(text, variable)
    integrand = readable_derivative(f, x)
    canonical = canonical_form(integrand, x)
    details = SubstitutionDetails(f=sympy.sstr(f), integrand=sympy.sstr(integrand), inner="", outer="")
    return Problem(
        index=index,
        seed=problem_seed(run_seed, index),
        family="substitution",
        construction="problems_file",
        variable=variable,
        canonical=canonical,
        split=assign_split(canonical, splits),
        source_id=source_id,
        details=details,
    )
