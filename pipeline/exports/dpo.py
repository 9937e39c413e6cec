"""Preference pairs for DPO, with every final answer re-proved at export time.

A DPO pair teaches "this, not that", so a mislabelled pair teaches the opposite of the truth. The run's
verdicts are therefore not taken on trust here: every path's final answer is checked again (the
family's final check, e.g. the derivative-back check refusing leftover integrals, in a killable worker
under a hard time limit), and a path is used only when the stored verdict and the fresh one agree. A
path on which they disagree, or whose check timed out, is left out of every pair and counted.

Per problem, ``chosen`` is the correct path with the highest combined reward; every incorrect path is a
``rejected`` of kind ``incorrect``, and every other correct path whose reward is lower by more than
``min_margin`` (it is longer: only efficiency separates correct paths) is a ``rejected`` of kind
``less_efficient``. A rejected path whose text is the chosen one's, or another rejected's, is left out
(``dpo:duplicate_path``): identical texts are never exported twice for one problem. ``margin`` is the
difference of the two combined rewards, always positive.
"""

from __future__ import annotations

import concurrent.futures
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from pipeline.core.family import FinalVerdict
from pipeline.core.records import SolutionRecord
from pipeline.exports.messages import ChatTurn, assistant_turn, prompt_turns
from pipeline.exports.split import problem_key
from pipeline.rewards.components import RewardWeights
from pipeline.rewards.paths import ProblemPaths, established, path_answer, score_paths, solution_text
from pipeline.rewards.scoring import verify_final
from validators.limits import CheckPool

Status = Literal["correct", "incorrect", "ambiguous"]
_DECIDED_WRONG = (
    "not_equivalent",
    "unevaluated_integral",
    "unfinished_integral",
    "parse_error",
    "unparsed_answer",
)


class DpoRow(BaseModel):
    id: str
    problem_id: str
    prompt: list[ChatTurn]
    chosen: list[ChatTurn]
    rejected: list[ChatTurn]
    margin: float
    chosen_reward: float
    rejected_reward: float
    rejected_kind: Literal["incorrect", "less_efficient"]
    chosen_path: str
    rejected_path: str
    rejected_flaw: str | None
    chosen_answer: str


def reverify_paths(
    records: Sequence[ProblemPaths], pool: CheckPool, timeout_s: float
) -> dict[tuple[str, int], FinalVerdict]:
    """A fresh verdict on the final answer of every path, all checks in flight at once."""
    verdicts: dict[tuple[str, int], FinalVerdict] = {}
    futures: dict[tuple[str, int], concurrent.futures.Future] = {}
    for record in records:
        for solution in record.solutions:
            key = (record.id, solution.path_index)
            answer = path_answer(record.family, solution)
            if answer is None:
                verdicts[key] = FinalVerdict(ok=False, parses=False, reason="unparsed_answer")
                continue
            final = record.rendering.final_answer(answer)
            args = (record.family, final, record.columns())
            futures[key] = pool.submit(verify_final, *args, timeout_s=timeout_s)
    for key, future in futures.items():
        try:
            verdicts[key] = future.result()
        except Exception as err:  # timeout, memory cap, crashed worker: not proved either way
            reason = "timeout" if isinstance(err, concurrent.futures.TimeoutError) else type(err).__name__
            verdicts[key] = FinalVerdict(ok=False, parses=False, reason=reason)
    return verdicts


def path_status(solution: SolutionRecord, fresh: FinalVerdict) -> Status:
    """Correct or incorrect when the run's verdict and the fresh one agree; ambiguous otherwise.

    Correct also needs every claim of the path established (``established``): a chosen path with an
    unchecked step would teach that step as if it were checked."""
    stored = established(solution)
    if stored and fresh.ok:
        return "correct"
    if not solution.correct and not fresh.ok and fresh.reason.startswith(_DECIDED_WRONG):
        return "incorrect"
    return "ambiguous"


def dpo_rows(
    record: ProblemPaths,
    verdicts: dict[tuple[str, int], FinalVerdict],
    skipped: Counter,
    weights: RewardWeights | None = None,
    min_margin: float = 0.0,
    seen: dict[str, set[str]] | None = None,
) -> list[DpoRow]:
    """The preference pairs of one problem (none when no path is re-proved correct).

    ``seen`` (problem key -> rejected texts already paired) carries the repeats across records of one
    problem, e.g. of two merged runs; without it they are only found within the record."""
    paths = record.solutions
    rewards = score_paths(record, weights)
    status = [path_status(p, verdicts[(record.id, p.path_index)]) for p in paths]
    if "ambiguous" in status:
        skipped["dpo:ambiguous_path"] += status.count("ambiguous")
    correct = [i for i, s in enumerate(status) if s == "correct"]
    if not correct:
        skipped["dpo:no_reverified_correct_path"] += 1
        return []
    best = max(correct, key=lambda i: (rewards[i].reward, -paths[i].path_index))
    chosen = paths[best]
    chosen_answer = path_answer(record.family, chosen)
    assert chosen_answer is not None  # it was re-verified, so it parsed
    prompt = prompt_turns(record)
    chosen_text = solution_text(record.family, chosen, record.variable)
    # a rejected that reads like the chosen, or like another rejected of the problem, teaches nothing
    rejected_before = (seen if seen is not None else {}).setdefault(problem_key(record), set())
    rows = []
    for i, solution in enumerate(paths):
        if i == best or status[i] == "ambiguous":
            continue
        rejected_text = solution_text(record.family, solution, record.variable)
        if rejected_text == chosen_text or rejected_text in rejected_before:
            skipped["dpo:duplicate_path"] += 1
            continue
        rejected_before.add(rejected_text)
        margin = round(rewards[best].reward - rewards[i].reward, 6)
        kind: Literal["incorrect", "less_efficient"] = (
            "incorrect" if status[i] == "incorrect" else "less_efficient"
        )
        if kind == "less_efficient" and margin <= min_margin:
            skipped["dpo:correct_path_not_less_efficient"] += 1
            continue
        rows.append(
            DpoRow(
                id=f"{record.id}-{chosen.path_index}-{solution.path_index}",
                problem_id=record.id,
                prompt=prompt,
                chosen=[assistant_turn(chosen_text)],
                rejected=[assistant_turn(rejected_text)],
                margin=margin,
                chosen_reward=rewards[best].reward,
                rejected_reward=rewards[i].reward,
                rejected_kind=kind,
                chosen_path=chosen.path,
                rejected_path=solution.path,
                rejected_flaw=solution.flaw,
                chosen_answer=record.rendering.final_answer(chosen_answer),
            )
        )
    if not rows:
        skipped["dpo:no_rejected_path"] += 1
    return rows
