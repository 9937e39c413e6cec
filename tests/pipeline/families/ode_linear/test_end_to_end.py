"""A small offline run of configs/ode_linear.yaml: accepted records re-checked independently, every export."""

import asyncio
import json

import pytest
import sympy
import yaml

from pipeline.exports import export_dataset
from pipeline.exports.card import write_card
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.conftest import REPO

from .helpers import X, read, residual_vanishes

COUNT = 8
FORMATS = ("sft", "prm", "prm-stepwise", "dpo", "grpo", "prm800k")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ode_run")
    data = yaml.safe_load((REPO / "configs/ode_linear.yaml").read_text())
    data.update(count=COUNT, output_dir=str(tmp / "out"), templates_dir=str(REPO / data["templates_dir"]))
    data["sampler"] = {"levels": {"easy": 0.2, "medium": 0.3, "hard": 0.5}, "initial_condition": 0.6}
    data.setdefault("runtime", {})["cache_path"] = str(tmp / "cache.sqlite")
    path = tmp / "run.yaml"
    path.write_text(yaml.safe_dump(data))
    loaded = load_run(path)
    summary = asyncio.run(run_dataset(loaded, overwrite=True))
    return loaded.output_dir, summary


def _accepted(folder) -> list[dict]:
    return [json.loads(line) for line in (folder / "accepted.jsonl").read_text().splitlines()]


def test_the_run_accepts_the_count_with_flawed_negatives(run_folder):
    folder, summary = run_folder
    assert summary.accepted == COUNT
    for record in _accepted(folder):
        assert record["family"] == "ode_linear" and set(record["stages"]) == {"derive", "reverse", "solve"}
        paths = record["solutions"]
        assert len(paths) == 3 and paths[0]["correct"] and paths[0]["flaw"] is None
        flawed = [s for s in paths if s["flaw"]]
        assert len(flawed) == 1 and not flawed[0]["correct"]


def test_accepted_records_hold_independently_of_the_validators(run_folder):
    folder, _ = run_folder
    posed = 0
    for record in _accepted(folder):
        p, q, y = record["p"], record["q"], record["solution"]
        assert read(y).has(sympy.Symbol("C"))
        assert residual_vanishes(y, p, q), (p, q, y)
        c = sympy.Symbol("C")
        assert sympy.simplify(sympy.diff(read(y), c, 2)) == 0 and sympy.diff(read(y), c) != 0
        if record["x0"]:
            posed += 1
            ivp = read(record["ivp_solution"])
            assert residual_vanishes(record["ivp_solution"], p, q)
            assert sympy.simplify(ivp.subs(X, read(record["x0"])) - read(record["y0"])) == 0
    assert posed >= 1


def test_every_export_format_gives_rows_and_the_card_reads_right(run_folder, tmp_path):
    folder, _ = run_folder
    for name in FORMATS:
        manifest = export_dataset(folder, name, tmp_path / name, test_fraction=0.25)
        assert sum(manifest.rows.values()) > 0, (name, manifest.skipped)
    grpo = json.loads((tmp_path / "grpo" / "train.jsonl").read_text().splitlines()[0])
    assert {"p", "q", "x0", "y0", "variable", "reference_answer"} <= set(grpo)
    prm = [json.loads(line) for line in (tmp_path / "prm" / "train.jsonl").read_text().splitlines()]
    assert any(row["flaw"] and row["first_error_step"] is not None for row in prm)
    card = write_card(folder).read_text()
    assert "verified linear-ODE data" in card and "integrating_factor" in card and "mu_sign" in card
