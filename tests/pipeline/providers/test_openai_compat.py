"""OpenAICompatProvider over real HTTP against the fake server on 127.0.0.1.

Each call is one HTTP request (retries live in pipeline/providers/retry.py and are tested there): these
tests count the requests the server received to see what the provider and the fallback logic did.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from pipeline.families.ibp.details import ibp_problem
from pipeline.families.shared.answers import ReverseAnswer
from pipeline.providers.base import ChatMessage, CompletionRequest, ProviderError
from pipeline.providers.openai_compat import (
    NO_KEY,
    OpenAICompatProvider,
    is_local_url,
    resolve_api_key,
    retry_after_seconds,
)
from pipeline.run.config import OpenAIProviderConfig
from tests.fakes.openai_server import (
    LLAMA_CPP_PYTHON_REFUSAL,
    REFUSED_JSON_SCHEMA_MESSAGE,
    FakeOpenAIServer,
    ScriptedReply,
    refuse_json_schema,
    scripted,
)

ANSWER = '{"problem": "Find the integral of x*cos(x).", "integrand": "x*cos(x)"}'
SCHEMA = ReverseAnswer.model_json_schema()

PROBLEM = ibp_problem(
    index=0,
    seed=11,
    construction="product_reversal",
    f="x*sin(x)",
    integrand="sin(x) + x*cos(x)",
    u="x",
    v="sin(x)",
    rabbit="the integrand is the derivative of a product",
)


def make_request(schema: dict[str, Any] | None = SCHEMA, seed: int = 7) -> CompletionRequest:
    return CompletionRequest(
        stage="reverse",
        messages=[
            ChatMessage(role="system", content="You answer in JSON."),
            ChatMessage(role="user", content="Restate g(x) = x*cos(x) as an integration problem."),
        ],
        response_schema=schema,
        schema_name="reverse_answer",
        problem=PROBLEM,
        seed=seed,
    )


def make_config(*base_urls: str, **overrides: Any) -> OpenAIProviderConfig:
    fields: dict[str, Any] = {
        "type": "openai",
        "model": "fake-model",
        "base_urls": list(base_urls),
        "api_key_env": None,
        "max_retries": 0,
        "request_timeout_s": 5.0,
    }
    return OpenAIProviderConfig(**(fields | overrides))


async def failure_of(provider: OpenAICompatProvider) -> ProviderError:
    """The ProviderError a completion ends in (the test fails if it succeeds)."""
    with pytest.raises(ProviderError) as caught:
        await provider.complete(make_request())
    return caught.value


@pytest.fixture(params=["openai_sdk", "aiohttp"])
async def providers(request) -> AsyncIterator[Callable[..., OpenAICompatProvider]]:
    """Build providers that are closed when the test ends; every test runs on both transports."""
    made: list[OpenAICompatProvider] = []

    def build(config: OpenAIProviderConfig, api_key: str | None = None) -> OpenAICompatProvider:
        config = config.model_copy(update={"transport": request.param})
        made.append(OpenAICompatProvider(config, api_key=api_key))
        return made[-1]

    yield build
    for provider in made:
        await provider.aclose()


async def test_a_normal_completion_sends_the_configured_request(providers):
    reply = ScriptedReply(content=ANSWER, prompt_tokens=30, completion_tokens=12)
    with FakeOpenAIServer(scripted([reply])) as server:
        config = make_config(
            server.base_url, temperature=0.3, top_p=0.9, max_tokens=512, extra_body={"top_k": 20}
        )
        completion = await providers(config).complete(make_request())

    assert completion.text == ANSWER
    assert completion.finish_reason == "stop"
    assert completion.model == "fake-model"
    assert completion.provider == "openai"
    assert completion.structured_mode == "json_schema"
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (30, 12)
    assert completion.usage.total_tokens == 42
    assert completion.latency_s > 0

    [body] = server.requests
    assert body["model"] == "fake-model"
    assert body["messages"] == [
        {"role": "system", "content": "You answer in JSON."},
        {"role": "user", "content": "Restate g(x) = x*cos(x) as an integration problem."},
    ]
    assert (body["temperature"], body["top_p"], body["max_tokens"]) == (0.3, 0.9, 512)
    assert body["top_k"] == 20  # extra_body is merged into the request body
    assert body["seed"] == 7
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "reverse_answer", "schema": SCHEMA, "strict": False},
    }


async def test_the_configured_seed_wins_over_the_per_sample_seed(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(content=ANSWER)])) as server:
        await providers(make_config(server.base_url, seed=99)).complete(make_request(seed=7))
    assert server.requests[0]["seed"] == 99


@pytest.mark.parametrize(
    ("mode", "expected_format"),
    [
        ("json_object_schema", {"type": "json_object", "schema": SCHEMA}),
        ("json_object", {"type": "json_object"}),
        ("prompt", None),
    ],
)
async def test_each_structured_mode_sends_its_response_format(providers, mode, expected_format):
    with FakeOpenAIServer(scripted([ScriptedReply(content=ANSWER)])) as server:
        config = make_config(server.base_url, structured_output=mode)
        completion = await providers(config).complete(make_request())
    assert server.requests[0].get("response_format") == expected_format
    assert completion.structured_mode == mode


async def test_a_request_without_schema_asks_for_no_json(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(content="plain text")])) as server:
        completion = await providers(make_config(server.base_url)).complete(make_request(schema=None))
    assert "response_format" not in server.requests[0]
    assert completion.structured_mode is None


@pytest.mark.parametrize(
    ("status", "message"),
    [(400, REFUSED_JSON_SCHEMA_MESSAGE), (500, LLAMA_CPP_PYTHON_REFUSAL)],
    ids=["llama.cpp-400", "llama-cpp-python-500"],
)
async def test_refused_json_schema_falls_back_once_and_remembers(providers, caplog, status, message):
    responder = refuse_json_schema(scripted([ScriptedReply(content=ANSWER)]), status=status, message=message)
    with FakeOpenAIServer(responder) as server:
        provider = providers(make_config(server.base_url))
        with caplog.at_level(logging.WARNING, logger="pipeline.providers.openai_compat"):
            first = await provider.complete(make_request())
        second = await provider.complete(make_request())

    assert (first.text, second.text) == (ANSWER, ANSWER)
    assert [r["response_format"]["type"] for r in server.requests] == [
        "json_schema",  # refused
        "json_object",  # the fallback, same call
        "json_object",  # later calls go straight to it
    ]
    assert server.requests[1]["response_format"]["schema"] == SCHEMA
    assert first.structured_mode == second.structured_mode == "json_object_schema"
    assert provider.structured_mode == "json_object_schema"
    assert len(provider.fallbacks) == 1
    assert "json_schema" in provider.fallbacks[0]
    assert "refused structured output" in caplog.text


async def test_a_server_refusing_every_response_format_ends_in_prompt_mode(providers):
    def no_response_format(body: dict) -> ScriptedReply:
        if "response_format" in body:
            return ScriptedReply(status=400, error_message="response_format is not supported")
        return ScriptedReply(content=ANSWER)

    with FakeOpenAIServer(no_response_format) as server:
        provider = providers(make_config(server.base_url))
        completion = await provider.complete(make_request())
    assert completion.structured_mode == "prompt"
    assert len(server.requests) == 4
    assert len(provider.fallbacks) == 3


async def test_a_bad_request_about_something_else_is_not_a_fallback(providers):
    reply = ScriptedReply(status=400, error_message="context length exceeded")
    with FakeOpenAIServer(scripted([reply])) as server:
        provider = providers(make_config(server.base_url))
        error = await failure_of(provider)
    assert error.kind == "bad_request"
    assert "context length exceeded" in error.detail
    assert provider.fallbacks == []
    assert len(server.requests) == 1


async def test_a_server_error_that_does_not_name_response_format_is_not_a_fallback(providers):
    reply = ScriptedReply(status=500, error_message="CUDA out of memory")
    with FakeOpenAIServer(scripted([reply])) as server:
        provider = providers(make_config(server.base_url))
        error = await failure_of(provider)
    assert error.kind == "server_error"
    assert provider.fallbacks == []
    assert server.requests[0]["response_format"]["type"] == "json_schema"


async def test_a_rate_limit_is_one_request_and_carries_the_retry_after(providers):
    replies = [ScriptedReply(status=429, retry_after=0.25), ScriptedReply(content=ANSWER)]
    with FakeOpenAIServer(scripted(replies)) as server:
        error = await failure_of(providers(make_config(server.base_url, max_retries=2)))
    assert error.kind == "rate_limited"
    assert error.retry_after_s == 0.25
    assert len(server.requests) == 1  # not retried here: retry.py does, after admission slows down


async def test_a_server_error_is_one_request_even_with_max_retries(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(status=500)])) as server:
        error = await failure_of(providers(make_config(server.base_url, max_retries=2)))
    assert error.kind == "server_error"
    assert error.retry_after_s is None
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "-1"}, None),
        ({}, None),
    ],
)
def test_retry_after_headers_are_read_in_seconds(headers, seconds):
    assert retry_after_seconds(headers) == seconds


def test_retry_after_may_be_an_http_date():
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 < retry_after_seconds({"retry-after": when}) <= 30


@pytest.mark.parametrize(
    ("status", "kind"),
    [(429, "rate_limited"), (503, "server_error"), (401, "auth"), (403, "auth"), (404, "bad_request")],
)
async def test_http_errors_are_named(providers, status, kind):
    with FakeOpenAIServer(scripted([ScriptedReply(status=status)])) as server:
        error = await failure_of(providers(make_config(server.base_url)))
    assert error.kind == kind
    assert f"HTTP {status}" in error.detail


async def test_a_stalled_server_is_a_timeout(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(content=ANSWER, delay_s=2.0)])) as server:
        config = make_config(server.base_url, request_timeout_s=0.5)
        error = await failure_of(providers(config))
    assert error.kind == "timeout"


async def test_a_dropped_connection_is_a_connection_error(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(drop_connection=True)])) as server:
        error = await failure_of(providers(make_config(server.base_url)))
    assert error.kind == "connection"


async def test_nothing_listening_is_a_connection_error(providers):
    with FakeOpenAIServer(scripted([ScriptedReply()])) as server:
        dead_url = server.base_url
    error = await failure_of(providers(make_config(dead_url)))
    assert error.kind == "connection"


async def test_a_malformed_body_is_a_malformed_response(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(malformed_body=True)])) as server:
        error = await failure_of(providers(make_config(server.base_url)))
    assert error.kind == "malformed_response"


async def test_null_content_is_empty_text_and_finish_reason_is_kept(providers):
    reply = ScriptedReply(content=None, finish_reason="length")
    with FakeOpenAIServer(scripted([reply])) as server:
        completion = await providers(make_config(server.base_url)).complete(make_request())
    assert completion.text == ""
    assert completion.finish_reason == "length"


async def test_the_api_key_is_sent_as_a_bearer_token(providers):
    with FakeOpenAIServer(scripted([ScriptedReply(content=ANSWER)]), api_key="sk-right") as server:
        completion = await providers(make_config(server.base_url), api_key="sk-right").complete(
            make_request()
        )
        error = await failure_of(providers(make_config(server.base_url), api_key="sk-wrong"))
    assert completion.text == ANSWER
    assert server.request_headers[0]["authorization"] == "Bearer sk-right"
    assert error.kind == "auth"


async def test_the_api_key_is_read_from_the_configured_environment_variable(providers, monkeypatch):
    monkeypatch.setenv("REVSYNTH_TEST_KEY", "sk-from-env")
    with FakeOpenAIServer(scripted([ScriptedReply(content=ANSWER)])) as server:
        config = make_config(server.base_url, api_key_env="REVSYNTH_TEST_KEY")
        await providers(config).complete(make_request())
    assert server.request_headers[0]["authorization"] == "Bearer sk-from-env"


async def test_a_local_server_without_a_key_gets_a_dummy_one(providers, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAIServer(scripted([ScriptedReply(content=ANSWER)])) as server:
        config = make_config(server.base_url, api_key_env="OPENAI_API_KEY")
        await providers(config).complete(make_request())
    assert server.request_headers[0]["authorization"] == f"Bearer {NO_KEY}"


@pytest.mark.parametrize("base_url", [None, "https://api.together.xyz/v1"])
def test_a_remote_api_without_a_key_fails_at_construction(monkeypatch, base_url):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    config = OpenAIProviderConfig(type="openai", model="gpt-4o-mini", base_url=base_url)
    with pytest.raises(ProviderError) as caught:
        OpenAICompatProvider(config)
    assert caught.value.kind == "missing_api_key"
    assert "OPENAI_API_KEY" in caught.value.detail


def test_an_explicit_key_overrides_the_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    config = OpenAIProviderConfig(type="openai", model="gpt-4o-mini")
    assert resolve_api_key(config, "sk-explicit") == "sk-explicit"
    assert resolve_api_key(config) == "sk-env"


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8080/v1", True),
        ("http://localhost:11434/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://10.0.0.5:8000/v1", True),
        ("http://192.168.1.20/v1", True),
        ("http://vllm:8000/v1", True),
        ("https://api.openai.com/v1", False),
        ("https://api.together.xyz/v1", False),
        ("http://8.8.8.8/v1", False),
        (None, False),
    ],
)
def test_which_urls_count_as_local(url, local):
    assert is_local_url(url) is local


async def test_several_base_urls_are_all_used(providers):
    with (
        FakeOpenAIServer(scripted([ScriptedReply(content="a")])) as first,
        FakeOpenAIServer(scripted([ScriptedReply(content="b")])) as second,
    ):
        provider = providers(make_config(first.base_url, second.base_url))
        texts = [(await provider.complete(make_request())).text for _ in range(4)]
    assert sorted(texts) == ["a", "a", "b", "b"]
    assert len(first.requests) == len(second.requests) == 2


async def test_a_busy_endpoint_is_skipped_for_an_idle_one(providers):
    gate = threading.Event()

    def held_until_released(_body: dict) -> ScriptedReply:
        gate.wait(timeout=10)
        return ScriptedReply(content="slow")

    with (
        FakeOpenAIServer(held_until_released) as slow,
        FakeOpenAIServer(scripted([ScriptedReply(content="fast")])) as fast,
    ):
        provider = providers(make_config(slow.base_url, fast.base_url))
        busy = asyncio.create_task(provider.complete(make_request()))  # round-robin sends it to `slow`
        await asyncio.sleep(0)  # let it start, so `slow` has one request in flight
        texts = [(await provider.complete(make_request())).text for _ in range(3)]
        gate.set()
        assert (await busy).text == "slow"
    assert texts == ["fast", "fast", "fast"]
