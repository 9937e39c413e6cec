"""How many of a dataset's integrands need integration by parts: ibp's ``Family.hardness`` (for stats).

Measured on a seeded random subset with SymPy's ``integral_steps`` in killable workers under a time limit
(``needs_parts.py``).
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from pipeline.families.ibp.generator.needs_parts import PartsVerdict, measure_with_pool, needs_parts_share
from validators.limits import CheckPool


class NeedsPartsReport(BaseModel):
    measured: int
    timeout_s: float
    share: float = Field(description="share that needs parts: uses a parts rule, cannot solve, or times out")
    verdicts: dict[str, int]
    by_construction: dict[str, float]
    by_construction_verdicts: dict[str, dict[str, int]]


def measure_needs_parts(
    rows: list[dict[str, Any]], sample_size: int, seed: int = 0, workers: int = 2, timeout_s: float = 10.0
) -> NeedsPartsReport:
    """Needs-parts share on a seeded random subset of ``sample_size`` rows (all rows if fewer)."""
    chosen = random.Random(seed).sample(rows, min(sample_size, len(rows)))
    with CheckPool(workers=workers, timeout_s=timeout_s, preload=("sympy", "validators.parse")) as pool:
        by_variable: dict[str, list[int]] = {}
        for i, row in enumerate(chosen):
            by_variable.setdefault(row.get("variable") or "x", []).append(i)
        verdicts: list[PartsVerdict] = [PartsVerdict.UNREADABLE] * len(chosen)
        for variable, positions in by_variable.items():
            measured = measure_with_pool(
                [chosen[i]["integrand"] for i in positions], pool, variable, timeout_s
            )
            for i, verdict in zip(positions, measured, strict=True):
                verdicts[i] = verdict
    groups: dict[str, list[PartsVerdict]] = {}
    for row, verdict in zip(chosen, verdicts, strict=True):
        groups.setdefault(row.get("construction", "unknown"), []).append(verdict)
    return NeedsPartsReport(
        measured=len(chosen),
        timeout_s=timeout_s,
        share=round(needs_parts_share(verdicts), 4),
        verdicts=_count(str(v) for v in verdicts),
        by_construction={name: round(needs_parts_share(vs), 4) for name, vs in sorted(groups.items())},
        by_construction_verdicts={name: _count(str(v) for v in vs) for name, vs in sorted(groups.items())},
    )


def _count(values) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
