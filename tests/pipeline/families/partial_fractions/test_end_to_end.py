"""A small offline run of the shipped config: every accepted record re-checked independently of the
validators (plain SymPy and high-precision mpmath), flawed paths kept as negatives, every export format."""

from __future__ import annotations

import asyncio
import json

import pytest
import sympy
import yaml

from pipeline.exports.card import write_card
from pipeline.exports.run import ExportFormat, export_dataset
from pipeline.families.partial_fractions.teacher import FLAWS
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.conftest import REPO
from tests.pipeline.families.partial_fractions.independent import (
    derivative_matches_numerically,
    derivative_matches_symbolically,
    own,
)

COUNT = 8


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pf_run")
    data = yaml.safe_load((REPO / "configs/partial_fractions.yaml").read_text())
    data["templates_dir"] = str(REPO / data["templates_dir"])
    data["output_dir"] = str(tmp / "out")
    data["count"] = COUNT
    data.setdefault("runtime", {})["cache_path"] = str(tmp / "cache.sqlite")
    path = tmp / "run.yaml"
    path.write_text(yaml.safe_dump(data))
    loaded = load_run(path)
    summary = asyncio.run(run_dataset(loaded, overwrite=True))
    assert summary.accepted == COUNT, summary
    return loaded.output_dir


def _accepted(run_dir) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "accepted.jsonl").read_text().splitlines()]


def test_accepted_records_recheck_independently(run_dir):
    records = _accepted(run_dir)
    assert len(records) == COUNT and len({r["canonical"] for r in records}) == COUNT
    for record in records:
        assert record["family"] == "partial_fractions" and record["variable"] == "x"
        F, g = record["antiderivative"], record["integrand"]
        assert derivative_matches_numerically(F, g, seed=record["index"]), F
        assert derivative_matches_symbolically(F, g), F
        parts = own(record["polynomial_part"]) + sum(own(t) for t in record["decomposition"])
        assert sympy.cancel(parts - own(g)) == 0  # the stored decomposition adds up to g


def test_paths_are_two_correct_and_one_flawed_with_its_error_located(run_dir):
    for record in _accepted(run_dir):
        correct, *others = record["solutions"]
        assert correct["correct"] and correct["flaw"] is None
        assert {s["path"] for s in record["solutions"] if s["correct"]} == {"cover_up", "linear_system"}
        (flawed,) = [s for s in others if s["flaw"]]
        assert flawed["flaw"] in FLAWS and not flawed["correct"]
        assert flawed["first_error_step"] is not None
        solve = record["stages"]["solve"]
        assert solve["prompt"][-1]["content"].startswith("Integrate the following rational function")
        assert {label["kind"] for label in solve["step_labels"]} == {"decomposition", "solve_step"}


@pytest.mark.parametrize("export_format", list(ExportFormat))
def test_every_export_format_has_rows(run_dir, tmp_path, export_format):
    manifest = export_dataset(run_dir, export_format, tmp_path / export_format.value, test_fraction=0.25)
    assert sum(manifest.rows.values()) > 0, manifest.skipped
    rows = (tmp_path / export_format.value / "train.jsonl").read_text().splitlines()
    assert rows and all(json.loads(row) for row in rows)


def test_the_card_reads_right_for_the_family(run_dir):
    card = write_card(run_dir).read_text()
    assert "verified partial-fractions integration data" in card and "- partial-fractions" in card
    for path in ("cover_up", "linear_system"):
        assert f"| {path} | - | " in card
    assert "| decomposition |" in card and "| solve_step |" in card
