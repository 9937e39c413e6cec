from __future__ import annotations

import pytest
import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import PartsChoice, SolveAnswer
from pipeline.families.ibp.teacher import (
    FLAW_STEP_INDEX,
    Flaw,
    SolvePath,
    TeacherError,
    flawed_step_index,
    write_solve_answer,
)
from pipeline.families.ibp.teacher.parts_step import slipped_derivative, wrong_antiderivative
from tests.pipeline.families.ibp.teacher.mathcheck import (
    is_clearly_nonzero,
    is_zero,
    make_problem,
    read,
    read_antiderivative,
    solve_claim_residual,
)

x = sympy.Symbol("x")


def assert_correct_solution(answer: SolveAnswer, integrand: str) -> None:
    for step in answer.steps:
        assert is_zero(solve_claim_residual(step.integrand, step.result)), step
    for index, choice in enumerate(answer.parts):  # one choice per application (chains have several)
        u, dv, du, v = (read(text) for text in (choice.u, choice.dv, choice.du, choice.v))
        assert is_zero(sympy.diff(u, x) - du) and is_zero(sympy.diff(v, x) - dv), choice
        step = answer.steps[FLAW_STEP_INDEX + index]
        assert is_zero(u * dv - read(step.integrand)), "each parts choice applies to its step"
    antiderivative = read_antiderivative(answer.antiderivative)
    assert not antiderivative.has(sympy.Integral)
    assert is_zero(sympy.diff(antiderivative, x) - read(integrand))
    assert SolveAnswer.model_validate_json(answer.model_dump_json()) == answer


def test_the_papers_example_is_solved_by_reversing_the_product_rule():
    problem = make_problem("x**2", "sin(exp(x**2))")
    answer = write_solve_answer(problem)

    assert answer.parts == [
        PartsChoice(u="x**2", dv="2*x*exp(x**2)*cos(exp(x**2))", du="2*x", v="sin(exp(x**2))")
    ]
    assert [step.result for step in answer.steps] == [
        "Integral(2*x*sin(exp(x**2)), x) + Integral(2*x**3*exp(x**2)*cos(exp(x**2)), x)",
        "x**2*sin(exp(x**2)) - Integral(2*x*sin(exp(x**2)), x)",
        "x**2*sin(exp(x**2))",
    ]
    assert answer.antiderivative == "x**2*sin(exp(x**2)) + C"
    assert "product rule" in answer.rabbit
    assert_correct_solution(answer, problem.details.integrand)


def test_the_liate_path_integrates_the_other_term_by_parts():
    problem = make_problem("x**2", "sin(exp(x**2))")
    answer = write_solve_answer(problem, path="liate")

    assert answer.parts == [
        PartsChoice(u="sin(exp(x**2))", dv="2*x", du="2*x*exp(x**2)*cos(exp(x**2))", v="x**2")
    ]
    assert answer.steps[FLAW_STEP_INDEX].integrand == "2*x*sin(exp(x**2))"
    assert_correct_solution(answer, problem.details.integrand)


def assert_correct_paths(problem: Problem) -> None:
    answer = write_solve_answer(problem)
    assert read_antiderivative(answer.antiderivative) == read(problem.details.f)
    assert_correct_solution(answer, problem.details.integrand)
    assert_correct_solution(write_solve_answer(problem, path=SolvePath.LIATE), problem.details.integrand)


def assert_flaws_enter_at_the_parts_step(problem: Problem) -> None:
    for path in SolvePath:
        for flaw in Flaw:
            answer = write_solve_answer(problem, path=path, flaw=flaw)
            first, wrong = answer.steps[0], answer.steps[flawed_step_index(flaw)]
            assert is_zero(solve_claim_residual(first.integrand, first.result)), (
                problem.details.f,
                path,
                flaw,
            )
            wrong_residual = solve_claim_residual(wrong.integrand, wrong.result)
            assert is_clearly_nonzero(wrong_residual, x), (problem.details.f, path, flaw, wrong)
            final = read_antiderivative(answer.antiderivative)
            assert is_clearly_nonzero(sympy.diff(final, x).doit() - read(problem.details.integrand), x), (
                problem.details.f
            )
            assert SolveAnswer.model_validate_json(answer.model_dump_json()) == answer


def test_both_correct_paths_are_correct_for_sampled_problems(few_problems):
    for problem in few_problems:
        assert_correct_paths(problem)


def test_every_flaw_enters_at_the_parts_step_and_makes_it_really_wrong(few_problems):
    for problem in few_problems[:10]:
        assert_flaws_enter_at_the_parts_step(problem)


@pytest.mark.slow
def test_both_correct_paths_are_correct_for_200_sampled_problems(many_problems):
    for problem in many_problems:
        assert_correct_paths(problem)


@pytest.mark.slow
def test_every_flaw_enters_at_the_parts_step_for_200_sampled_problems(many_problems):
    for problem in many_problems:
        assert_flaws_enter_at_the_parts_step(problem)


def test_each_flaw_is_visible_where_it_is_named():
    problem = make_problem("x**2", "sin(exp(x**2))")

    (wrong_du,) = write_solve_answer(problem, flaw="wrong_du").parts
    assert is_clearly_nonzero(read(wrong_du.du) - sympy.diff(read(wrong_du.u), x), x)

    (wrong_v,) = write_solve_answer(problem, flaw="wrong_v").parts
    assert is_clearly_nonzero(sympy.diff(read(wrong_v.v), x) - read(wrong_v.dv), x)

    dropped = write_solve_answer(problem, flaw="dropped_sign")
    assert dropped.parts == write_solve_answer(problem).parts
    assert dropped.steps[FLAW_STEP_INDEX].result == "x**2*sin(exp(x**2)) + Integral(2*x*sin(exp(x**2)), x)"


def test_a_correct_answer_has_no_flawed_step():
    assert flawed_step_index(None) is None
    assert flawed_step_index("wrong_v") == FLAW_STEP_INDEX


@pytest.mark.parametrize(
    ("expression", "slip"),
    [
        ("x**2", "x"),  # forgot the factor n of the power rule
        ("x", "x"),  # 1 would be right: kept the exponent instead
        ("sin(x**2)", "cos(x**2)"),  # dropped the chain factor
        ("3*x**2 + 1", "3*x"),
        ("exp(x)", "2*exp(x)"),
    ],
)
def test_slipped_derivatives_are_plausible_and_wrong(expression, slip):
    assert slipped_derivative(read(expression), x) == read(slip)


def test_a_wrong_antiderivative_is_never_accidentally_right():
    assert wrong_antiderivative(read("sin(x)"), read("cos(x)"), x) == read("cos(x)")
    assert wrong_antiderivative(read("exp(x)"), read("exp(x)"), x) == read("-exp(x)")


@pytest.mark.parametrize(
    ("path", "flaw", "kind"), [("guess", None, "unknown_path"), ("liate", "typo", "unknown_flaw")]
)
def test_unknown_paths_and_flaws_are_refused_by_name(path, flaw, kind):
    with pytest.raises(TeacherError) as caught:
        write_solve_answer(make_problem("x", "exp(x)"), path=path, flaw=flaw)
    assert caught.value.kind == kind
