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
    u: str = Field(description="first factor of f = u*v")
    v: str = Field(description="second factor of f = u*v")
    rabbit: str = Field(description="the key insight that makes the reversed problem solvable")
    difficulty: str = "medium"
