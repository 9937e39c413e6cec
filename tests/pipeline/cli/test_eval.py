"""`revsynth eval` from the command line: the table, the report, exit codes, text printed as written."""

import json

from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.families.ibp.sampler import sample_problem
from pipeline.run.loading import load_run

runner = CliRunner()


def test_problems_file_with_bad_lines_exits_1_and_lists_them(write_config, tmp_path):
    config = write_config(count=2)
    cfg = load_run(config).config
    problems = [sample_problem(cfg.seed, i, cfg.variable, cfg.sampler) for i in range(2)]
    problems[0] = problems[0].model_copy(update={"difficulty": "[red]odd[/]"})  # user text, not markup
    path = tmp_path / "problems.jsonl"
    lines = [p.model_dump_json() for p in problems] + ["{oops", json.dumps({"integrand": "[bold]x[/bold]"})]
    lines.append(json.dumps({"f": "x**2*exp(x)", "id": "mine"}))  # a problems_file line: a product f
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "eval"

    result = runner.invoke(app, ["eval", "--config", str(config), "--problems", str(path), "-o", str(out)])

    assert result.exit_code == 1, result.output
    assert "pass@1" in result.output and "all" in result.output
    assert "difficulty [red]odd[/]" in result.output
    assert "line 3 not evaluated: not JSON" in result.output
    assert "line 4 not evaluated: missing ['problem']" in result.output
    report = json.loads((out / "report.json").read_text())
    assert report["problems"] == 3 and report["overall"]["pass_at_1"] == 1.0
    assert [b["line"] for b in report["bad_lines"]] == [3, 4]


def test_exactly_one_source(write_config, tmp_path):
    config = str(write_config(count=2))
    both = runner.invoke(app, ["eval", "-c", config, "--dataset", str(tmp_path), "--problems", "p.jsonl"])
    neither = runner.invoke(app, ["eval", "-c", config])
    assert both.exit_code == neither.exit_code == 2
    assert "exactly one of --dataset DIR or --problems FILE" in both.output


def test_a_folder_that_is_no_dataset_is_an_error_not_a_crash(write_config, tmp_path):
    result = runner.invoke(app, ["eval", "-c", str(write_config(count=2)), "--dataset", str(tmp_path)])
    assert result.exit_code == 2
    assert "eval error: no_dataset" in result.output
