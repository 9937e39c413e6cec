"""`--problems FILE`: statement lines, whole problems, and every kind of bad line rejected with its reason."""

import json

import pytest

from pipeline.eval.problems_file import read_problem_lines, statement_fields
from pipeline.families import get_family
from pipeline.families.ibp.generator.settings import GeneratorConfig
from pipeline.families.ibp.sampler import sample_problem
from validators.limits import CheckPool


def test_statement_fields_are_what_the_solve_stage_shows_and_the_checks_read():
    assert statement_fields(get_family("ibp")) == ["integrand", "problem"]
    assert statement_fields(get_family("partial_fractions")) == ["integrand", "problem"]
    assert statement_fields(get_family("ode_linear")) == ["p", "problem", "q", "x0", "y0"]


@pytest.fixture
def pool():
    with CheckPool(workers=1, timeout_s=20) as pool:
        yield pool


async def test_each_bad_line_is_reported_with_its_reason_and_the_rest_are_read(tmp_path, pool):
    whole = sample_problem(7, 0, "x", GeneratorConfig())
    statement = {
        "integrand": "x*cos(x)",
        "problem": "Integrate x*cos(x).",
        "id": "mine",
        "difficulty": "easy",
    }
    lines = [
        json.dumps(statement).encode(),
        b"{not json",
        b"[1, 2]",
        json.dumps({"integrand": "x"}).encode(),
        json.dumps({**statement, "family": "[red]ode_linear[/]"}).encode(),
        json.dumps({**statement, "problem": {"nested": 1}}).encode(),
        b"",
        json.dumps(statement).encode(),  # the same problem again
        b"\xff\xfe",
        whole.model_dump_json().encode(),
        json.dumps({"details": {"f": "x"}, "family": "ibp"}).encode(),
        json.dumps({"f": "x*sin(x)", "id": "f1"}).encode(),
        json.dumps({"f": "x***2"}).encode(),
    ]
    path = tmp_path / "problems.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")

    items, bad = await read_problem_lines(path, get_family("ibp"), "x", pool)

    reasons = {b.line: b.reason for b in bad}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 8, 9, 11, 13]
    assert reasons[2].startswith("not JSON")
    assert "JSON object, got list" in reasons[3]
    assert "missing ['problem']" in reasons[4]
    assert "'[red]ode_linear[/]' is not the config's (ibp)" in reasons[5]
    assert "'problem' must be text" in reasons[6]
    assert reasons[8] == "the same problem as line 1"
    assert reasons[9] == "not UTF-8"
    assert reasons[11].startswith("not a problem")
    assert "problem 12" in reasons[13]  # f does not parse: the family's own reason
    mine, drawn, function = items
    assert mine.id == "mine" and mine.problem.difficulty == "easy" and mine.problem.construction == "unknown"
    assert mine.inputs == {"integrand": "x*cos(x)", "problem": "Integrate x*cos(x).", "variable": "x"}
    assert mine.problem.details.integrand == "x*cos(x)"  # what the checks read
    # A whole problem: the teacher's earlier stages restate it, as in a run.
    assert (
        drawn.problem.model_dump() == whole.model_dump()
        and drawn.inputs["integrand"] == whole.details.integrand
    )
    # A problems_file line: the problem a run makes from f (its integrand f'), then restated by the teacher.
    assert function.id == "f1" and function.problem.details.f == "x*sin(x)"
    assert function.inputs["integrand"] == function.problem.details.integrand == "x*cos(x) + sin(x)"
