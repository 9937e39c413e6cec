"""Canonical integrands: one spelling per problem, up to additive and multiplicative constants and
renaming of parameters, for deduplication and for splitting train/validation/test.

Two integrands are the same exercise when they differ by a constant factor (2*x*exp(x) and x*exp(x)), an
added constant (its integral is c*x, nothing to learn), a sign, or the names of their parameters
(a*x*exp(b*x) and b*x*exp(a*x)). The canonical form removes all of these: multiply out products (with
bounded size, so it cannot blow up), drop terms free of the variable, divide out the constant content,
fix the sign, and rename parameters to p0, p1, ... in the order that gives the smallest spelling.

Dedup is deterministic for any number of workers when it is applied in index order:
``DuplicateFilter.admit(problem)`` is called for problems 0, 1, 2, ... and refuses any problem whose
canonical form an earlier index already had.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable

import sympy
from pydantic import BaseModel

from pipeline.families.shared.expansion import expand
from pipeline.families.shared.memo import printed

EXPAND_MAX_NODES = 400
"""Integrands bigger than this are canonicalised without multiplying out (still exact, just coarser)."""
MAX_RENAMED_PARAMETERS = 4


def canonical_form(expr: sympy.Expr, x: sympy.Symbol) -> str:
    """The canonical spelling of an integrand (see the module docstring)."""
    if _nodes(expr) <= EXPAND_MAX_NODES:
        # a failed rewrite changes nothing: the unexpanded form is still canonical enough
        with contextlib.suppress(Exception):
            expr = expand(expr, power_exp=False, power_base=False, log=False, deep=True)
    _, expr = expr.as_independent(x, as_Add=True)  # drop an additive constant
    if expr.is_Mul:
        _, expr = expr.as_independent(x, as_Add=False)  # drop a constant factor (numbers and parameters)
    content, primitive = expr.as_content_primitive()
    expr = primitive if content != 0 else expr
    candidates = (expr, -expr)
    parameters = sorted((s for s in expr.free_symbols if s != x), key=lambda s: s.name)
    spellings = []
    for candidate in candidates:
        spellings.extend(_renamings(candidate, parameters))
    return min(spellings, key=lambda text: (len(text), text))


def _renamings(expr: sympy.Expr, parameters: list[sympy.Symbol]) -> list[str]:
    if not parameters:
        return [printed(expr)]
    if len(parameters) > MAX_RENAMED_PARAMETERS:
        names = {p: sympy.Symbol(f"p{i}") for i, p in enumerate(parameters)}
        return [printed(expr.xreplace(names))]
    placeholders = [sympy.Dummy(f"q{i}") for i in range(len(parameters))]
    staged = expr.xreplace(dict(zip(parameters, placeholders, strict=True)))
    out = []
    for order in itertools.permutations(range(len(parameters))):
        names = {placeholders[i]: sympy.Symbol(f"p{rank}") for rank, i in enumerate(order)}
        out.append(printed(staged.xreplace(names)))
    return out


def _nodes(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


class DuplicateFilter(BaseModel):
    """First index seen for each canonical integrand. Call ``admit`` in index order for determinism.

    The lowest index always wins, whatever the order of the calls, so a caller that admits concurrently
    drawn problems (``pipeline.run.dedup``) gets the same answer once every lower index has been admitted.
    """

    first_index: dict[str, int] = {}

    def admit(self, canonical: str, index: int) -> bool:
        """True if no lower index has ``canonical`` (and remember ``index``); False for a duplicate.

        Re-admitting the same index is allowed (a resumed run replays what it already decided).
        """
        seen = self.first_index.get(canonical)
        if seen is None or index < seen:
            self.first_index[canonical] = index
            return True
        return seen == index

    def duplicate_of(self, canonical: str) -> int | None:
        return self.first_index.get(canonical)

    @classmethod
    def replay(cls, decided: Iterable[tuple[int, str]]) -> DuplicateFilter:
        """The filter after ``(index, canonical)`` pairs already decided (a resumed run), in index order."""
        seen = cls()
        for index, canonical in sorted(decided):
            seen.admit(canonical, index)
        return seen
