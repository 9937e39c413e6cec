"""A circuit breaker per LLM provider: stop the run when its endpoint fails every request on one cause.

Why: some failures are not about a request but about the endpoint — nothing listens on the port
(connection refused), the host name does not resolve, the API key is refused (401/403), the model or path
does not exist (404). Asking again cannot help, yet without a breaker a run goes on drawing problems:
each sample fails after its retries, is written as unanswered, and the run ends having made hundreds of
doomed requests — and exits 0. The breaker watches every HTTP attempt (it sits inside the retry layer:
``Retry -> Breaker -> Admission -> provider``) and opens when ``threshold`` attempts in a row failed on
the same such cause:

* at once, if this provider has not answered a single request in this run (a wrong URL, port or key);
* otherwise only once the failures have gone on for ``grace_s`` (the retry layer's whole backoff for one
  request), so a server that restarts mid-run is waited for as before, and one that stays down stops the
  run instead of being retried sample after sample.

Once open, every request of the provider raises ``CircuitOpen`` at once. It is not a ``ProviderError``:
like ``BudgetExhausted`` it passes through the retry layer and the stage untouched, and the runner stops,
writing nothing for the samples it interrupts (they are undecided; a re-run asks them again, and every
answer already received is in the response cache). Timeouts, 5xx and 429s never open it: those are what
retries and admission control are for.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pipeline.providers.base import Completion, CompletionRequest, Provider, ProviderError

_CAUSES = {
    "connection_refused": "connection refused: is the server running, and is base_url's port right?",
    "host_not_found": "the host name does not resolve: check base_url",
    "auth": "the API key was refused: check api_key_env and the key in it",
    "not_found": "HTTP 404: check the model name and base_url (it usually ends in /v1)",
}


def persistent_cause(error: ProviderError) -> str | None:
    """The name of a failure that asking again will not fix, or None for one that retrying may fix."""
    if error.kind == "connection" and error.cause in _CAUSES:
        return error.cause
    if error.kind == "auth":
        return "auth"
    if error.status == 404:
        return "not_found"
    return None


class CircuitOpen(RuntimeError):
    """A provider's endpoint failed every recent request on one persistent cause; the run must stop."""

    def __init__(self, provider: str, cause: str, failures: int, detail: str) -> None:
        self.provider = provider
        self.cause = cause
        self.failures = failures
        self.detail = detail
        super().__init__(
            f"provider {provider!r}: {failures} requests in a row failed, {_CAUSES[cause]} (last: {detail})"
        )


class CircuitBreaker:
    """A Provider wrapper that opens after ``threshold`` consecutive attempts fail on one persistent cause."""

    def __init__(
        self,
        inner: Provider,
        threshold: int,
        *,
        grace_s: float = 0.0,
        label: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.threshold = threshold
        self.grace_s = grace_s
        self.label = label or inner.name
        self.opened: CircuitOpen | None = None
        self._clock = clock
        self._answered = 0
        self._cause: str | None = None
        self._streak = 0
        self._streak_since = 0.0

    def __getattr__(self, item: str) -> Any:
        # structured_mode, fallbacks, http_requests, ...: whatever the wrapped provider reports.
        return getattr(self.inner, item)

    async def complete(self, request: CompletionRequest) -> Completion:
        if self.opened is not None:
            raise self.opened
        try:
            completion = await self.inner.complete(request)
        except ProviderError as error:
            self._failed(error)
            raise
        self._answered += 1
        self._cause, self._streak = None, 0
        return completion

    def _failed(self, error: ProviderError) -> None:
        if self.opened is not None:  # a request that was in flight when another one opened the breaker
            raise self.opened from error
        cause = persistent_cause(error)
        if cause is None:  # a failure retries may fix: not the same cause, so the streak ends
            self._cause, self._streak = None, 0
            return
        if cause != self._cause:
            self._cause, self._streak, self._streak_since = cause, 0, self._clock()
        self._streak += 1
        lasted = self._clock() - self._streak_since
        if self._streak >= self.threshold and (self._answered == 0 or lasted >= self.grace_s):
            self.opened = CircuitOpen(self.label, cause, self._streak, error.detail)
            raise self.opened from error

    async def aclose(self) -> None:
        await self.inner.aclose()
