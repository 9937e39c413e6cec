"""A whole run against a fake LLM server that misbehaves in every way real APIs do.

Each sample meets one fault, at a known stage. Transport faults (429, 500, a stall past the timeout, a
dropped connection, a malformed body) are retried and the sample is accepted; bad answers (cut off by
max_tokens, not JSON) are re-asked by the stage with the validator's message and accepted; wrong math and
faults that never end are rejected, each with its reason. Then the same config is run again into a fresh
output folder: only the requests that never got an answer are sent again, everything else is cached.
"""

from __future__ import annotations

import json

import pytest

from pipeline.core.compact_records import expand
from pipeline.exports.source import read_dataset
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply
from tests.fakes.teacher_llm import Call, TeacherLLM

ACCEPTED = {0, 1, 2, 3, 4, 5, 9, 10, 11}
REJECTED = {
    6: "solve:antiderivative_verified:not_equivalent",
    7: "derive:provider:server_error",
    8: "derive:provider:rate_limited",
}
MAX_RETRIES = 3
TIMEOUT_S = 1.0
PRICES = {"prompt_usd_per_1m": 1.0, "completion_usd_per_1m": 2.0}


def faults(llm: TeacherLLM):
    """One fault per sample; ``seen`` is how many times this exact call was received before."""

    def script(call: Call, seen: int) -> ScriptedReply | None:
        match (call.index, call.stage):
            case (0, "derive") if seen == 0:
                return ScriptedReply(status=429, retry_after=0.05)
            case (1, "reverse") if seen < 2:
                return ScriptedReply(status=500)
            case (2, "solve") if seen == 0:
                return ScriptedReply(content=llm.answer(2, "solve"), delay_s=TIMEOUT_S + 1)  # a stall
            case (3, "derive") if seen == 0:
                return ScriptedReply(drop_connection=True)
            case (4, "reverse") if seen == 0:
                return ScriptedReply(malformed_body=True)
            case (5, "solve") if call.attempt == 0:
                return llm.truncated(call)
            case (6, "solve"):
                return llm.wrong_math(call)
            case (7, "derive"):
                return ScriptedReply(status=500)
            case (8, "derive"):
                return ScriptedReply(status=429, retry_after=0.05)
            case (9, "derive") if call.attempt == 0:
                return ScriptedReply(content="I believe the derivative is 2*x, but let me think more.")
        return None

    return script


def run_config(write_config, server: FakeOpenAIServer, count: int = len(ACCEPTED)):
    llm = {"type": "openai", "model": "fake-llm", "base_url": server.base_url, "api_key_env": None,
           "request_timeout_s": TIMEOUT_S, "max_retries": MAX_RETRIES, "retry_backoff_s": 0.01,
           "rate_limit_patience_s": 0.5, "prices": PRICES}  # fmt: skip
    stages = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"} for s in
              ("derive", "reverse", "solve")}  # fmt: skip
    path = write_config(count=count, providers={"llm": llm}, stages=stages,
                        runtime={"max_attempts": 2, "concurrency": 6})  # fmt: skip
    return load_run(path)


def read_jsonl(path) -> list[dict]:
    return [expand(json.loads(line)) for line in path.read_text().splitlines()]  # the full layout


