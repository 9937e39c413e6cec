"""Figures about a dataset of problems: diversity, shape, difficulty and how many need parts.

Reads either ``revsynth sample`` output (one Problem per line) or a run's ``accepted.jsonl``: both carry
``integrand``, ``construction`` and ``difficulty`` (the canonical form is recomputed when absent). The
needs-parts share is measured on a seeded random subset with SymPy's ``integral_steps`` in killable
workers under a time limit (``needs_parts.py``); everything else is cheap and exact.
"""

from __future__ import annotations

import json
import random
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import sympy
from pydantic import BaseModel, Field

from pipeline.families.ibp.generator.needs_parts import (
    NEEDS_PARTS,
    PartsVerdict,
    measure_with_pool,
    needs_parts_share,
)
from pipeline.families.ibp.generator.trees import expression_depth, operator_counts
from pipeline.families.shared.canonical import canonical_form
from validators.limits import CheckPool
from validators.parse import ParseError, parse_math

LENGTH_BINS = (0, 20, 40, 60, 80, 100, 130, 160, 200, 250, 300, 400, 10**6)


class NeedsPartsReport(BaseModel):
    measured: int
    timeout_s: float
    share: float = Field(description="share that needs parts: uses a parts rule, cannot solve, or times out")
    verdicts: dict[str, int]
    by_construction: dict[str, float]
    by_construction_verdicts: dict[str, dict[str, int]]


class DatasetStats(BaseModel):
    source: str = ""
    problems: int
    distinct_canonical: int
    duplicate_canonical: int
    unreadable: int = 0
    constructions: dict[str, int]
    variants: dict[str, int]
    difficulty: dict[str, int]
    construction_difficulty: dict[str, int]
    splits: dict[str, int]
    parts_applications: dict[str, int]
    operators: dict[str, int] = Field(description="how often each operation appears over all integrands")
    operation_count: dict[str, int] = Field(description="histogram: operations per integrand")
    depth: dict[str, int] = Field(description="histogram: expression-tree depth of the integrand")
    length: dict[str, int] = Field(description="histogram: characters of the integrand, by bin")
    length_summary: dict[str, float]
    splits_share_canonical: bool = Field(description="True if some canonical integrand is in two splits")
    needs_parts: NeedsPartsReport | None = None
    plots: list[str] = []


