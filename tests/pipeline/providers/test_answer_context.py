"""What the schema does not read reaches the checks: prose around the JSON and undeclared keys."""

from __future__ import annotations

import json
import re

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


def _read(text: str) -> list[str]:
    return parse_answer(text, SolveAnswer).unread_text


@pytest.mark.parametrize(
    "text",
    [
        "Let c = x sin x.\n```json\n" + json.dumps(ANSWER) + "\n```",  # prose before the block
        json.dumps(_with(where="c = x sin x")),  # a key the schema does not declare
        json.dumps(ANSWER)[:-1] + ', "unread_text": ["c = x sin x"]}',  # the field itself: one more text
        json.dumps(ANSWER).replace('"rabbit"', '// c = x sin x\n"rabbit"'),  # a JSON5 comment
        json.dumps(ANSWER) + '\n\n{"c": "x sin x"}',  # a second JSON block
        "\\boxed{c = x \\sin x}\n" + json.dumps(ANSWER),  # LaTeX in the prose
        "word " * 600 + "so let c = x sin x.\n" + json.dumps(ANSWER),  # past any length cut
    ],
    ids=["prose", "undeclared key", "the field itself", "comment", "second block", "boxed", "long"],
)
def test_a_definition_anywhere_in_the_text_reaches_the_checks(text):
    assert any(re.search(r"\bc\b.*x", piece) or piece == "c" for piece in _read(text)), _read(text)


def test_the_fields_the_schema_reads_are_not_kept():
    # "c + cos(x)" is a claim, checked as one: no definition of c
    assert _read(json.dumps(ANSWER)) == []
    assert _read(json.dumps(ANSWER, indent=2)) == []


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


@pytest.mark.parametrize(
    "prose",
    ["На шаге 1 К — это x sin x.", "ステップ1の ｃ は x sin x です。", "That last letter is x sin x."],
    ids=["Cyrillic look-alike", "full-width letter", "by description"],
)
def test_a_letter_a_reader_sees_is_kept_however_it_is_written(prose):
    assert prose in _read(json.dumps(ANSWER) + "\n\n" + prose)  # round 57: these pieces were never kept
