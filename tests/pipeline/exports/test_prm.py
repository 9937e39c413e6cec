"""The PRM exports: step-tag rows as OpenRLHF's ProcessRewardDataset reads them, and TRL's stepwise rows."""

from __future__ import annotations

import json

import pytest

from pipeline.core.compact_records import expand
from pipeline.exports import export_dataset, read_dataset
from pipeline.exports.steps import AfterFirstError, StepOptions
from tests.pipeline.exports.multipath import multipath_dataset


def rows_of(out, manifest) -> list[dict]:
    return [json.loads(line) for line in (out / manifest.files["train"]).read_text().splitlines()]


def labels_at_tags(text: str, value: list, tag: str) -> list:
    """What a step-tag trainer does: one label per occurrence of the tag, in order (OpenRLHF masks the
    tag's token positions and truncates the labels to their number)."""
    return value[: text.count(tag)]


@pytest.fixture(scope="module")
def dataset():
    return multipath_dataset()


@pytest.fixture(scope="module")
def paths(dataset):
    """(record id, path index) -> the run's own record of that path."""
    return {(r.id, s.path_index): s for r in read_dataset(dataset).accepted for s in r.solutions}


def path_of(row, paths):
    record, index = row["id"].rsplit("-", 1)
    return paths[(record, int(index))]


def export(dataset, out, fmt, **options):
    manifest = export_dataset(dataset, fmt, out, test_fraction=0.0, steps=StepOptions(**options))
    return manifest, rows_of(out, manifest)


def test_a_step_tag_row_is_the_problem_then_one_tagged_step_a_line(dataset, tmp_path):
    labelled = AfterFirstError.LABEL
    _, tagged = export(dataset, tmp_path / "prm", "prm", after_first_error=labelled)
    _, stepwise = export(dataset, tmp_path / "stepwise", "prm-stepwise", after_first_error=labelled)
    by_id = {row["id"]: row for row in stepwise}
    assert len(tagged) == len(stepwise) > 0
    for row in tagged:
        steps = by_id[row["id"]]
        lines = "\n".join(f"{step} ки" for step in steps["completions"])
        assert row["input"] == f"{steps['prompt']}\n\n{lines}"
        assert row["value"] == ["+" if ok else "-" for ok in steps["labels"]]
        assert labels_at_tags(row["input"], row["value"], "ки") == row["value"]  # no label lost or shifted


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # (labels of a path whose first error is at step k, of n steps)
        (None, lambda k, n: ["+"] * k + ["-"] * (n - k)),  # prm's default: negative
        ("negative", lambda k, n: ["+"] * k + ["-"] * (n - k)),
        ("truncate", lambda k, n: ["+"] * k + ["-"]),
    ],
)
def test_after_the_first_error_the_labels_follow_the_policy(dataset, tmp_path, paths, policy, expected):
    choice = AfterFirstError(policy) if policy else None
    manifest, rows = export(dataset, tmp_path, "prm", after_first_error=choice)
    assert manifest.after_first_error == (choice or AfterFirstError.NEGATIVE)
    _, whole = export(dataset, tmp_path / "whole", "prm-stepwise", after_first_error=AfterFirstError.LABEL)
    steps = {row["id"]: len(row["labels"]) for row in whole}
    for row in rows:
        solution = path_of(row, paths)
        if solution.flaw is None:
            assert row["value"] == ["+"] * steps[row["id"]]
        else:
            assert row["value"] == expected(solution.first_error_step, steps[row["id"]])
            assert row["first_error_step"] == solution.first_error_step


def test_the_label_policy_keeps_each_claims_own_label_after_an_error(dataset, tmp_path, paths):
    _, rows = export(dataset, tmp_path, "prm-stepwise")  # prm-stepwise's default: label
    wrong_parts = [row for row in rows if path_of(row, paths).flaw in ("wrong_du", "wrong_v")]
    assert wrong_parts
    for (
        row
    ) in wrong_parts:  # a wrong parts choice (step 0), then a true claim (writing g as u*dv), then wrong
        assert row["labels"][:2] == [False, True] and row["labels"][-1] is False


def test_tag_and_labels_are_configurable(dataset, tmp_path):
    manifest, rows = export(dataset, tmp_path, "prm", tag="<step>", positive="good", negative="bad")
    assert manifest.step_tag == "<step>" and manifest.step_labels == ["good", "bad"]
    for row in rows:
        assert "ки" not in row["input"] and set(row["value"]) <= {"good", "bad"}
        assert row["input"].count("<step>") == len(row["value"])


def test_a_step_that_holds_the_tag_or_a_line_break_is_rewritten_and_counted(dataset, tmp_path):
    folder = tmp_path / "tampered"
    folder.mkdir()
    lines = (dataset / "accepted.jsonl").read_text().splitlines()
    first = expand(json.loads(lines[0]))  # the full layout: a compact record points its paths at its stages
    step = first["solutions"][0]["stage"]["answer"]["steps"][0]
    step["explanation"] = "A model wrote the tag ки here\n\nand a blank line."
    (folder / "accepted.jsonl").write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    manifest, rows = export(folder, tmp_path / "out", "prm")
    assert manifest.normalised["steps_with_tag"] == 1
    row = next(r for r in rows if r["id"] == f"{first['id']}-0")
    assert "A model wrote the tag here and a blank line." in row["input"]
    assert row["input"].count("ки") == len(row["value"])


def test_stepwise_steps_never_hold_trls_step_separator(dataset, tmp_path):
    manifest, rows = export(dataset, tmp_path, "prm-stepwise")
    assert manifest.normalised["steps_with_line_breaks"] > 0  # ibp's steps are an explanation and a claim
    for row in rows:
        assert all(len(step.splitlines()) == 1 for step in row["completions"])
        assert len(row["completions"]) == len(row["labels"]) and isinstance(row["prompt"], str)


def test_a_tag_that_the_problem_and_the_steps_use_is_taken_out_of_both(dataset, tmp_path):
    """With the tag "dx" (in every problem's "g(x) dx" and every step's claim) the labels still line up."""
    manifest, rows = export(dataset, tmp_path, "prm", tag="dx")
    assert manifest.normalised["problems_with_tag"] > 0 and manifest.normalised["steps_with_tag"] > 0
    for row in rows:
        assert row["input"].count("dx") == len(row["value"])
        assert all(line.endswith(" dx") for line in row["input"].split("\n")[-len(row["value"]) :])
