"""The text layout: chunks line up with the checks' labels, a solution read back scores like the checked
answer, and plain reading splits a decomposition line into its parts."""

from __future__ import annotations

import pytest

from pipeline.families import get_family
from pipeline.families.partial_fractions.checks import check_partial_fractions_solve
from pipeline.families.partial_fractions.reading import read_layout, split_terms
from pipeline.families.partial_fractions.teacher import FLAWS, PATHS, write_solution

RENDERING = get_family("partial_fractions").rendering


def _columns(problem) -> dict[str, str]:
    return {"integrand": problem.details.integrand, "variable": problem.variable}


@pytest.mark.parametrize(("path", "flaw"), [(PATHS[0], None), (PATHS[1], None), (PATHS[1], FLAWS[0])])
def test_chunks_are_the_labelled_claims_in_reading_order(variety, path, flaw):
    problem = variety[-1]
    answer = write_solution(problem, path, flaw).answer
    labels = check_partial_fractions_solve(answer, problem).step_labels
    found = [(c.kind, c.index) for c in RENDERING.chunks(answer, problem.variable)]
    assert found == [(label.kind, label.index) for label in labels] + [("final", 0)]


@pytest.mark.parametrize(("path", "flaw"), [(PATHS[0], None), (PATHS[1], None), (PATHS[0], "log_sign")])
def test_a_solution_read_back_from_text_scores_like_the_checked_answer(variety, path, flaw):
    for problem in variety:
        answer = write_solution(problem, path, flaw).answer
        text = RENDERING.solution_text(answer, problem.variable)
        back, layout = read_layout(text, problem.variable)
        assert layout == "text" and back.antiderivative == answer.antiderivative
        assert [s.result for s in back.steps] == [s.result for s in answer.steps]
        assert back.polynomial_part == answer.polynomial_part and back.terms == answer.terms
        score = RENDERING.score(text, _columns(problem), True)
        labels = check_partial_fractions_solve(answer, problem).step_labels
        assert score.correct is (flaw is None) and score.answer_form
        assert score.step_labels == [label.label for label in labels]


def test_json_answers_and_bare_answers_are_read_too(variety):
    problem = variety[0]
    answer = write_solution(problem, PATHS[0]).answer
    assert RENDERING.read(answer.model_dump_json(), "x").layout == "json"
    bare = RENDERING.read(f"So the answer is\nAnswer: {answer.antiderivative}", "x")
    assert bare.layout == "answer_only" and bare.final_answer == answer.antiderivative
    assert RENDERING.score(f"\\boxed{{{answer.antiderivative}}}", _columns(problem), True).correct
    assert RENDERING.read("I cannot do this integral.", "x").layout == "none"
    assert RENDERING.score("", _columns(problem), True).layout == "none"


@pytest.mark.parametrize(
    ("line", "polynomial", "terms"),
    [
        ("3/(x - 2) - 1/(x + 1)", "0", ["3/(x - 2)", "-1/(x + 1)"]),
        ("x**2/2 - x + 1 + 3/(x - 2)", "x**2/2 - x + 1", ["3/(x - 2)"]),
        ("-(2*x - 1)/(x**2 + 1) + 1/x", "0", ["-(2*x - 1)/(x**2 + 1)", "1/x"]),
        (
            "2*x + (x - 3)/(x**2 + 4*x + 8) - 2/(x + 1)**2",
            "2*x",
            ["(x - 3)/(x**2 + 4*x + 8)", "-2/(x + 1)**2"],
        ),
        ("5", "5", []),
    ],
)
def test_split_terms(line, polynomial, terms):
    assert split_terms(line, "x") == (polynomial, terms)


def test_the_request_asks_for_partial_fractions_in_the_layout():
    text = RENDERING.request({"variable": "x", "integrand": "(x + 5)/(x**2 + x - 2)", "problem": "Find it."})
    assert "Integrate by partial fractions" in text and "Decomposition: g(x) =" in text
    assert "(x + 5)/(x**2 + x - 2)" in text
