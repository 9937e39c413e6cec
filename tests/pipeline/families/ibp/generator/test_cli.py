"""`revsynth sample` and `revsynth stats` end to end, through the real command line."""

from __future__ import annotations

import json
import sys

from typer.testing import CliRunner

from pipeline.cli.main import app
from tests.conftest import REPO


def sample(config, output, workers: int) -> list[dict]:
    result = CliRunner().invoke(
        app, ["sample", "--config", str(config), "--count", "6", "-o", str(output), "--workers", str(workers)]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in output.read_text().splitlines()]


def test_sample_writes_the_same_distinct_problems_whatever_the_number_of_workers(write_config, tmp_path):
    config = write_config()
    one = sample(config, tmp_path / "one.jsonl", workers=1)
    two = sample(config, tmp_path / "two.jsonl", workers=2)
    assert one == two
    assert len(one) == 6 and len({p["canonical"] for p in one}) == 6
    assert [p["index"] for p in one] == sorted(p["index"] for p in one)
    assert {"family", "construction", "difficulty", "rabbit", "split", "details"} <= set(one[0])
    assert {"f", "integrand", "u", "v"} <= set(one[0]["details"])  # a Problem: it reads back as one


def test_stats_reports_and_draws_a_sampled_file(write_config, tmp_path):
    data = tmp_path / "problems.jsonl"
    sample(write_config(), data, workers=2)
    result = CliRunner().invoke(app, ["stats", str(data), "--needs-parts", "3", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    stats = json.loads((tmp_path / "problems.stats" / "stats.json").read_text())
    assert stats["problems"] == 6 and stats["distinct_canonical"] == 6
    assert stats["hardness"]["measured"] == 3  # ibp's hardness: the needs-parts share
    assert (tmp_path / "problems.stats" / "operators.png").exists()


def test_stats_of_a_missing_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["stats", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_stats_of_a_run_folder_reads_its_accepted_samples(write_config, tmp_path):
    config = write_config(count=3)
    assert CliRunner().invoke(app, ["dataset", "--config", str(config), "--quiet"]).exit_code == 0
    result = CliRunner().invoke(app, ["stats", str(tmp_path / "out"), "--needs-parts", "0", "--no-plots"])
    assert result.exit_code == 0, result.output
    stats = json.loads((tmp_path / "out" / "accepted.stats" / "stats.json").read_text())
    assert stats["problems"] == 3 and stats["distinct_canonical"] == 3


def test_stats_of_a_folder_without_a_run_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'accepted.jsonl'} does not exist" in result.output


def test_stats_without_matplotlib_writes_its_figures_and_says_the_plots_were_not_drawn(tmp_path, monkeypatch):
    problems = tmp_path / "problems.jsonl"
    made = CliRunner().invoke(
        app, ["sample", "-c", str(REPO / "configs/ibp.yaml"), "-n", "3", "-o", str(problems)]
    )
    assert made.exit_code == 0, made.output
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = CliRunner().invoke(app, ["stats", str(problems), "--needs-parts", "0"])
    assert result.exit_code == 0, result.output
    assert "plots not drawn: matplotlib is not installed" in result.output
    assert json.loads((tmp_path / "problems.stats" / "stats.json").read_text())["problems"] == 3
