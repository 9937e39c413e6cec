"""The rows of the SFT and GRPO exports, and the registry of every format's row builder.

Each builder turns one problem (``ProblemPaths``, of any family) into rows and counts what it had to leave
out (``BuildContext.skipped``), so the export's manifest says how much of the data each format could use
and why the rest could not. The text of a prompt, a solution and its steps is the family's (``Rendering``).

* ``sft``: one row per distinct *established* path (final answer proved, no claim wrong or unchecked):
  ``messages`` = system, user problem, assistant solution.
* ``grpo``: one row per problem: the conversational prompt, ``family``, the columns the family's verifier
  reward reads (``Rendering.columns``: ``integrand`` and ``variable`` for the integral families) and
  ``reference_answer`` (a reference, never needed to score).
* ``prm``, ``prm-stepwise``: ``pipeline.exports.prm``; ``prm800k``: ``pipeline.exports.prm800k``; ``dpo``:
  ``pipeline.exports.dpo``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pipeline.exports.context import BuildContext
from pipeline.exports.messages import ChatTurn, assistant_turn, prompt_turns
from pipeline.exports.prm import prm_rows, prm_stepwise_rows
from pipeline.exports.prm800k import prm800k_rows
from pipeline.rewards.paths import ProblemPaths, established, path_answer, proved_correct, unverified_claims


class SftRow(BaseModel):
    id: str
    problem_id: str
    path: str
    messages: list[ChatTurn]
    unverified_claims: int = 0  # > 0 only in a run with acceptance.unverifiable_steps: allow


class GrpoRow(BaseModel):
    """The prompt and, as further columns, what the family's reward reads (``Rendering.columns``)."""

    model_config = ConfigDict(extra="allow")

    id: str
    problem_id: str
    family: str
    prompt: list[ChatTurn]
    variable: str
    reference_answer: str


def _path_id(record: ProblemPaths, path_index: int) -> str:
    return f"{record.id}-{path_index}"


def sft_rows(record: ProblemPaths, ctx: BuildContext) -> list[SftRow]:
    """One conversation per distinct established path of the problem."""
    rows = []
    for solution in record.solutions:
        answer = path_answer(record.family, solution)
        if not established(solution):
            if proved_correct(solution):
                ctx.skip("claim_not_established")
            continue
        if answer is None:
            ctx.skip("unparsed_answer")
            continue
        text = record.rendering.solution_text(answer, record.variable)
        if not ctx.first_time(record, text):
            continue
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


def grpo_rows(record: ProblemPaths, ctx: BuildContext) -> list[GrpoRow]:
    """The problem as a prompt, with the columns its reward functions read."""
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


BUILDERS = {
    "sft": sft_rows,
    "grpo": grpo_rows,
    "prm": prm_rows,
    "prm-stepwise": prm_stepwise_rows,
    "prm800k": prm800k_rows,
}
"""Every format but ``dpo`` (which re-proves answers first): ``(record, ctx) -> rows``."""
PATH_FORMATS = frozenset({"prm", "prm-stepwise", "prm800k"})
"""Formats built from every problem with solution paths, rejected ones included (their negatives)."""
