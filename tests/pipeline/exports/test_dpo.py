"""DPO pairs: chosen is always re-proved correct at export time, whatever the records claim."""

from __future__ import annotations

import json

import pytest
import sympy

from pipeline.core.compact_records import expand
from pipeline.exports import export_dataset
from pipeline.families.ibp.solution_text import read_solution
from tests.pipeline.exports.multipath import multipath_dataset


def independently_correct(answer: str, integrand: str) -> bool:
    # Test code reading our own export, not model text: plain SymPy parsing is fine here.
    x, C = sympy.symbols("x C")
    F = sympy.parse_expr(answer, local_dict={"x": x, "C": C})
    g = sympy.parse_expr(integrand, local_dict={"x": x})
    return not F.has(sympy.Integral) and sympy.simplify(sympy.diff(F, x) - g) == 0


def export_rows(folder, out) -> tuple[list[dict], dict]:
    manifest = export_dataset(folder, "dpo", out, test_fraction=0.0)
    rows = [json.loads(line) for line in (out / "train.jsonl").read_text().splitlines()]
    return rows, manifest.skipped


def integrands(folder) -> dict[str, str]:
    lines = (folder / "accepted.jsonl").read_text().splitlines()
    return {r["id"]: r["integrand"] for r in map(json.loads, lines)}


def test_every_chosen_is_correct_and_every_rejected_is_worse(tmp_path):
    folder = multipath_dataset()
    rows, _ = export_rows(folder, tmp_path)
    truth = integrands(folder)
    assert {row["rejected_kind"] for row in rows} == {"incorrect", "less_efficient"}
    for row in rows:
        chosen = read_solution(row["chosen"][0]["content"]).antiderivative
        rejected = read_solution(row["rejected"][0]["content"]).antiderivative
        assert chosen == row["chosen_answer"]
        assert independently_correct(chosen, truth[row["problem_id"]])
        assert row["margin"] > 0
        assert row["chosen_reward"] - row["rejected_reward"] == pytest.approx(row["margin"], abs=1e-6)
        if row["rejected_kind"] == "incorrect":
            assert row["rejected_flaw"] is not None
            assert not independently_correct(rejected, truth[row["problem_id"]])
        else:
            assert independently_correct(rejected, truth[row["problem_id"]])
            assert len(row["rejected"][0]["content"]) > len(row["chosen"][0]["content"])


def test_a_record_claiming_a_wrong_answer_correct_is_caught_at_export(tmp_path):
    """Corrupt the data: flawed paths claim to be correct. Re-verification must refuse them."""
    folder = tmp_path / "tampered"
    folder.mkdir()
    lines = (multipath_dataset() / "accepted.jsonl").read_text().splitlines()
    tampered = []
    for record in (expand(json.loads(line)) for line in lines):  # the full layout, then tampered
        for solution in record["solutions"]:
            if solution["flaw"] == "wrong_du":
                solution["correct"] = True
                solution["final_answer"] = "x**5"  # wrong, and no longer holding an Integral
                solution["stage"]["answer"]["antiderivative"] = "x**5 + C"
            elif solution["flaw"] is None:  # and the honest paths are made to look worse
                solution["stage"]["answer"]["rabbit"] *= 20
        tampered.append(json.dumps(record))
    (folder / "accepted.jsonl").write_text("\n".join(tampered) + "\n")

    rows, skipped = export_rows(folder, tmp_path / "out")
    assert skipped["dpo:ambiguous_path"] == len(lines)  # one per problem: stored and fresh verdicts disagree
    truth = integrands(folder)
    for row in rows:
        assert row["chosen_path"] in ("product_reversal", "liate")
        assert independently_correct(row["chosen_answer"], truth[row["problem_id"]])
