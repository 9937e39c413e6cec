"""The fake OpenAI server itself, spoken to with plain httpx: what it answers and how it misbehaves."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.fakes.openai_server import (
    REFUSED_JSON_SCHEMA_MESSAGE,
    FakeOpenAIServer,
    ScriptedReply,
    refuse_json_schema,
    scripted,
)

CHAT = "/chat/completions"
BODY = {"model": "m", "messages": [{"role": "user", "content": "differentiate x*sin(x)"}]}


def post(server: FakeOpenAIServer, body: dict | None = None, **kwargs) -> httpx.Response:
    return httpx.post(server.base_url + CHAT, json=body or BODY, timeout=10, **kwargs)


def test_answers_like_openai_and_records_the_request():
    answer = '{"derivative": "sin(x) + x*cos(x)"}'
    reply = ScriptedReply(content=answer, prompt_tokens=11, completion_tokens=7)
    with FakeOpenAIServer(scripted([reply])) as server:
        response = post(server, {**BODY, "response_format": {"type": "json_object"}})
    payload = response.json()
    assert response.status_code == 200
    assert payload["object"] == "chat.completion"
    assert payload["model"] == "m"
    assert payload["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": answer},
            "finish_reason": "stop",
        }
    ]
    assert payload["usage"] == {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
    assert server.requests == [{**BODY, "response_format": {"type": "json_object"}}]


def test_base_url_is_loopback_with_a_real_port():
    with FakeOpenAIServer(scripted([ScriptedReply(content="x")])) as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
        assert server.port > 0


def test_refuses_to_bind_anywhere_but_loopback():
    with pytest.raises(ValueError, match="127.0.0.1"):
        FakeOpenAIServer(scripted([ScriptedReply()]), host="0.0.0.0")


def test_token_counts_default_to_rough_estimates():
    with FakeOpenAIServer(scripted([ScriptedReply(content="a" * 40)])) as server:
        usage = post(server).json()["usage"]
    assert usage["completion_tokens"] == 10
    assert usage["prompt_tokens"] == len("differentiate x*sin(x)") // 4


def test_lists_models():
    with FakeOpenAIServer(scripted([ScriptedReply()]), models=["qwen", "llama"]) as server:
        payload = httpx.get(server.base_url + "/models", timeout=10).json()
    assert [m["id"] for m in payload["data"]] == ["qwen", "llama"]


def test_scripted_replies_come_in_order_then_the_last_repeats():
    replies = [ScriptedReply(content="one"), ScriptedReply(content="two")]
    with FakeOpenAIServer(scripted(replies)) as server:
        contents = [post(server).json()["choices"][0]["message"]["content"] for _ in range(4)]
    assert contents == ["one", "two", "two", "two"]


def test_error_replies_carry_openai_error_json_and_retry_after():
    reply = ScriptedReply(status=429, retry_after=0.1, error_message="slow down")
    with FakeOpenAIServer(scripted([reply])) as server:
        response = post(server)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "0.1"
    assert response.json()["error"]["message"] == "slow down"
    assert response.json()["error"]["type"] == "rate_limit_error"


def test_refuse_json_schema_answers_400_like_llama_cpp_and_passes_other_modes_through():
    responder = refuse_json_schema(scripted([ScriptedReply(content="ok")]))
    schema_format = {"type": "json_schema", "json_schema": {"name": "a", "schema": {}}}
    with FakeOpenAIServer(responder) as server:
        refused = post(server, {**BODY, "response_format": schema_format})
        accepted = post(server, {**BODY, "response_format": {"type": "json_object", "schema": {}}})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == REFUSED_JSON_SCHEMA_MESSAGE
    assert accepted.json()["choices"][0]["message"]["content"] == "ok"


def test_api_key_is_checked_when_set():
    with FakeOpenAIServer(scripted([ScriptedReply(content="ok")]), api_key="sk-right") as server:
        wrong = post(server, headers={"Authorization": "Bearer sk-wrong"})
        right = post(server, headers={"Authorization": "Bearer sk-right"})
    assert wrong.status_code == 401
    assert right.status_code == 200
    assert server.request_headers[1]["authorization"] == "Bearer sk-right"


def test_dropped_connection_gives_no_response():
    with FakeOpenAIServer(scripted([ScriptedReply(drop_connection=True)])) as server:
        with pytest.raises(httpx.RemoteProtocolError):
            post(server)
        assert len(server.requests) == 1


def test_malformed_body_is_a_200_that_is_not_json():
    with FakeOpenAIServer(scripted([ScriptedReply(malformed_body=True)])) as server:
        response = post(server)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_a_broken_responder_is_a_500_saying_why():
    def broken(_body: dict) -> ScriptedReply:
        raise KeyError("oops")

    with FakeOpenAIServer(broken) as server:
        response = post(server)
    assert response.status_code == 500
    assert "oops" in response.json()["error"]["message"]


def test_serves_requests_concurrently():
    # Every responder call waits until all four are inside it: a serial server would break the barrier.
    barrier = threading.Barrier(4, timeout=5)

    def wait_for_all(_body: dict) -> ScriptedReply:
        barrier.wait()
        return ScriptedReply(content="together")

    with FakeOpenAIServer(wait_for_all) as server, ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: post(server).status_code, range(4)))
    assert statuses == [200, 200, 200, 200]


def test_stop_abandons_delayed_replies_instead_of_waiting_for_them():
    server = FakeOpenAIServer(scripted([ScriptedReply(content="late", delay_s=60)]))
    server.start()
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(post, server)
        while not server.requests:
            threading.Event().wait(0.01)
        server.stop()
        with pytest.raises(httpx.HTTPError):
            pending.result(timeout=10)
