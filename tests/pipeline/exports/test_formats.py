"""Every export loads with `datasets` and keeps problems on one side of the split; SFT, GRPO; no path text
twice for one problem, in any format."""

from __future__ import annotations

import json

import pytest
from datasets import load_dataset

from pipeline.exports import ExportError, export_dataset, read_dataset
from pipeline.families.ibp.solution_text import read_solution
from tests.pipeline.exports.multipath import FLAWED_PATHS, PATHS_PER_PROBLEM, multipath_dataset

FORMATS = ("sft", "prm", "prm-stepwise", "dpo", "grpo", "prm800k")


def load(out, manifest, kind="json"):
    files = {split: str(out / name) for split, name in manifest.files.items()}
    return load_dataset(kind, data_files=files)


@pytest.fixture(scope="module")
def dataset():
    return multipath_dataset()


@pytest.fixture(scope="module")
def records(dataset):
    return {r.id: r for r in read_dataset(dataset).accepted}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("parquet", [False, True], ids=["jsonl", "parquet"])
def test_every_format_loads_with_datasets_and_splits_by_problem(dataset, tmp_path, fmt, parquet):
    manifest = export_dataset(dataset, fmt, tmp_path, parquet=parquet, test_fraction=0.25, seed=1)
    loaded = load(tmp_path, manifest, "parquet" if parquet else "json")
    assert set(loaded) == {"train", "test"}
    assert {split: len(rows) for split, rows in loaded.items()} == manifest.rows
    train, test = ({row["problem_id"] for row in loaded[s]} for s in ("train", "test"))
    assert train and test and not train & test
    assert json.loads((tmp_path / "export.json").read_text())["format"] == fmt


def test_sft_rows_are_conversations_ending_in_a_verified_solution(dataset, tmp_path, records):
    manifest = export_dataset(dataset, "sft", tmp_path, test_fraction=0.0)
    rows = load(tmp_path, manifest)["train"]
    correct_paths = [s for r in records.values() for s in r.solutions if s.correct and s.flaw is None]
    assert len(records) <= len(correct_paths) <= (PATHS_PER_PROBLEM - FLAWED_PATHS) * len(records)
    # One row per correct path, except paths whose solution text repeats another's.
    assert len(rows) + manifest.skipped.get("sft:duplicate_path", 0) == len(correct_paths)
    for row in rows:
        assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant"]
        assert records[row["problem_id"]].integrand in row["messages"][1]["content"]
        solution = read_solution(row["messages"][2]["content"])
        assert solution.layout == "text" and solution.antiderivative.endswith("+ C")


def test_grpo_rows_carry_the_ground_truth_for_a_verifier(dataset, tmp_path, records):
    manifest = export_dataset(dataset, "grpo", tmp_path, test_fraction=0.0)
    rows = load(tmp_path, manifest)["train"]
    assert len(rows) == len(records)
    for row in rows:
        assert row["integrand"] == records[row["problem_id"]].integrand and row["variable"] == "x"
        assert [m["role"] for m in row["prompt"]] == ["system", "user"]


ROW_TEXT = {  # what a row says, per format: two rows of one problem never say the same
    "sft": lambda row: row["messages"][-1]["content"],
    "prm": lambda row: row["input"],
    "prm-stepwise": lambda row: "\n".join(row["completions"]),
    "prm800k": lambda row: "\n".join(row["question"]["pre_generated_steps"]),
    "dpo": lambda row: row["rejected"][0]["content"],
}


@pytest.mark.parametrize("fmt", sorted(ROW_TEXT))
def test_no_path_text_is_exported_twice_for_a_problem(dataset, tmp_path, records, fmt):
    manifest = export_dataset(dataset, fmt, tmp_path, test_fraction=0.0)
    rows = load(tmp_path, manifest)["train"]
    keys = [(row["problem_id"], ROW_TEXT[fmt](row)) for row in rows]
    assert len(keys) == len(set(keys))
    # the symbolic teacher's two parts orders often read the same: those repeats were dropped and counted
    assert manifest.skipped.get(f"{fmt}:duplicate_path", 0) > 0
    if fmt in ("prm", "prm-stepwise", "prm800k"):  # every path is a row, except repeats
        paths = sum(len(r.solutions) for r in records.values())
        assert len(rows) + manifest.skipped[f"{fmt}:duplicate_path"] == paths


def test_records_without_solution_paths_export_their_solve_stage(dataset, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    lines = (dataset / "accepted.jsonl").read_text().splitlines()
    old = [json.dumps({**json.loads(line), "solutions": []}) for line in lines]
    (folder / "accepted.jsonl").write_text("\n".join(old) + "\n" + old[0][:40])  # and a partial last line
    manifest = export_dataset(folder, "sft", tmp_path / "sft", test_fraction=0.0)
    assert manifest.rows["train"] == len(lines) and manifest.partial_lines_skipped == 1


def test_a_folder_without_data_is_a_named_error(tmp_path):
    with pytest.raises(ExportError) as err:
        export_dataset(tmp_path, "sft", tmp_path / "out")
    assert err.value.kind == "no_dataset"


@pytest.mark.parametrize("fmt", sorted(ROW_TEXT))
def test_two_records_of_one_problem_export_its_paths_once(dataset, tmp_path, fmt):
    """As after merging two runs: every record twice, under another id. Nothing new is exported."""
    folder = tmp_path / "merged"
    folder.mkdir()
    lines = (dataset / "accepted.jsonl").read_text().splitlines()
    again = [json.dumps({**json.loads(line), "id": f"again-{i}"}) for i, line in enumerate(lines)]
    (folder / "accepted.jsonl").write_text("\n".join(lines + again) + "\n")
    once = export_dataset(dataset, fmt, tmp_path / "once", test_fraction=0.0)
    twice = export_dataset(folder, fmt, tmp_path / "twice", test_fraction=0.0)
    assert twice.rows == once.rows
    assert twice.skipped[f"{fmt}:duplicate_path"] > once.skipped.get(f"{fmt}:duplicate_path", 0)
