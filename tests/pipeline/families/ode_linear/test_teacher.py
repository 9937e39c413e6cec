"""The teacher: every path is accepted with every claim proved; each flaw is first incorrect where planted."""

import pytest

from pipeline.families.ode_linear.teacher import FLAWS, PATHS, write_solution

from .helpers import FAMILY, problem, read, residual_vanishes, solve

CASES = [
    ("easy", 0),
    ("easy", 3),
    ("medium", 1),
    ("medium", 4),
    ("hard", 2),
    ("hard", 5),
    ("ivp", 0),
    ("ivp", 1),
]


@pytest.mark.parametrize(("level", "index"), CASES)
def test_the_derive_and_reverse_answers_pass(level, index):
    prob = problem(level, index)
    answers = {}
    for spec in FAMILY.stages[:-1]:
        answer = spec.teach(prob, spec.inputs(prob, answers), None, None)
        checks = spec.check(answer, prob)
        assert checks.failure is None, (spec.name, checks)
        answers[spec.name] = answer
    assert answers["reverse"].q == answers["derive"].q  # the model's q is restated, not the truth


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("level", "index"), CASES)
def test_every_path_is_accepted_with_every_claim_proved(path, level, index):
    prob = problem(level, index)
    answer = solve(prob, path)
    checks = FAMILY.path_stage.check(answer, prob)
    assert checks.failure is None, checks
    assert all(label.label == "correct" for label in checks.step_labels)
    assert residual_vanishes(answer.solution, prob.details.p, prob.details.q)
    if prob.details.x0:
        assert [c.name for c in checks.checks] == ["solution_verified", "initial_condition_met"]
        assert checks.step_labels[-1].kind == "initial_condition"
    normalized = FAMILY.path_stage.normalize(answer, prob)
    assert read(normalized).has(read("C")) and residual_vanishes(normalized, prob.details.p, prob.details.q)


def test_the_two_paths_are_genuinely_different():
    prob = problem("medium", 1)
    kinds = {path: [step.claim for step in solve(prob, path).steps] for path in PATHS}
    assert kinds == {
        "integrating_factor": ["product_form", "integral"],
        "variation_of_parameters": ["homogeneous", "variation", "integral"],
    }


PLANTED = {"mu_sign": "integrating_factor", "integral_error": "solve_step", "dropped_constant": "final"}


@pytest.mark.parametrize("flaw", FLAWS)
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("level", "index"), CASES)
def test_each_flaw_is_first_incorrect_where_planted_and_reaches_the_answer(flaw, path, level, index):
    prob = problem(level, index)
    checks = FAMILY.path_stage.check(solve(prob, path, flaw), prob)
    final = checks.checks[0]
    assert final.name == "solution_verified" and not final.ok
    assert final.reason in ("not_equivalent", "unfinished_integral")
    first = checks.first_error_step
    where = "final" if first is None else checks.step_labels[first].kind
    assert where == PLANTED[flaw], checks.step_labels
    assert not any(label.label == "unverifiable" for label in checks.step_labels)


def test_unknown_paths_and_flaws_are_teacher_errors():
    from pipeline.core.errors import TeacherError

    with pytest.raises(TeacherError):
        write_solution(problem("easy", 0), "guessing")
    with pytest.raises(TeacherError):
        write_solution(problem("easy", 0), PATHS[0], "typo")
