"""Train/validation/test splits by canonical integrand: no integrand can appear in two splits.

The split of a problem is a pure function of its canonical integrand (a hash), not of its index or of the
run: the same integrand lands in the same split in every run and every dataset made from these configs,
so a test integrand can never leak into training, even across runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

SPLIT_ORDER: tuple[str, ...] = ("train", "validation", "test")
DEFAULT_SPLITS: dict[str, float] = {"train": 0.9, "validation": 0.05, "test": 0.05}
"""Train/validation/test fractions when a config does not set ``sampler.splits``."""

T = TypeVar("T")


def assign_split(canonical: str, fractions: Mapping[str, float]) -> str:
    """The split whose share of [0, 1) contains the hash of ``canonical``."""
    digest = hashlib.sha256(canonical.encode()).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    cumulative = 0.0
    chosen = SPLIT_ORDER[0]
    for name in SPLIT_ORDER:
        share = fractions.get(name, 0.0)
        if share <= 0:
            continue
        chosen = name
        cumulative += share
        if position < cumulative:
            return name
    return chosen  # rounding: the last split with a share


def split_by_canonical(
    items: Iterable[T], canonical_of, fractions: Mapping[str, float]
) -> dict[str, list[T]]:
    """Group items into splits by their canonical integrand (``canonical_of(item) -> str``)."""
    groups: dict[str, list[T]] = {name: [] for name in SPLIT_ORDER}
    for item in items:
        groups[assign_split(canonical_of(item), fractions)].append(item)
    return groups


class SplitsConfig(BaseModel):
    """Every family's ``sampler:`` section that says how problems are split (by canonical form)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    splits: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_SPLITS), description="train/validation/test fractions"
    )

    @model_validator(mode="after")
    def _splits_are_fractions(self) -> SplitsConfig:
        if set(self.splits) - set(SPLIT_ORDER) or abs(sum(self.splits.values()) - 1) > 1e-9:
            raise ValueError(f"splits are train/validation/test fractions summing to 1, got {self.splits}")
        if any(f < 0 for f in self.splits.values()):
            raise ValueError(f"split fractions must be >= 0, got {self.splits}")
        return self
