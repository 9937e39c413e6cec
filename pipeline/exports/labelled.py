"""A solution path as labelled steps: the text of each step beside the established label of its claim.

The steps are the family's chunks (``Rendering.chunks``): for integration by parts, every parts choice,
every written step, then the final answer. A chunk's label is the verdict the run's check recorded for its
claim (matched by kind and index), the worst of them when its text states several; the final answer's label
is the family's final check, with an answer that still holds an integral counted incorrect. A label is
``correct`` or ``incorrect`` only when a check established it; anything undecided (a timeout, an
unparsable expression) is ``unverifiable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.records import SolutionRecord
from pipeline.rewards.paths import ProblemPaths, final_check_record, path_answer, proved_correct
from validators.equivalence import Reason

CORRECT, INCORRECT, UNVERIFIABLE = "correct", "incorrect", "unverifiable"
_RANK = {CORRECT: 0, UNVERIFIABLE: 1, INCORRECT: 2}


@dataclass(frozen=True)
class LabelledStep:
    """One step of a path: what it says, its label, and the check (or its failure reason) behind it."""

    text: str
    label: str
    check: str


def final_answer_label(family: str, solution: SolutionRecord) -> tuple[str, str]:
    """(label, reason) of the final answer, from the run's final check."""
    if proved_correct(solution):
        return CORRECT, "final_answer_established"
    final = final_check_record(family, solution)
    if final is None:
        return UNVERIFIABLE, "not_checked"
    if final.reason == Reason.UNFINISHED:
        return INCORRECT, "unevaluated_integral"
    if final.ok:  # ok but not proved_correct: the answer still holds an integral, which is no answer
        return INCORRECT, "unevaluated_integral"
    if final.reason == Reason.NOT_EQUIVALENT:
        return INCORRECT, "final_answer_wrong"
    return UNVERIFIABLE, final.reason


def labelled_steps(problem: ProblemPaths, solution: SolutionRecord) -> list[LabelledStep] | None:
    """The path's steps with their labels, or None when its answer did not parse (nothing to label)."""
    answer = path_answer(problem.family, solution)
    if answer is None:
        return None
    recorded = {(label.kind, label.index): label for label in solution.stage.step_labels}

    def label_of(kind: str, index: int, also: tuple[tuple[str, int], ...]) -> tuple[str, str]:
        found = recorded.get((kind, index))
        if found is None:
            return UNVERIFIABLE, "not_checked"
        label, reason = found.label, found.reason
        for other in also:
            extra = recorded.get(other)
            if extra is not None and _RANK[extra.label] > _RANK[label]:
                label, reason = extra.label, extra.reason
        return label, reason

    steps = []
    for chunk in problem.rendering.chunks(answer, problem.variable):
        if chunk.kind == "final":
            steps.append(LabelledStep(chunk.text, *final_answer_label(problem.family, solution)))
        else:
            steps.append(LabelledStep(chunk.text, *label_of(chunk.kind, chunk.index, chunk.also)))
    return steps


def first_incorrect_step(steps: list[LabelledStep]) -> int | None:
    return next((i for i, step in enumerate(steps) if step.label == INCORRECT), None)
