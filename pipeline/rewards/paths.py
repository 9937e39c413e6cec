"""Rewards of the solution paths already in a dataset, from the verdicts the run proved.

Nothing is re-proved here (no SymPy): correctness and step labels were proved by the run's checks and are
read from the record. The one extra guard is textual: a path whose normalised antiderivative still holds
an ``Integral`` or ``Derivative`` is never counted correct (see ``pipeline.rewards.scoring``). These
scores feed the DPO margins and the dataset card's distributions.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from pipeline.core.records import AcceptedRecord, SolutionRecord
from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.ibp.solution_text import read_solution, render_solution
from pipeline.rewards.components import (
    CompressionMethod,
    RewardComponents,
    RewardWeights,
    combine,
    compressed_size,
    efficiency_scores,
    format_score,
    has_constant_of_integration,
    step_validity,
)

_UNFINISHED = ("Integral(", "Derivative(")


class PathReward(BaseModel):
    """The reward of one solution path of a problem, and what it was computed from."""

    path_index: int
    path: str
    flaw: str | None = None
    correct: bool
    components: RewardComponents
    reward: float
    compressed_bytes: int
    step_labels: list[str] = Field(description="correct/incorrect/unverifiable, in reading order")
    first_error_step: int | None = None


def solution_paths(record: AcceptedRecord) -> list[SolutionRecord]:
    """Every solution path of a record; a record written before paths existed has its solve stage as one."""
    if record.solutions:
        return list(record.solutions)
    solve = record.stages["solve"]
    return [
        SolutionRecord(
            path_index=0,
            path=solve.provider,
            correct=True,
            antiderivative=record.antiderivative,
            first_error_step=solve.first_error_step,
            solve=solve,
        )
    ]


def solve_answer(solution: SolutionRecord) -> SolveAnswer | None:
    """The path's parsed answer, or None when the model's text did not parse."""
    if solution.solve.answer is None:
        return None
    try:
        return SolveAnswer.model_validate(solution.solve.answer)
    except ValueError:
        return None


def proved_correct(solution: SolutionRecord) -> bool:
    """The run proved the final answer, and it is a finished antiderivative (no integral left)."""
    text = solution.antiderivative or ""
    return solution.correct and bool(text) and not any(marker in text for marker in _UNFINISHED)


def established(solution: SolutionRecord) -> bool:
    """The path may be shown as a worked solution (SFT, DPO ``chosen``): its final answer is proved and
    none of its claims is wrong — nor unchecked, unless the run's ``acceptance.unverifiable_steps`` was
    ``allow`` (then the stage record is ok although some claims are unverifiable)."""
    if not proved_correct(solution):
        return False
    labels = {label.label for label in solution.solve.step_labels}
    if "incorrect" in labels:
        return False
    return "unverifiable" not in labels or solution.solve.ok


def unverified_claims(solution: SolutionRecord) -> int:
    """How many claims of the path the run's checker could not decide."""
    return sum(label.label == "unverifiable" for label in solution.solve.step_labels)


def answer_parses(solution: SolutionRecord) -> bool:
    """The final answer was read as math by the run's check (its verdict is not a parse error)."""
    final = next((c for c in solution.solve.checks if c.name == "antiderivative_verified"), None)
    return final is not None and not final.reason.startswith("parse_error")


def solution_text(solution: SolutionRecord, variable: str) -> str:
    """The path as the exports write it (the text layout), or the raw answer if it did not parse."""
    answer = solve_answer(solution)
    return render_solution(answer, variable) if answer is not None else solution.solve.raw_answer


def score_paths(
    record: AcceptedRecord, weights: RewardWeights | None = None, compression: CompressionMethod = "zlib"
) -> list[PathReward]:
    """The reward of every path of a record; efficiency is normalised among its correct paths."""
    paths = solution_paths(record)
    correct = [proved_correct(p) for p in paths]
    sizes = [compressed_size(solution_text(p, record.variable), compression) for p in paths]
    efficiency = efficiency_scores(sizes, correct)
    rewards = []
    for path, ok, size, eff in zip(paths, correct, sizes, efficiency, strict=True):
        labels = [label.label for label in path.solve.step_labels]
        read = read_solution(path.solve.raw_answer, record.variable)
        components = RewardComponents(
            correctness=float(ok),
            step_validity=step_validity(labels),
            format=format_score(
                read.layout in ("json", "text"),
                answer_parses(path),
                has_constant_of_integration(read.antiderivative),
            ),
            efficiency=eff,
        )
        rewards.append(
            PathReward(
                path_index=path.path_index,
                path=path.path,
                flaw=path.flaw,
                correct=ok,
                components=components,
                reward=combine(components, weights),
                compressed_bytes=size,
                step_labels=labels,
                first_error_step=path.first_error_step,
            )
        )
    return rewards
