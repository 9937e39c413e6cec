"""The rows of the SFT, PRM, GRPO and PRM800K-like exports, built from the records of a dataset.

Each builder turns one ``AcceptedRecord`` into rows and counts what it had to leave out, so the export's
manifest says how much of the data each format could use and why the rest could not be used.

* ``sft``: one row per distinct *established* path (final answer proved, no claim wrong or unchecked):
  ``messages`` = system, user problem, assistant solution.
* ``prm``: TRL's stepwise supervision, one row per path, correct or flawed, of accepted *and* rejected
  problems (a rejected problem's paths are negatives with proved labels):
  ``{prompt, completions: [step, ...], labels: [bool, ...]}``. Labels are proved; a path is cut before its
  first unverifiable step (nothing after it is claimed either way), and dropped if that leaves nothing.
* ``grpo``: one row per problem: the conversational prompt and the ground truth the verifier reward reads
  (``integrand``, ``variable``; ``antiderivative`` is a reference, never needed to score).
* ``prm800k``: PRM800K's JSONL shape, one row per path, ratings +1 (correct), -1 (incorrect), 0
  (unverifiable); like its human labellers, the rating stops at the first -1, with ``finish_reason``
  ``found_error``, else ``solution`` when every step is +1, else ``give_up``.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from pipeline.core.records import AcceptedRecord
from pipeline.exports.labelled import CORRECT, INCORRECT, UNVERIFIABLE, LabelledStep, labelled_steps
from pipeline.exports.messages import ChatTurn, assistant_turn, problem_text, prompt_turns
from pipeline.exports.source import ProblemPaths
from pipeline.families.ibp.solution_text import render_solution
from pipeline.rewards.paths import (
    established,
    proved_correct,
    solution_paths,
    solve_answer,
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
    id: str
    problem_id: str
    prompt: list[ChatTurn]
    integrand: str
    variable: str
    antiderivative: str


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


def _path_id(record: AcceptedRecord, path_index: int) -> str:
    return f"{record.id}-{path_index}"


def sft_rows(record: AcceptedRecord, skipped: Counter) -> list[SftRow]:
    rows, seen = [], set()
    for solution in solution_paths(record):
        answer = solve_answer(solution)
        if not established(solution):
            if proved_correct(solution):
                skipped["sft:claim_not_established"] += 1
            continue
        if answer is None:
            skipped["sft:unparsed_answer"] += 1
            continue
        text = render_solution(answer, record.variable)
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
        steps = labelled_steps(solution, record.variable)
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


def grpo_rows(record: AcceptedRecord, skipped: Counter) -> list[GrpoRow]:
    return [
        GrpoRow(
            id=record.id,
            problem_id=record.id,
            prompt=prompt_turns(record),
            integrand=record.integrand,
            variable=record.variable,
            antiderivative=record.antiderivative,
        )
    ]


def _finish_reason(ratings: list[int]) -> str:
    if -1 in ratings:
        return "found_error"
    return "solution" if all(r == 1 for r in ratings) else "give_up"


def prm800k_rows(record: ProblemPaths, skipped: Counter) -> list[Prm800kRow]:
    rows = []
    for solution in record.solutions:
        steps = labelled_steps(solution, record.variable)
        if steps is None:
            skipped["prm800k:unparsed_answer"] += 1
            continue
        generated = [step.text for step in steps]
        ratings = [RATINGS[step.label] for step in steps]
        if -1 in ratings:  # the labeller stops at the first error
            stop = ratings.index(-1) + 1
            steps, ratings = steps[:stop], ratings[:stop]
        answer = solve_answer(solution)
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
            ground_truth_answer=record.antiderivative,
            pre_generated_steps=generated,
            pre_generated_answer=answer.antiderivative,
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
