"""Figures about a dataset of problems, any family: diversity, shape, difficulty, splits.

Reads ``revsynth sample`` output (one Problem per line, the family's details nested), a run's
``accepted.jsonl`` or ``rejected.jsonl``: each row is flattened so that the family's ``statement_field``
(``integrand``; ``q`` for an ODE), ``construction`` and ``difficulty`` are at its top level. The shape of the
statement expression is measured exactly; a family may add a harder measurement (``Family.hardness``: ibp's
needs-parts share), run by the caller on a seeded subset under time limits.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import sympy
from pydantic import BaseModel, Field

from pipeline.families.shared.canonical import canonical_form
from validators.parse import ParseError, parse_math

LENGTH_BINS = (0, 20, 40, 60, 80, 100, 130, 160, 200, 250, 300, 400, 10**6)


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
    family_fields: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="the family's own counted details (Family.stats_fields)"
    )
    statement_field: str = "integrand"
    operators: dict[str, int] = Field(description="how often each operation appears over all statements")
    operation_count: dict[str, int] = Field(description="histogram: operations per statement expression")
    depth: dict[str, int] = Field(description="histogram: expression-tree depth of the statement")
    length: dict[str, int] = Field(description="histogram: characters of the statement, by bin")
    length_summary: dict[str, float]
    splits_share_canonical: bool = Field(description="True if some canonical form is in two splits")
    hardness: dict[str, Any] | None = Field(default=None, description="the family's hardness report, if any")
    plots: list[str] = []


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """A sampled problem, accepted record or rejected record with its problem's fields at the top level."""
    if isinstance(row.get("problem"), dict):  # a rejected record carries the Problem itself
        row = {**row["problem"], **{k: v for k, v in row.items() if k != "problem"}}
    if isinstance(row.get("details"), dict):  # a Problem: the family's details, nested
        row = {**row["details"], **{k: v for k, v in row.items() if k != "details"}}
    return row


def read_dataset(path: Path) -> list[dict[str, Any]]:
    """Every row of a JSONL file, flattened (rows without a problem, e.g. failed draws, are skipped)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = flatten(json.loads(line))
        if row.get("family") or row.get("integrand"):
            rows.append(row)
    return rows


def compute_stats(
    rows: list[dict[str, Any]],
    source: str = "",
    statement_field: str = "integrand",
    stats_fields: tuple[str, ...] = (),
) -> DatasetStats:
    canonicals: list[str] = []
    operators: Counter[str] = Counter()
    operation_count: Counter[int] = Counter()
    depth: Counter[int] = Counter()
    unreadable = 0
    rows = [row for row in rows if isinstance(row.get(statement_field), str)]
    for row in rows:
        variable = row.get("variable") or "x"
        try:
            expr = parse_math(row[statement_field], variable)
        except ParseError:
            unreadable += 1
            canonicals.append(row.get("canonical") or row[statement_field])
            continue
        canonicals.append(row.get("canonical") or canonical_form(expr, sympy.Symbol(variable)))
        counts = operator_counts(expr)
        operators.update(counts)
        operation_count[sum(counts.values())] += 1
        depth[expression_depth(expr)] += 1
    lengths = [len(row[statement_field]) for row in rows]
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
        family_fields={name: _count(str(row.get(name, "?")) for row in rows) for name in stats_fields},
        statement_field=statement_field,
        operators=dict(operators.most_common()),
        operation_count={str(k): v for k, v in sorted(operation_count.items())},
        depth={str(k): v for k, v in sorted(depth.items())},
        length=_binned(lengths),
        length_summary=_summary(lengths),
        splits_share_canonical=any(len(splits - {""}) > 1 for splits in split_of.values()),
    )


def render_stats(stats: DatasetStats) -> str:
    """A short text report for the terminal."""
    lines = [
        f"problems: {stats.problems}   distinct canonical forms: {stats.distinct_canonical}   "
        f"duplicates: {stats.duplicate_canonical}   unreadable: {stats.unreadable}",
        f"constructions: {stats.constructions}",
        f"difficulty: {stats.difficulty}",
        f"splits: {stats.splits} (a canonical form in two splits: {stats.splits_share_canonical})",
        *(f"{name}: {counts}" for name, counts in stats.family_fields.items()),
        f"{stats.statement_field} length: {stats.length_summary}",
        f"depth: {stats.depth}",
        f"top operations: {dict(list(stats.operators.items())[:12])}",
    ]
    if stats.hardness is not None:
        lines.append(f"hardness: {stats.hardness}")
    return "\n".join(lines)


def draw_plots(stats: DatasetStats, out_dir: Path) -> list[Path]:
    """One PNG per histogram, in ``out_dir``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    what = f"{stats.statement_field} expressions"
    charts: list[tuple[str, str, dict[str, int] | dict[str, float]]] = [
        ("constructions", "problems per construction", stats.constructions),
        ("difficulty", "problems per difficulty level", stats.difficulty),
        ("construction_difficulty", "construction / difficulty", stats.construction_difficulty),
        ("operators", f"operations over all {what}", dict(list(stats.operators.items())[:20])),
        ("operation_count", f"operations per {stats.statement_field}", stats.operation_count),
        ("depth", f"expression depth of the {stats.statement_field}", stats.depth),
        ("length", f"{stats.statement_field} length (characters, by bin)", stats.length),
        *((name, name, counts) for name, counts in stats.family_fields.items()),
    ]
    by_construction = (stats.hardness or {}).get("by_construction")
    if isinstance(by_construction, dict):
        charts.append(("hardness", "hardness share by construction", by_construction))
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
    "DatasetStats",
    "compute_stats",
    "draw_plots",
    "expression_depth",
    "flatten",
    "operator_counts",
    "read_dataset",
    "render_stats",
]


def expression_depth(expr: sympy.Basic) -> int:
    """Height of SymPy's expression tree (an atom has depth 0)."""
    if not expr.args:
        return 0
    return 1 + max(expression_depth(arg) for arg in expr.args)


def operator_counts(expr: sympy.Basic) -> dict[str, int]:
    """How often each operation appears: Add, Mul, Pow and each function name (exp, sin, ...)."""
    counts: dict[str, int] = {}
    for node in sympy.preorder_traversal(expr):
        if not node.args:
            continue
        name = node.func.__name__
        if node.is_Pow and node.exp == sympy.Rational(1, 2):
            name = "sqrt"
        counts[name] = counts.get(name, 0) + 1
    return counts
