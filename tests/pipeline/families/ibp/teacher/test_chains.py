"""The teacher on classic and parts_from_primitive problems: chains of true claims, flaws at step 1."""

from __future__ import annotations

import pytest
import sympy

from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.ibp.details import ibp_problem
from pipeline.families.ibp.generator.settings import Construction, GeneratorConfig
from pipeline.families.ibp.sampler import sample_problem
from pipeline.families.ibp.teacher import (
    FLAW_STEP_INDEX,
    Flaw,
    TeacherError,
    write_derive_answer,
    write_solve_answer,
)
from tests.pipeline.families.ibp.teacher.mathcheck import (
    derive_step_is_true,
    is_clearly_nonzero,
    is_zero,
    read,
    read_antiderivative,
    solve_claim_residual,
)

x = sympy.Symbol("x")


def problems_of(construction: Construction, count: int) -> list[Problem]:
    config = GeneratorConfig(constructions={construction: 1})
    return [sample_problem(3, index, config=config) for index in range(count)]


@pytest.fixture(scope="module")
def chain_problems() -> list[Problem]:
    return problems_of(Construction.CLASSIC, 6) + problems_of(Construction.PARTS_FROM_PRIMITIVE, 4)


def assert_chain_answer_is_true(problem: Problem, answer: SolveAnswer) -> None:
    for step in answer.steps:
        assert is_zero(solve_claim_residual(step.integrand, step.result)), (problem.details.integrand, step)
    for choice in answer.parts:
        u, dv, du, v = (read(text) for text in (choice.u, choice.dv, choice.du, choice.v))
        assert is_zero(sympy.diff(u, x) - du) and is_zero(sympy.diff(v, x) - dv), choice
        assert any(is_zero(u * dv - read(step.integrand)) for step in answer.steps), "parts applies to a step"
    first = answer.parts[0]
    assert is_zero(read(first.u) * read(first.dv) - read(answer.steps[FLAW_STEP_INDEX].integrand))
    assert (
        len(answer.parts) == problem.details.parts_applications
        or problem.construction == "parts_from_primitive"
    )
    antiderivative = read_antiderivative(answer.antiderivative)
    assert antiderivative == read(problem.details.f)
    assert is_zero(sympy.diff(antiderivative, x) - read(problem.details.integrand))


def test_classic_and_known_primitive_problems_are_solved_by_true_chains(chain_problems):
    for problem in chain_problems:
        assert_chain_answer_is_true(problem, write_solve_answer(problem))
        assert_chain_answer_is_true(problem, write_solve_answer(problem, path="liate"))


def test_the_derivation_of_a_closed_form_ends_at_the_integrand(chain_problems):
    for problem in chain_problems[:6]:
        answer = write_derive_answer(problem)
        for step in answer.steps:
            assert derive_step_is_true(step.expression, step.derivative), (problem.details.f, step)
        assert answer.derivative == problem.details.integrand


def test_repeated_parts_write_one_choice_per_application():
    problem = ibp_problem(
        index=0,
        seed=0,
        construction="classic",
        variant="poly_exp",
        f="(x**2 - 2*x + 2)*exp(x)",
        integrand="x**2*exp(x)",
        u="x**2",
        v="exp(x)",
        rabbit="tabular",
        parts_applications=2,
    )
    answer = write_solve_answer(problem)
    assert [(c.u, c.dv) for c in answer.parts] == [("x**2", "exp(x)"), ("2*x", "exp(x)")]
    assert answer.antiderivative == "(x**2 - 2*x + 2)*exp(x) + C"
    assert_chain_answer_is_true(problem, answer)


@pytest.mark.parametrize("flaw", list(Flaw))
def test_a_flaw_enters_at_the_first_parts_step(chain_problems, flaw):
    for problem in chain_problems[::4]:
        answer = write_solve_answer(problem, flaw=flaw)
        first, wrong = answer.steps[0], answer.steps[FLAW_STEP_INDEX]
        assert is_zero(solve_claim_residual(first.integrand, first.result))
        assert is_clearly_nonzero(solve_claim_residual(wrong.integrand, wrong.result), x), (
            problem.details.f,
            flaw,
        )
        final = read_antiderivative(answer.antiderivative)
        assert is_clearly_nonzero(sympy.diff(final, x).doit() - read(problem.details.integrand), x)


def test_an_unknown_variant_is_a_named_teacher_error():
    problem = ibp_problem(
        index=0,
        seed=0,
        construction="classic",
        variant="mystery",
        f="x",
        integrand="1",
        u="x",
        v="x",
        rabbit="",
    )
    with pytest.raises(TeacherError) as err:
        write_solve_answer(problem)
    assert err.value.kind == "unsupported_construction"
