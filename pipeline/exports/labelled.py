"""A solution path as labelled steps: the text of each step beside the proved label of its check.

The steps are those of ``pipeline.families.ibp.solution_text.solution_chunks``: every parts choice, every
written step, then the final answer. A step's label is the verdict the run's step check recorded for it
(``pipeline.checks.check_solve``); the final answer's label is the derivative-back check, with an answer
that still holds an integral counted incorrect. A label is ``correct`` or ``incorrect`` only when a check
proved it; anything undecided (a timeout, an unparsable expression) is ``unverifiable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.records import SolutionRecord
from pipeline.families.ibp.solution_text import answer_line, parts_line, step_lines
from pipeline.rewards.paths import proved_correct, solve_answer

CORRECT, INCORRECT, UNVERIFIABLE = "correct", "incorrect", "unverifiable"
_RANK = {CORRECT: 0, UNVERIFIABLE: 1, INCORRECT: 2}
FINAL_CHECK = "antiderivative_verified"


@dataclass(frozen=True)
class LabelledStep:
    """One step of a path: what it says, its label, and the check (or its failure reason) behind it."""

    text: str
    label: str
    check: str


def final_answer_label(solution: SolutionRecord) -> tuple[str, str]:
    """(label, reason) of the final answer, from the run's derivative-back check."""
    if proved_correct(solution):
        return CORRECT, "derivative_matches_integrand"
    final = next((c for c in solution.solve.checks if c.name == FINAL_CHECK), None)
    if final is None:
        return UNVERIFIABLE, "not_checked"
    if final.reason == "unfinished_integral":
        return INCORRECT, "unevaluated_integral"
    if final.ok or final.reason == "not_equivalent":
        # ok but not proved_correct: the answer still holds an integral, which is no antiderivative.
        return INCORRECT, "unevaluated_integral" if final.ok else "derivative_differs_from_integrand"
    return UNVERIFIABLE, final.reason


def labelled_steps(solution: SolutionRecord, variable: str) -> list[LabelledStep] | None:
    """The path's steps with their labels, or None when its answer did not parse (nothing to label)."""
    answer = solve_answer(solution)
    if answer is None:
        return None
    recorded = {(label.kind, label.index): label for label in solution.solve.step_labels}

    def label_of(kind: str, index: int) -> tuple[str, str]:
        found = recorded.get((kind, index))
        if found is None:
            return UNVERIFIABLE, "not_checked"
        # A change of variable stated in a step's explanation is part of that step's text: its label
        # counts for the step (a wrong dt = ... makes the step wrong, an unchecked one leaves it unchecked).
        relation = recorded.get(("substitution", index)) if kind == "solve_step" else None
        if relation is not None and _RANK[relation.label] > _RANK[found.label]:
            return relation.label, relation.reason
        return found.label, found.reason

    steps = [
        LabelledStep(parts_line(i, p, variable), *label_of("parts", i)) for i, p in enumerate(answer.parts)
    ]
    steps += [
        LabelledStep(step_lines(j, s, variable), *label_of("solve_step", j))
        for j, s in enumerate(answer.steps)
    ]
    steps.append(LabelledStep(answer_line(answer.antiderivative), *final_answer_label(solution)))
    return steps


def first_incorrect_step(steps: list[LabelledStep]) -> int | None:
    return next((i for i, step in enumerate(steps) if step.label == INCORRECT), None)
