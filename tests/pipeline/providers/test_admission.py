"""Admission control: in-flight limits that halve on a 429 and recover, rate buckets, the budget, spend."""

from __future__ import annotations

import asyncio

import pytest

from pipeline.families.ibp.details import ibp_problem
from pipeline.providers.admission import AdaptiveLimit, AdmissionControl
from pipeline.providers.base import ChatMessage, Completion, CompletionRequest, ProviderError, Usage
from pipeline.run.config import OpenAIProviderConfig, Prices
from pipeline.run.costs import BudgetExhausted, SpendMeter

PROBLEM = ibp_problem(
    index=0, seed=1, construction="product_reversal", f="x*sin(x)", integrand="sin(x) + x*cos(x)",
    u="x", v="sin(x)", rabbit="product rule",
)  # fmt: skip


def request(text: str = "differentiate x*sin(x)") -> CompletionRequest:
    return CompletionRequest(
        stage="derive", messages=[ChatMessage(role="user", content=text)], problem=PROBLEM
    )


class ScriptedProvider:
    """An in-memory provider: each call pops the next outcome (an exception or usage) and may block."""

    name = "scripted"
    model = "scripted-model"

    def __init__(self, outcomes: list[object] | None = None, gate: asyncio.Event | None = None) -> None:
        self.outcomes = list(outcomes or [])
        self.gate = gate
        self.calls = 0
        self.in_flight = 0
        self.peak = 0
        self.started_at: list[float] = []

    async def complete(self, request: CompletionRequest) -> Completion:
        self.calls += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        self.started_at.append(asyncio.get_running_loop().time())
        try:
            if self.gate is not None:
                await self.gate.wait()
            outcome = self.outcomes.pop(0) if self.outcomes else Usage(prompt_tokens=10, completion_tokens=5)
            if isinstance(outcome, BaseException):
                raise outcome
            return Completion(text="{}", usage=outcome, model=self.model, provider=self.name)
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        pass


def rate_limited(retry_after: float | None = None) -> ProviderError:
    return ProviderError("rate_limited", "HTTP 429", retry_after_s=retry_after)


async def test_max_in_flight_caps_the_requests_at_once():
    gate = asyncio.Event()
    inner = ScriptedProvider(gate=gate)
    admission = AdmissionControl(inner, max_in_flight=3)
    tasks = [asyncio.create_task(admission.complete(request())) for _ in range(10)]
    await asyncio.sleep(0.01)
    assert inner.in_flight == 3
    gate.set()
    await asyncio.gather(*tasks)
    assert (inner.calls, inner.peak) == (10, 3)


async def test_without_max_in_flight_nothing_waits():
    gate = asyncio.Event()
    inner = ScriptedProvider(gate=gate)
    admission = AdmissionControl(inner)
    tasks = [asyncio.create_task(admission.complete(request())) for _ in range(20)]
    await asyncio.sleep(0.01)
    assert inner.in_flight == 20
    gate.set()
    await asyncio.gather(*tasks)


async def test_a_429_halves_the_limit_pauses_and_is_re_raised():
    gate = asyncio.Event()
    inner = ScriptedProvider([rate_limited(0.2)], gate=gate)
    admission = AdmissionControl(inner, max_in_flight=8)
    tasks = [asyncio.create_task(admission.complete(request())) for _ in range(8)]
    await asyncio.sleep(0.01)
    gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)

    errors = [r for r in results if isinstance(r, ProviderError)]
    assert [e.kind for e in errors] == ["rate_limited"]  # admission reports, the retry layer decides
    assert admission.limit.limit == pytest.approx(4 + 7 / 4, abs=1.0)  # halved from 8, then +1/limit x7
    assert admission.rate_limited == 1
    paused_until = admission.limit.paused_until
    await admission.complete(request())
    assert inner.started_at[-1] >= paused_until  # the next request waited out the Retry-After


async def test_one_burst_of_429s_halves_the_limit_once():
    gate = asyncio.Event()
    inner = ScriptedProvider([rate_limited(0.01) for _ in range(16)], gate=gate)
    admission = AdmissionControl(inner, max_in_flight=16)
    tasks = [asyncio.create_task(admission.complete(request())) for _ in range(16)]
    await asyncio.sleep(0.01)
    gate.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert admission.limit.decreases == 1
    assert admission.limit.limit == 8


