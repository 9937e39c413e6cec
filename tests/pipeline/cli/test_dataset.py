"""`revsynth dataset` and `preview` from the user's side: how each way of failing ends, and its exit code."""

from __future__ import annotations

import json
import resource
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from tests.conftest import REPO
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply, scripted
from tests.pipeline.providers.test_breaker import closed_port

STAGES = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"} for s in
          ("derive", "reverse", "solve")}  # fmt: skip


def llm(base_url: str, **extra) -> dict:
    return {"type": "openai", "model": "fake-llm", "base_url": base_url, "api_key_env": None,
            "max_retries": 1, "retry_backoff_s": 0.01, **extra}  # fmt: skip


def test_a_base_url_without_a_scheme_is_one_config_error_before_anything_is_sent(write_config, tmp_path):
    config = write_config(count=2, providers={"llm": llm("localhost:8000/v1")}, stages=STAGES)
    result = CliRunner().invoke(app, ["dataset", "--config", str(config), "--quiet"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "  providers.llm.openai.base_url: 'localhost:8000/v1' has no scheme; "
        "write it as http://localhost:8000/v1"
    )
    assert "OPENAI_API_KEY" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def run(config) -> tuple[int, str, dict]:
    result = CliRunner().invoke(app, ["dataset", "--config", str(config), "--quiet"])
    summary_path = config.parent / "out" / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    return result.exit_code, result.output, summary


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_a_server_that_is_not_running_stops_the_run_early_with_exit_3(write_config):
    config = write_config(
        count=20, providers={"llm": llm(f"http://127.0.0.1:{closed_port()}/v1")}, stages=STAGES
    )
    code, output, summary = run(config)
    assert code == 3
    assert last_line(output).startswith(
        "stopped: provider 'llm': 5 requests in a row failed, connection refused: is the server running"
    )
    assert last_line(output).endswith("Fix it, then re-run the same command to resume")
    assert summary["accepted"] == 0 and summary["stopped_by_provider"]
    # Nothing was judged: what was written is unanswered (asked again by a re-run), the rest interrupted.
    assert summary["rejected"] == summary["unanswered"] < 8
    assert summary["requests_sent"] <= 5 + 8  # the threshold, plus what was already in flight


def test_a_refused_api_key_stops_the_run_after_a_handful_of_requests(write_config, monkeypatch):
    monkeypatch.setenv("REVSYNTH_TEST_KEY", "wrong")
    with FakeOpenAIServer(scripted([ScriptedReply(content="{}")]), api_key="right") as server:
        provider = llm(server.base_url, api_key_env="REVSYNTH_TEST_KEY")
        code, output, summary = run(write_config(count=20, providers={"llm": provider}, stages=STAGES))
    assert code == 3
    assert "the API key was refused: check api_key_env" in last_line(output)
    assert len(server.requests) <= 5 + 8  # the threshold, plus what was already in flight (concurrency 8)


def test_a_model_the_server_does_not_have_stops_the_run(write_config):
    missing = ScriptedReply(status=404, error_message="The model `fake-llm` does not exist")
    with FakeOpenAIServer(scripted([missing])) as server:
        code, output, _ = run(write_config(count=20, providers={"llm": llm(server.base_url)}, stages=STAGES))
    assert code == 3
    assert "HTTP 404: check the model name and base_url" in last_line(output)
    assert "The model `fake-llm` does not exist" in last_line(output)


def test_a_run_that_accepted_nothing_because_the_provider_failed_exits_3(write_config):
    with FakeOpenAIServer(scripted([ScriptedReply(status=500)])) as server:
        provider = llm(server.base_url, max_retries=0)
        config = write_config(count=2, providers={"llm": provider}, stages=STAGES, runtime={"max_samples": 3})
        code, output, summary = run(config)
    assert code == 3
    assert last_line(output) == (
        "incomplete: 0 of 2 accepted; 3 samples were never answered by the provider "
        "(derive:provider:server_error x3); re-run the same command to ask again"
    )
    assert summary["unanswered"] == 3


def test_an_output_folder_that_cannot_be_made_is_one_line_with_what_to_do(write_config, tmp_path):
    (tmp_path / "a-file").write_text("")
    config = write_config(count=1, output_dir=str(tmp_path / "a-file" / "out"))
    result = CliRunner().invoke(app, ["dataset", "--config", str(config), "--quiet"])
    assert result.exit_code == 4
    assert result.output == (
        f"write error: {tmp_path / 'a-file' / 'out'}: [Errno 20] Not a directory. "
        "Every record written before it is intact: "
        "free some space or fix the permissions, then re-run the same command to resume\n"
    )


@pytest.mark.slow  # two CLI processes, each starting its own SymPy worker pool
def test_a_file_that_cannot_grow_stops_the_run_in_one_line_and_a_re_run_finishes_it(write_config, tmp_path):
    """A real write failure: the kernel refuses to let a file grow past RLIMIT_FSIZE (EFBIG), as a full
    disk refuses with ENOSPC, part-way through a record."""
    config = write_config(count=4)
    limited = revsynth_process(config, file_size_limit=30_000)
    assert limited.returncode == 4, limited.stdout
    assert limited.stdout.strip().splitlines()[-1] == (
        f"write error: {tmp_path / 'out' / 'accepted.jsonl'}: [Errno 27] File too large. "
        "Every record written before it is intact: free some space, then re-run the same command to resume"
    )
    assert "Traceback" not in limited.stdout
    kept = (tmp_path / "out" / "accepted.jsonl").read_bytes()
    assert not kept.endswith(b"\n")  # it failed mid-record

    again = revsynth_process(config)
    assert again.returncode == 0, again.stdout
    records = [json.loads(line) for line in (tmp_path / "out" / "accepted.jsonl").read_text().splitlines()]
    assert sorted(r["index"] for r in records) == list(range(4))


def revsynth_process(config, file_size_limit: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    command = [sys.executable, "-m", "pipeline.cli.main", "dataset", "--config", str(config), "--quiet"]
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    preexec = limit if file_size_limit else None
    return subprocess.run(command, cwd=REPO, timeout=300, preexec_fn=preexec, **output)


def test_preview_against_a_server_that_is_not_running_is_one_line_not_a_traceback(write_config):
    config = write_config(providers={"llm": llm(f"http://127.0.0.1:{closed_port()}/v1", max_retries=4)},
                          stages=STAGES)  # fmt: skip
    result = CliRunner().invoke(app, ["preview", "--config", str(config)])
    assert result.exit_code == 3
    assert result.output.startswith("stopped: provider 'llm': 5 requests in a row failed, connection refused")
    assert len(result.output.splitlines()) == 1
