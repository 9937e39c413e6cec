"""``prm800k``: PRM800K's JSONL layout (github.com/openai/prm800k, README "Data"), one row per distinct path.

Field by field, what PRM800K means and what revsynth writes:

* ``labeler`` (a labeller's UUID): the labeller is the run's checker, so one UUID per run: ``uuid5`` of the
  run's fingerprint (``run.json``; config and templates), the same for every row of a run.
* ``timestamp`` (when the trajectory was submitted): revsynth keeps no time per path, so this is when the
  run last wrote the record's file (its mtime, UTC, in PRM800K's ``2023-01-22T04:34:27.052924`` form).
* ``generation`` (the collection round of phase 2, chosen by the best PRM so far): revsynth has no such
  rounds, so ``null``, as in PRM800K's phase 1; it never holds the path index.
* ``question.ground_truth_solution``: the text of an established path of the problem (the first); ``null``
  for a rejected problem, which has none. ``ground_truth_answer``: the family's reference answer.
* ``question.pre_generated_answer``: the path's final answer in the reference's own spelling (the family's
  ``normalize``: for the integral families the constant of integration is dropped, as in the reference),
  so a grader comparing the two strings agrees with the checks; an answer that cannot be normalised is
  written as the path wrote it (counted, ``prm800k:answer_not_normalised``).
* ``question.pre_generated_verifier_score`` (the score of OpenAI's PRM): the path's combined reward
  (``pipeline.rewards``), in [0, 1].
* ``label.steps[*].completions``: one completion per step, ``rating`` +1 / -1 / 0 for correct / incorrect /
  unverifiable, ``flagged`` ``null``; revsynth adds ``check``, the reason behind the rating.
* ``label.total_time`` (milliseconds spent labelling): the seconds the path's checks took, in ms.
* ``label.finish_reason``: ``found_error`` when a step is rated -1, ``solution`` when the final answer is
  rated +1, else ``give_up``. By default (``--after-first-error truncate``) rating stops at the first -1, as
  PRM800K's phase-2 labellers stopped; ``negative`` rates every later step -1, ``label`` rates each on its
  own claim. ``pre_generated_steps`` always holds the whole path.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from pipeline.core.problem import Problem, ProblemDetails
from pipeline.core.records import SolutionRecord
from pipeline.exports.context import BuildContext
from pipeline.exports.labelled import CORRECT, INCORRECT, UNVERIFIABLE, labelled_steps
from pipeline.exports.messages import problem_text
from pipeline.exports.steps import apply_policy
from pipeline.families import normalize_final
from pipeline.rewards.paths import ProblemPaths, established, path_answer, score_paths, solution_text
from validators.limits import CheckPool

RATINGS = {CORRECT: 1, INCORRECT: -1, UNVERIFIABLE: 0}


class Prm800kCompletion(BaseModel):
    text: str
    rating: int
    flagged: bool | None = None
    check: str


class Prm800kStep(BaseModel):
    completions: list[Prm800kCompletion]
    human_completion: str | None = None
    chosen_completion: int | None = 0


class Prm800kLabel(BaseModel):
    steps: list[Prm800kStep]
    total_time: int
    finish_reason: str


class Prm800kQuestion(BaseModel):
    problem: str
    ground_truth_solution: str | None
    ground_truth_answer: str
    pre_generated_steps: list[str]
    pre_generated_answer: str
    pre_generated_verifier_score: float


class Prm800kRow(BaseModel):
    id: str
    problem_id: str
    path: str
    flaw: str | None
    labeler: str
    timestamp: str
    generation: int | None = None
    is_quality_control_question: bool = False
    is_initial_screening_question: bool = False
    question: Prm800kQuestion
    label: Prm800kLabel


def _problem(record: ProblemPaths) -> Problem:
    """A Problem carrying the record's fields as details: what a family's ``normalize`` reads."""
    details = ProblemDetails(**record.fields)
    family, variable = record.family, record.variable
    return Problem(index=0, seed=0, construction="export", family=family, variable=variable, details=details)


def normalise_answers(
    records: Sequence[ProblemPaths], pool: CheckPool, timeout_s: float
) -> dict[tuple[str, int], str]:
    """The canonical final answer of every path the run did not normalise (it only normalises right ones)."""
    futures = {}
    for record in records:
        stage = record.spec.path_stage.name
        for solution in record.solutions:
            answer = path_answer(record.family, solution)
            if solution.final_answer or answer is None:
                continue
            args = (record.family, stage, answer, _problem(record))
            key = (record.id, solution.path_index)
            futures[key] = pool.submit(normalize_final, *args, timeout_s=timeout_s)
    found = {}
    for key, future in futures.items():
        try:
            found[key] = future.result()
        except Exception:  # noqa: BLE001 - a parse error, a timeout: written as the path wrote it
            continue
    return found


def _finish_reason(ratings: list[int], final_rated: bool) -> str:
    if -1 in ratings:
        return "found_error"
    return "solution" if final_rated and ratings[-1] == 1 else "give_up"


def _check_ms(solution: SolutionRecord) -> int:
    return round(1000 * sum(check.seconds for check in solution.stage.checks))


def prm800k_rows(
    record: ProblemPaths, ctx: BuildContext, answers: dict[tuple[str, int], str] | None = None
) -> list[Prm800kRow]:
    """One PRM800K-layout row per distinct path of the problem."""
    policy = ctx.options.policy(ctx.export_format)
    scores = {r.path_index: r.reward for r in score_paths(record)}
    reference_path = next((s for s in record.solutions if established(s)), None)
    ground_truth = (
        solution_text(record.family, reference_path, record.variable) if reference_path is not None else None
    )
    rows = []
    for solution in record.solutions:
        steps = labelled_steps(record, solution)
        if steps is None:
            ctx.skip("unparsed_answer")
            continue
        generated = [step.text for step in steps]
        if not ctx.first_time(record, "\n".join(generated)):
            continue
        rated = apply_policy(steps, policy)
        ratings = [RATINGS[step.label] for step in rated]
        answer = path_answer(record.family, solution)
        assert answer is not None  # labelled_steps returned steps
        final = solution.final_answer or (answers or {}).get((record.id, solution.path_index))
        if final is None:
            ctx.skip("answer_not_normalised")
            final = record.rendering.final_answer(answer)
        label = Prm800kLabel(
            steps=[
                Prm800kStep(completions=[Prm800kCompletion(text=s.text, rating=r, check=s.check)])
                for s, r in zip(rated, ratings, strict=True)
            ],
            total_time=_check_ms(solution),
            finish_reason=_finish_reason(ratings, len(rated) == len(steps)),
        )
        question = Prm800kQuestion(
            problem=problem_text(record),
            ground_truth_solution=ground_truth,
            ground_truth_answer=record.reference,
            pre_generated_steps=generated,
            pre_generated_answer=final,
            pre_generated_verifier_score=scores[solution.path_index],
        )
        rows.append(
            Prm800kRow(
                id=f"{record.id}-{solution.path_index}",
                problem_id=record.id,
                path=solution.path,
                flaw=solution.flaw,
                labeler=ctx.labeler,
                timestamp=ctx.timestamp,
                question=question,
                label=label,
            )
        )
    return rows
