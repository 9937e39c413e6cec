"""Values an answer corrects or contradicts itself are marked, so no checker reads them as its claim."""

from __future__ import annotations

import json

import pytest

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


def test_a_draft_in_the_reasoning_block_does_not_doubt_the_final_answer():
    draft = {**ANSWER, "steps": [{**STEP, "result": "x*sin(x) - cos(x)"}]}
    text = (
        f"<think>\nDraft:\n{json.dumps(draft)}\nThat sign is wrong; redo.\n</think>\n"
        f"```json\n{json.dumps(ANSWER)}\n```"
    )
    answer = parse_answer(text, SolveAnswer)
    assert answer.steps[0].result == "x*sin(x) + cos(x)"  # read as written, not doubted
    # the same draft outside any reasoning block still doubts it
    assert doubted(
        parse_answer(text.replace("<think>", "").replace("</think>", ""), SolveAnswer).steps[0].result
    )


def test_a_lone_closing_tag_ends_the_reasoning():
    draft = {**ANSWER, "antiderivative": "x*sin(x) - cos(x)"}
    text = f"Draft {json.dumps(draft)} no.\n</think>\n{json.dumps(ANSWER)}"
    assert parse_answer(text, SolveAnswer).antiderivative == "x*sin(x) + cos(x) + C"


@pytest.mark.parametrize(
    ("comment", "doubts"),
    [
        ("// substitution", False),  # a label in words
        ("# round 1", False),
        ("// + C is the constant of integration", False),
        ("/* + cos(x) */", True),  # math continuing the value
        ("# = 3*x**2", True),
        ("// t = x^3", False),  # a note naming the substitution
        ("# log**2 -> 2 log/x", False),
        ("// plus cos x", True),  # arithmetic in words
        ("// typo: should be -cos(x)", True),  # taking it back
    ],
)
def test_a_comment_joins_its_value_only_when_it_speaks_of_it(comment, doubts):
    text = json.dumps(ANSWER, indent=1).replace('+ C"', '+ C"  ' + comment)
    assert comment in text
    read = parse_answer(text, SolveAnswer).antiderivative
    assert (read != ANSWER["antiderivative"]) is doubts  # joined: the math reader then refuses the value
