"""The `openai` provider end to end, over real HTTP, against a server this test starts on 127.0.0.1.

The server plays a capable LLM: it answers each prompt with the symbolic teacher's answer for the problem
named in the prompt, in different wrappings (plain JSON, JSON inside prose, LaTeX). For one problem it
gives a wrong antiderivative, which must be rejected with its reason and kept in rejected.jsonl.
"""

import json
import re

import sympy

from pipeline.families.ibp.sampler import sample_problem
from pipeline.families.ibp.teacher import write_derive_answer, write_solve_answer
from pipeline.families.shared.antiderivative import teach_reverse
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.fakes.openai_server import (
    LLAMA_CPP_PYTHON_REFUSAL,
    FakeOpenAIServer,
    ScriptedReply,
    refuse_json_schema,
)

SEED, WRONG_INDEX = 1234, 2


def _llm_like_server(problems):
    def respond(body: dict) -> ScriptedReply:
        by_f = {p.details.f: p for p in problems}
        by_g = {p.details.integrand: p for p in problems}
        prompt = body["messages"][-1]["content"]
        if prompt.startswith("Consider the function"):
            problem = by_f[re.search(r"f\(x\) = (.+?)\. Calculate", prompt).group(1)]
            answer = write_derive_answer(problem).model_dump_json()
            return ScriptedReply(content=f"Sure! Here is the derivation.\n```json\n{answer}\n```\nDone.")
        if prompt.startswith("Now, let's consider the reverse"):
            problem = by_f[re.search(r"of the function f\(x\) = (.+?), formulate", prompt).group(1)]
            derivative = re.search(r"f'\(x\) = (.+?) of the function", prompt).group(1)
            return ScriptedReply(
                content=teach_reverse(problem, {"derivative": derivative}, None, None).model_dump_json()
            )
        problem = by_g[re.search(r"g\(x\) = (.+?) with respect to", prompt).group(1)]
        answer = write_solve_answer(problem)
        if problem.index == WRONG_INDEX:
            answer = answer.model_copy(update={"antiderivative": f"{answer.antiderivative} + x"})
        elif problem.index % 2:
            correct = answer.antiderivative.removesuffix("+ C")
            latex = sympy.latex(sympy.parse_expr(correct))  # our own teacher's text, not model output
            answer = answer.model_copy(update={"antiderivative": latex + " + C"})
        return ScriptedReply(content=answer.model_dump_json())

    return respond


def _llm_config(write_config, base_url: str, count: int):
    provider = {
        "type": "openai",
        "model": "fake-llm",
        "base_url": base_url,
        "api_key_env": None,
        "max_retries": 0,
        "request_timeout_s": 20,
    }
    return write_config(
        seed=SEED,
        count=count,
        providers={"llm": provider},
        stages={
            s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"}
            for s in ("derive", "reverse", "solve")
        },
        runtime={"max_attempts": 1, "concurrency": 4},
    )


async def test_openai_provider_run_over_http(write_config):
    problems = []
    with FakeOpenAIServer(_llm_like_server(problems)) as server:
        loaded = load_run(_llm_config(write_config, server.base_url, count=5))
        cfg = loaded.config
        problems += [sample_problem(cfg.seed, i, cfg.variable, cfg.sampler) for i in range(12)]
        summary = await run_dataset(loaded)
        requests = list(server.requests)

    assert summary.accepted == 5
    assert summary.rejected_by_reason == {"solve:antiderivative_verified:not_equivalent": 1}
    rejected = [json.loads(line) for line in (loaded.output_dir / "rejected.jsonl").read_text().splitlines()]
    assert [r["index"] for r in rejected] == [WRONG_INDEX]
    assert "+ C + x" in rejected[0]["stages"]["solve"]["raw_answer"]
    accepted = [json.loads(line) for line in (loaded.output_dir / "accepted.jsonl").read_text().splitlines()]
    assert {r["stages"]["solve"]["provider"] for r in accepted} == {"openai"}
    assert all(r["stages"]["solve"]["usage"]["total_tokens"] > 0 for r in accepted)
    # Every request named the model and asked for schema-shaped JSON.
    assert {r["model"] for r in requests} == {"fake-llm"}
    assert {r["response_format"]["type"] for r in requests} == {"json_schema"}
    assert len(requests) == 3 * 5 + 3  # three stages for each accepted sample and the rejected one


async def test_a_server_refusing_json_schema_is_reported_even_when_the_rerun_is_all_cache_hits(write_config):
    problems = []
    # llama-cpp-python's server: HTTP 500 with a validation error naming response_format.
    responder = refuse_json_schema(_llm_like_server(problems), status=500, message=LLAMA_CPP_PYTHON_REFUSAL)
    with FakeOpenAIServer(responder) as server:
        loaded = load_run(_llm_config(write_config, server.base_url, count=2))
        cfg = loaded.config
        problems += [sample_problem(cfg.seed, i, cfg.variable, cfg.sampler) for i in range(6)]
        first = await run_dataset(loaded)
        again = await run_dataset(loaded, overwrite=True)

    assert first.accepted == again.accepted == 2
    assert first.structured_modes["llm"] == "json_object_schema"
    assert (
        len(first.provider_notes) == 1
        and "refused structured output 'json_schema'" in first.provider_notes[0]
    )
    assert again.requests_sent == 0
    assert again.structured_modes["llm"] == "json_object_schema"  # from the cached answers, not the config
