"""User-facing text is printed as written: brackets survive, markup-like keys never crash, no wrapping."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from pipeline.cli.main import app
from tests.conftest import REPO


def _broken_config(tmp_path, **changes):
    data = yaml.safe_load((REPO / "configs/ibp.yaml").read_text())
    data.update(changes)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_square_brackets_in_a_message_survive(tmp_path):
    result = CliRunner().invoke(app, ["dataset", "--config", str(_broken_config(tmp_path, variable="xy"))])
    assert result.exit_code == 2
    assert "variable: String should match pattern '^[a-z]$'" in result.output


def test_a_config_key_that_looks_like_markup_is_named_not_a_crash(tmp_path):
    result = CliRunner().invoke(app, ["dataset", "--config", str(_broken_config(tmp_path, **{"[/x]": 1}))])
    assert result.exit_code == 2, result.output
    assert "[/x]: unknown field" in result.output


def test_an_error_is_one_line_at_any_terminal_width(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "20")
    deep = tmp_path / "a-folder-with-a-long-name" / "and-another-one"
    deep.mkdir(parents=True)
    result = CliRunner().invoke(app, ["stats", str(deep)])
    assert result.exit_code == 2
    assert result.output == f"error: {deep / 'accepted.jsonl'} does not exist\n"
