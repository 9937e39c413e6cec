from __future__ import annotations

import json

from pipeline.families.shared.stats import compute_stats, draw_plots, read_dataset, render_stats

ROWS = [
    {"integrand": "x*exp(x)", "construction": "classic", "difficulty": "easy", "split": "train"},
    {"integrand": "2*x*exp(x)", "construction": "classic", "difficulty": "easy", "split": "train"},
    {
        "integrand": "x**2*sin(exp(x**2))",
        "construction": "product_reversal",
        "difficulty": "hard",
        "split": "test",
    },
    {
        "integrand": "t*cos(t)",
        "variable": "t",
        "construction": "classic",
        "difficulty": "medium",
        "split": "train",
    },
]


def test_stats_count_distinct_canonical_forms_and_shapes():
    stats = compute_stats(ROWS)
    assert stats.problems == 4
    assert stats.distinct_canonical == 3 and stats.duplicate_canonical == 1  # x*exp(x) twice, up to a factor
    assert stats.constructions == {"classic": 3, "product_reversal": 1}
    assert stats.difficulty == {"easy": 2, "hard": 1, "medium": 1}
    assert stats.operators["exp"] == 3 and stats.operators["sin"] == 1
    assert sum(stats.depth.values()) == sum(stats.operation_count.values()) == 4
    assert stats.length_summary["max"] == len("x**2*sin(exp(x**2))")
    assert not stats.splits_share_canonical
    assert "distinct canonical forms: 3" in render_stats(stats)


def test_a_canonical_integrand_in_two_splits_is_reported():
    rows = [dict(ROWS[0]), {**ROWS[1], "split": "test"}]
    assert compute_stats(rows).splits_share_canonical


def test_plots_are_drawn_beside_the_data(tmp_path):
    written = draw_plots(compute_stats(ROWS), tmp_path)
    assert {p.name for p in written} >= {"operators.png", "depth.png", "length.png", "difficulty.png"}
    assert all(p.stat().st_size > 1000 for p in written)


def test_run_records_and_problem_files_are_both_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rejected = {"reason": "solve:x", "problem": {"integrand": "x*sin(x)", "construction": "classic"}}
    path.write_text("\n".join(json.dumps(r) for r in [ROWS[0], rejected, {"other": 1}]) + "\n")
    rows = read_dataset(path)
    assert [r["integrand"] for r in rows] == ["x*exp(x)", "x*sin(x)"]


def test_a_problem_with_nested_details_is_measured_by_its_statement_field(tmp_path):
    """``revsynth sample`` writes Problems (details nested); an ODE family measures ``q``, no integrand."""
    problem = {
        "family": "ode",
        "construction": "c",
        "difficulty": "easy",
        "details": {"p": "2*x", "q": "x*exp(x)"},
    }
    path = tmp_path / "problems.jsonl"
    path.write_text(json.dumps(problem) + "\n")
    stats = compute_stats(read_dataset(path), statement_field="q", stats_fields=("p",))
    assert stats.problems == 1 and stats.operators["exp"] == 1
    assert stats.family_fields == {"p": {"2*x": 1}}
