"""The one retry layer for LLM requests (tenacity), kept apart by failure kind.

Real APIs fail in three different ways, and each needs its own answer:

* **transient** — timeouts, dropped connections, 5xx, a body cut off mid-JSON: ask again after an
  exponential backoff (``retry_backoff_s``, doubling, with jitter), or after the server's Retry-After if it
  gave one, at most ``max_retries`` times; then the sample fails with the named kind;
* **rate limited** (429) — the server is fine, we are too fast: admission (``admission.py``) has already
  halved the in-flight limit and paused the provider; here the request waits (Retry-After, else backoff)
  and goes back through admission, for as long as ``rate_limit_patience_s`` allows — a 429 never uses up
  ``max_retries``, so a burst of them never fails a sample;
* **anything else** (bad request, auth) — asking again cannot help: fail at once.

A bad *answer* (not JSON, truncated, wrong math) is not a failure of the request at all: the stage re-asks
it with the validator's message (``stages.py``). The HTTP client (``chat_http.py``) never retries, so
retries never multiply across layers. The chain a runner builds is ``Retry -> Breaker -> Admission ->
provider``: the circuit breaker (``breaker.py``) sees every attempt and stops a run whose endpoint fails
them all on a cause retrying cannot fix (connection refused, a refused key, 404).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from pipeline.providers.admission import RATE_LIMITED, AdmissionControl
from pipeline.providers.base import Completion, CompletionRequest, Provider, ProviderError
from pipeline.providers.breaker import CircuitBreaker
from pipeline.run.config import OpenAIProviderConfig
from pipeline.run.costs import SpendMeter

log = logging.getLogger(__name__)

TRANSIENT_KINDS: frozenset[str] = frozenset({"timeout", "connection", "server_error", "malformed_response"})


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often one request may be retried."""

    max_retries: int = 4
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    rate_limit_patience_s: float = 600.0
    max_retry_after_s: float = 300.0  # a Retry-After beyond this is capped, not obeyed blindly

    @property
    def total_backoff_s(self) -> float:
        """How long one request may wait in backoff, at most, before its last transient retry."""
        return sum(min(self.backoff_s * 2**i, self.max_backoff_s) for i in range(self.max_retries))

    @classmethod
    def for_config(cls, config: OpenAIProviderConfig) -> RetryPolicy:
        return cls(
            max_retries=config.max_retries,
            backoff_s=config.retry_backoff_s,
            rate_limit_patience_s=config.rate_limit_patience_s,
        )


def _kind(error: BaseException | None) -> str | None:
    return error.kind if isinstance(error, ProviderError) else None


class _RequestRetries:
    """The retry bookkeeping of one request: tenacity's retry, wait and stop callbacks share it."""

    def __init__(self, policy: RetryPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self.clock = clock
        self.transient = 0
        self.rate_limited = 0
        self.first_rate_limited_at: float | None = None

    def retryable(self, error: BaseException) -> bool:
        """Tenacity calls this first, once per failed attempt: count it here."""
        kind = _kind(error)
        if kind == RATE_LIMITED:
            self.rate_limited += 1
            if self.first_rate_limited_at is None:
                self.first_rate_limited_at = self.clock()
            return True
        if kind in TRANSIENT_KINDS:
            self.transient += 1
            return True
        return False

    def patience_left(self) -> float:
        if self.first_rate_limited_at is None:
            return self.policy.rate_limit_patience_s
        return self.policy.rate_limit_patience_s - (self.clock() - self.first_rate_limited_at)

    def wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        retry_after = getattr(error, "retry_after_s", None)
        limited = _kind(error) == RATE_LIMITED
        if retry_after is not None:
            wanted = self._honour(retry_after)
        else:
            wanted = self._backoff(self.rate_limited if limited else self.transient)
        return max(0.0, min(wanted, self.patience_left())) if limited else wanted

    def stop(self, _state: RetryCallState) -> bool:
        if self.transient > self.policy.max_retries:
            return True
        return self.rate_limited > 0 and self.patience_left() <= 0

    def _backoff(self, failures: int) -> float:
        """Exponential, with up to 25% jitter down so retries of one burst spread out."""
        base = min(self.policy.backoff_s * 2 ** max(failures - 1, 0), self.policy.max_backoff_s)
        return base * (1 - 0.25 * random.random())

    def _honour(self, retry_after: float) -> float:
        """The server's wait, never shorter; up to 10% longer, so waiters do not all return at once."""
        return min(retry_after, self.policy.max_retry_after_s) * (1 + 0.1 * random.random())


class RetryingProvider:
    """A Provider wrapper that retries transient failures and waits out rate limits (see module docs)."""

    def __init__(
        self,
        inner: Provider,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.policy = policy or RetryPolicy()
        self.retried: Counter[str] = Counter()  # retries by failure kind, for the run summary
        self._sleep = sleep
        self._clock = clock

    def __getattr__(self, item: str) -> Any:
        # structured_mode, fallbacks, ...: whatever the wrapped provider reports.
        return getattr(self.inner, item)

    async def complete(self, request: CompletionRequest) -> Completion:
        # Most requests succeed at once: only a failure pays for tenacity's machinery (~0.3 ms a call).
        try:
            return await self.inner.complete(request)
        except ProviderError as err:
            if err.kind != RATE_LIMITED and err.kind not in TRANSIENT_KINDS:
                raise
            first_failure = err
        return await self._retry(request, first_failure)

    async def _retry(self, request: CompletionRequest, first_failure: ProviderError) -> Completion:
        """Hand a failed request to tenacity, replaying the first failure as its first attempt."""
        replay = [first_failure]

        async def attempt() -> Completion:
            if replay:
                raise replay.pop()
            return await self.inner.complete(request)

        retries = _RequestRetries(self.policy, self._clock)
        retrying = AsyncRetrying(
            retry=retry_if_exception(retries.retryable),
            wait=retries.wait,
            stop=retries.stop,
            sleep=self._sleep,
            before_sleep=self._note_retry,
            reraise=True,
        )
        try:
            return await retrying(attempt)
        except ProviderError as err:
            retried = retrying.statistics.get("attempt_number", 1) - 1
            if retried:
                detail = f"{err.detail} (after {retried} retries)"
                raise ProviderError(err.kind, detail, err.retry_after_s) from err
            raise

    def _note_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        kind = _kind(error) or "unknown"
        self.retried[kind] += 1
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info("%s: %s; retrying in %.2f s (attempt %d)", self.model, kind, wait, state.attempt_number + 1)

    async def aclose(self) -> None:
        await self.inner.aclose()


def resilient_provider(
    inner: Provider,
    config: OpenAIProviderConfig,
    meter: SpendMeter,
    label: str | None = None,
    breaker_failures: int | None = None,
) -> RetryingProvider:
    """The chain every LLM provider runs behind: Retry -> Breaker -> Admission -> provider.

    ``breaker_failures`` None leaves the breaker out (a run then never stops on a dead endpoint).
    """
    chain: Provider = AdmissionControl.for_config(inner, config, meter, label=label)
    policy = RetryPolicy.for_config(config)
    if breaker_failures is not None:
        chain = CircuitBreaker(chain, breaker_failures, grace_s=policy.total_backoff_s, label=label)
    return RetryingProvider(chain, policy)
