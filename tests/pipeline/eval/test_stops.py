"""A dead endpoint stops an eval as it stops a run: resumably, with nothing counted as a wrong answer."""

import socket

from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.families.ibp.sampler import sample_problem
from pipeline.run.loading import load_run


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_stops_the_eval_with_exit_3_and_nothing_scored(write_config, tmp_path):
    base = load_run(write_config(count=2)).config
    path = tmp_path / "problems.jsonl"
    drawn = [sample_problem(base.seed, i, base.variable, base.sampler) for i in range(4)]
    path.write_text("".join(p.model_dump_json() + "\n" for p in drawn))
    llm = {"type": "openai", "model": "m", "base_url": f"http://127.0.0.1:{_closed_port()}/v1",
           "api_key_env": None, "max_retries": 0}  # fmt: skip
    stages = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "teacher"}
              for s in ("derive", "reverse")}  # fmt: skip
    stages["solve"] = {"template": "solve.j2", "system_template": "system.j2", "provider": "llm"}
    config = write_config(
        count=2, providers={"teacher": {"type": "symbolic"}, "llm": llm}, stages=stages,
        runtime={"concurrency": 1, "circuit_breaker_failures": 3},
    )  # fmt: skip
    out = tmp_path / "eval"

    result = CliRunner().invoke(
        app, ["eval", "-c", str(config), "--problems", str(path), "--k", "2", "-o", str(out)]
    )

    assert result.exit_code == 3, result.output
    assert "incomplete: 8 answers missing" in result.output and "connection refused" in result.output
    assert (out / "samples.jsonl").read_text() == ""  # nothing was scored, nothing counted wrong
