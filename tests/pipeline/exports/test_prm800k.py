"""The prm800k export in PRM800K's own layout (github.com/openai/prm800k, README "Data")."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest

from pipeline.exports import export_dataset, read_dataset
from pipeline.exports.steps import AfterFirstError, StepOptions
from tests.pipeline.exports.multipath import multipath_dataset

TOP = {"labeler", "timestamp", "generation", "is_quality_control_question", "is_initial_screening_question"}
QUESTION = {
    "problem",
    "ground_truth_solution",
    "ground_truth_answer",
    "pre_generated_steps",
    "pre_generated_answer",
    "pre_generated_verifier_score",
}


@pytest.fixture(scope="module")
def dataset():
    return multipath_dataset()


def export(dataset, out, policy=None) -> list[dict]:
    steps = StepOptions(after_first_error=AfterFirstError(policy) if policy else None)
    manifest = export_dataset(dataset, "prm800k", out, test_fraction=0.0, steps=steps)
    return [json.loads(line) for line in (out / manifest.files["train"]).read_text().splitlines()]


def test_every_field_of_prm800k_is_there_and_means_what_it_means_there(dataset, tmp_path):
    rows = export(dataset, tmp_path)
    assert rows
    for row in rows:
        assert set(row) >= TOP and set(row["question"]) >= QUESTION
        assert row["generation"] is None  # no PRM-chosen collection rounds, never the path index
        datetime.fromisoformat(row["timestamp"])
        assert 0.0 <= row["question"]["pre_generated_verifier_score"] <= 1.0
        assert {"completions", "human_completion", "chosen_completion"} <= set(row["label"]["steps"][0])
    assert len({row["labeler"] for row in rows}) == 1  # one labeller: the run's checker
    uuid.UUID(rows[0]["labeler"])


def test_a_right_answer_is_written_as_the_ground_truth_is(dataset, tmp_path):
    """PRM800K's grader compares pre_generated_answer with ground_truth_answer: no '+ C' on one side only."""
    rows = export(dataset, tmp_path / "prm800k")
    sft = export_dataset(dataset, "sft", tmp_path / "sft", test_fraction=0.0)
    solutions = {}  # problem -> the texts of its established solutions
    for line in (tmp_path / "sft" / sft.files["train"]).read_text().splitlines():
        row = json.loads(line)
        solutions.setdefault(row["problem_id"], set()).add(row["messages"][-1]["content"])
    correct = [row for row in rows if row["flaw"] is None]
    assert correct
    for row in correct:
        question = row["question"]
        assert question["pre_generated_answer"] == question["ground_truth_answer"]
    for row in rows:
        assert row["question"]["ground_truth_solution"] in solutions[row["problem_id"]]
    for row in rows:
        assert not row["question"]["pre_generated_answer"].endswith("+ C")  # wrong ones normalised alike


def test_a_correct_path_scores_above_a_flawed_one(dataset, tmp_path):
    rows = export(dataset, tmp_path)
    scores = {
        flawed: [
            r["question"]["pre_generated_verifier_score"] for r in rows if (r["flaw"] is not None) is flawed
        ]
        for flawed in (True, False)
    }
    assert min(scores[False]) > max(scores[True])


@pytest.mark.parametrize("policy", [None, "truncate", "negative", "label"])
def test_ratings_after_the_first_error_follow_the_policy(dataset, tmp_path, policy):
    for row in export(dataset, tmp_path, policy):
        ratings = [step["completions"][0]["rating"] for step in row["label"]["steps"]]
        generated = row["question"]["pre_generated_steps"]
        if row["flaw"] is None:
            assert row["label"]["finish_reason"] == "solution" and ratings == [1] * len(generated)
            continue
        assert row["label"]["finish_reason"] == "found_error"
        first = ratings.index(-1)
        if policy in (None, "truncate"):  # PRM800K's labellers stopped at the first error
            assert len(ratings) == first + 1
        elif policy == "negative":
            assert ratings[first:] == [-1] * (len(generated) - first)
        else:  # each on its own claim: a wrong parts choice is followed by a true claim
            assert len(ratings) == len(generated)
            if row["flaw"] in ("wrong_du", "wrong_v"):
                assert ratings[:2] == [-1, 1]


def test_labelling_time_is_the_time_the_checks_took(dataset, tmp_path):
    rows = {row["id"]: row for row in export(dataset, tmp_path)}
    for record in read_dataset(dataset).accepted:
        for path in record.solutions:
            row = rows.get(f"{record.id}-{path.path_index}")
            if row is not None:
                assert row["label"]["total_time"] == round(1000 * sum(c.seconds for c in path.stage.checks))


def test_an_answer_that_cannot_be_normalised_is_written_as_the_path_wrote_it(dataset, tmp_path):
    folder = tmp_path / "tampered"
    folder.mkdir()
    lines = (dataset / "accepted.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    flawed = next(path for path in first["solutions"] if path["flaw"])
    flawed["stage"]["answer"]["antiderivative"] = "x +* ((  + C"
    (folder / "accepted.jsonl").write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    manifest = export_dataset(folder, "prm800k", tmp_path / "out", test_fraction=0.0)
    assert manifest.skipped["prm800k:answer_not_normalised"] == 1
    rows = [json.loads(line) for line in (tmp_path / "out" / "train.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["id"] == f"{first['id']}-{flawed['path_index']}")
    assert row["question"]["pre_generated_answer"] == "x +* ((  + C"
