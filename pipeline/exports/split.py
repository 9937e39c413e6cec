"""Train/test split by problem: deterministic, and never one problem on both sides.

A problem is its canonical form (and variable, and family), not its record: two records whose integrands
differ only by constants or parameter names (e.g. from two runs merged) are one problem, and every row of
every path of a problem goes to the same side. Records written before the canonical form was recorded fall
back to the problem's statement as written (``Family.statement_field``).
Problems are ordered by a hash of the split seed and the problem, and the first ``round(n * fraction)``
of that order form the test side (at least one when the fraction is positive and there are two or
more problems), so the same data and seed always give the same split, whatever the record order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal

from pipeline.rewards.paths import ProblemPaths

Split = Literal["train", "test"]


def problem_key(record: ProblemPaths) -> str:
    """What makes two records the same problem."""
    statement = record.fields.get(record.spec.statement_field, record.reference)
    return f"{record.family}|{record.variable}|{record.canonical or statement}"


def _rank(seed: int, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def split_by_problem(
    records: Sequence[ProblemPaths], test_fraction: float, seed: int = 0
) -> dict[str, Split]:
    """``record.id -> "train" | "test"``."""
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in [0, 1), got {test_fraction}")
    problems = sorted({problem_key(r) for r in records}, key=lambda key: _rank(seed, key))
    n_test = round(len(problems) * test_fraction)
    if test_fraction > 0 and len(problems) >= 2:
        n_test = min(max(n_test, 1), len(problems) - 1)
    test = set(problems[:n_test])
    return {r.id: ("test" if problem_key(r) in test else "train") for r in records}
