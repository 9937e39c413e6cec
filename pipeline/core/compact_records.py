"""The compact record layout: what a record repeats is written once, and restored when it is read.

Why: an accepted record was ~63 KB, and two thirds of it were copies — each stage's last attempt repeats
the stage's prompt, raw answer, parsed answer, checks and step labels, and the accepted solution path
repeats its whole stage record. Written compactly, an attempt lists the fields it shares with its stage
(``from_stage``) instead of repeating them, and a solution path identical to a stage record names that
stage (``{"same_as": "solve"}``). Reading (``AcceptedRecord`` validation, used by resume, export, stats,
rewards and the card) restores the copies, so every reader sees the full record; files written before
(no markers) read as they always did. Nothing is dropped: ``expand(compact(r)) == r``.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["compact", "expand"]

# attempt field -> the stage field it repeats
_SHARED = {
    "messages": "prompt",
    "raw_answer": "raw_answer",
    "answer": "answer",
    "checks": "checks",
    "step_labels": "step_labels",
    "first_error_step": "first_error_step",
}
FROM_STAGE = "from_stage"
SAME_AS = "same_as"


def compact(record: dict[str, Any]) -> dict[str, Any]:
    """The compact form of a dumped accepted record (``model_dump(mode="json")``) (input unchanged)."""
    out = dict(record)
    stages = record.get("stages") or {}
    solutions = []
    for solution in record.get("solutions") or []:
        stage = solution.get("stage")
        name = stage.get("stage") if isinstance(stage, dict) else None
        if name in stages and stage == stages[name]:
            solution = {**solution, "stage": {SAME_AS: name}}
        elif isinstance(stage, dict):
            solution = {**solution, "stage": _compact_stage(stage)}
        solutions.append(solution)
    if "solutions" in record:
        out["solutions"] = solutions
    if "stages" in record:
        out["stages"] = {name: _compact_stage(stage) for name, stage in stages.items()}
    return out


def expand(record: Any) -> Any:
    """The full form of a record read from a file, compact or not (anything but a dict passes through)."""
    if not isinstance(record, dict) or not _is_compact(record):
        return record
    out = dict(record)
    stages = {name: _expand_stage(stage) for name, stage in (record.get("stages") or {}).items()}
    if "stages" in record:
        out["stages"] = stages
    solutions = []
    for solution in record.get("solutions") or []:
        stage = solution.get("stage") if isinstance(solution, dict) else None
        if isinstance(stage, dict) and SAME_AS in stage:
            solution = {**solution, "stage": copy.deepcopy(stages[stage[SAME_AS]])}
        elif isinstance(stage, dict):
            solution = {**solution, "stage": _expand_stage(stage)}
        solutions.append(solution)
    if "solutions" in record:
        out["solutions"] = solutions
    return out


def _compact_stage(stage: dict[str, Any]) -> dict[str, Any]:
    attempts = []
    for attempt in stage.get("attempts") or []:
        shared = [k for k, s in _SHARED.items() if k in attempt and s in stage and attempt[k] == stage[s]]
        if shared:
            attempt = {k: v for k, v in attempt.items() if k not in shared}
            attempt[FROM_STAGE] = shared
        attempts.append(attempt)
    return {**stage, "attempts": attempts} if "attempts" in stage else stage


def _expand_stage(stage: Any) -> Any:
    if not isinstance(stage, dict) or not stage.get("attempts"):
        return stage
    attempts = []
    for attempt in stage["attempts"]:
        if isinstance(attempt, dict) and FROM_STAGE in attempt:
            attempt = dict(attempt)
            for key in attempt.pop(FROM_STAGE):
                attempt[key] = copy.deepcopy(stage[_SHARED[key]])
        attempts.append(attempt)
    return {**stage, "attempts": attempts}


def _is_compact(record: dict[str, Any]) -> bool:
    for stage in (record.get("stages") or {}).values():
        if isinstance(stage, dict) and any(
            FROM_STAGE in a for a in stage.get("attempts") or [] if isinstance(a, dict)
        ):
            return True
    for solution in record.get("solutions") or []:
        stage = solution.get("stage") if isinstance(solution, dict) else None
        if isinstance(stage, dict) and (SAME_AS in stage or _is_compact({"stages": {"s": stage}})):
            return True
    return False
