"""Values an answer corrects or contradicts itself are marked, so no checker reads them as its claim."""

from __future__ import annotations

import json

from pipeline.families.ibp.answers import SolveAnswer
from pipeline.providers.answer_doubts import OPEN, mark_corrections, mark_disagreements
from pipeline.providers.json_extract import parse_answer

STEP = {"explanation": "parts", "integrand": "x*cos(x)", "result": "x*sin(x) + cos(x)"}
PART = {"u": "x", "dv": "cos(x)", "du": "1", "v": "sin(x)"}
ANSWER = {"rabbit": "parts", "parts": [PART], "steps": [STEP], "antiderivative": "x*sin(x) + cos(x) + C"}


def doubted(value: str) -> bool:
    return OPEN in value


def test_a_key_correcting_a_named_field_marks_that_field_only():
    part = {**PART, "v_corrected": "2*sin(x)"}
    marked = mark_corrections({**ANSWER, "parts": [part]}, SolveAnswer)
    assert doubted(marked["parts"][0]["v"]) and "2*sin(x)" in marked["parts"][0]["v"]
    assert not doubted(marked["parts"][0]["u"]) and not doubted(marked["antiderivative"])


def test_an_erratum_in_a_step_marks_that_steps_fields():
    step = {**STEP, "erratum": "the result above should read -x*cos(x) + 2*sin(x)"}
    marked = mark_corrections({**ANSWER, "steps": [step]}, SolveAnswer)
    assert doubted(marked["steps"][0]["result"]) and doubted(marked["steps"][0]["integrand"])
    assert not doubted(marked["parts"][0]["v"])


def test_an_erratum_at_the_top_marks_the_whole_answer():
    marked = mark_corrections({**ANSWER, "errata": "step 1 has a typo"}, SolveAnswer)
    assert doubted(marked["antiderivative"]) and doubted(marked["steps"][0]["result"])


def test_chatter_keys_that_correct_nothing_change_nothing():
    answer = {**ANSWER, "note": "u chosen by LIATE; this is the correct choice", "u_reason": "algebraic"}
    assert mark_corrections(answer, SolveAnswer) == answer


def test_values_another_block_has_differently_are_marked():
    other = {**ANSWER, "steps": [{**STEP, "result": "x*sin(x) - cos(x)"}]}
    marked = mark_disagreements(ANSWER, [other])
    assert doubted(marked["steps"][0]["result"])
    assert not doubted(marked["steps"][0]["integrand"]) and not doubted(marked["antiderivative"])
    assert mark_disagreements(ANSWER, [json.loads(json.dumps(ANSWER))]) == ANSWER  # the same block twice


def test_parse_answer_marks_a_disowned_block():
    wrong = {**ANSWER, "steps": [{**STEP, "result": "x*sin(x) - cos(x)"}]}
    text = (
        f"My answer:\n```json\n{json.dumps(wrong)}\n```\n"
        f"For comparison only:\n```json\n{json.dumps(ANSWER)}\n```"
    )
    answer = parse_answer(text, SolveAnswer)
    assert doubted(answer.steps[0].result) and not doubted(answer.parts[0].u)


def test_parse_answer_reads_one_block_as_written():
    answer = parse_answer(f"```json\n{json.dumps(ANSWER)}\n```", SolveAnswer)
    assert answer.steps[0].result == "x*sin(x) + cos(x)"
