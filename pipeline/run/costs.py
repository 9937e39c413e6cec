"""What a run costs: spend as it happens, a budget that stops it, and an estimate before it starts.

Prices are per model, in the provider's config (USD per million prompt and completion tokens, as price
pages list them). Spend counts only requests actually sent and answered: cache hits are free, failed
requests carry no usage. The budget (``runtime.max_cost_usd``) is checked before each request is sent, so a
run stops within the cost of the requests already in flight when it was reached; those answers land in
the response cache, so nothing paid for is lost, and the next invocation resumes where this one stopped.

The estimate (``revsynth dataset --dry-run``) renders the real prompts of a few sampled problems; it
sends nothing. Tokens are approximated as characters / 4 (no tokenizer is assumed: providers differ).
"""

from __future__ import annotations

import asyncio
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from pipeline.providers.base import Usage
from pipeline.run.config import OpenAIProviderConfig, Prices

if TYPE_CHECKING:
    from pipeline.core.problem import Problem
    from pipeline.run.loading import LoadedRun

CHARS_PER_TOKEN = 4
FEEDBACK_TOKENS = 60  # a re-ask adds the rejected answer and a short validator message
ESTIMATE_PROBLEMS = 12


def approx_tokens(text: str) -> int:
    """A provider-neutral token estimate: one token per four characters, rounded up."""
    return -(-len(text) // CHARS_PER_TOKEN)


def cost_usd(usage: Usage, prices: Prices | None) -> float:
    """The price of one answered request (0 when the model has no price in the config)."""
    if prices is None:
        return 0.0
    return (
        usage.prompt_tokens * prices.prompt_usd_per_1m
        + usage.completion_tokens * prices.completion_usd_per_1m
    ) / 1_000_000


class BudgetExhausted(RuntimeError):
    """The run's ``max_cost_usd`` is spent: no new request may be sent. Not a verdict on any sample."""


@dataclass
class SpendMeter:
    """Run-wide counters of what was sent and what it cost; the budget check lives here too."""

    budget_usd: float | None = None
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    usd: float = 0.0
    usd_by_provider: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def exhausted(self) -> bool:
        return self.budget_usd is not None and self.usd >= self.budget_usd

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def check_budget(self) -> None:
        if self.exhausted:
            raise BudgetExhausted(f"max_cost_usd {self.budget_usd:g} reached (spent {self.usd:.4f} USD)")

    def record(self, provider: str, usage: Usage, prices: Prices | None) -> None:
        cost = cost_usd(usage, prices)
        self.requests += 1
        self.prompt_tokens += usage.prompt_tokens
        self.completion_tokens += usage.completion_tokens
        self.usd += cost
        self.usd_by_provider[provider] += cost


class StageEstimate(BaseModel):
    """One stage's share of a run, if it runs on a paid or remote model."""

    stage: str
    provider: str
    model: str
    prompt_tokens_per_request: int = Field(description="mean over the sampled problems' rendered prompts")
    completion_tokens_per_request: int
    requests_low: int
    requests_high: int
    tokens_low: int
    tokens_high: int
    usd_low: float | None = Field(description="None: no price for this model in the config")
    usd_high: float | None


class Estimate(BaseModel):
    """What a run will send and cost, as a range: every answer right first time .. every retry used."""

    samples_low: int = Field(description="count: every sample accepted")
    samples_high: int = Field(description="max_samples: the most problems the run may try")
    stages: list[StageEstimate]
    requests_low: int
    requests_high: int
    tokens_low: int
    tokens_high: int
    usd_low: float
    usd_high: float
    unpriced: list[str] = Field(default_factory=list, description="providers with no prices (counted as 0)")
    notes: list[str] = Field(default_factory=list)


def estimate_run(loaded: LoadedRun) -> Estimate:
    """Estimate a run's requests, tokens and cost from rendered prompts, before anything is sent."""
    from pipeline.families import get_family

    cfg = loaded.config
    family = get_family(cfg.family)
    stage_names = family.stage_names
    paid = any(isinstance(cfg.providers[cfg.stages[s].provider], OpenAIProviderConfig) for s in stage_names)
    inputs = _sample_inputs(loaded, min(cfg.count, ESTIMATE_PROBLEMS)) if paid else []
    prompts = _rendered_prompt_tokens(loaded, inputs)
    low_samples, high_samples = cfg.count, cfg.max_samples()
    attempts = cfg.runtime.max_attempts
    stages, unpriced = [], []
    for stage in stage_names:
        name = cfg.stages[stage].provider
        provider = cfg.providers[name]
        if not isinstance(provider, OpenAIProviderConfig):
            continue  # the symbolic teacher sends nothing and costs nothing
        per_sample = cfg.solutions_per_problem if stage == family.path_stage.name else 1
        prompt = round(statistics.fmean(prompts[stage]))
        completion = provider.expected_completion_tokens or provider.max_tokens
        # attempt k re-sends the conversation so far: the prompt, k answers and k validator messages
        retried_prompt = sum(prompt + k * (completion + FEEDBACK_TOKENS) for k in range(attempts))
        low_requests = low_samples * per_sample
        high_requests = high_samples * per_sample * attempts
        low_usage = Usage(prompt_tokens=low_requests * prompt, completion_tokens=low_requests * completion)
        high_usage = Usage(
            prompt_tokens=high_samples * per_sample * retried_prompt,
            completion_tokens=high_requests * completion,
        )
        if provider.prices is None and name not in unpriced:
            unpriced.append(name)
        priced = provider.prices is not None
        stages.append(
            StageEstimate(
                stage=stage,
                provider=name,
                model=provider.model,
                prompt_tokens_per_request=prompt,
                completion_tokens_per_request=completion,
                requests_low=low_requests,
                requests_high=high_requests,
                tokens_low=low_usage.prompt_tokens + low_usage.completion_tokens,
                tokens_high=high_usage.prompt_tokens + high_usage.completion_tokens,
                usd_low=round(cost_usd(low_usage, provider.prices), 4) if priced else None,
                usd_high=round(cost_usd(high_usage, provider.prices), 4) if priced else None,
            )
        )
    return Estimate(
        samples_low=low_samples,
        samples_high=high_samples,
        stages=stages,
        requests_low=sum(s.requests_low for s in stages),
        requests_high=sum(s.requests_high for s in stages),
        tokens_low=sum(s.tokens_low for s in stages),
        tokens_high=sum(s.tokens_high for s in stages),
        usd_low=round(sum(s.usd_low or 0.0 for s in stages), 4),
        usd_high=round(sum(s.usd_high or 0.0 for s in stages), 4),
        unpriced=unpriced,
        notes=[
            f"tokens estimated as characters/{CHARS_PER_TOKEN} from the prompts of {len(inputs)} problems",
            "completions counted at expected_completion_tokens (else max_tokens) each",
            "cached answers and samples already in the output folder would cost nothing",
        ],
    )


def teacher_inputs(problem: Problem) -> dict[str, dict[str, str]]:
    """Each stage's template inputs for ``problem`` as a run would render them, the earlier stages answered
    by the symbolic teacher (right answers: the prompts a run sends when every answer passes). In a worker."""
    from pipeline.families import get_family

    family = get_family(problem.family)
    answers: dict = {}
    inputs: dict[str, dict[str, str]] = {}
    for spec in family.stages:
        inputs[spec.name] = spec.inputs(problem, answers)
        if spec is not family.path_stage:
            answers[spec.name] = spec.teach(problem, inputs[spec.name], None, None)
    return inputs


def _sample_inputs(loaded: LoadedRun, n: int) -> list[dict[str, dict[str, str]]]:
    """The stage inputs of the run's first ``n`` problems, made in the time-limited pool (SymPy work)."""
    from pipeline.families import get_family
    from validators.limits import CheckPool

    cfg = loaded.config
    sample = get_family(cfg.family).sample
    rt = cfg.runtime

    async def one(pool: CheckPool, index: int) -> dict[str, dict[str, str]]:
        problem = await pool.arun(sample, cfg.seed, index, cfg.variable, cfg.sampler)
        return await pool.arun(teacher_inputs, problem)

    async def draw() -> list:
        with CheckPool(
            workers=rt.check_workers, timeout_s=rt.check_timeout_s, memory_mb=rt.check_memory_mb
        ) as pool:
            results = await asyncio.gather(*(one(pool, i) for i in range(n)), return_exceptions=True)
        return [r for r in results if not isinstance(r, BaseException)]  # a failed draw is skipped

    found = asyncio.run(draw())
    if not found:
        raise RuntimeError("no problem could be sampled for the estimate (every draw failed or ran too long)")
    return found


def _rendered_prompt_tokens(
    loaded: LoadedRun, inputs: list[dict[str, dict[str, str]]]
) -> dict[str, list[int]]:
    """Tokens of each stage's first ask, rendered from real problems' inputs."""
    from pipeline.families import get_family
    from pipeline.run.templates import schema_text

    family = get_family(loaded.config.family)
    tokens: dict[str, list[int]] = {spec.name: [] for spec in family.stages}
    for problem_inputs in inputs:
        for spec in family.stages:
            variables = {**problem_inputs[spec.name], "schema": schema_text(spec.answer)}
            messages = loaded.templates[spec.name].render(variables)
            tokens[spec.name].append(sum(approx_tokens(m["content"]) for m in messages))
    return tokens
