"""Cost: prices per model, spend per call, the dry-run estimate, and a budget that stops a run resumably."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.providers.base import Usage
from pipeline.run.config import Prices
from pipeline.run.costs import BudgetExhausted, SpendMeter, approx_tokens, cost_usd, estimate_run
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.fakes.openai_server import FakeOpenAIServer
from tests.fakes.teacher_llm import TeacherLLM

GPT = Prices(prompt_usd_per_1m=0.15, completion_usd_per_1m=0.60)
STAGES = ("derive", "reverse", "solve")


def llm_stages(provider: str = "llm", teacher_stages: tuple[str, ...] = ()) -> dict:
    return {
        s: {
            "template": f"{s}.j2",
            "system_template": "system.j2",
            "provider": "teacher" if s in teacher_stages else provider,
        }
        for s in STAGES
    }


def llm_provider(base_url: str = "http://127.0.0.1:9/v1", **fields: object) -> dict:
    return {"type": "openai", "model": "gpt-4o-mini", "base_url": base_url, "api_key_env": None, **fields}


def test_cost_of_a_call_uses_the_price_per_million_tokens():
    usage = Usage(prompt_tokens=2_000, completion_tokens=500)
    assert cost_usd(usage, GPT) == pytest.approx(2_000 * 0.15e-6 + 500 * 0.60e-6)
    assert cost_usd(usage, None) == 0.0


def test_tokens_are_estimated_as_four_characters_each():
    assert [approx_tokens(t) for t in ("", "abc", "abcd", "abcde")] == [0, 1, 1, 2]


def test_the_meter_adds_up_spend_and_says_when_the_budget_is_gone():
    meter = SpendMeter(budget_usd=0.001)
    meter.record("a", Usage(prompt_tokens=1_000, completion_tokens=100), GPT)
    meter.check_budget()
    meter.record("b", Usage(prompt_tokens=5_000, completion_tokens=1_000), GPT)
    assert meter.requests == 2 and meter.tokens == 7_100
    assert meter.usd == pytest.approx(6_000 * 0.15e-6 + 1_100 * 0.60e-6)
    assert meter.exhausted
    with pytest.raises(BudgetExhausted, match="max_cost_usd 0.001"):
        meter.check_budget()


def test_an_all_symbolic_run_is_estimated_at_zero_without_sampling(write_config):
    estimate = estimate_run(load_run(write_config(count=50)))
    assert (estimate.requests_low, estimate.requests_high, estimate.usd_high) == (0, 0, 0.0)
    assert estimate.stages == []


def test_the_estimate_counts_requests_tokens_and_dollars_from_rendered_prompts(write_config):
    providers = {
        "teacher": {"type": "symbolic"},
        "llm": llm_provider(prices=GPT.model_dump(), expected_completion_tokens=400, max_tokens=1000),
    }
    path = write_config(count=3, providers=providers, stages=llm_stages(teacher_stages=("derive",)),
                        runtime={"max_attempts": 2, "max_samples": 10})  # fmt: skip
    estimate = estimate_run(load_run(path))

    assert [s.stage for s in estimate.stages] == ["reverse", "solve"]  # the teacher's derive costs nothing
    for stage in estimate.stages:
        assert stage.completion_tokens_per_request == 400
        assert stage.prompt_tokens_per_request > 100  # the real templates, with the schema, rendered
        assert (stage.requests_low, stage.requests_high) == (3, 10 * 2)
        assert stage.tokens_low == 3 * (stage.prompt_tokens_per_request + 400)
        usage = Usage(prompt_tokens=3 * stage.prompt_tokens_per_request, completion_tokens=3 * 400)
        assert stage.usd_low == pytest.approx(cost_usd(usage, GPT), abs=1e-4)
        assert stage.tokens_high > 2 * 10 * stage.tokens_low / 3  # a re-ask re-sends the conversation
    assert estimate.requests_low == 6
    assert estimate.usd_high == pytest.approx(sum(s.usd_high for s in estimate.stages))
    assert estimate.unpriced == []


def test_dry_run_prints_the_estimate_and_sends_nothing(write_config):
    providers = {"llm": llm_provider()}  # nothing listens there: a request would fail loudly
    path = write_config(count=2, providers=providers, stages=llm_stages(), runtime={"max_samples": 4})
    result = CliRunner().invoke(app, ["dataset", "--config", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nothing was sent" in result.output
    assert "no prices in the config for llm" in result.output
    assert not load_run(path).output_dir.exists()


async def test_a_budget_stops_the_run_and_a_bigger_one_resumes_it_without_paying_twice(write_config):
    count = 4
    with FakeOpenAIServer(lambda body: llm(body)) as server:
        provider = llm_provider(
            server.base_url, prices={"prompt_usd_per_1m": 1000.0, "completion_usd_per_1m": 0.0}
        )
        runtime = {"max_attempts": 1, "concurrency": 2, "max_cost_usd": 2.0}
        path = write_config(count=count, providers={"llm": provider}, stages=llm_stages(), runtime=runtime)
        loaded = load_run(path)
        llm = TeacherLLM(loaded.config, indices=20)
        llm.warm(range(count))
        stopped = await run_dataset(loaded)
        written = (loaded.output_dir / "accepted.jsonl").read_text().splitlines()

        runtime["max_cost_usd"] = 1000.0  # a runtime knob: the output folder still resumes
        bigger = write_config(count=count, providers={"llm": provider}, stages=llm_stages(), runtime=runtime)
        resumed = await run_dataset(load_run(bigger))

    # Each request costs about 0.2-1 USD here: the run stops within the requests in flight at the limit.
    assert stopped.stopped_by_budget
    assert 2.0 <= stopped.spend_usd < 2.0 + 2 * 1.5
    assert stopped.accepted < count
    assert stopped.rejected == 0  # a sample stopped by the budget is not a rejected sample
    assert resumed.accepted == count and not resumed.stopped_by_budget
    assert resumed.resumed_from == len(written)
    assert max(llm.answered.values()) == 1  # nothing answered was asked for again
    records = [json.loads(line) for line in (loaded.output_dir / "accepted.jsonl").read_text().splitlines()]
    assert sorted(r["index"] for r in records) == list(range(count))
