"""Train/validation/test splits by canonical integrand: no integrand can appear in two splits.

The split of a problem is a pure function of its canonical integrand (a hash), not of its index or of the
run: the same integrand lands in the same split in every run and every dataset made from these configs,
so a test integrand can never leak into training, even across runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import TypeVar

SPLIT_ORDER: tuple[str, ...] = ("train", "validation", "test")

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
