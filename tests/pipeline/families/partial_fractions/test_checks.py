"""The checks: right answers (in any correct spelling) accepted, near-miss wrong ones rejected, and the
decomposition claim labelled by recombining."""

from __future__ import annotations

import pytest
import sympy

from pipeline.core.problem import Problem
from pipeline.families.partial_fractions.checks import check_partial_fractions_solve, label_decomposition
from pipeline.families.partial_fractions.sampler import build_details
from pipeline.families.partial_fractions.teacher import write_solution
from pipeline.families.partial_fractions.terms import Decomposition, LinearFactor, QuadraticFactor
from pipeline.families.shared.antiderivative import final_check

X = sympy.Symbol("x")
# g = x + 1 + 3/(x - 2) - 2/(x + 1)**2 + (2*x + 3)/(x**2 + 2*x + 5): every kind of term, and improper.
DECOMPOSITION = Decomposition(
    linear=(LinearFactor(root=2, coefficients=(3,)), LinearFactor(root=-1, coefficients=(0, -2))),
    quadratic=(QuadraticFactor(p=2, q=5, c=2, d=3),),
    polynomial=(1, 1),
)
RIGHT = "x**2/2 + x + 3*log(x - 2) + 2/(x + 1) + log(x**2 + 2*x + 5) + atan((x + 1)/2)/2"
TERMS = ["3/(x - 2)", "-2/(x + 1)**2", "(2*x + 3)/(x**2 + 2*x + 5)"]
G = "(x**6 + 3*x**5 + 9*x**4 + 7*x**3 - 3*x**2 - 8*x + 19)/(x**5 + 2*x**4 + 2*x**3 - 8*x**2 - 19*x - 10)"


@pytest.fixture(scope="module")
def problem() -> Problem:
    details, _ = build_details(DECOMPOSITION, X)
    return Problem(index=0, seed=1, family="partial_fractions", construction="hand", details=details)


def test_the_hand_built_problem_is_what_the_table_assumes(problem):
    assert list(problem.details.terms) == TERMS and problem.details.polynomial_part == "x + 1"
    assert final_check(RIGHT + " + C", problem).ok


@pytest.mark.parametrize(
    ("antiderivative", "ok"),
    [
        (RIGHT + " + C", True),
        (RIGHT.replace("log(x - 2)", "log(Abs(x - 2))") + " + C", True),  # log|x - a|: same derivative
        (RIGHT + " + 7", True),  # any constant
        (RIGHT.replace("3*log(x - 2)", "4*log(x - 2)"), False),  # a coefficient off by one
        (RIGHT.replace("3*log(x - 2)", "log(x - 2)"), False),  # log|x - a| missing its coefficient
        (RIGHT.replace("3*log(x - 2)", "3*log(x + 2)"), False),  # the root's sign
        (RIGHT.replace("atan((x + 1)/2)/2", "atan((x + 1)/2)"), False),  # atan with the wrong scale
        (RIGHT.replace("atan((x + 1)/2)/2", "atan(x + 1)/2"), False),  # atan's argument not scaled
        (RIGHT.replace("atan((x + 1)/2)/2", "atan((x + 1)/2)/4"), False),
        (RIGHT.replace("x**2/2 + x + ", ""), False),  # the polynomial part dropped
        (RIGHT.replace("2/(x + 1)", "-2/(x + 1)"), False),  # the power rule's sign
        (RIGHT.replace("log(x**2 + 2*x + 5)", "2*log(x**2 + 2*x + 5)"), False),  # Q'/Q's factor 1/2 lost
        ("Integral((x**3 + x**2)/(x**2 - x - 2), x) + C", False),  # no antiderivative at all
    ],
)
def test_final_answer_near_misses(problem, antiderivative, ok):
    assert final_check(antiderivative, problem).ok is ok


@pytest.mark.parametrize(
    ("polynomial_part", "terms", "label"),
    [
        ("x + 1", TERMS, "correct"),
        ("1 + x", list(reversed(TERMS)), "correct"),  # order does not matter
        ("x + 1", ["3/(x - 2)", "-2/(x + 1)**2", "2*x/(x**2 + 2*x + 5)", "3/(x**2 + 2*x + 5)"], "correct"),
        ("x + 1", ["4/(x - 2)", *TERMS[1:]], "incorrect"),  # a coefficient off by one
        ("x + 1", ["3/(x + 2)", *TERMS[1:]], "incorrect"),  # the factor's sign
        ("0", TERMS, "incorrect"),  # the polynomial part dropped
        ("x", TERMS, "incorrect"),  # the division done wrong
        ("x + 1", ["3/(x - 2)", "-2/(x + 1)", TERMS[2]], "incorrect"),  # repeated factor's power lost
        ("x + 1", ["3/(x - 2)", "-2/(x + 1)**2", "(2*x + 3)/(x**2 + 2*x + 5"], "unverifiable"),  # unparsable
        ("0", [G], "incorrect"),  # g itself as its one "term": true, but no decomposition
        ("x + 1", ["3/(x - 2) - 2/(x + 1)**2", TERMS[2]], "incorrect"),  # two factors in one "term"
        ("x + 1", [*TERMS[:2], "2*x/(x**2 + 2*x + 5) + 3/(x**2 + 2*x + 5)"], "correct"),  # one factor: fine
        ("x + 1 + 1/(x - 2)", ["2/(x - 2)", *TERMS[1:]], "incorrect"),  # a fraction in the polynomial part
        ("x", ["(x + 1)/(x - 2)", *TERMS[1:]], "incorrect"),  # an improper term (1 + 3/(x - 2))
    ],
)
def test_the_decomposition_claim_is_labelled_by_recombining(problem, polynomial_part, terms, label):
    verdict = label_decomposition(polynomial_part, terms, problem.details.integrand, "x")
    assert str(verdict.label) == label


@pytest.mark.parametrize(
    ("polynomial_part", "terms"),
    [
        ("0", [G]),
        ("x + 1", ["3/(x - 2) - 2/(x + 1)**2", TERMS[2]]),
        ("x + 1 + 1/(x - 2)", ["2/(x - 2)", *TERMS[1:]]),
        ("x", ["(x + 1)/(x - 2)", *TERMS[1:]]),
    ],
)
def test_parts_that_add_up_but_are_no_partial_fractions_are_named(problem, polynomial_part, terms):
    verdict = label_decomposition(polynomial_part, terms, problem.details.integrand, "x")
    assert (str(verdict.label), verdict.reason) == ("incorrect", "not_partial_fractions"), verdict.detail


@pytest.mark.parametrize(
    ("step_result", "reason"),
    [
        ("3*log(x - 2) + 1", None),  # the step's antiderivative may differ by a constant
        ("3*log(x + 2)", "result_not_antiderivative"),
        ("log(x - 2)", "result_not_antiderivative"),
    ],
)
def test_a_wrong_term_integral_is_caught_at_its_own_step(problem, step_result, reason):
    answer = write_solution(problem, "cover_up").answer
    j = next(i for i, s in enumerate(answer.steps) if s.integrand == "3/(x - 2)")
    steps = list(answer.steps)
    steps[j] = steps[j].model_copy(update={"result": step_result})
    checks = check_partial_fractions_solve(answer.model_copy(update={"steps": steps}), problem)
    label = checks.step_labels[1 + j]
    assert (label.kind, label.index) == ("solve_step", j)
    assert (None if label.label == "correct" else label.reason) == reason
    assert checks.checks[0].ok  # the final answer was left right: only the step is wrong
    assert (checks.failure is None) is (reason is None)