def test_the_limit_recovers_by_about_one_per_round_and_never_passes_the_ceiling():
    limit = AdaptiveLimit(ceiling=8)
    limit.in_flight = 8
    limit.on_rate_limited(None, sent_at=0.0)
    limit.in_flight = 0
    assert limit.limit == 4
    for _ in range(4):
        limit.on_success()
    assert 4.8 < limit.limit < 5.0  # four successes at limit ~4: about one slot more
    for _ in range(1000):
        limit.on_success()
    assert limit.limit == 8


def test_a_429_never_takes_the_limit_below_one():
    limit = AdaptiveLimit(ceiling=2)
    for sent_at in range(10):
        limit.in_flight = 1
        limit.on_rate_limited(0.0, sent_at=float(sent_at) + 1e9)
    assert limit.slots == 1


async def test_without_a_ceiling_a_429_sets_the_limit_from_the_requests_in_flight():
    limit = AdaptiveLimit(ceiling=None)
    assert limit.slots > 1000
    limit.in_flight = 40
    limit.on_rate_limited(None, sent_at=0.0)
    assert limit.slots == 20


async def test_a_cancelled_waiter_gives_its_slot_back():
    gate = asyncio.Event()
    inner = ScriptedProvider(gate=gate)
    admission = AdmissionControl(inner, max_in_flight=1)
    first = asyncio.create_task(admission.complete(request()))
    waiting = asyncio.create_task(admission.complete(request()))
    await asyncio.sleep(0.01)
    waiting.cancel()
    gate.set()
    await first
    await admission.complete(request())  # would hang if the cancelled waiter had kept a slot
    assert admission.limit.in_flight == 0
    assert inner.calls == 2


async def test_requests_per_minute_holds_back_what_is_over_the_limit():
    inner = ScriptedProvider()
    admission = AdmissionControl(inner, requests_per_minute=2)
    await admission.complete(request())
    await admission.complete(request())
    third = asyncio.create_task(admission.complete(request()))
    await asyncio.sleep(0.05)
    assert not third.done()  # the next slot of a 2-per-minute bucket is 30 s away
    third.cancel()
    assert inner.calls == 2


async def test_tokens_per_minute_counts_the_prompt_and_max_tokens():
    inner = ScriptedProvider()
    admission = AdmissionControl(inner, tokens_per_minute=1000, max_tokens=400)
    assert admission.request_tokens(request("x" * 400)) == 100 + 400
    await admission.complete(request("x" * 400))
    await admission.complete(request("x" * 400))
    third = asyncio.create_task(admission.complete(request("x" * 400)))
    await asyncio.sleep(0.05)
    assert not third.done()
    third.cancel()
    assert inner.calls == 2


async def test_spend_is_recorded_per_answered_request():
    meter = SpendMeter()
    inner = ScriptedProvider([Usage(prompt_tokens=1000, completion_tokens=500), rate_limited()])
    prices = Prices(prompt_usd_per_1m=2.0, completion_usd_per_1m=8.0)
    admission = AdmissionControl(inner, prices=prices, meter=meter, label="gpt")
    await admission.complete(request())
    with pytest.raises(ProviderError):
        await admission.complete(request())
    assert (meter.requests, meter.prompt_tokens, meter.completion_tokens) == (1, 1000, 500)
    assert meter.usd == pytest.approx(0.002 + 0.004)
    assert dict(meter.usd_by_provider) == {"gpt": pytest.approx(0.006)}


async def test_no_request_is_sent_once_the_budget_is_spent():
    meter = SpendMeter(budget_usd=0.005)
    inner = ScriptedProvider([Usage(prompt_tokens=1000, completion_tokens=500)])
    prices = Prices(prompt_usd_per_1m=2.0, completion_usd_per_1m=8.0)
    admission = AdmissionControl(inner, prices=prices, meter=meter)
    await admission.complete(request())  # 0.006 USD: over the budget once answered
    with pytest.raises(BudgetExhausted):
        await admission.complete(request())
    assert inner.calls == 1
    assert admission.limit.in_flight == 0


def test_for_config_takes_the_provider_fields():
    config = OpenAIProviderConfig(
        type="openai",
        model="m",
        requests_per_minute=60,
        tokens_per_minute=9000,
        max_in_flight=5,
        max_tokens=300,
    )
    admission = AdmissionControl.for_config(ScriptedProvider(), config, SpendMeter(), label="llm")
    assert admission.limit.slots == 5
    assert admission.max_tokens == 300
    assert (admission.label, admission.name, admission.model) == ("llm", "scripted", "scripted-model")
