"""The offline default end to end: every accepted sample re-verifies under an independent SymPy check."""

import json

import sympy
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset


def _independent_check(record: dict) -> bool:
    # Test code reading our own output, not model text: plain SymPy parsing is fine here.
    x = sympy.Symbol(record["variable"])
    F = sympy.parse_expr(record["antiderivative"], local_dict={"x": x})
    g = sympy.parse_expr(record["integrand"], local_dict={"x": x})
    return sympy.simplify(sympy.diff(F, x) - g) == 0


async def test_symbolic_run_writes_verified_samples(write_config):
    loaded = load_run(write_config(count=12))
    summary = await run_dataset(loaded)
    assert summary.accepted == 12
    out = loaded.output_dir
    accepted = [json.loads(line) for line in (out / "accepted.jsonl").read_text().splitlines()]
    assert len(accepted) == 12
    assert len({r["index"] for r in accepted}) == 12
    for record in accepted:
        assert _independent_check(record), record["antiderivative"]
        assert set(record["stages"]) == {"derive", "reverse", "solve"}
        solve = record["stages"]["solve"]
        assert solve["prompt"][-1]["content"].startswith("Solve the following integration problem")
        assert all(check["ok"] for check in solve["checks"])
        assert solve["step_labels"] and all(s["label"] == "correct" for s in solve["step_labels"])
        assert record["rabbit"]
    summary_file = json.loads((out / "summary.json").read_text())
    assert summary_file["accepted"] == 12


async def test_same_config_and_seed_give_the_same_problems(write_config, tmp_path):
    first = await run_dataset(load_run(write_config(count=4)))
    lines = (tmp_path / "out" / "accepted.jsonl").read_text().splitlines()
    again = await run_dataset(load_run(write_config(count=4)), overwrite=True)
    assert first.accepted == again.accepted == 4
    relines = (tmp_path / "out" / "accepted.jsonl").read_text().splitlines()
    # Records are appended as samples finish (any order); the set of (index, f) pairs is what must repeat.
    assert sorted((json.loads(a)["index"], json.loads(a)["f"]) for a in lines) == sorted(
        (json.loads(b)["index"], json.loads(b)["f"]) for b in relines
    )


async def test_rerun_resumes_and_extends_without_redoing_work(write_config, tmp_path):
    await run_dataset(load_run(write_config(count=3)))
    summary = await run_dataset(load_run(write_config(count=5)))
    assert summary.accepted == 5 and summary.resumed_from >= 3
    indices = [
        json.loads(line)["index"] for line in (tmp_path / "out" / "accepted.jsonl").read_text().splitlines()
    ]
    assert len(indices) == len(set(indices)) == 5


def test_cli_dataset_and_preview(write_config):
    path = write_config(count=2)
    runner = CliRunner()
    result = runner.invoke(app, ["dataset", "--config", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    preview = runner.invoke(app, ["preview", "--config", str(path), "--index", "1"])
    assert preview.exit_code == 0, preview.output
    assert "Consider the function" in preview.output and "ACCEPTED" in preview.output


def test_cli_reports_a_broken_config(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("count: -3\nproviders: {}\nstages: {}\n")
    result = CliRunner().invoke(app, ["dataset", "--config", str(path)])
    assert result.exit_code == 2
    assert "count" in result.output
