"""The checks against the sampler's truth: right answers accepted, near-miss wrong ones rejected."""

import pytest

from pipeline.families.ode_linear.answers import OdeReverseAnswer

from .helpers import FAMILY, earlier_answers, problem, solve

SOLVE = FAMILY.path_stage


def _near_misses(prob, answer) -> dict[str, dict]:
    d = prob.details
    return {
        "C not divided by mu": {"solution": f"{d.particular} + C"},
        "sign of ∫p flipped": {"solution": f"({d.integral} + C)*({d.mu})"},
        "particular solution off by a factor": {"solution": f"2*({d.particular}) + C*({d.homogeneous})"},
        "no constant": {"solution": d.particular},
        "constant squared": {"solution": f"{d.particular} + C**2*({d.homogeneous})"},
    }


@pytest.mark.parametrize(("level", "index"), [("medium", 1), ("medium", 4), ("hard", 2), ("ivp", 1)])
def test_near_miss_general_solutions_are_rejected(level, index):
    prob = problem(level, index)
    answer = solve(prob, "integrating_factor")
    for name, change in _near_misses(prob, answer).items():
        checks = SOLVE.check(answer.model_copy(update=change), prob)
        assert checks.failure == "solution_verified:not_equivalent", (name, checks.checks[0])


def test_an_initial_condition_not_met_is_rejected_and_labelled_where_it_is():
    prob = problem("ivp", 0)
    answer = solve(prob, "integrating_factor")
    wrong = answer.model_copy(update={"constant": f"({answer.constant}) + 1"})
    checks = SOLVE.check(wrong, prob)
    assert checks.checks[0].ok  # the general solution is still right
    assert checks.failure.startswith("initial_condition_met:")
    assert checks.step_labels[checks.first_error_step].kind == "initial_condition"
    missing = SOLVE.check(answer.model_copy(update={"constant": "", "particular": ""}), prob)
    assert missing.failure == "initial_condition_met:missing"


def test_a_wrong_integrating_factor_is_labelled_but_a_right_multiple_is_not():
    prob = problem("medium", 1)
    answer = solve(prob, "integrating_factor")
    scaled = SOLVE.check(answer.model_copy(update={"mu": f"3*({answer.mu})"}), prob)
    assert scaled.failure is None
    inverted = SOLVE.check(answer.model_copy(update={"mu": f"1/({answer.mu})"}), prob)
    assert inverted.step_labels[0].label == "incorrect" and inverted.first_error_step == 0


def test_derive_near_misses():
    prob = problem("medium", 4)
    derive = earlier_answers(prob)["derive"]
    spec = FAMILY.stage("derive")
    assert spec.check(derive.model_copy(update={"q": f"{derive.q} + C"}), prob).failure.startswith(
        "q_matches"
    )
    assert spec.check(derive.model_copy(update={"q": f"2*({derive.q})"}), prob).failure.startswith(
        "q_matches"
    )
    wrong_derivative = spec.check(derive.model_copy(update={"derivative": f"-({derive.derivative})"}), prob)
    assert wrong_derivative.failure.startswith("derivative_matches")
    assert wrong_derivative.step_labels[-1].kind == "eliminate_constant"
    assert wrong_derivative.step_labels[-1].label == "incorrect"


def test_reverse_must_state_the_problems_equation_and_condition():
    prob = problem("ivp", 1)
    reverse = earlier_answers(prob)["reverse"]
    spec = FAMILY.stage("reverse")
    assert spec.check(reverse, prob).failure is None
    assert spec.check(reverse.model_copy(update={"p": f"-({reverse.p})"}), prob).failure.startswith(
        "p_matches"
    )
    assert spec.check(reverse.model_copy(update={"y0": f"{reverse.y0} + 1"}), prob).failure.startswith(
        "y0_matches"
    )
    plain = problem("medium", 1)
    posed = OdeReverseAnswer(problem="...", p=plain.details.p, q=plain.details.q, x0="0", y0="1")
    assert spec.check(posed, plain).failure == "initial_condition_matches:not_posed"
