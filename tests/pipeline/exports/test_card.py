"""The dataset card: config, template hashes, counts, reasons, label and reward distributions, plots."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import warnings

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.exports.card import CARD, NO_PLOTS, PLOTS, write_card
from pipeline.run.loading import load_run
from tests.pipeline.exports.multipath import multipath_dataset

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def folder(tmp_path):
    """A private copy of the shared multi-path dataset, with the config that made it."""
    source = multipath_dataset()
    shutil.copytree(source, tmp_path / "out")
    shutil.copy(source.parent / "run.yaml", tmp_path / "run.yaml")
    return tmp_path / "out"


def test_the_card_describes_the_run_and_its_distributions(folder):
    loaded = load_run(folder.parent / "run.yaml")
    card = write_card(folder, loaded).read_text()
    assert card.startswith("---\npretty_name: revsynth ibp\n")
    for stage in ("derive", "reverse", "solve"):
        source = loaded.templates[stage].user_source
        assert hashlib.sha256(source.encode()).hexdigest() in card
    assert "solutions_per_problem: 5" in card  # the config, verbatim
    assert "| problems accepted | 4 |" in card
    assert "| solution paths | 20 |" in card
    solutions = [
        s
        for line in (folder / "accepted.jsonl").read_text().splitlines()
        for s in json.loads(line)["solutions"]
    ]
    correct = sum(s["correct"] for s in solutions)
    assert f"| final_answer | {correct} | {len(solutions) - correct} | 0 |" in card
    for flaw in ("wrong_du", "dropped_sign", "wrong_v"):
        assert f"| {flaw} |" in card
    first_errors = sorted({s["first_error_step"] for s in solutions if s["first_error_step"] is not None})
    assert all(f"step {step}: " in card for step in first_errors)
    for plot in PLOTS.values():
        assert f"]({plot})" in card
        assert (folder / plot).read_bytes().startswith(PNG_MAGIC)


def test_without_a_summary_the_rejections_are_counted_from_rejected_jsonl(folder):
    accepted = json.loads((folder / "accepted.jsonl").read_text().splitlines()[0])
    problem = {
        k: accepted[k] for k in ("index", "seed", "construction", "variable", "f", "integrand", "u", "v")
    }
    rejected = {
        "id": "r",
        "index": 99,
        "seed": 1,
        "run_seed": 1,
        "problem": {**problem, "rabbit": ""},
        "failed_stage": "solve",
        "reason": "solve:antiderivative_verified:not_equivalent",
    }
    (folder / "rejected.jsonl").write_text(json.dumps(rejected) + "\n")
    (folder / "summary.json").unlink()
    card = (write_card(folder), (folder / CARD).read_text())[1]
    assert "| rejected: solve:antiderivative_verified:not_equivalent | 1 |" in card
    assert "| acceptance | 80.0% |" in card
    assert "Not recorded here" in card  # no LoadedRun given: the card says so instead of guessing


def test_a_run_with_nothing_accepted_gets_a_card_without_warnings(folder):
    """A tiny local model can have every sample rejected: the card still says so, quietly."""
    accepted = json.loads((folder / "accepted.jsonl").read_text().splitlines()[0])
    rejected = {
        "id": "r",
        "index": 0,
        "seed": 1,
        "run_seed": 1,
        "problem": {
            **{k: accepted[k] for k in ("index", "seed", "construction", "f", "integrand", "u", "v")},
            "rabbit": "",
        },
        "failed_stage": "derive",
        "reason": "derive:format:truncated",
    }
    (folder / "accepted.jsonl").write_text("")
    (folder / "rejected.jsonl").write_text(json.dumps(rejected) + "\n")
    (folder / "summary.json").unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        card = write_card(folder).read_text()
    assert "| problems accepted | 0 |" in card
    assert "| rejected: derive:format:truncated | 1 |" in card


@pytest.fixture
def without_matplotlib(monkeypatch):
    """As after `pip install -e .` without the `data` extra: importing matplotlib fails."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


def test_without_matplotlib_the_card_is_the_same_text_and_says_how_to_get_the_plots(
    folder, without_matplotlib
):
    loaded = load_run(folder.parent / "run.yaml")
    card = write_card(folder, loaded).read_text()
    assert "| problems accepted | 4 |" in card and "| solution paths | 20 |" in card
    assert card.count(NO_PLOTS) == len(PLOTS) and "](card_" not in card
    assert not any((folder / plot).exists() for plot in PLOTS.values())


def test_a_run_without_matplotlib_writes_its_data_and_card_and_exits_0(
    write_config, tmp_path, without_matplotlib
):
    result = CliRunner().invoke(app, ["dataset", "--config", str(write_config(count=2)), "--quiet"])
    assert result.exit_code == 0, result.output
    assert NO_PLOTS in (tmp_path / "out" / CARD).read_text()
    assert len((tmp_path / "out" / "accepted.jsonl").read_text().splitlines()) == 2


def test_the_card_says_how_much_is_proved_and_how_much_shown_numerically(folder):
    from pipeline.exports.card_verdicts import label_method, verdict_methods
    from pipeline.exports.source import read_dataset

    assert label_method("expand") == label_method("cancel") == label_method("structural") == "symbolic"
    assert label_method("agree at 40 points (28 real, 12 complex, 3 at features), 30 digits") == "numeric"
    card = write_card(folder).read_text()
    assert "## How the verdicts were established" in card
    finals = verdict_methods(read_dataset(folder))["final answers"]
    assert sum(finals.values()) > 0  # every accepted path's final check is counted under its method
    assert f"| final answers | {finals['symbolic']} | {finals['numeric']} |" in card
