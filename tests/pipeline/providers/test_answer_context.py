"""What the schema does not read reaches the checks: prose around the JSON and undeclared keys."""

from __future__ import annotations

import json

import pytest

from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.ibp.checks import check_solve
from pipeline.families.ibp.from_function import problem_from_function
from pipeline.providers.json_extract import parse_answer

ANSWER = {
    "rabbit": "integration by parts",
    "parts": [{"u": "x", "dv": "cos(x)", "du": "1", "v": "sin(x)"}],
    "steps": [
        {"explanation": "uv - ∫ v du:", "integrand": "x*cos(x)", "result": "x*sin(x) - Integral(sin(x), x)"},
        {"explanation": "Finish.", "integrand": "x*cos(x)", "result": "c + cos(x)"},
    ],
    "antiderivative": "x*sin(x) + cos(x) + C",
}


def _with(**changes) -> dict:
    answer = json.loads(json.dumps(ANSWER))
    for key, value in changes.items():
        answer[key] = value
    return answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps(ANSWER), []),
        ("Let c = x sin x.\n```json\n" + json.dumps(ANSWER) + "\n```", ["Let c = x sin x."]),
        (json.dumps(_with(where="c = x sin x")), ["where: c = x sin x"]),
        # set by the reader, never by the model: what a model writes under that key is one more text
        (json.dumps(_with(unread_text=["c = x"])), ["unread_text: c = x"]),
    ],
    ids=["json alone", "prose before the block", "an undeclared key", "the field itself"],
)
def test_texts_the_schema_does_not_read_are_kept(text, expected):
    assert [t.strip() for t in parse_answer(text, SolveAnswer).unread_text] == expected


def test_an_undeclared_key_inside_a_step_is_kept():
    answer = _with()
    answer["steps"][1]["note"] = "c = x sin x"
    assert parse_answer(json.dumps(answer), SolveAnswer).unread_text == ["note: c = x sin x"]


def test_a_definition_in_the_prose_makes_the_constant_unread():
    # c is x sin x by the prose before the JSON: "c + cos(x)" is true then, and must not be checked with c a
    # constant of integration (it would be labelled incorrect: a round-47 adversary's)
    problem = problem_from_function("x*sin(x) + cos(x)", 0, 0, "x", {"train": 1.0}, "t")
    for text, label in [
        (json.dumps(ANSWER), "incorrect"),
        ("Let c = x sin x, the uv term.\n```json\n" + json.dumps(ANSWER) + "\n```", "unverifiable"),
    ]:
        checks = check_solve(parse_answer(text, SolveAnswer), problem)
        assert [str(s.label) for s in checks.step_labels][-1] == label
