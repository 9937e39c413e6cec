"""The problem a sample is built from: a function f and what is known about how it was made.

A ``Problem`` is created by a sampler before any model is called, so it carries the ground truth
(f, its integrand g = f') that every later check is measured against.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """One generated problem, with its ground truth in SymPy syntax."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="position in the run's sequence of problems")
    seed: int = Field(description="seed this problem was drawn with (derived from the run seed and index)")
    family: str = "ibp"
    construction: str = Field(description="how the problem was made, e.g. product_reversal")
    variable: str = "x"
    f: str = Field(description="the function to differentiate, f(x)")
    integrand: str = Field(description="g = f'(x), the integrand of the reversed problem")
    u: str = Field(description="product_reversal: first factor of f = u*v; otherwise the first parts u")
    v: str = Field(description="product_reversal: second factor of f = u*v; otherwise the first parts v")
    rabbit: str = Field(description="the key insight that makes the reversed problem solvable")
    difficulty: str = "medium"
    # What the generator knows about how the problem was made (pipeline/generator); all optional.
    variant: str = Field(default="", description="sub-kind of the construction, e.g. poly_exp")
    parts_applications: int = Field(default=1, description="integrations by parts the intended solution uses")
    known_primitive: str = Field(
        default="", description="parts_from_primitive: the known antiderivative of u'*v (the cached integral)"
    )
    canonical: str = Field(default="", description="canonical integrand, for dedup and splits")
    split: str = Field(default="", description="train, validation or test (by canonical integrand)")
    operators: int = Field(default=0, description="operators in the random trees the problem was drawn from")
    rejected_draws: tuple[str, ...] = Field(default=(), description="rule broken by each redrawn draft")
    needs_parts: bool | None = Field(default=None, description="by SymPy's integral_steps, if measured")
    source_id: str = Field(
        default="", description="the id of the problem in a problems_file, if it came from one"
    )

    @property
    def dedup_key(self) -> str:
        """What two problems of a run must not share: the canonical integrand (the integrand if unset)."""
        return self.canonical or self.integrand
