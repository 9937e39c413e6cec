"""The solution paths already in a dataset, any family: read as their family writes them, and rewarded.

A ``ProblemPaths`` is one problem and every path tried on it, from an accepted record or from a rejected
one (process-reward data needs the negatives of problems that were never solved too). Its family, looked
up by the record's ``family``, says how the paths read as text and what the reference answer is; nothing
here names a family.

Nothing is re-proved here (no SymPy): correctness and step labels were established by the run's checks and
are read from the record. The one extra guard is textual: a path whose normalised final answer still holds
an ``Integral`` or ``Derivative`` is never counted correct. These scores feed the DPO margins and the
dataset card's distributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from pipeline.core.family import Family, Rendering
from pipeline.core.records import AcceptedRecord, RejectedRecord, SolutionRecord
from pipeline.families import DEFAULT_FAMILY, get_family
from pipeline.rewards.components import (
    CompressionMethod,
    RewardComponents,
    RewardWeights,
    combine,
    compressed_size,
    efficiency_scores,
    format_score,
    step_validity,
)

_UNFINISHED = ("Integral(", "Derivative(")


@dataclass(frozen=True)
class ProblemPaths:
    """A problem, the fields its family reads (``record_fields``), and every solution path tried on it."""

    id: str
    family: str
    variable: str
    canonical: str
    fields: dict[str, Any]
    solutions: list[SolutionRecord]
    accepted: bool

    @property
    def spec(self) -> Family:
        return get_family(self.family)

    @property
    def rendering(self) -> Rendering:
        return self.spec.rendering

    @property
    def reference(self) -> str:
        """The answer a correct path's final answer must be equivalent to."""
        return self.rendering.reference(self.fields)

    def columns(self) -> dict[str, str]:
        """What the family's final check reads (``Rendering.columns``), as strings."""
        return {"variable": self.variable, **{c: str(self.fields[c]) for c in self.rendering.columns}}

    def request(self) -> str:
        return self.rendering.request(self.fields)

    @classmethod
    def of_accepted(cls, record: AcceptedRecord) -> ProblemPaths:
        fields = {"variable": record.variable, **(record.model_extra or {})}
        family = record.family or DEFAULT_FAMILY
        paths = solution_paths(record)
        return cls(record.id, family, record.variable, record.canonical, fields, paths, True)

    @classmethod
    def of_rejected(cls, record: RejectedRecord) -> ProblemPaths | None:
        """None when the record has no solution path (it failed before its path stage)."""
        problem = record.problem
        if not record.solutions or problem is None:
            return None
        family = get_family(problem.family)
        answers = {}
        for spec in family.stages[:-1]:
            stage = record.stages.get(spec.name)
            if stage is None or stage.answer is None:
                return None
            answers[spec.name] = spec.answer.model_validate(stage.answer)
        reference = family.reference_answer(problem)
        fields = {"variable": problem.variable, **family.record_fields(problem, answers, None, reference)}
        paths = list(record.solutions)
        return cls(record.id, family.name, problem.variable, problem.canonical, fields, paths, False)


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
    """Every solution path of a record; a record written before paths existed has its path stage as one."""
    if record.solutions:
        return list(record.solutions)
    stage = record.stages[get_family(record.family or DEFAULT_FAMILY).path_stage.name]
    final = getattr(record, "antiderivative", None)
    return [
        SolutionRecord(
            path_index=0,
            path=stage.provider,
            correct=True,
            final_answer=final,
            first_error_step=stage.first_error_step,
            stage=stage,
        )
    ]


def path_answer(family: str, solution: SolutionRecord) -> BaseModel | None:
    """The path's parsed answer, or None when the model's text did not parse."""
    if solution.stage.answer is None:
        return None
    try:
        return get_family(family).path_stage.answer.model_validate(solution.stage.answer)
    except ValueError:
        return None


def proved_correct(solution: SolutionRecord) -> bool:
    """The run established the final answer, and it is finished (no integral or derivative left)."""
    text = solution.final_answer or ""
    return solution.correct and bool(text) and not any(marker in text for marker in _UNFINISHED)


def established(solution: SolutionRecord) -> bool:
    """The path may be shown as a worked solution (SFT, DPO ``chosen``): its final answer is established and
    none of its claims is wrong — nor unchecked, unless the run's ``acceptance.unverifiable_steps`` was
    ``allow`` (then the stage record is ok although some claims are unverifiable)."""
    if not proved_correct(solution):
        return False
    labels = {label.label for label in solution.stage.step_labels}
    if "incorrect" in labels:
        return False
    return "unverifiable" not in labels or solution.stage.ok


def unverified_claims(solution: SolutionRecord) -> int:
    """How many claims of the path the run's checker could not decide."""
    return sum(label.label == "unverifiable" for label in solution.stage.step_labels)


def final_check_record(family: str, solution: SolutionRecord):
    """The path's final-answer check record, or None when it never ran."""
    name = get_family(family).path_stage.final_check
    return next((c for c in solution.stage.checks if c.name == name), None)


def answer_parses(family: str, solution: SolutionRecord) -> bool:
    """The final answer was read as math by the run's check (its verdict is not a parse error)."""
    final = final_check_record(family, solution)
    return final is not None and not final.reason.startswith("parse_error")


def solution_text(family: str, solution: SolutionRecord, variable: str) -> str:
    """The path as the exports write it (its family's text layout), or the raw answer if it did not parse."""
    answer = path_answer(family, solution)
    if answer is None:
        return solution.stage.raw_answer
    return get_family(family).rendering.solution_text(answer, variable)


def score_paths(
    problem: ProblemPaths | AcceptedRecord,
    weights: RewardWeights | None = None,
    compression: CompressionMethod = "zlib",
) -> list[PathReward]:
    """The reward of every path of a problem; efficiency is normalised among its correct paths."""
    if isinstance(problem, AcceptedRecord):
        problem = ProblemPaths.of_accepted(problem)
    paths, family, x = problem.solutions, problem.family, problem.variable
    correct = [proved_correct(p) for p in paths]
    sizes = [compressed_size(solution_text(family, p, x), compression) for p in paths]
    efficiency = efficiency_scores(sizes, correct)
    rewards = []
    for path, ok, size, eff in zip(paths, correct, sizes, efficiency, strict=True):
        labels = [label.label for label in path.stage.step_labels]
        read = problem.rendering.read(path.stage.raw_answer, x)
        components = RewardComponents(
            correctness=float(ok),
            step_validity=step_validity(labels),
            format=format_score(
                read.layout in ("json", "text"), answer_parses(family, path), read.answer_form
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
