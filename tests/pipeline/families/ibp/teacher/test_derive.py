from __future__ import annotations

import pytest
import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.teacher import derivative_steps, write_derive_answer
from pipeline.families.shared.answers import DeriveAnswer
from tests.pipeline.families.ibp.teacher.mathcheck import derive_step_is_true, is_zero, make_problem, read

x = sympy.Symbol("x")


def test_the_papers_example_is_differentiated_like_the_paper():
    problem = make_problem("x**2", "sin(exp(x**2))")
    answer = write_derive_answer(problem)

    assert read(answer.derivative) == read("2*x*sin(exp(x**2)) + 2*x**3*exp(x**2)*cos(exp(x**2))")
    by_expression = {step.expression: step for step in answer.steps}
    assert by_expression["x**2"].rule == "power"
    assert by_expression["exp(x**2)"].rule == "chain"
    assert by_expression["sin(exp(x**2))"].rule == "chain"
    assert "cos(w)" in by_expression["sin(exp(x**2))"].explanation
    assert answer.steps[-1].rule == "product"
    assert answer.steps[-1].expression == "x**2*sin(exp(x**2))"


def test_inner_functions_are_differentiated_before_the_functions_that_contain_them():
    order = [step.expression for step in derivative_steps(read("sin(exp(x**2))"), x)]
    assert order == ["x**2", "exp(x**2)", "sin(exp(x**2))"]


def test_each_rule_is_named_for_what_it_does():
    table = {
        "x**3": "power",
        "3*x**2": "constant",
        "x**2 + 5": "sum",
        "exp(x)": "elementary",
        "sqrt(x**2 + 1)": "chain",
        "2**x": "chain",
        "x*exp(x)": "product",
    }
    for expression, rule in table.items():
        assert derivative_steps(read(expression), x)[-1].rule == rule, expression


def test_u_equal_to_x_still_gets_a_step():
    steps = derivative_steps(x, x)
    assert [(s.rule, s.expression, s.derivative) for s in steps] == [("power", "x", "1")]


def test_a_repeated_subexpression_is_differentiated_once():
    expressions = [step.expression for step in derivative_steps(read("x**2*exp(x**2)"), x)]
    assert expressions.count("x**2") == 1


def test_another_variable_name_is_used_throughout():
    problem = make_problem("t**2 + 1", "atan(exp(t))", variable="t")
    answer = write_derive_answer(problem)
    t = sympy.Symbol("t")
    for step in answer.steps:
        assert read(step.expression, "t").free_symbols == {t}, step
    assert is_zero(read(answer.derivative, "t") - sympy.diff(read(problem.details.f, "t"), t))


def assert_derivation_is_true(problem: Problem) -> None:
    answer = write_derive_answer(problem)
    for step in answer.steps:
        assert derive_step_is_true(step.expression, step.derivative), (problem.details.f, step)
    assert answer.derivative == problem.details.integrand
    assert is_zero(read(answer.derivative) - sympy.diff(read(problem.details.f), x)), problem.details.f
    assert DeriveAnswer.model_validate_json(answer.model_dump_json()) == answer


def test_every_step_and_the_final_derivative_are_true_for_sampled_problems(few_problems):
    for problem in few_problems:
        assert_derivation_is_true(problem)


@pytest.mark.slow
def test_every_step_and_the_final_derivative_are_true_for_200_sampled_problems(many_problems):
    for problem in many_problems:
        assert_derivation_is_true(problem)
