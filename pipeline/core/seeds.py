"""The seed of one problem: a hash of (run seed, index), so problem i never depends on any other problem."""

from __future__ import annotations

import hashlib

__all__ = ["problem_seed"]


def problem_seed(run_seed: int, index: int) -> int:
    """The seed of one problem: a hash, so neighbouring indices give unrelated streams."""
    digest = hashlib.sha256(f"{run_seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & (2**63 - 1)
