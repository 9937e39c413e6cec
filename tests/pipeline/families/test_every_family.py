"""Every registered family, through the whole tool: an offline run, every export format, the card.

The run machinery, exports, rewards and card never name a family; this is what shows it. A family added to
the registry is picked up here with no change to this file (its config is ``configs/<name>.yaml``).
"""

from __future__ import annotations

import asyncio
import json

import pytest

from pipeline.exports import export_dataset
from pipeline.exports.card import write_card
from pipeline.families import REGISTRY, get_family
from pipeline.rewards.trl import combined_reward, correctness_reward
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.conftest import REPO

FORMATS = ("sft", "prm", "prm-stepwise", "dpo", "grpo", "prm800k")
COUNT = 5


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One small run per family: three paths per problem, one of them planted with a flaw."""
    import yaml

    folders = {}
    for name in sorted(REGISTRY):
        base = tmp_path_factory.mktemp(name)
        config = yaml.safe_load((REPO / f"configs/{name}.yaml").read_text())
        config.update(
            count=COUNT,
            solutions_per_problem=3,
            flawed_paths=1,
            output_dir=str(base / "out"),
            templates_dir=str(REPO / (config.get("templates_dir") or get_family(name).templates_dir)),
        )
        config.setdefault("runtime", {})["cache_path"] = str(base / "cache.sqlite")
        path = base / "run.yaml"
        path.write_text(yaml.safe_dump(config))
        loaded = load_run(path)
        summary = asyncio.run(run_dataset(loaded))
        folders[name] = (loaded, summary)
    return folders


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_family_runs_offline_and_its_records_carry_its_fields(runs, name):
    loaded, summary = runs[name]
    assert summary.accepted == COUNT
    family = get_family(name)
    records = [json.loads(line) for line in (loaded.output_dir / "accepted.jsonl").read_text().splitlines()]
    for record in records:
        assert record["family"] == name
        assert set(record["stages"]) == set(family.stage_names)
        assert all(column in record for column in family.rendering.columns)
        assert len(record["solutions"]) >= 3
        assert any(path["flaw"] for path in record["solutions"])
        assert record["solutions"][0]["correct"] and record["solutions"][0]["final_answer"]


@pytest.mark.parametrize("name", sorted(REGISTRY))
@pytest.mark.parametrize("export_format", FORMATS)
def test_every_export_format_gives_rows_for_every_family(runs, name, export_format, tmp_path):
    loaded, _ = runs[name]
    manifest = export_dataset(loaded.output_dir, export_format, tmp_path / export_format, test_fraction=0.2)
    assert sum(manifest.rows.values()) > 0, manifest.skipped
    first = json.loads((tmp_path / export_format / manifest.files["train"]).read_text().splitlines()[0])
    text = json.dumps(first)
    if name != "ibp":
        assert "integration by parts" not in text.lower()  # the family's own wording, not ibp's


def export_rows(folder, export_format, out, **options) -> tuple[list[dict], dict]:
    manifest = export_dataset(folder, export_format, out, test_fraction=0.0, **options)
    lines = (out / manifest.files["train"]).read_text().splitlines()
    return [json.loads(line) for line in lines], manifest.skipped


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_step_labelled_exports_read_right_for_every_family(runs, name, tmp_path):
    """One label per step tag, one line per step, the first error where the run found it, no repeats."""
    loaded, _ = runs[name]
    firsts = {
        f"{record['id']}-{path['path_index']}": path["first_error_step"]
        for record in map(json.loads, (loaded.output_dir / "accepted.jsonl").read_text().splitlines())
        for path in record["solutions"]
    }
    prm, _ = export_rows(loaded.output_dir, "prm", tmp_path / "prm")
    for row in prm:
        assert row["input"].count("ки") == len(row["value"]) and set(row["value"]) <= {"+", "-"}
        steps = row["input"].split("\n")[-len(row["value"]) :]
        assert all(step.endswith(" ки") for step in steps)
        if row["id"] in firsts and firsts[row["id"]] is not None:  # negative after the first error
            k = firsts[row["id"]]
            assert row["value"][k:] == ["-"] * (len(row["value"]) - k) and set(row["value"][:k]) <= {"+"}
    stepwise, _ = export_rows(loaded.output_dir, "prm-stepwise", tmp_path / "stepwise")
    assert all(len(step.splitlines()) == 1 for row in stepwise for step in row["completions"])
    for export_format, rows in (("prm", prm), ("prm-stepwise", stepwise)):
        texts = [(row["problem_id"], row.get("input") or "\n".join(row["completions"])) for row in rows]
        assert len(texts) == len(set(texts)), export_format
    prm800k, _ = export_rows(loaded.output_dir, "prm800k", tmp_path / "prm800k")
    for row in prm800k:
        question = row["question"]
        if row["flaw"] is None:
            assert question["pre_generated_answer"] == question["ground_truth_answer"]
        assert row["generation"] is None and row["label"]["finish_reason"] in ("solution", "found_error")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_grpo_rows_score_with_the_reward_functions(runs, name, tmp_path):
    """A right completion (the accepted path, in the family's layout) scores 1; a wrong one scores 0."""
    loaded, _ = runs[name]
    family = get_family(name)
    manifest = export_dataset(loaded.output_dir, "grpo", tmp_path / "grpo", test_fraction=0.0)
    rows = [
        json.loads(line) for line in (tmp_path / "grpo" / manifest.files["train"]).read_text().splitlines()
    ]
    sft = export_dataset(loaded.output_dir, "sft", tmp_path / "sft", test_fraction=0.0)
    answers = {}
    for line in (tmp_path / "sft" / sft.files["train"]).read_text().splitlines():
        row = json.loads(line)
        answers.setdefault(row["problem_id"], row["messages"][-1]["content"])
    columns = {
        key: [row[key] for row in rows]
        for key in ("family", "problem_id", "variable", *family.rendering.columns)
    }
    right = [answers[row["problem_id"]] for row in rows]
    wrong = [answers[rows[(i + 1) % len(rows)]["problem_id"]] for i in range(len(rows))]  # another's answer
    assert correctness_reward(prompts=None, completions=right, **columns) == [1.0] * len(rows)
    assert correctness_reward(prompts=None, completions=wrong, **columns) == [0.0] * len(rows)
    assert all(r > 0.5 for r in combined_reward(prompts=None, completions=right, **columns))


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_card_speaks_of_the_family(runs, name):
    loaded, _ = runs[name]
    card = write_card(loaded.output_dir, loaded).read_text()
    rendering = get_family(name).rendering
    assert rendering.card_title in card and rendering.card_summary in card
    assert f"| problems accepted | {COUNT} |" in card


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_preview_sample_and_stats_work_for_every_family(name, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli.main import app

    config = str(REPO / f"configs/{name}.yaml")
    preview = CliRunner().invoke(app, ["preview", "--config", config, "--index", "1"])
    assert preview.exit_code == 0, preview.output
    assert f"{get_family(name).statement_field} = " in preview.output and "ACCEPTED" in preview.output
    problems = tmp_path / "problems.jsonl"
    sample = CliRunner().invoke(app, ["sample", "--config", config, "--count", "6", "-o", str(problems)])
    assert sample.exit_code == 0, sample.output
    stats = CliRunner().invoke(app, ["stats", str(problems), "--needs-parts", "0", "--no-plots"])
    assert stats.exit_code == 0, stats.output
    figures = json.loads((tmp_path / "problems.stats" / "stats.json").read_text())
    assert figures["problems"] == 6 and figures["distinct_canonical"] == 6 and figures["operators"]
