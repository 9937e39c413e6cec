"""Rendering: the text layout reads back to the same answer, chunks line up with labels, completions score."""

import pytest

from pipeline.families.ode_linear import rendering
from pipeline.families.ode_linear.final import verify_final

from .helpers import FAMILY, problem, solve

CASES = [
    ("medium", 1, "integrating_factor"),
    ("hard", 2, "variation_of_parameters"),
    ("ivp", 0, "integrating_factor"),
]


def _columns(prob) -> dict[str, str]:
    d = prob.details
    return {"p": d.p, "q": d.q, "x0": d.x0, "y0": d.y0, "variable": prob.variable}


@pytest.mark.parametrize(("level", "index", "path"), CASES)
def test_the_text_layout_reads_back_to_the_same_answer(level, index, path):
    answer = solve(problem(level, index), path)
    text = rendering.solution_text(answer, "x")
    back, layout = rendering.read(text, "x")
    assert layout == "text"
    assert back.model_dump() == answer.model_dump()
    json_back, json_layout = rendering.read(answer.model_dump_json(), "x")
    assert json_layout == "json" and json_back == answer


@pytest.mark.parametrize(("level", "index", "path"), CASES)
def test_chunks_name_the_labels_of_the_checks_in_reading_order(level, index, path):
    prob = problem(level, index)
    answer = solve(prob, path)
    labels = FAMILY.path_stage.check(answer, prob).step_labels
    chunks = rendering.chunks(answer, "x")
    assert [(c.kind, c.index) for c in chunks[:-1]] == [(label.kind, label.index) for label in labels]
    assert chunks[-1].kind == "final" and chunks[-1].text.startswith("Answer: y = ")


@pytest.mark.parametrize(
    ("flaw", "correct", "first_wrong"),
    [
        (None, True, None),
        ("mu_sign", False, 0),
        ("integral_error", False, 2),
        ("dropped_constant", False, None),
    ],
)
def test_a_completion_is_scored_by_its_text(flaw, correct, first_wrong):
    prob = problem("medium", 1)
    text = rendering.solution_text(solve(prob, "integrating_factor", flaw), "x")
    score = rendering.score(text, _columns(prob), True)
    assert score.layout == "text" and score.answer_found and score.answer_parses
    assert score.correct is correct
    wrong = [i for i, label in enumerate(score.step_labels) if label == "incorrect"]
    assert (wrong[0] if wrong else None) == first_wrong


def test_an_initial_condition_is_part_of_a_correct_score():
    prob = problem("ivp", 0)
    answer = solve(prob, "integrating_factor")
    good = rendering.score(rendering.solution_text(answer, "x"), _columns(prob), False)
    assert good.correct
    off = answer.model_copy(update={"constant": f"({answer.constant}) + 1"})
    bad = rendering.score(rendering.solution_text(off, "x"), _columns(prob), False)
    assert not bad.correct and bad.final_reason.startswith("initial_condition:")


@pytest.mark.parametrize(
    ("completion", "layout", "form"),
    [
        ("The answer is \\boxed{(x**2/2 + C)*exp(-x**2)}", "answer_only", True),
        ("Answer: y = x**2*exp(-x**2)/2", "answer_only", False),
        ("Answer: y = (x**2/2 + K)*exp(-x**2)", "answer_only", True),
        ("no idea", "none", False),
    ],
)
def test_plain_reading_finds_the_answer_and_its_constant(completion, layout, form):
    read = rendering.read_answer(completion, "x")
    assert read.layout == layout and read.answer_form is form


def test_verify_decides_right_and_wrong_answers():
    columns = {"p": "2*x", "q": "x*exp(-x**2)", "variable": "x"}
    assert verify_final("y = (x**2/2 + C)*exp(-x**2)", columns).ok
    wrong = verify_final("x**2*exp(-x**2)/2 + C", columns)
    assert not wrong.ok and wrong.parses and wrong.reason == "not_equivalent"
    assert verify_final("(x**2/2 + C", columns).parses is False


def test_the_request_states_the_equation_and_the_condition():
    prob = problem("ivp", 0)
    d = prob.details
    fields = {"variable": "x", "problem": "Solve this.", "p": d.p, "q": d.q, "x0": d.x0, "y0": d.y0}
    text = rendering.request(fields)
    assert f"y' + ({d.p})*y = {d.q}" in text and f"y({d.x0}) = {d.y0}" in text
    assert "Initial condition: C = " in text and "Answer: y = " in text
