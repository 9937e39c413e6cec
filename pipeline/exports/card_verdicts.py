"""The dataset card's account of how each verdict was established: proved, or shown numerically.

A numeric verdict is evidence, not a proof (``docs/verification.md``), so the card says how much of the
data rests on each: the final-answer checks of the accepted paths and the ``correct`` step labels, counted
by the method their check recorded.
"""

from __future__ import annotations

from collections import Counter

from pipeline.exports.source import DatasetFolder
from pipeline.rewards.paths import ProblemPaths

SYMBOLIC_DETAILS = ("structural", "expand", "cancel")


def label_method(detail: str) -> str:
    """``symbolic`` or ``numeric`` for a correct label, from the detail its check wrote."""
    return "symbolic" if detail.split(" ", 1)[0] in SYMBOLIC_DETAILS else "numeric"


def verdict_methods(folder: DatasetFolder) -> dict[str, Counter]:
    """Counts by method: ``final answers`` (the accepted paths' final checks) and ``step labels``."""
    finals: Counter = Counter()
    steps: Counter = Counter()
    for record in folder.accepted:
        problem = ProblemPaths.of_accepted(record)
        path_stage = problem.spec.path_stage
        for path in problem.solutions:
            for check in path.stage.checks:
                if check.ok and check.name == path_stage.final_check:
                    finals[check.method] += 1
            for label in path.stage.step_labels:
                if label.label == "correct":
                    steps[label_method(label.detail)] += 1
        for stage in record.stages.values():
            if stage.stage == path_stage.name:
                continue
            for label in stage.step_labels:
                if label.label == "correct":
                    steps[label_method(label.detail)] += 1
    return {"final answers": finals, "correct step labels": steps}


def verdict_section(folder: DatasetFolder) -> list[str]:
    """The card's section: a table of proved / shown-numerically counts and shares."""
    rows = []
    for what, counts in verdict_methods(folder).items():
        total = sum(counts.values())
        proved, numeric = counts.get("symbolic", 0), counts.get("numeric", 0)
        share = f"{proved / total:.1%} / {numeric / total:.1%}" if total else "-"
        rows.append(f"| {what} | {proved} | {numeric} | {share} |")
    return [
        "## How the verdicts were established",
        "A *proved* verdict is algebra (the difference of the two sides is 0 as built, after expand, or over "
        "a common denominator); "
        "a *numeric* one is evidence at points chosen to leave near-misses few places to hide, not a proof "
        "(`docs/verification.md`).",
        "| verdicts | proved | shown numerically | share proved / numeric |\n|---|---|---|---|\n"
        + "\n".join(rows),
    ]
