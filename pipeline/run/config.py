"""What a run is: the pydantic model of a YAML config. Pure data, no I/O.

Providers are data (a name, a type, an endpoint), not classes: stages refer to them by name, so swapping
a stage from the symbolic teacher to an LLM is a one-word change in YAML. Unknown keys are errors, so a
typo never silently falls back to a default.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.families import DEFAULT_FAMILY, FAMILY_NAMES, get_family


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SymbolicProviderConfig(_Strict):
    """The built-in, offline, deterministic symbolic teacher."""

    type: Literal["symbolic"]
    model: str = "symbolic-teacher"


class Prices(_Strict):
    """What a model costs, in USD per million tokens, as price pages list it."""

    prompt_usd_per_1m: float = Field(ge=0)
    completion_usd_per_1m: float = Field(ge=0)


# Provider fields that say how to send, not what is asked: changing them must not stop a run resuming.
PROVIDER_RUNTIME_FIELDS: frozenset[str] = frozenset(
    {
        "request_timeout_s",
        "transport",
        "base_url",
        "base_urls",
        "api_key_env",
        "max_retries",
        "retry_backoff_s",
        "rate_limit_patience_s",
        "requests_per_minute",
        "tokens_per_minute",
        "max_in_flight",
        "prices",
        "expected_completion_tokens",
    }
)


StructuredMode = Literal["json_schema", "json_object", "json_object_schema", "prompt"]


def check_base_url(url: str) -> str:
    """An endpoint URL must be ``http(s)://host[:port][/path]``; otherwise say what to write instead.

    Checked at load, because a URL without a scheme (``localhost:8000/v1``) is not an error to an HTTP
    client until every request of the run has failed to connect.
    """
    if url != url.strip() or any(c.isspace() for c in url):
        raise ValueError(f"{url!r} contains spaces; write the URL alone, e.g. http://127.0.0.1:8000/v1")
    parts = urlsplit(url)
    if "://" not in url:
        host = url.split("/")[0].split(":")[0]
        local = host in ("localhost", "0.0.0.0") or host.startswith(("127.", "10.", "192.168."))
        scheme = "http" if local or "." not in host else "https"
        raise ValueError(f"{url!r} has no scheme; write it as {scheme}://{url}")
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{url!r} has the scheme {parts.scheme!r}; use http:// or https://")
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as err:  # a port that is not a number, or out of range
        raise ValueError(f"{url!r}: {err}; write it as {parts.scheme}://host:port/v1") from None
    if not host:
        raise ValueError(f"{url!r} has no host; write it as {parts.scheme}://host:port/v1")
    return url


class OpenAIProviderConfig(_Strict):
    """Any OpenAI-compatible chat-completions endpoint: OpenAI, vLLM, SGLang, Ollama, llama.cpp, hosted."""

    type: Literal["openai"]
    model: str
    base_url: str | None = Field(default=None, description="None means the OpenAI API")
    base_urls: list[str] = Field(default_factory=list, description="several endpoints for one model")
    api_key_env: str | None = Field(default="OPENAI_API_KEY", description="environment variable with the key")
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    max_tokens: int = Field(default=2048, ge=1)
    seed: int | None = None
    transport: Literal["openai_sdk", "aiohttp"] = Field(
        default="openai_sdk",
        description="openai_sdk (the official client) or aiohttp (a lean client: 4x less CPU per request, "
        "for very high concurrency against fast local servers)",
    )
    structured_output: StructuredMode = Field(
        default="json_schema",
        description="json_schema (OpenAI, vLLM, SGLang), json_object_schema (llama.cpp), json_object, prompt",
    )
    extra_body: dict[str, Any] = Field(default_factory=dict)
    request_timeout_s: float = Field(default=120.0, gt=0)
    max_retries: int = Field(
        default=4, ge=0, description="retries of timeouts, dropped connections and 5xx (revsynth's one layer)"
    )
    retry_backoff_s: float = Field(default=1.0, gt=0, description="first retry wait, then doubling")
    rate_limit_patience_s: float = Field(
        default=600.0, gt=0, description="how long 429s may hold up one request before its sample fails"
    )
    requests_per_minute: int | None = Field(default=None, ge=1, description="admission limit (None: none)")
    tokens_per_minute: int | None = Field(
        default=None, ge=1, description="admission limit on prompt + max_tokens (as OpenAI counts them)"
    )
    max_in_flight: int | None = Field(
        default=None, ge=1, description="requests at once to this provider; halved on a 429, then recovers"
    )
    prices: Prices | None = Field(default=None, description="USD per 1M tokens; None: spend is not counted")
    expected_completion_tokens: int | None = Field(
        default=None, ge=1, description="for --dry-run estimates (default: max_tokens)"
    )

    def endpoints(self) -> list[str | None]:
        return list(self.base_urls) or [self.base_url]

    @field_validator("base_url")
    @classmethod
    def _base_url_is_a_url(cls, url: str | None) -> str | None:
        return None if url is None else check_base_url(url)

    @field_validator("base_urls")
    @classmethod
    def _base_urls_are_urls(cls, urls: list[str]) -> list[str]:
        return [check_base_url(url) for url in urls]


ProviderConfig = Annotated[SymbolicProviderConfig | OpenAIProviderConfig, Field(discriminator="type")]


class StageConfig(_Strict):
    template: str = Field(description="template file, relative to templates_dir")
    provider: str = Field(description="a key of `providers`")
    system_template: str | None = Field(default=None, description="optional system-prompt template file")


class RuntimeConfig(_Strict):
    concurrency: int = Field(default=8, ge=1, le=1024, description="samples in flight at once")
    check_workers: int = Field(default=2, ge=1, le=64, description="processes for SymPy checks")
    check_timeout_s: float = Field(default=10.0, gt=0, description="hard wall-clock limit per SymPy check")
    check_budget_s: float = Field(
        default=60.0,
        gt=0,
        description="check seconds one sample may use in all (no answer holds a worker longer)",
    )
    max_steps: int = Field(default=64, ge=1, description="steps per answer; more is format:too_many_steps")
    max_parts: int = Field(
        default=16, ge=1, description="parts applications per answer; more is too_many_steps"
    )
    check_memory_mb: int = Field(default=2048, ge=256)
    check_worker_tasks: int = Field(
        default=20_000,
        ge=1,
        description="tasks a check worker runs before a fresh one replaces it (a restart loses its caches: "
        "the generator's solved integrals, SymPy's)",
    )
    engine: Literal["fast", "sympy"] = Field(
        default="fast",
        description="fast: prove right answers by the exact SymEngine route where it is a proof, skipping "
        "the numeric probe (never accepts what sympy rejects); sympy: the careful path alone",
    )
    card_tokenizer: str | None = Field(
        default=None,
        description="tokenizer (Hugging Face name or folder) the dataset card counts tokens with; needs "
        "transformers; None: a characters-per-token estimate",
    )
    max_attempts: int = Field(default=2, ge=1, le=10, description="asks per stage before rejecting")
    records: Literal["compact", "full"] = Field(
        default="compact",
        description="compact: an attempt or solution path that repeats its stage names it instead (every "
        "reader restores the copies); full: every copy written out",
    )
    max_samples: int | None = Field(default=None, ge=1, description="stop after this many problems tried")
    cache: bool = Field(default=True, description="keep every LLM response on disk; re-runs cost nothing")
    cache_path: str = Field(default=".cache/revsynth/responses.sqlite", description="relative to the cwd")
    max_cost_usd: float | None = Field(
        default=None, gt=0, description="stop sending once this invocation spent this much; re-run resumes"
    )
    circuit_breaker_failures: int | None = Field(
        default=5,
        ge=1,
        description="stop the run (resumable) after this many requests in a row fail on a cause retrying "
        "cannot fix: connection refused, a refused key, 404 (null: never stop)",
    )


class AcceptanceConfig(_Strict):
    """What a solution path must establish to be accepted (SFT rows, DPO ``chosen``)."""

    unverifiable_steps: Literal["reject", "allow"] = Field(
        default="reject",
        description="reject: every claim must be proved or shown correct; allow: claims the checker cannot "
        "decide (labelled unverifiable) do not stop a path whose final answer is established",
    )


class RunConfig(_Strict):
    """A whole run, as written in `configs/*.yaml`."""

    name: str = "ibp"
    family: str = Field(default=DEFAULT_FAMILY, description=f"one of {list(FAMILY_NAMES)}")
    seed: int = 1234
    count: int = Field(default=100, ge=1, description="accepted samples wanted")
    variable: str = Field(default="x", pattern=r"^[a-z]$")
    output_dir: str = "out/ibp"
    templates_dir: str | None = Field(default=None, description="prompts folder; default: the family's own")
    providers: dict[str, ProviderConfig]
    stages: dict[str, StageConfig]
    solutions_per_problem: int = Field(default=1, ge=1, le=16, description="solve paths per problem")
    flawed_paths: int = Field(
        default=0, ge=0, description="of those, how many the symbolic teacher writes with a planted flaw"
    )
    sampler: Any = Field(default=None, description="the family's sampler settings (its own schema)")
    problems_file: str | None = Field(
        default=None,
        description='JSONL of {"f": "<SymPy expression>", "id": "..."}: problems in order, not the generator',
    )
    acceptance: AcceptanceConfig = Field(default_factory=AcceptanceConfig)
    runtime: RuntimeConfig = Field(default_factory=RuntimeConfig)

    @field_validator("family")
    @classmethod
    def _family_is_known(cls, family: str) -> str:
        if family not in FAMILY_NAMES:
            raise ValueError(f"unknown family {family!r}: use one of {list(FAMILY_NAMES)}")
        return family

    @model_validator(mode="after")
    def _family_settings(self) -> RunConfig:
        """The sampler section is read with the family's own schema; templates default to its folder."""
        family = get_family(self.family)
        if self.templates_dir is None:
            self.templates_dir = family.templates_dir
        if not isinstance(self.sampler, family.sampler_config):
            try:
                self.sampler = family.sampler_config.model_validate(self.sampler or {})
            except ValidationError as err:
                problems = "; ".join(
                    f"sampler.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()
                )
                raise ValueError(f"{problems} (the {self.family} family's sampler settings)") from None
        return self

    @model_validator(mode="after")
    def _stages_are_complete_and_wired(self) -> RunConfig:
        names = get_family(self.family).stage_names
        missing = [s for s in names if s not in self.stages]
        unknown = [s for s in self.stages if s not in names]
        if missing or unknown:
            raise ValueError(
                f"stages of the {self.family} family are exactly {list(names)}; "
                f"missing {missing}, unknown {unknown}"
            )
        if self.flawed_paths >= self.solutions_per_problem:
            raise ValueError(
                f"flawed_paths ({self.flawed_paths}) must be smaller than solutions_per_problem "
                f"({self.solutions_per_problem}): at least one path must be a real solution"
            )
        for stage, cfg in self.stages.items():
            if cfg.provider not in self.providers:
                raise ValueError(
                    f"stages.{stage}.provider is {cfg.provider!r}, which is not defined under providers; "
                    f"defined: {sorted(self.providers)}"
                )
        return self

    def max_samples(self) -> int:
        """How many problems may be tried before giving up on reaching `count`."""
        return self.runtime.max_samples or max(self.count * 5, self.count + 20)
