"""A drawn problem before it is checked and printed: SymPy expressions plus how it was made."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from pipeline.families.ibp.generator.settings import Construction


@dataclass(frozen=True)
class Draft:
    """What a construction returns; the sampler checks it against the rules and turns it into a Problem.

    ``f`` is always an antiderivative of ``integrand`` (the function the derive stage differentiates), and
    ``integrand`` contains u*v' for the first integration by parts (u, v) a solver should find.
    """

    construction: Construction
    variant: str
    f: sympy.Expr
    integrand: sympy.Expr
    u: sympy.Expr
    v: sympy.Expr
    parts_applications: int
    rabbit: str
    known_primitive: sympy.Expr | None = None
    tree_operators: int = 0
    integrand_text: str | None = None
    """The integrand as ``rules.check_integrand`` printed it, when the construction already applied the
    integrand rules (before its other expensive work, so a draw those rules reject costs less)."""
