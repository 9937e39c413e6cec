"""`--dataset`: the sides of the exports' split, read from a run folder or from an export folder."""

import json

import pytest

from pipeline.eval.problems import EvalInputError, split_records
from pipeline.exports.run import export_dataset
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset


async def test_sides_of_a_run_folder_and_of_its_export(write_config, tmp_path):
    loaded = load_run(write_config(count=6))
    await run_dataset(loaded)
    run_dir = loaded.output_dir
    test, _ = split_records(run_dir, "test", 0.5, 3)
    train, _ = split_records(run_dir, "train", 0.5, 3)
    every, _ = split_records(run_dir, "all", 0.5, 3)
    assert len(test) == 3 and len(train) == 3
    assert {r.id for r in test}.isdisjoint({r.id for r in train})
    assert {r.id for r in every} == {r.id for r in test} | {r.id for r in train}

    manifest = export_dataset(run_dir, "sft", tmp_path / "export", test_fraction=0.5, seed=3)
    from_export, what = split_records(tmp_path / "export", "test", None, None)
    assert {r.id for r in from_export} == {r.id for r in test}  # the export's own fraction and seed
    assert len(from_export) == manifest.problems_per_split["test"]
    rows = [json.loads(line) for line in (tmp_path / "export" / "test.jsonl").read_text().splitlines()]
    assert len(rows) == len(from_export)
    assert "test_fraction=0.5, seed=3" in what


def test_a_folder_without_records_is_refused(tmp_path):
    with pytest.raises(EvalInputError, match="no_dataset"):
        split_records(tmp_path, "test", None, None)
