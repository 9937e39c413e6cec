"""Bring your own problems: `problems_file` replaces the generator, line by line, dedup and splits kept."""

from __future__ import annotations

import json

import pytest

from pipeline.run.loading import ConfigError, load_run
from pipeline.run.runner import run_dataset


def write_problems(tmp_path, lines):
    path = tmp_path / "problems.jsonl"
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def records(folder, name):
    path = folder / name
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_problems_come_from_the_file_in_order(write_config, tmp_path):
    problems = write_problems(
        tmp_path,
        [
            {"f": "x**2*sin(x)", "id": "mine-1"},
            {"f": "(x - 1)*exp(x)", "id": "mine-2"},
            {"f": "3*x**2*sin(x)", "id": "same-as-1"},  # the same canonical integrand as mine-1
            {"f": "x*log(x", "id": "broken"},
            {"f": "x*atan(x)"},
        ],
    )
    loaded = load_run(write_config(problems_file=str(problems), count=10))
    summary = await run_dataset(loaded)

    accepted = records(loaded.output_dir, "accepted.jsonl")
    rejected = {r["index"]: r for r in records(loaded.output_dir, "rejected.jsonl")}
    assert [(r["index"], r["source_id"]) for r in sorted(accepted, key=lambda r: r["index"])] == [
        (0, "mine-1"),
        (1, "mine-2"),
        (4, ""),
    ]
    assert accepted[0]["f"] in ("x**2*sin(x)", "(x - 1)*exp(x)", "x*atan(x)")
    assert rejected[2]["reason"] == "sample:duplicate"
    assert rejected[3]["reason"] == "sample:bad_problem"
    assert rejected[3]["problem"] is None  # no problem could be made from the line: none is made up
    assert summary.tried == 5  # the file has five problems: the run stops there, short of count
    assert all(r["split"] in ("train", "validation", "test") for r in accepted)


def test_a_bad_line_is_a_config_error_naming_the_line(write_config, tmp_path):
    problems = write_problems(tmp_path, [{"f": "x*exp(x)"}, "not json", {"g": "x"}])
    with pytest.raises(ConfigError) as caught:
        load_run(write_config(problems_file=str(problems)))
    message = str(caught.value)
    assert "problems_file" in message and "line 2" in message and "line 3" in message


def test_the_file_content_is_part_of_the_fingerprint(write_config, tmp_path):
    problems = write_problems(tmp_path, [{"f": "x*exp(x)"}])
    first = load_run(write_config(problems_file=str(problems))).fingerprint()
    write_problems(tmp_path, [{"f": "x*sin(x)"}])
    assert load_run(write_config(problems_file=str(problems))).fingerprint() != first
