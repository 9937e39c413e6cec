"""The rows of the SFT, PRM, GRPO and PRM800K-like exports, built from the records of a dataset.

Each builder turns one problem (``ProblemPaths``, of any family) into rows and counts what it had to leave
out, so the export's manifest says how much of the data each format could use and why the rest could not.
The text of a prompt, a solution and its steps is the family's (``Rendering``).

* ``sft``: one row per distinct *established* path (final answer proved, no claim wrong or unchecked):
  ``messages`` = system, user problem, assistant solution.
* ``prm``: TRL's stepwise supervision, one row per path, correct or flawed, of accepted *and* rejected
  problems (a rejected problem's paths are negatives with proved labels):
  ``{prompt, completions: [step, ...], labels: [bool, ...]}``. Labels are proved; a path is cut before its
  first unverifiable step (nothing after it is claimed either way), and dropped if that leaves nothing.
* ``grpo``: one row per problem: the conversational prompt, ``family``, the columns the family's verifier
  reward reads (``Rendering.columns``: ``integrand`` and ``variable`` for the integral families) and
  ``reference_answer`` (a reference, never needed to score).
* ``prm800k``: PRM800K's JSONL shape, one row per path, ratings +1 (correct), -1 (incorrect), 0
  (unverifiable); like its human labellers, the rating stops at the first -1, with ``finish_reason``
  ``found_error``, else ``solution`` when every step is +1, else ``give_up``.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict

from pipeline.exports.labelled import CORRECT, INCORRECT, UNVERIFIABLE, LabelledStep, labelled_steps
from pipeline.exports.messages import ChatTurn, assistant_turn, problem_text, prompt_turns
from pipeline.rewards.paths import (
    ProblemPaths,
    established,
    path_answer,
    proved_correct,
    unverified_claims,
)


class SftRow(BaseModel):
    id: str
    problem_id: str
    path: str
    messages: list[ChatTurn]
    unverified_claims: int = 0  # > 0 only in a run with acceptance.unverifiable_steps: allow


class PrmRow(BaseModel):
    id: str
    problem_id: str
    path: str
    flaw: str | None
    prompt: str
    completions: list[str]
    labels: list[bool]
    first_error_step: int | None
    correct: bool


class GrpoRow(BaseModel):
    """The prompt and, as further columns, what the family's reward reads (``Rendering.columns``)."""

    model_config = ConfigDict(extra="allow")

    id: str
    problem_id: str
    family: str
    prompt: list[ChatTurn]
    variable: str
    reference_answer: str


class Prm800kCompletion(BaseModel):
    text: str
    rating: int
    flagged: bool = False
    check: str


class Prm800kStep(BaseModel):
    completions: list[Prm800kCompletion]
    human_completion: str | None = None
    chosen_completion: int = 0


class Prm800kLabel(BaseModel):
    steps: list[Prm800kStep]
    total_time: int = 0
    finish_reason: str


class Prm800kQuestion(BaseModel):
    problem: str
    ground_truth_answer: str
    pre_generated_steps: list[str]
    pre_generated_answer: str


class Prm800kRow(BaseModel):
    id: str
    problem_id: str
    path: str
    flaw: str | None
    labeler: str = "revsynth-proof"
    generation: int | None = None
    is_quality_control_question: bool = False
    is_initial_screening_question: bool = False
    question: Prm800kQuestion
    label: Prm800kLabel


RATINGS = {CORRECT: 1, INCORRECT: -1, UNVERIFIABLE: 0}


def _path_id(record: ProblemPaths, path_index: int) -> str:
    return f"{record.id}-{path_index}"


