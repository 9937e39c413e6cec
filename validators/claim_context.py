"""What a solution's claims are read against: the variable, the parameters, the substitutions in force.

Why a module of its own: the parts labels (``validators.part_labels``) and the step labels
(``validators.solution_labels``) read every claim in the same context — which letters are variables, which
a substitution defines at that step, which names nothing defines — and say "cannot read" the same way.
"""

from __future__ import annotations

import sympy

from validators.claim_fields import Field
from validators.parts_match import CONSTANT_NAMES
from validators.steps import StepLabel, StepVerdict
from validators.variables import GREEK_VARIABLES, Substitution, names_in

__all__ = ["ClaimContext", "parse_failure", "undefined_name", "variable_like"]


def variable_like(name: str) -> bool:
    """A name a claim may be written in: one letter (t, w, s) or a Greek name (theta)."""
    return len(name) == 1 or name in GREEK_VARIABLES


class ClaimContext:
    """The variable, the problem's parameters and the substitutions in force: a letter defined twice
    ("let t = 2x" in one step, "let t = e^(2x)" in a later one) means, in a step, its latest definition at
    or before that step; before its first definition it means nothing yet (a definition stated later, or
    one the reader missed, is no reading of it: a round-22 adversary's true step was checked against a
    later t = x/3). Parts choices are checked in their own variable and need no definition."""

    def __init__(
        self, x: sympy.Symbol, params: set[str], subs: list[Substitution], step: int | None = None
    ) -> None:
        self.x, self.params, self.all_subs = x, params, subs
        self.subs: dict[str, Substitution] = {}
        for sub in sorted(subs, key=lambda sub: sub.step):
            if step is None and sub.name not in self.subs or step is not None and sub.step <= step:
                self.subs[sub.name] = sub

    def at_step(self, step: int) -> ClaimContext:
        return ClaimContext(self.x, self.params, self.all_subs, step)

    def foreign(self, *fields: Field) -> set[str]:
        names: set[str] = set()
        for f in fields:
            if f.expr is not None:
                names |= names_in(f.expr)
            if f.differential:
                names.add(f.differential)
        return {
            n for n in names if variable_like(n) and n != self.x.name and n not in self.params
        } - CONSTANT_NAMES

    def undefined(self, *fields: Field) -> list[str]:
        """Longer names (``uv``, ``alpha2``) that are neither the variable, a parameter of the problem, a
        constant of integration nor a substitution variable: a counterexample that gives them a value
        of its own choosing is no counterexample to what the writer meant."""
        names: set[str] = set()
        for f in fields:
            if f.expr is not None:
                names |= names_in(f.expr)
        known = {self.x.name} | self.params | set(self.subs) | CONSTANT_NAMES
        return sorted(n for n in names - known if not variable_like(n))

    def inverse_only(self, *fields: Field) -> Substitution | None:
        """The one substitution the claim crosses when it is known only as x = psi(t)."""
        crossed = [self.subs[n] for n in self.foreign(*fields) if n in self.subs]
        if len(crossed) == 1 and crossed[0].phi is None and crossed[0].psi is not None:
            return crossed[0]
        return None

    def with_sub(self, sub: Substitution) -> ClaimContext:
        changed = ClaimContext(self.x, self.params, self.all_subs)
        changed.subs = {**self.subs, sub.name: sub}
        return changed

    def variable_of(self, *fields: Field) -> str:
        """The variable a claim is written in: x, or the one substitution variable it uses without x."""
        differentials = {f.differential for f in fields if f.differential}
        if len(differentials) == 1:
            return differentials.pop()
        foreign = self.foreign(*fields)
        mentions_x = any(f.expr is not None and self.x.name in names_in(f.expr) for f in fields)
        if len(foreign) == 1 and not mentions_x:
            return foreign.pop()
        return self.x.name


def parse_failure(index: int, field: Field, name: str) -> StepVerdict:
    err = field.error
    return StepVerdict(
        index=index, label=StepLabel.UNVERIFIABLE, reason=f"parse_error:{err.reason}", detail=f"{name}: {err}"
    )


def undefined_name(index: int, names: list[str]) -> StepVerdict:
    return StepVerdict(
        index=index,
        label=StepLabel.UNVERIFIABLE,
        reason=f"undefined_name:{names[0]}",
        detail=f"the claim uses {', '.join(names[:3])}, which neither the problem nor an explanation defines",
    )
