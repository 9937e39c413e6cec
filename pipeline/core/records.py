"""The records a run writes: typed from the moment they exist, one JSON object per line.

An accepted record carries at its top level what a training stack needs (``integrand``, ``antiderivative``,
``variable`` as SymPy-syntax strings) and, under ``stages``, everything needed to audit or regenerate it:
rendered prompts, raw answers, parsed steps, every check's verdict, provider, model, parameters and usage.
A rejected record says which check failed and why, and keeps the raw answers.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

from pipeline.core.compact_records import expand
from pipeline.core.problem import Problem
from pipeline.providers.base import ChatMessage, Usage


class CheckRecord(BaseModel):
    """The verdict of one check (a validator call) on one stage's answer."""

    name: str = Field(description="e.g. derivative_matches, integrand_matches, antiderivative_verified")
    ok: bool
    reason: str
    method: str = "none"
    detail: str = ""
    seconds: float = 0.0
    evidence: dict[str, str] | None = Field(default=None, description="the counterexample of a rejection")
    coverage: dict[str, Any] | None = Field(
        default=None, description="numeric evidence: points that agreed (real, complex, at features), digits"
    )


class StepLabelRecord(BaseModel):
    """A proved label of one solution step (process supervision)."""

    index: int
    kind: str = Field(description="derive_step, parts, substitution or solve_step")
    label: str = Field(description="correct, incorrect or unverifiable")
    reason: str
    detail: str = ""


class AttemptRecord(BaseModel):
    """One ask of a stage: what was sent, what came back, and why it was not kept (if it was not)."""

    messages: list[ChatMessage]
    raw_answer: str
    finish_reason: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    structured_mode: str | None = None
    cached: bool = False
    failure: str | None = None
    # What this answer was judged to be, kept for every attempt: a re-asked answer is still a real
    # (wrong) solution path, a process-reward negative (pipeline.run.runner.solve_paths keeps it as one).
    answer: dict[str, Any] | None = None
    checks: list[CheckRecord] = Field(default_factory=list)
    step_labels: list[StepLabelRecord] = Field(default_factory=list)
    first_error_step: int | None = None


class StageRecord(BaseModel):
    """Everything about one stage of one sample."""

    stage: str
    template: str
    system_template: str | None = None
    provider: str
    model: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    prompt: list[ChatMessage] = Field(description="the rendered messages of the last attempt")
    raw_answer: str = ""
    answer: dict[str, Any] | None = Field(default=None, description="the parsed answer, if it parsed")
    checks: list[CheckRecord] = Field(default_factory=list)
    step_labels: list[StepLabelRecord] = Field(default_factory=list)
    first_error_step: int | None = None
    usage: Usage = Field(default_factory=Usage, description="summed over attempts")
    attempts: list[AttemptRecord] = Field(default_factory=list)
    ok: bool = False
    failure: str | None = Field(default=None, description="why the stage failed, e.g. format:no_json")


class SolutionRecord(BaseModel):
    """One solution path of a problem, correct or not, with its proved step labels.

    A problem may be solved several times (``solutions_per_problem``): by an LLM at different seeds, or by
    the symbolic teacher along different valid paths and deliberately flawed ones (``flaw`` names the
    mistake planted, so process-reward data has negatives whose first error is known).
    """

    path_index: int
    path: str = Field(description="e.g. product_reversal, liate, or llm")
    retry_of: int | None = Field(
        default=None, description="an earlier, rejected answer of path `retry_of` (re-asked after it)"
    )
    flaw: str | None = Field(default=None, description="the mistake deliberately planted, if any")
    correct: bool = Field(description="the path's final answer passed its family's final check")
    final_answer: str | None = Field(
        default=None,
        validation_alias=AliasChoices("final_answer", "antiderivative"),
        description="the final answer normalised (SymPy syntax, no constant), when the final check passed",
    )
    first_error_step: int | None = None
    stage: StageRecord = Field(
        validation_alias=AliasChoices("stage", "solve"), description="its stage record"
    )


class AcceptedRecord(BaseModel):
    """A verified sample: its accepted path's final answer passed the family's final check.

    Beside the core fields, the record carries at its top level what its family says a training stack needs
    (``integrand``, ``antiderivative``, ``problem`` ...; ``p``, ``q``, ``solution`` ...): see the family's
    ``record_fields``. They are read as attributes like the core fields.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    index: int
    seed: int
    run_seed: int
    family: str
    construction: str
    difficulty: str
    canonical: str = Field(default="", description="canonical integrand (no two samples of a run share one)")
    split: str = Field(default="", description="train, validation or test, by canonical integrand")
    source_id: str = Field(default="", description="the problem's id in the run's problems_file, if any")
    variable: str
    stages: dict[str, StageRecord]
    solutions: list[SolutionRecord] = Field(
        default_factory=list, description="every solution path tried, the accepted one first"
    )

    @model_validator(mode="before")
    @classmethod
    def _expanded(cls, data: Any) -> Any:
        """A record written in the compact layout reads as the full record (``compact_records``)."""
        return expand(data)


class RejectedRecord(BaseModel):
    """A sample that did not pass: which stage and check failed, why, and the raw answers."""

    id: str
    index: int
    seed: int
    run_seed: int
    problem: Problem | None = Field(description="None when no problem could be drawn for this index")
    failed_stage: str
    reason: str = Field(description="stage:reason, e.g. solve:antiderivative_not_equivalent")
    detail: str = ""
    stages: dict[str, StageRecord] = Field(default_factory=dict)
    solutions: list[SolutionRecord] = Field(default_factory=list, description="every solve path tried")


class StageTotals(BaseModel):
    """Counters for one stage, over the whole run."""

    requests: int = Field(default=0, description="requests sent (cache hits not counted)")
    cached: int = Field(default=0, description="answers taken from the response cache")
    passed: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


class RunSummary(BaseModel):
    """What a run did, written as summary.json beside the data and printed at the end."""

    name: str
    run_seed: int
    requested: int
    accepted: int
    rejected: int
    tried: int
    acceptance_rate: float
    rejected_by_reason: dict[str, int] = Field(description="the whole run, resumed part included")
    stages: dict[str, StageTotals] = Field(description="this invocation's requests, tokens and time")
    structured_modes: dict[str, str] = Field(default_factory=dict)
    provider_notes: list[str] = Field(default_factory=list)
    wall_seconds: float
    samples_per_second: float
    resumed_from: int = Field(default=0, description="records already on disk when the run started")
    requests_sent: int = Field(
        default=0, description="HTTP requests sent to LLM servers, answered or not: every retry counts"
    )
    requests_answered: int = Field(
        default=0, description="of those, the ones a server answered (the ones paid for; cache hits are free)"
    )
    spend_usd: float = Field(default=0.0, description="cost of this invocation's requests (config prices)")
    stopped_by_budget: bool = Field(default=False, description="max_cost_usd was reached; re-run to resume")
    stopped_by_provider: str | None = Field(
        default=None,
        description="the circuit breaker's reason, if a provider failing every request stopped it",
    )
    unanswered: int = Field(
        default=0, description="samples of this invocation the provider never answered; a re-run asks again"
    )
    retries: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="per provider: retries by failure kind (rate_limited, ...)"
    )
