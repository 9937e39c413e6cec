"""The problem a sample is built from: what every family has, and the family's own details beside it.

A ``Problem`` is created by a family's sampler before any model is called, so it carries the ground truth
that every later check is measured against. The core fields are the same for every family (where the
problem sits in the run, how it was made, its canonical form for dedup and splits, the key insight); what
the problem *is* — an integrand and its antiderivative, an ODE's p, q and solution — is in ``details``,
a pydantic model of the family's own (``ProblemDetails`` subclasses). Read back from JSON, details are
a ``ProblemDetails`` with the family's fields as attributes, so every family can read its own.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, model_validator

LEGACY_FAMILY = "ibp"
"""The family of records written before they named one (integration by parts was the only family)."""


class ProblemDetails(BaseModel):
    """A family's description of one problem; families subclass it with typed fields."""

    model_config = ConfigDict(frozen=True, extra="allow")


class Problem(BaseModel):
    """One problem of a run: core fields, and ``details`` typed by its family."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="position in the run's sequence of problems")
    seed: int = Field(description="seed this problem was drawn with (derived from the run seed and index)")
    family: str
    construction: str = Field(description="how the problem was made, e.g. product_reversal")
    variable: str = "x"
    difficulty: str = "medium"
    rabbit: str = Field(default="", description="the key insight that makes the reversed problem solvable")
    canonical: str = Field(default="", description="canonical form of the hard problem, for dedup and splits")
    split: str = Field(default="", description="train, validation or test (by canonical form)")
    source_id: str = Field(
        default="", description="the id of the problem in a problems_file, if it came from one"
    )
    rejected_draws: tuple[str, ...] = Field(default=(), description="rule broken by each redrawn draft")
    details: SerializeAsAny[ProblemDetails] = Field(
        default_factory=ProblemDetails, description="the family's own description of the problem"
    )

    @model_validator(mode="before")
    @classmethod
    def _read_flat_records(cls, data: Any) -> Any:
        """Records written before families had their own details kept them at the top level (``f``,
        ``integrand``, ``u``, ``v`` ...): read those as details, so old run folders still load and resume."""
        if not isinstance(data, dict) or "details" in data:
            return data
        core = {name: value for name, value in data.items() if name in cls.model_fields}
        details = {name: value for name, value in data.items() if name not in cls.model_fields}
        return {**core, "family": core.get("family") or LEGACY_FAMILY, "details": details}

    @property
    def dedup_key(self) -> str:
        """What two problems of a run must not share: the canonical form (the index if none was made)."""
        return self.canonical or f"#{self.index}"

    def detail(self, name: str, default: Any = None) -> Any:
        """A field of ``details`` (for code that reads a detail several families have, e.g. ``integrand``)."""
        return getattr(self.details, name, default)