async def test_a_run_survives_every_fault_with_the_right_counts_and_reasons(write_config):
    with FakeOpenAIServer(lambda body: llm(body)) as server:
        loaded = run_config(write_config, server)
        llm = TeacherLLM(loaded.config, indices=20, faults=None)
        llm.faults = faults(llm)
        llm.warm(range(12))  # SymPy now, not in server threads racing the client's timeout
        summary = await run_dataset(loaded)
        first_received = llm.received.copy()

        again = await run_dataset(loaded, overwrite=True)
        resent = llm.received - first_received
        answered = sum(llm.answered.values())  # before the healed run below adds its own
        before = {name: read_jsonl(loaded.output_dir / name) for name in ("accepted.jsonl", "rejected.jsonl")}

        # The outage is over: the same folder, asked for two more samples, takes them from the two the
        # server never answered (7 and 8, undecided), not from new problems.
        llm.faults = None
        before_healing = llm.received.copy()
        healed = await run_dataset(run_config(write_config, server, count=len(ACCEPTED) + 2))
        healed_calls = llm.received - before_healing

    assert llm.unknown == 0
    assert summary.accepted == len(ACCEPTED)
    assert summary.rejected_by_reason == {reason: 1 for reason in REJECTED.values()}
    out = loaded.output_dir
    accepted = {r["index"]: r for r in before["accepted.jsonl"]}
    rejected = {r["index"]: r for r in before["rejected.jsonl"]}
    assert set(accepted) == ACCEPTED
    assert {i: r["reason"] for i, r in rejected.items()} == REJECTED

    # Transport faults were retried in the provider, once each, and never reached the stage records.
    retries = summary.retries["llm"]
    assert retries["server_error"] == 2 + MAX_RETRIES  # sample 1 twice; sample 7 until it gave up
    assert (retries["timeout"], retries["connection"], retries["malformed_response"]) == (1, 1, 1)
    assert retries["rate_limited"] >= 2  # sample 0 once; sample 8 until patience ran out
    assert first_received[Call(7, "derive")] == MAX_RETRIES + 1
    assert "after 3 retries" in rejected[7]["detail"]
    for index in (0, 1, 2, 3, 4):
        assert all(len(stage["attempts"]) == 1 for stage in accepted[index]["stages"].values())

    # Bad answers were re-asked by the stage, with the attempts on record.
    solve_attempts = accepted[5]["stages"]["solve"]["attempts"]
    assert [a["failure"] for a in solve_attempts] == ["format:truncated", None]
    assert solve_attempts[0]["finish_reason"] == "length"
    feedback = solve_attempts[1]["messages"][-1]["content"]
    assert "rejected (format:truncated)" in feedback and "cut off at max_tokens=" in feedback
    derive_attempts = accepted[9]["stages"]["derive"]["attempts"]
    assert derive_attempts[0]["failure"].startswith("format:") and derive_attempts[1]["failure"] is None
    wrong = rejected[6]["stages"]["solve"]["attempts"]
    assert len(wrong) == 2 and all(a["failure"] for a in wrong)

    # Spend counts every answer the server sent (4 of them were bad answers), at the configured prices;
    # the HTTP requests sent are every request the server received: retries, stalls and drops included.
    assert summary.requests_answered == answered + 4
    assert summary.requests_sent == sum(first_received.values()) > summary.requests_answered
    tokens = sum(
        s["usage"]["prompt_tokens"] * 1.0 + s["usage"]["completion_tokens"] * 2.0
        for r in [*accepted.values(), *rejected.values()]
        for s in r["stages"].values()
    )
    assert summary.spend_usd == pytest.approx(tokens / 1e6, rel=1e-3)

    # Run again into a fresh folder: every answered request comes from the cache; only the two calls
    # that never got an answer are asked again, and the outcome is the same.
    assert set(resent) == {Call(7, "derive"), Call(8, "derive")}
    assert again.accepted == summary.accepted
    assert again.rejected_by_reason == summary.rejected_by_reason
    assert again.requests_answered == 0
    assert again.requests_sent == sum(resent.values())  # only those two calls, each until it gave up
    assert {r["index"] for r in before["accepted.jsonl"]} == ACCEPTED

    assert {call.index for call in healed_calls} == {7, 8}
    assert healed.accepted == len(ACCEPTED) + 2 and healed.rejected == 1
    assert healed.rejected_by_reason == {REJECTED[6]: 1}
    assert {r["index"] for r in read_jsonl(out / "accepted.jsonl")} == ACCEPTED | {7, 8}
    kept = read_jsonl(out / "rejected.jsonl")  # append-only: the unanswered records are still there
    assert sorted(r["index"] for r in kept) == [6, 7, 8]
    assert [r.index for r in read_dataset(out, with_rejected=True).rejected] == [6]
