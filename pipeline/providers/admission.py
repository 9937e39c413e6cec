"""Request admission in front of one LLM provider: when may the next request go out?

Paid APIs limit requests per minute, tokens per minute and, in effect, requests at once; a cluster of
inference servers has a queue beyond which latency only grows. Sending past those limits buys 429s, not
throughput. So every request of a provider passes, in order:

1. an **adaptive in-flight limit** (AIMD, as TCP does): at most ``max_in_flight`` requests at once; a 429
   halves the limit (once per round of requests, not once per 429 of the same burst) and pauses the whole
   provider for the server's Retry-After; each success adds ``1/limit``, so the limit climbs back by about
   one per round of requests — slowly, so a server that just said "too many" is not flooded again;
2. the **budget** (``max_cost_usd``): once spent, no new request is sent (``BudgetExhausted``);
3. **requests-per-minute** and **tokens-per-minute** buckets (``aiolimiter``). Tokens are counted as OpenAI
   counts them against a limit: the prompt's estimated tokens plus ``max_tokens``.

Admission never retries: a 429 is reported to the limit and re-raised, and the retry layer outside
(``retry.py``) decides whether to ask again, which then queues here like any other request. What was
sent is recorded in the run's ``SpendMeter`` (tokens, dollars) for the budget and the progress display.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiolimiter import AsyncLimiter

from pipeline.providers.base import Completion, CompletionRequest, Provider, ProviderError
from pipeline.run.config import OpenAIProviderConfig, Prices
from pipeline.run.costs import SpendMeter, approx_tokens

RATE_LIMITED = "rate_limited"
DEFAULT_PAUSE_S = 1.0  # how long to hold a provider after a 429 that names no Retry-After
MAX_PAUSE_S = 300.0  # a longer Retry-After is capped (retry.py caps its own wait the same way)


class AdaptiveLimit:
    """A semaphore whose size moves: halved on congestion, grown additively on success (AIMD).

    ``ceiling`` None means no fixed cap: the limit only binds after a 429 has set it from the number of
    requests then in flight. Waiters are served first come, first served.
    """

    def __init__(self, ceiling: int | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.ceiling = float(ceiling) if ceiling is not None else math.inf
        self.limit = self.ceiling
        self.in_flight = 0
        self.paused_until = 0.0
        self.decreases = 0
        self._clock = clock
        self._last_decrease = -math.inf
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def slots(self) -> int:
        """Requests allowed at once right now (at least one, so a provider never stalls for good)."""
        return max(1, int(self.limit)) if math.isfinite(self.limit) else 1 << 30

    async def acquire(self) -> None:
        """Take a slot (waiting for one), then wait out any pause a 429 imposed."""
        if self.in_flight < self.slots and not self._waiters:
            self.in_flight += 1
        else:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter  # release() hands the slot over before waking us
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self.release()  # the slot was ours already: give it back
                else:
                    self._waiters.remove(waiter)
                raise
        try:
            while (delay := self.paused_until - self._clock()) > 0:
                await asyncio.sleep(delay)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def on_success(self) -> None:
        """Additive increase: about +1 slot per round of ``limit`` successful requests."""
        if self.limit < self.ceiling:
            self.limit = min(self.ceiling, self.limit + 1.0 / max(self.limit, 1.0))
            self._wake()

    def on_rate_limited(self, retry_after_s: float | None, sent_at: float) -> None:
        """Multiplicative decrease and a pause for everyone.

        Only a request sent after the last decrease can cause another one: the 429s of one burst are one
        signal, not sixty-four, or the limit would collapse to 1 at the first burst.
        """
        now = self._clock()
        if sent_at >= self._last_decrease:
            self.limit = max(1.0, min(self.limit, float(self.in_flight)) / 2.0)
            self._last_decrease = now
            self.decreases += 1
        pause = DEFAULT_PAUSE_S if retry_after_s is None else min(retry_after_s, MAX_PAUSE_S)
        self.paused_until = max(self.paused_until, now + pause)

    def _wake(self) -> None:
        """Hand free slots to the longest waiters."""
        while self._waiters and self.in_flight < self.slots:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self.in_flight += 1
                waiter.set_result(None)


class AdmissionControl:
    """A Provider wrapper that admits requests under rate limits, an adaptive in-flight limit and a budget."""

    def __init__(
        self,
        inner: Provider,
        *,
        requests_per_minute: int | None = None,
        tokens_per_minute: int | None = None,
        max_in_flight: int | None = None,
        max_tokens: int = 0,
        prices: Prices | None = None,
        meter: SpendMeter | None = None,
        label: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.limit = AdaptiveLimit(max_in_flight, clock)
        self.max_tokens = max_tokens
        self.prices = prices
        self.meter = meter if meter is not None else SpendMeter()
        self.label = label or inner.name
        self.rate_limited = 0
        self._clock = clock
        self._requests = AsyncLimiter(requests_per_minute, 60) if requests_per_minute else None
        self._tokens = AsyncLimiter(tokens_per_minute, 60) if tokens_per_minute else None

    @classmethod
    def for_config(
        cls, inner: Provider, config: OpenAIProviderConfig, meter: SpendMeter, label: str | None = None
    ) -> AdmissionControl:
        return cls(
            inner,
            requests_per_minute=config.requests_per_minute,
            tokens_per_minute=config.tokens_per_minute,
            max_in_flight=config.max_in_flight,
            max_tokens=config.max_tokens,
            prices=config.prices,
            meter=meter,
            label=label,
        )

    def __getattr__(self, item: str) -> Any:
        # structured_mode, fallbacks, ...: whatever the wrapped provider reports.
        return getattr(self.inner, item)

    def request_tokens(self, request: CompletionRequest) -> int:
        """Tokens a request counts against a tokens-per-minute limit: prompt estimate + max_tokens."""
        return sum(approx_tokens(m.content) for m in request.messages) + self.max_tokens

    async def complete(self, request: CompletionRequest) -> Completion:
        await self.limit.acquire()
        try:
            self.meter.check_budget()
            if self._requests is not None:
                await self._requests.acquire(1)
            if self._tokens is not None:
                await self._tokens.acquire(min(self.request_tokens(request), self._tokens.max_rate))
            sent_at = self._clock()
            try:
                completion = await self.inner.complete(request)
            except ProviderError as err:
                if err.kind == RATE_LIMITED:
                    self.rate_limited += 1
                    self.limit.on_rate_limited(err.retry_after_s, sent_at)
                raise
        finally:
            self.limit.release()
        self.limit.on_success()
        self.meter.record(self.label, completion.usage, self.prices)
        return completion

    async def aclose(self) -> None:
        await self.inner.aclose()
