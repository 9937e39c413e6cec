"""One stage of one sample: render the template, ask the provider, parse the answer, check it.

A bad answer (not JSON, cut off, wrong math) is re-asked with the validator's message, up to
``max_attempts`` asks; a transport failure is not re-asked here, because the provider's own retry layer
(``providers/retry.py``) has already retried it. Every ask is kept in the stage record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from pipeline.core.checks import StageChecks
from pipeline.core.problem import Problem
from pipeline.core.records import AttemptRecord, CheckRecord, StageRecord
from pipeline.providers.base import ChatMessage, CompletionRequest, Provider, ProviderError, Usage
from pipeline.providers.json_extract import AnswerFormatError, parse_answer
from pipeline.run.check_budget import BUDGET_EXHAUSTED, too_many_steps
from pipeline.run.templates import StageTemplates, answer_schema, schema_text

CheckRunner = Callable[[str, BaseModel, Problem], Awaitable[StageChecks]]


@dataclass
class Stage:
    """A stage wired for a run: its templates, its provider and how its answers are checked."""

    name: str
    templates: StageTemplates
    provider: Provider
    parameters: dict[str, Any]
    run_checks: CheckRunner
    answer_model: type[BaseModel]
    max_attempts: int = 2
    max_steps: int | None = None  # longer answers are format:too_many_steps, never checked (check_budget.py)
    max_parts: int | None = None
    _schema: dict = field(init=False)
    _schema_text: str = field(init=False)

    def __post_init__(self) -> None:
        self._schema = answer_schema(self.answer_model)
        self._schema_text = schema_text(self.answer_model)

    def render(self, inputs: dict[str, str]) -> list[ChatMessage]:
        """The messages of the first ask, exactly as the provider will see them."""
        variables = {**inputs, "schema": self._schema_text}
        return [ChatMessage(**m) for m in self.templates.render(variables)]


def request_seed(problem: Problem, stage: str, attempt: int, path_index: int = 0) -> int:
    """A per-request seed: different for each sample, stage, solution path and attempt, stable across runs.

    Without it an LLM asked k times for k solution paths returns k identical answers (and a cache keyed
    without it returns one answer k times).
    """
    key = f"{problem.seed}:{stage}:{attempt}" + (f":{path_index}" if path_index else "")
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _feedback(failure: str, detail: str) -> ChatMessage:
    text = (
        f"Your answer was rejected ({failure}). {detail}".strip()
        + "\nCorrect it and answer again with one JSON object matching the schema."
    )
    return ChatMessage(role="user", content=text)


def _add_usage(total: Usage, part: Usage) -> Usage:
    return Usage(
        prompt_tokens=total.prompt_tokens + part.prompt_tokens,
        completion_tokens=total.completion_tokens + part.completion_tokens,
        total_tokens=total.total_tokens + part.total_tokens,
    )


async def run_stage(
    stage: Stage,
    problem: Problem,
    inputs: dict[str, str],
    *,
    path_index: int = 0,
    max_attempts: int | None = None,
) -> tuple[StageRecord, BaseModel | None]:
    """Ask until an answer passes every check or the attempts run out; return the record and the answer.

    The answer is returned whenever it parsed, even when a check failed (the record says which), so a
    wrong solution path can still be kept as a process-reward negative.
    """
    model = stage.answer_model
    messages = stage.render(inputs)
    record = StageRecord(
        stage=stage.name,
        template=stage.templates.user_name,
        system_template=stage.templates.system_name,
        provider=stage.provider.name,
        model=stage.provider.model,
        parameters=stage.parameters,
        prompt=messages,
    )
    answer: BaseModel | None = None
    for attempt in range(max_attempts or stage.max_attempts):
        request = CompletionRequest(
            stage=stage.name,
            messages=messages,
            response_schema=stage._schema,
            schema_name=f"{stage.name}_answer",
            problem=problem,
            inputs=inputs,
            seed=request_seed(problem, stage.name, attempt, path_index),
            attempt=attempt,
        )
        try:
            completion = await stage.provider.complete(request)
        except ProviderError as err:
            record.attempts.append(
                AttemptRecord(messages=messages, raw_answer="", failure=f"provider:{err.kind}")
            )
            record.failure = f"provider:{err.kind}"
            record.checks = [CheckRecord(name="provider", ok=False, reason=err.kind, detail=err.detail[:500])]
            return record, answer
        attempt_record = AttemptRecord(
            messages=messages,
            raw_answer=completion.text,
            finish_reason=completion.finish_reason,
            usage=completion.usage,
            latency_s=completion.latency_s,
            structured_mode=completion.structured_mode,
            cached=completion.cached,
        )
        record.attempts.append(attempt_record)
        record.usage = _add_usage(record.usage, completion.usage)
        record.prompt, record.raw_answer, record.model = messages, completion.text, completion.model
        failure, detail, answer = await _judge(
            stage, model, completion.text, completion.finish_reason, problem, record
        )
        attempt_record.failure = failure
        attempt_record.answer, attempt_record.checks = record.answer, record.checks
        attempt_record.step_labels = record.step_labels
        attempt_record.first_error_step = record.first_error_step
        record.failure = failure
        if failure is None:
            record.ok = True
            return record, answer
        if failure == f"checks:{BUDGET_EXHAUSTED}":
            return record, answer  # the sample has no check time left: another answer could not be checked
        messages = [
            *messages,
            ChatMessage(role="assistant", content=completion.text[:4000]),
            _feedback(failure, detail),
        ]
    return record, answer


async def _judge(
    stage: Stage,
    model: type[BaseModel],
    text: str,
    finish_reason: str | None,
    problem: Problem,
    record: StageRecord,
) -> tuple[str | None, str, BaseModel | None]:
    """Parse and check one answer; fill the record; return (failure, message for the model, answer)."""
    record.answer, record.checks, record.step_labels, record.first_error_step = None, [], [], None
    try:
        answer = parse_answer(text, model)
    except AnswerFormatError as err:
        reason, detail = str(err.reason), err.detail
        if finish_reason == "length":  # the model did not end the answer: the server cut it off
            limit = stage.parameters.get("max_tokens", "?")
            reason = "truncated"
            detail = f"the answer was cut off at max_tokens={limit} before it was complete ({err.detail})"
        record.checks = [CheckRecord(name="format", ok=False, reason=reason, detail=detail[:500])]
        return f"format:{reason}", detail[:300], None
    record.answer = answer.model_dump()
    too_long = too_many_steps(answer, stage.max_steps, stage.max_parts)
    if too_long is not None:
        record.checks = [CheckRecord(name="format", ok=False, reason="too_many_steps", detail=too_long)]
        return "format:too_many_steps", too_long, None
    checks = await stage.run_checks(stage.name, answer, problem)
    record.checks, record.step_labels, record.first_error_step = (
        checks.checks,
        checks.step_labels,
        checks.first_error_step,
    )
    failure = checks.failure
    if failure is None:
        return None, "", answer
    detail = next((c.detail for c in checks.checks if not c.ok), "")
    if failure == "incorrect_step" and checks.first_error_step is not None:
        bad = checks.step_labels[checks.first_error_step]
        detail = f"Step {bad.index} ({bad.kind}) is wrong: {bad.reason}. {bad.detail}"
    elif failure == "unverifiable_step" and checks.first_unverifiable is not None:
        bad = checks.step_labels[checks.first_unverifiable]
        detail = (
            f"Step {bad.index} ({bad.kind}) could not be checked: {bad.reason}. {bad.detail} "
            "State it as a claim in the requested syntax."
        )
    return failure, detail[:300], answer
