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


def test_step_tag_labels_and_policy_are_command_line_options(tmp_path):
    out = tmp_path / "prm"
    args = ["export", str(multipath_dataset()), "-f", "prm", "-o", str(out), "--test-fraction", "0"]
    options = ["--step-tag", "<s>", "--positive-label", "1", "--negative-label", "0"]
    result = CliRunner().invoke(app(), [*args, *options, "--after-first-error", "truncate"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "export.json").read_text())
    assert manifest["step_tag"] == "<s>" and manifest["step_labels"] == ["1", "0"]
    assert manifest["after_first_error"] == "truncate"
    row = json.loads((out / "train.jsonl").read_text().splitlines()[0])
    assert row["input"].count("<s>") == len(row["value"]) and set(row["value"]) <= {"1", "0"}


def test_a_tag_a_trainer_could_not_find_is_refused_with_a_message(tmp_path):
    args = ["export", str(multipath_dataset()), "-f", "prm", "-o", str(tmp_path), "--step-tag", "+"]
    result = CliRunner().invoke(app(), args)
    assert result.exit_code == 2 and "cannot also be a label" in result.output
