"""How long one sample may hold the check workers: a per-sample budget, and caps on an answer's size.

Why: an answer's checks run as one task in a killable worker, limited to ``check_timeout_s`` per checked
claim, ``check_timeout_s × (1 + steps + parts)``. Nothing capped the number of steps, so nothing capped
that limit: one answer padded to 100 steps held a worker for 142 s, and an answer with a tower of
exponentials in every field costs SymPy ~36 s per attempt, asked again ``max_attempts`` times, at each
stage. With two workers, a few such answers stall the whole run. So:

* an answer with more than ``runtime.max_steps`` steps or ``runtime.max_parts`` parts is rejected as
  ``format:too_many_steps`` before anything is checked (``stages.py``), and
* every sample has a budget of ``runtime.check_budget_s`` seconds of check time, which all its answers
  (every stage, attempt and solution path) draw from: each check is limited to the smaller of its own
  limit and what is left; a check cut short by the budget, or one with nothing left, is the verdict
  ``checks:budget_exhausted``, and the stage does not ask again.

The bound, then: **no answer holds a check worker longer than** ``check_budget_s`` (default 60 s), and a
sample's checks stop getting time once it has spent ``check_budget_s`` (solution paths are checked at
once, each limited by what was left when it started). The time drawn is what the check took in its
worker, not time spent waiting for one. Sampling a problem, the symbolic teacher and normalising an
answer are separate tasks, each limited to ``check_timeout_s``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pydantic import BaseModel

from pipeline.core.checks import StageChecks
from pipeline.core.problem import Problem
from pipeline.core.records import CheckRecord
from validators.limits import CheckPool, LimitError

BUDGET_EXHAUSTED = "budget_exhausted"


@dataclass
class CheckBudget:
    """The check seconds one sample has left."""

    seconds: float
    spent: float = 0.0

    @property
    def left(self) -> float:
        return max(self.seconds - self.spent, 0.0)


def answer_size(answer: BaseModel) -> tuple[int, int]:
    """(steps, parts) of an answer: what its check limit grows with."""
    return len(getattr(answer, "steps", None) or []), len(getattr(answer, "parts", None) or [])


def too_many_steps(answer: BaseModel, max_steps: int | None, max_parts: int | None) -> str | None:
    """Why an answer is too long to check (for the record and the model's feedback), or None."""
    steps, parts = answer_size(answer)
    if max_steps is not None and steps > max_steps:
        return (
            f"the answer has {steps} steps; at most {max_steps} are checked (runtime.max_steps): merge steps"
        )
    if max_parts is not None and parts > max_parts:
        return (
            f"the answer has {parts} integration-by-parts applications; at most {max_parts} are checked "
            "(runtime.max_parts)"
        )
    return None


def timed_checks(stage: str, answer: BaseModel, problem: Problem) -> tuple[StageChecks, float]:
    """Run in a worker: the checks of one answer, and the seconds they took there (not queueing)."""
    from pipeline.families import check_stage  # the registry imports every family: only in the worker

    started = time.perf_counter()
    checks = check_stage(problem.family, stage, answer, problem)
    return checks, time.perf_counter() - started


async def checks_within_budget(
    pool: CheckPool,
    budget: CheckBudget,
    check_timeout_s: float,
    stage: str,
    answer: BaseModel,
    problem: Problem,
) -> StageChecks:
    """Check an answer under min(its own limit, its sample's budget left); a limit is a verdict."""
    steps, parts = answer_size(answer)
    own_limit = check_timeout_s * (1 + steps + parts)
    limit = min(own_limit, budget.left)
    if limit <= 0:
        return _exhausted(budget, 0.0)
    try:
        checks, seconds = await pool.arun(timed_checks, stage, answer, problem, timeout_s=limit)
    except LimitError as err:
        budget.spent += limit if err.kind == "timeout" else err.seconds
        if err.kind == "timeout" and limit < own_limit:
            return _exhausted(budget, limit)
        return StageChecks(checks=[CheckRecord(name="checks", ok=False, reason=str(err.kind), seconds=limit)])
    budget.spent += seconds
    return checks


def _exhausted(budget: CheckBudget, seconds: float) -> StageChecks:
    detail = f"this sample's checks used their whole budget of {budget.seconds:g} s (runtime.check_budget_s)"
    check = CheckRecord(name="checks", ok=False, reason=BUDGET_EXHAUSTED, detail=detail, seconds=seconds)
    return StageChecks(checks=[check])
