"""The one retry layer: transient failures back off and give up, 429s wait as long as patience allows.

Most tests use an in-memory provider and a fake clock whose ``sleep`` only records the wait, so backoff
schedules are checked exactly and instantly. The last ones cross real HTTP to the fake server, with the
real chain (Retry -> Admission -> OpenAICompatProvider), counting what the server received.
"""

from __future__ import annotations

import pytest

from pipeline.providers.base import ProviderError, Usage
from pipeline.providers.openai_compat import OpenAICompatProvider
from pipeline.providers.retry import RetryingProvider, RetryPolicy, resilient_provider
from pipeline.run.config import OpenAIProviderConfig
from pipeline.run.costs import BudgetExhausted, SpendMeter
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply, scripted
from tests.pipeline.providers.test_admission import ScriptedProvider, request


class FakeClock:
    """Time that passes only when the retry layer sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def failing(kind: str, retry_after: float | None = None) -> ProviderError:
    return ProviderError(kind, f"fake {kind}", retry_after_s=retry_after)


def retrying(outcomes: list[object], **policy: float) -> tuple[RetryingProvider, ScriptedProvider, FakeClock]:
    clock = FakeClock()
    inner = ScriptedProvider(outcomes)
    provider = RetryingProvider(inner, RetryPolicy(**policy), sleep=clock.sleep, clock=clock)
    return provider, inner, clock


@pytest.mark.parametrize("kind", ["timeout", "connection", "server_error", "malformed_response"])
async def test_a_transient_failure_is_retried(kind):
    provider, inner, _clock = retrying([failing(kind), failing(kind)], max_retries=2)
    completion = await provider.complete(request())
    assert completion.text == "{}"
    assert inner.calls == 3
    assert provider.retried == {kind: 2}


async def test_transient_failures_give_up_after_max_retries_with_the_kind_and_count():
    provider, inner, _clock = retrying([failing("server_error")] * 10, max_retries=3)
    with pytest.raises(ProviderError) as caught:
        await provider.complete(request())
    assert caught.value.kind == "server_error"
    assert "after 3 retries" in caught.value.detail
    assert inner.calls == 4


async def test_backoff_doubles_with_jitter_and_is_capped():
    provider, _inner, clock = retrying(
        [failing("timeout")] * 6, max_retries=6, backoff_s=1.0, max_backoff_s=8.0
    )
    await provider.complete(request())
    for wait, base in zip(clock.waits, [1, 2, 4, 8, 8, 8], strict=True):
        assert 0.75 * base <= wait <= base


async def test_retry_after_is_honoured_never_shorter():
    provider, _inner, clock = retrying([failing("server_error", retry_after=7.0)], backoff_s=0.1)
    await provider.complete(request())
    [wait] = clock.waits
    assert 7.0 <= wait <= 7.7


async def test_rate_limits_do_not_use_up_max_retries():
    outcomes = [failing("rate_limited", retry_after=2.0)] * 20 + [failing("timeout")]
    provider, inner, _clock = retrying(outcomes, max_retries=1, rate_limit_patience_s=600)
    completion = await provider.complete(request())
    assert completion.text == "{}"
    assert inner.calls == 22
    assert provider.retried == {"rate_limited": 20, "timeout": 1}


async def test_rate_limits_give_up_when_patience_runs_out():
    provider, inner, clock = retrying(
        [failing("rate_limited", retry_after=3.0)] * 100, rate_limit_patience_s=10
    )
    with pytest.raises(ProviderError) as caught:
        await provider.complete(request())
    assert caught.value.kind == "rate_limited"
    assert sum(clock.waits) == pytest.approx(10.0)  # the last wait is cut to what patience has left
    assert 4 <= inner.calls <= 5


async def test_a_429_without_retry_after_backs_off():
    provider, _inner, clock = retrying([failing("rate_limited")] * 3, backoff_s=0.5)
    await provider.complete(request())
    for wait, base in zip(clock.waits, [0.5, 1, 2], strict=True):
        assert 0.75 * base <= wait <= base


@pytest.mark.parametrize("kind", ["bad_request", "auth", "api_error"])
async def test_other_failures_are_not_retried(kind):
    provider, inner, _clock = retrying([failing(kind)])
    with pytest.raises(ProviderError) as caught:
        await provider.complete(request())
    assert caught.value.kind == kind
    assert "retries" not in caught.value.detail
    assert inner.calls == 1


async def test_an_exhausted_budget_is_not_retried():
    provider, inner, _clock = retrying([BudgetExhausted("spent")])
    with pytest.raises(BudgetExhausted):
        await provider.complete(request())
    assert inner.calls == 1


async def test_the_wrappers_pass_through_what_the_provider_reports():
    inner = ScriptedProvider()
    inner.structured_mode = "json_object"
    provider = resilient_provider(inner, OpenAIProviderConfig(type="openai", model="m"), SpendMeter())
    assert (provider.name, provider.model, provider.structured_mode) == (
        "scripted",
        "scripted-model",
        "json_object",
    )


# --- over real HTTP -----------------------------------------------------------------------------------


def http_config(url: str, **overrides: object) -> OpenAIProviderConfig:
    fields = {"type": "openai", "model": "fake-model", "base_url": url, "api_key_env": None,
              "request_timeout_s": 0.5, "retry_backoff_s": 0.01, "max_retries": 3}  # fmt: skip
    return OpenAIProviderConfig(**(fields | overrides))


async def test_the_provider_itself_sends_each_request_once():
    with FakeOpenAIServer(scripted([ScriptedReply(status=500)])) as server:
        provider = OpenAICompatProvider(http_config(server.base_url, max_retries=4))
        with pytest.raises(ProviderError) as caught:
            await provider.complete(request())
        await provider.aclose()
    assert caught.value.kind == "server_error"
    assert len(server.requests) == 1  # max_retries belongs to retry.py, the one retry layer


async def test_every_fault_in_a_row_is_survived_over_http():
    replies = [
        ScriptedReply(status=429, retry_after=0.05),
        ScriptedReply(status=500),
        ScriptedReply(drop_connection=True),
        ScriptedReply(content="late", delay_s=1.5),  # past the 0.5 s timeout
        ScriptedReply(malformed_body=True),
        ScriptedReply(status=503, retry_after=0.02),
        ScriptedReply(content='{"ok": true}', prompt_tokens=40, completion_tokens=8),
    ]
    meter = SpendMeter()
    with FakeOpenAIServer(scripted(replies)) as server:
        config = http_config(server.base_url, max_retries=5)
        provider = resilient_provider(OpenAICompatProvider(config), config, meter)
        completion = await provider.complete(request())
        await provider.aclose()
    assert completion.text == '{"ok": true}'
    assert len(server.requests) == 7
    assert provider.retried == {"rate_limited": 1, "server_error": 2, "connection": 1, "timeout": 1,
                                "malformed_response": 1}  # fmt: skip
    assert (meter.requests, meter.prompt_tokens, meter.completion_tokens) == (1, 40, 8)
    assert completion.usage == Usage(prompt_tokens=40, completion_tokens=8, total_tokens=48)


async def test_a_429_with_retry_after_over_http_pauses_then_succeeds():
    replies = [ScriptedReply(status=429, retry_after=0.2), ScriptedReply(content="{}")]
    with FakeOpenAIServer(scripted(replies)) as server:
        config = http_config(server.base_url, max_retries=0)
        provider = resilient_provider(OpenAICompatProvider(config), config, SpendMeter())
        completion = await provider.complete(request())
        admission = provider.inner
        await provider.aclose()
    assert completion.text == "{}"
    assert len(server.requests) == 2
    assert admission.rate_limited == 1
    assert admission.limit.decreases == 1