def read_dataset(path: Path) -> list[dict[str, Any]]:
    """Rows with at least an ``integrand``; a run record's nested ``problem`` fields are lifted up."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if isinstance(row.get("problem"), dict):  # a rejected record carries the Problem itself
            row = {**row["problem"], **{k: v for k, v in row.items() if k != "problem"}}
        if "integrand" in row:
            rows.append(row)
    return rows


def compute_stats(rows: list[dict[str, Any]], source: str = "") -> DatasetStats:
    canonicals: list[str] = []
    operators: Counter[str] = Counter()
    operation_count: Counter[int] = Counter()
    depth: Counter[int] = Counter()
    unreadable = 0
    for row in rows:
        variable = row.get("variable") or "x"
        try:
            expr = parse_math(row["integrand"], variable)
        except ParseError:
            unreadable += 1
            canonicals.append(row.get("canonical") or row["integrand"])
            continue
        canonicals.append(row.get("canonical") or canonical_form(expr, sympy.Symbol(variable)))
        counts = operator_counts(expr)
        operators.update(counts)
        operation_count[sum(counts.values())] += 1
        depth[expression_depth(expr)] += 1
    lengths = [len(row["integrand"]) for row in rows]
    split_of: dict[str, set[str]] = {}
    for canonical, row in zip(canonicals, rows, strict=True):
        split_of.setdefault(canonical, set()).add(row.get("split") or "")
    return DatasetStats(
        source=source,
        problems=len(rows),
        distinct_canonical=len(set(canonicals)),
        duplicate_canonical=len(canonicals) - len(set(canonicals)),
        unreadable=unreadable,
        constructions=_count(row.get("construction", "unknown") for row in rows),
        variants=_count(f"{row.get('construction', '?')}/{row.get('variant') or '-'}" for row in rows),
        difficulty=_count(row.get("difficulty", "unknown") for row in rows),
        construction_difficulty=_count(f"{row.get('construction')}/{row.get('difficulty')}" for row in rows),
        splits=_count(row.get("split") or "unassigned" for row in rows),
        parts_applications=_count(str(row.get("parts_applications", "?")) for row in rows),
        operators=dict(operators.most_common()),
        operation_count={str(k): v for k, v in sorted(operation_count.items())},
        depth={str(k): v for k, v in sorted(depth.items())},
        length=_binned(lengths),
        length_summary=_summary(lengths),
        splits_share_canonical=any(len(splits - {""}) > 1 for splits in split_of.values()),
    )


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


def render_stats(stats: DatasetStats) -> str:
    """A short text report for the terminal."""
    lines = [
        f"problems: {stats.problems}   distinct canonical integrands: {stats.distinct_canonical}   "
        f"duplicates: {stats.duplicate_canonical}   unreadable: {stats.unreadable}",
        f"constructions: {stats.constructions}",
        f"difficulty: {stats.difficulty}",
        f"splits: {stats.splits} (a canonical integrand in two splits: {stats.splits_share_canonical})",
        f"parts applications: {stats.parts_applications}",
        f"integrand length: {stats.length_summary}",
        f"depth: {stats.depth}",
        f"top operations: {dict(list(stats.operators.items())[:12])}",
    ]
    if stats.needs_parts is not None:
        report = stats.needs_parts
        lines.append(
            f"needs parts: {report.share:.1%} of {report.measured} measured ({report.timeout_s:g} s limit), "
            f"by construction {report.by_construction}, verdicts {report.verdicts}"
        )
    return "\n".join(lines)


def draw_plots(stats: DatasetStats, out_dir: Path) -> list[Path]:
    """One PNG per histogram, in ``out_dir``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts: list[tuple[str, str, dict[str, int] | dict[str, float]]] = [
        ("constructions", "problems per construction", stats.constructions),
        ("difficulty", "problems per difficulty level", stats.difficulty),
        ("construction_difficulty", "construction / difficulty", stats.construction_difficulty),
        ("operators", "operations over all integrands", dict(list(stats.operators.items())[:20])),
        ("operation_count", "operations per integrand", stats.operation_count),
        ("depth", "expression depth of the integrand", stats.depth),
        ("length", "integrand length (characters, by bin)", stats.length),
        ("parts_applications", "integrations by parts in the intended solution", stats.parts_applications),
    ]
    if stats.needs_parts is not None:
        charts.append(("needs_parts", "needs-parts share by construction", stats.needs_parts.by_construction))
    written = []
    for name, title, data in charts:
        if not data:
            continue
        figure, axes = plt.subplots(figsize=(max(5.0, 0.45 * len(data) + 2), 3.6))
        labels = list(data)
        axes.bar(range(len(labels)), [data[k] for k in labels], color="#4a7ab5")
        axes.set_xticks(range(len(labels)), labels, rotation=45 if len(labels) > 6 else 0, ha="right")
        axes.set_title(title)
        figure.tight_layout()
        path = out_dir / f"{name}.png"
        figure.savefig(path, dpi=90)
        plt.close(figure)
        written.append(path)
    return written


def _count(values) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _binned(lengths: list[int]) -> dict[str, int]:
    bins: dict[str, int] = {}
    for lo, hi in zip(LENGTH_BINS, LENGTH_BINS[1:], strict=False):
        n = sum(lo <= length < hi for length in lengths)
        if n:
            bins[f"{lo}-{hi - 1}" if hi < 10**6 else f">={lo}"] = n
    return bins


def _summary(lengths: list[int]) -> dict[str, float]:
    if not lengths:
        return {}
    ordered = sorted(lengths)
    return {
        "min": ordered[0],
        "median": statistics.median(ordered),
        "mean": round(statistics.fmean(ordered), 1),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
        "max": ordered[-1],
    }


__all__ = [
    "NEEDS_PARTS",
    "DatasetStats",
    "NeedsPartsReport",
    "compute_stats",
    "draw_plots",
    "measure_needs_parts",
    "read_dataset",
    "render_stats",
]
