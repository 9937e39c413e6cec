"""What a run keeps: every answer it judged (negatives included), and only established paths as solutions.

A fake LLM on 127.0.0.1 answers the solve stage of ∫ x*exp(x) dx; derive and reverse are the symbolic
teacher's. The answers are written the way models write them (SymPy syntax with `dx` in fields).
"""

from __future__ import annotations

import json

from pipeline.exports.run import export_dataset
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply, scripted

RIGHT = {
    "rabbit": "x*exp(x) is (x*exp(x))' - exp(x)",
    "parts": [{"u": "x", "dv": "exp(x) dx", "du": "dx", "v": "exp(x)"}],
    "steps": [
        {"explanation": "Parts.", "integrand": "x*exp(x)", "result": "x*exp(x) - Integral(exp(x), x)"},
        {"explanation": "Finish.", "integrand": "exp(x)", "result": "exp(x)"},
    ],
    "antiderivative": "(x - 1)*exp(x) + C",
}
DROPPED_SIGN = {
    **RIGHT,
    "steps": [
        {"explanation": "Parts.", "integrand": "x*exp(x)", "result": "x*exp(x) + Integral(exp(x), x)"},
        {"explanation": "Finish.", "integrand": "exp(x)", "result": "exp(x)"},
    ],
    "antiderivative": "(x + 1)*exp(x) + C",
}
UNCHECKABLE = {  # a true final answer, but a step in a variable no explanation defines
    **RIGHT,
    "steps": [
        {"explanation": "Parts.", "integrand": "x*exp(x)", "result": "x*exp(x) - Integral(exp(s), s)"},
        {"explanation": "Finish.", "integrand": "exp(x)", "result": "exp(x)"},
    ],
}


def config(write_config, tmp_path, base_url, **overrides):
    problems = tmp_path / "problems.jsonl"
    problems.write_text(json.dumps({"f": "(x - 1)*exp(x)", "id": "xe^x"}) + "\n")
    provider = {
        "type": "openai",
        "model": "fake",
        "base_url": base_url,
        "api_key_env": None,
        "max_retries": 0,
    }
    return write_config(
        problems_file=str(problems),
        count=1,
        providers={"teacher": {"type": "symbolic"}, "llm": provider},
        stages={
            "derive": {"template": "derive.j2", "system_template": "system.j2", "provider": "teacher"},
            "reverse": {"template": "reverse.j2", "system_template": "system.j2", "provider": "teacher"},
            "solve": {"template": "solve.j2", "system_template": "system.j2", "provider": "llm"},
        },
        **overrides,
    )


def reply(answer: dict) -> ScriptedReply:
    return ScriptedReply(content=json.dumps(answer))


def lines(folder, name):
    path = folder / name
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_a_rejected_first_answer_is_kept_as_a_negative_path(write_config, tmp_path):
    with FakeOpenAIServer(scripted([reply(DROPPED_SIGN), reply(RIGHT)])) as server:
        loaded = load_run(config(write_config, tmp_path, server.base_url, runtime={"max_attempts": 2}))
        await run_dataset(loaded)

    (record,) = lines(loaded.output_dir, "accepted.jsonl")
    first, retry = record["solutions"]
    assert (first["retry_of"], first["correct"]) == (None, True)
    assert (retry["retry_of"], retry["correct"], retry["path_index"]) == (0, False, 1)
    labels = [(label["kind"], label["label"]) for label in retry["stage"]["step_labels"]]
    assert labels == [("parts", "correct"), ("solve_step", "incorrect"), ("solve_step", "correct")]
    assert retry["first_error_step"] == 1

    prm = export_dataset(loaded.output_dir, "prm", tmp_path / "prm", test_fraction=0)
    assert prm.rows["train"] == 2  # the accepted path and its rejected first try


async def test_an_unverifiable_step_rejects_the_path_by_default_and_is_never_sft_text(write_config, tmp_path):
    with FakeOpenAIServer(scripted([reply(UNCHECKABLE)])) as server:
        loaded = load_run(config(write_config, tmp_path, server.base_url, runtime={"max_attempts": 1}))
        summary = await run_dataset(loaded)

    assert summary.accepted == 0
    assert summary.rejected_by_reason == {"solve:unverifiable_step": 1}
    (rejected,) = lines(loaded.output_dir, "rejected.jsonl")
    assert rejected["solutions"][0]["stage"]["step_labels"][1]["reason"] == "undefined_variable:s"
    # The rejected problem's path still feeds process-reward data, cut before the unchecked step.
    prm = export_dataset(loaded.output_dir, "prm", tmp_path / "prm", test_fraction=0)
    (row,) = [json.loads(line) for line in (tmp_path / "prm" / "train.jsonl").read_text().splitlines()]
    assert prm.skipped == {"prm:cut_at_unverifiable_step": 1}
    assert row["value"] == ["+"]  # only the parts choice, which was proved


async def test_allowing_unverifiable_steps_accepts_the_path_and_says_so_in_the_sft_row(
    write_config, tmp_path
):
    with FakeOpenAIServer(scripted([reply(UNCHECKABLE)])) as server:
        overrides = {"runtime": {"max_attempts": 1}, "acceptance": {"unverifiable_steps": "allow"}}
        loaded = load_run(config(write_config, tmp_path, server.base_url, **overrides))
        summary = await run_dataset(loaded)

    assert summary.accepted == 1
    export_dataset(loaded.output_dir, "sft", tmp_path / "sft", test_fraction=0)
    (row,) = [json.loads(line) for line in (tmp_path / "sft" / "train.jsonl").read_text().splitlines()]
    assert row["unverified_claims"] == 1
