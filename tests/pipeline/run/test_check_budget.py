"""Bounded work: an answer too long to check is refused unchecked, and a sample's checks share a budget,
so no answer holds a check worker longer than ``runtime.check_budget_s``."""

from __future__ import annotations

import pytest

from pipeline.core.checks import StageChecks
from pipeline.core.records import CheckRecord
from pipeline.families.ibp.sampler import sample_problem
from pipeline.families.shared.answers import DeriveAnswer, DeriveStep
from pipeline.providers.base import Completion
from pipeline.run.check_budget import BUDGET_EXHAUSTED, CheckBudget, checks_within_budget, too_many_steps
from pipeline.run.loading import load_run
from pipeline.run.runner import RunContext
from pipeline.run.stages import Stage, run_stage
from validators.limits import LimitError, LimitExceeded

PASSED = StageChecks(checks=[CheckRecord(name="derivative_matches", ok=True, reason="equivalent")])


def derive_answer(steps: int, expression: str = "x**2") -> DeriveAnswer:
    step = DeriveStep(rule="power", explanation="power rule", expression=expression, derivative="2*x")
    return DeriveAnswer(steps=[step] * steps, derivative="2*x")


class TimedPool:
    """A check pool whose checks take the given seconds each; past its limit a check is stopped."""

    def __init__(self, *durations: float) -> None:
        self.durations = list(durations)
        self.limits: list[float] = []

    async def arun(self, fn, *args, timeout_s: float):
        self.limits.append(timeout_s)
        seconds = self.durations.pop(0)
        if seconds > timeout_s:
            raise LimitError(LimitExceeded.TIMEOUT, timeout_s)
        return PASSED, seconds


async def test_a_samples_checks_draw_from_one_budget_and_stop_when_it_is_spent():
    pool, budget = TimedPool(3.0, 100.0), CheckBudget(seconds=10.0)
    answer = derive_answer(steps=1)  # its own limit: 4 s x (1 + 1 step) = 8 s
    first = await checks_within_budget(pool, budget, 4.0, "derive", answer, None)
    second = await checks_within_budget(pool, budget, 4.0, "derive", answer, None)
    third = await checks_within_budget(pool, budget, 4.0, "derive", answer, None)
    assert first.failure is None
    assert pool.limits == [8.0, 7.0]  # the second check got what was left of the budget, not its own 8 s
    assert second.failure == third.failure == f"checks:{BUDGET_EXHAUSTED}"
    assert (second.checks[0].seconds, third.checks[0].seconds) == (7.0, 0.0)  # the third never ran
    assert "budget of 10 s (runtime.check_budget_s)" in third.checks[0].detail
    assert budget.spent == 10.0


async def test_a_check_past_its_own_limit_is_a_timeout_not_the_budget():
    pool, budget = TimedPool(100.0), CheckBudget(seconds=60.0)
    checks = await checks_within_budget(pool, budget, 4.0, "derive", derive_answer(steps=2), None)
    assert pool.limits == [12.0] and checks.failure == "checks:timeout"


@pytest.mark.parametrize(
    ("steps", "parts", "message"),
    [
        (100, 0, "the answer has 100 steps; at most 64 are checked (runtime.max_steps)"),
        (3, 17, "the answer has 17 integration-by-parts applications; at most 16 are checked"),
        (64, 16, None),
    ],
)
def test_answers_over_the_caps_are_named(steps, parts, message):
    class Answer:
        pass

    answer = Answer()
    answer.steps, answer.parts = [object()] * steps, [object()] * parts
    found = too_many_steps(answer, max_steps=64, max_parts=16)
    assert (found is None) if message is None else found.startswith(message)


class Answers:
    """A provider that answers every ask with the same text."""

    name, model = "scripted", "scripted-model"

    def __init__(self, text: str) -> None:
        self.text = text
        self.asked = 0

    async def complete(self, request) -> Completion:
        self.asked += 1
        return Completion(text=self.text, model=self.model, provider=self.name)

    async def aclose(self) -> None:
        pass


@pytest.fixture
def loaded(write_config):
    return load_run(write_config(runtime={"check_budget_s": 1.0}))


def stage(loaded, provider, checked: list, outcome: StageChecks = PASSED) -> Stage:
    async def run_checks(name, answer, problem):
        checked.append(answer)
        return outcome

    return Stage(name="derive", templates=loaded.templates["derive"], provider=provider, parameters={},
                 run_checks=run_checks, answer_model=DeriveAnswer, max_attempts=2, max_steps=64)  # fmt: skip


async def test_an_answer_padded_to_100_steps_is_refused_before_any_check(loaded):
    provider, checked = Answers(derive_answer(steps=100).model_dump_json()), []
    problem = sample_problem(loaded.config.seed, 0, "x", loaded.config.sampler)
    record, _ = await run_stage(
        stage(loaded, provider, checked), problem, {"function": problem.details.f, "variable": "x"}
    )
    assert record.failure == "format:too_many_steps" and checked == []
    assert provider.asked == 2  # asked again, told why
    feedback = record.attempts[1].messages[-1].content
    assert "rejected (format:too_many_steps). the answer has 100 steps; at most 64 are checked" in feedback


async def test_a_sample_out_of_check_time_is_not_asked_again(loaded):
    exhausted = StageChecks(checks=[CheckRecord(name="checks", ok=False, reason=BUDGET_EXHAUSTED)])
    provider, checked = Answers(derive_answer(steps=2).model_dump_json()), []
    problem = sample_problem(loaded.config.seed, 0, "x", loaded.config.sampler)
    inputs = {"function": problem.details.f, "variable": "x"}
    record, _ = await run_stage(stage(loaded, provider, checked, exhausted), problem, inputs)
    assert record.failure == f"checks:{BUDGET_EXHAUSTED}" and provider.asked == 1


async def test_a_real_check_longer_than_the_budget_is_stopped_at_the_budget(write_config):
    """A budget far shorter than the check (a millisecond): the pool stops it at the budget, not at
    check_timeout_s x (1 + 60 steps). Sixty wrong steps, so the answer's checks take far longer than the
    pool's timer resolution (~0.1 s) now that a worker starts with everything imported."""
    tower = "exp(exp(exp(exp(exp(x)))))"
    step = DeriveStep(rule="chain", explanation="chain rule", expression=tower, derivative=tower)
    answer = DeriveAnswer(steps=[step] * 60, derivative=tower)
    ctx = RunContext.create(load_run(write_config(runtime={"check_budget_s": 0.001})))
    try:
        problem = sample_problem(ctx.loaded.config.seed, 0, "x", ctx.loaded.config.sampler)
        checks = await ctx.run_checks("derive", answer, problem)
    finally:
        await ctx.aclose()
    assert checks.failure == f"checks:{BUDGET_EXHAUSTED}"
    assert checks.checks[0].seconds == 0.001
