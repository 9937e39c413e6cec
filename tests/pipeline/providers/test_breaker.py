"""The circuit breaker: an endpoint that fails every request on one cause retrying cannot fix stops the run.

In-memory providers and a fake clock for the rules; then real HTTP on 127.0.0.1, where a port nobody
listens on must be named "connection refused" through both transports.
"""

from __future__ import annotations

import socket

import pytest

from pipeline.providers.base import ProviderError, Usage
from pipeline.providers.breaker import CircuitBreaker, CircuitOpen, persistent_cause
from pipeline.providers.openai_compat import OpenAICompatProvider
from pipeline.providers.retry import resilient_provider
from pipeline.run.config import OpenAIProviderConfig
from pipeline.run.costs import SpendMeter
from tests.pipeline.providers.test_admission import ScriptedProvider, request

ANSWER = Usage(prompt_tokens=10, completion_tokens=5)


def refused() -> ProviderError:
    return ProviderError("connection", "127.0.0.1:9: refused", cause="connection_refused")


def breaker(outcomes: list[object], threshold: int = 3, grace_s: float = 10.0):
    clock = Clock()
    inner = ScriptedProvider(outcomes)
    return CircuitBreaker(inner, threshold, grace_s=grace_s, label="llm", clock=clock), inner, clock


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def outcomes_of(provider, calls: int) -> list[str]:
    seen = []
    for _ in range(calls):
        try:
            await provider.complete(request())
            seen.append("answer")
        except CircuitOpen:
            seen.append("open")
        except ProviderError as err:
            seen.append(err.kind)
    return seen


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (refused(), "connection_refused"),
        (ProviderError("connection", "x", cause="host_not_found"), "host_not_found"),
        (ProviderError("auth", "HTTP 401: Incorrect API key", status=401), "auth"),
        (ProviderError("bad_request", "HTTP 404: model not found", status=404), "not_found"),
        (ProviderError("connection", "reset by peer"), None),  # a dropped connection: retry it
        (ProviderError("timeout", "no answer within 1 s"), None),
        (ProviderError("server_error", "HTTP 500", status=500), None),
        (ProviderError("rate_limited", "HTTP 429", status=429), None),
        (ProviderError("bad_request", "HTTP 400: prompt too long", status=400), None),
    ],
)
def test_only_causes_that_asking_again_cannot_fix_count(error, cause):
    assert persistent_cause(error) == cause


async def test_an_endpoint_that_never_answered_opens_it_after_threshold_failures():
    provider, inner, _ = breaker([refused()] * 10, threshold=3)
    assert await outcomes_of(provider, 5) == ["connection", "connection", "open", "open", "open"]
    assert inner.calls == 3  # once open, nothing more is sent
    assert "3 requests in a row failed, connection refused: is the server running" in str(provider.opened)


async def test_after_an_answer_a_failing_streak_must_outlast_the_retry_window():
    provider, _, clock = breaker([ANSWER, *[refused()] * 10], threshold=3, grace_s=10.0)
    assert await outcomes_of(provider, 5) == ["answer", *["connection"] * 4]  # a restart is waited for
    clock.now = 10.0
    assert await outcomes_of(provider, 1) == ["open"]


async def test_an_answer_or_another_kind_of_failure_ends_the_streak():
    timeout = ProviderError("timeout", "slow")
    provider, _, _ = breaker([refused(), refused(), timeout, refused(), refused(), ANSWER], threshold=3)
    assert await outcomes_of(provider, 6) == ["connection", "connection", "timeout", "connection",
                                              "connection", "answer"]  # fmt: skip
    assert provider.opened is None


async def test_the_open_breaker_passes_through_the_retry_layer_at_once():
    config = OpenAIProviderConfig(type="openai", model="m", base_url="http://127.0.0.1:9/v1", max_retries=4,
                                  retry_backoff_s=0.001, api_key_env=None)  # fmt: skip
    inner = ScriptedProvider([refused()] * 20)
    chain = resilient_provider(inner, config, SpendMeter(), label="llm", breaker_failures=3)
    with pytest.raises(CircuitOpen):
        await chain.complete(request())
    assert inner.calls == 3  # the retries stopped at the third attempt, when the breaker opened


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once closed: nothing listens there


@pytest.mark.parametrize("transport", ["openai_sdk", "aiohttp"])
async def test_a_port_nobody_listens_on_is_named_connection_refused(transport):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    config = OpenAIProviderConfig(
        type="openai", model="m", base_url=url, api_key_env=None, transport=transport
    )
    provider = OpenAICompatProvider(config)
    try:
        with pytest.raises(ProviderError) as failed:
            await provider.complete(request())
    finally:
        await provider.aclose()
    assert (failed.value.kind, failed.value.cause) == ("connection", "connection_refused")