def sft_rows(record: ProblemPaths, skipped: Counter) -> list[SftRow]:
    rows, seen = [], set()
    for solution in record.solutions:
        answer = path_answer(record.family, solution)
        if not established(solution):
            if proved_correct(solution):
                skipped["sft:claim_not_established"] += 1
            continue
        if answer is None:
            skipped["sft:unparsed_answer"] += 1
            continue
        text = record.rendering.solution_text(answer, record.variable)
        if text in seen:
            skipped["sft:duplicate_path"] += 1
            continue
        seen.add(text)
        messages = [*prompt_turns(record), assistant_turn(text)]
        rows.append(
            SftRow(
                id=_path_id(record, solution.path_index),
                problem_id=record.id,
                path=solution.path,
                messages=messages,
                unverified_claims=unverified_claims(solution),
            )
        )
    return rows


def _until_unverifiable(steps: list[LabelledStep]) -> list[LabelledStep]:
    cut = next((i for i, step in enumerate(steps) if step.label == UNVERIFIABLE), len(steps))
    return steps[:cut]


def prm_rows(record: ProblemPaths, skipped: Counter) -> list[PrmRow]:
    rows = []
    for solution in record.solutions:
        steps = labelled_steps(record, solution)
        if steps is None:
            skipped["prm:unparsed_answer"] += 1
            continue
        kept = _until_unverifiable(steps)
        if len(kept) < len(steps):
            skipped["prm:cut_at_unverifiable_step"] += 1
        if not kept:
            skipped["prm:no_proved_step"] += 1
            continue
        labels = [step.label == CORRECT for step in kept]
        rows.append(
            PrmRow(
                id=_path_id(record, solution.path_index),
                problem_id=record.id,
                path=solution.path,
                flaw=solution.flaw,
                prompt=problem_text(record),
                completions=[step.text for step in kept],
                labels=labels,
                first_error_step=next((i for i, ok in enumerate(labels) if not ok), None),
                correct=proved_correct(solution),
            )
        )
    return rows


def grpo_rows(record: ProblemPaths, skipped: Counter) -> list[GrpoRow]:
    return [
        GrpoRow(
            id=record.id,
            problem_id=record.id,
            family=record.family,
            prompt=prompt_turns(record),
            reference_answer=record.reference,
            **record.columns(),
        )
    ]


def _finish_reason(ratings: list[int]) -> str:
    if -1 in ratings:
        return "found_error"
    return "solution" if all(r == 1 for r in ratings) else "give_up"


def prm800k_rows(record: ProblemPaths, skipped: Counter) -> list[Prm800kRow]:
    rows = []
    for solution in record.solutions:
        steps = labelled_steps(record, solution)
        if steps is None:
            skipped["prm800k:unparsed_answer"] += 1
            continue
        generated = [step.text for step in steps]
        ratings = [RATINGS[step.label] for step in steps]
        if -1 in ratings:  # the labeller stops at the first error
            stop = ratings.index(-1) + 1
            steps, ratings = steps[:stop], ratings[:stop]
        answer = path_answer(record.family, solution)
        assert answer is not None  # labelled_steps returned steps
        label = Prm800kLabel(
            steps=[
                Prm800kStep(completions=[Prm800kCompletion(text=s.text, rating=r, check=s.check)])
                for s, r in zip(steps, ratings, strict=True)
            ],
            finish_reason=_finish_reason(ratings),
        )
        question = Prm800kQuestion(
            problem=problem_text(record),
            ground_truth_answer=record.reference,
            pre_generated_steps=generated,
            pre_generated_answer=record.rendering.final_answer(answer),
        )
        rows.append(
            Prm800kRow(
                id=_path_id(record, solution.path_index),
                problem_id=record.id,
                path=solution.path,
                flaw=solution.flaw,
                generation=solution.path_index,
                question=question,
                label=label,
            )
        )
    return rows


BUILDERS = {"sft": sft_rows, "grpo": grpo_rows}
"""Formats built from accepted records only (they need a solved problem)."""
PATH_BUILDERS = {"prm": prm_rows, "prm800k": prm800k_rows}
"""Formats built from every problem with solution paths, rejected ones included (their negatives)."""
