"""`revsynth export` from the command line."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from pipeline.exports.cli import export
from tests.pipeline.exports.multipath import multipath_dataset


def app() -> typer.Typer:
    """The export command registered the way pipeline/cli/main.py registers it."""
    cli = typer.Typer()
    cli.callback()(lambda: None)
    cli.command("export")(export)
    return cli


def test_export_writes_splits_and_says_how_to_load_them(tmp_path):
    out = tmp_path / "prm"
    args = ["export", str(multipath_dataset()), "--format", "prm", "-o", str(out), "--test-fraction", "0.25"]
    result = CliRunner().invoke(app(), [*args, "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "load_dataset" in result.output
    manifest = json.loads((out / "export.json").read_text())
    assert manifest["seed"] == 7 and set(manifest["files"]) == {"train", "test"}
    assert (out / "train.jsonl").is_file() and (out / "test.jsonl").is_file()


def test_export_of_a_missing_dataset_fails_with_a_message(tmp_path):
    result = CliRunner().invoke(
        app(), ["export", str(tmp_path), "--format", "sft", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "no_dataset" in result.output


def test_an_unknown_format_is_refused(tmp_path):
    result = CliRunner().invoke(app(), ["export", str(tmp_path), "--format", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 2
