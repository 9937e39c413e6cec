from __future__ import annotations

import pytest
import sympy

from pipeline.config import SamplerConfig
from pipeline.problem import Problem
from pipeline.sampler import (
    MAX_INTEGRAND_CHARS,
    Degeneracy,
    difficulty_of,
    find_degeneracy,
    problem_seed,
    sample_problem,
)
from validators.parse import parse_math

x = sympy.Symbol("x")
SAMPLED = 200


@pytest.fixture(scope="module")
def problems() -> list[Problem]:
    return [sample_problem(0, index) for index in range(SAMPLED)]


def nesting_depth(expr: sympy.Expr) -> int:
    """How many function applications are stacked in expr (sqrt counts, as the sampler composes it)."""
    if isinstance(expr, sympy.Function) or (expr.is_Pow and expr.exp == sympy.Rational(1, 2)):
        return 1 + max(nesting_depth(arg) for arg in expr.args)
    return max((nesting_depth(arg) for arg in expr.args), default=0)


def test_the_same_seed_and_index_give_the_same_problem():
    assert sample_problem(7, 3) == sample_problem(7, 3)


def test_a_problem_does_not_depend_on_which_problems_were_drawn_before_it():
    alone = sample_problem(7, 3)
    for index in (5, 0, 9):
        sample_problem(7, index)
    assert sample_problem(7, 3) == alone


def test_other_indices_and_other_run_seeds_give_other_problems():
    assert sample_problem(7, 3).f != sample_problem(7, 4).f
    assert sample_problem(7, 3).f != sample_problem(8, 3).f
    assert problem_seed(7, 3) != problem_seed(8, 3) != problem_seed(7, 4)


def test_the_recorded_seed_is_the_hash_of_run_seed_and_index():
    problem = sample_problem(7, 3)
    assert (problem.index, problem.seed) == (3, problem_seed(7, 3))
    assert 0 <= problem.seed < 2**63


def test_sampled_problems_are_products_whose_derivative_is_the_integrand(problems):
    for problem in problems:
        u, v, f, g = (parse_math(text) for text in (problem.u, problem.v, problem.f, problem.integrand))
        assert sympy.expand(f - u * v) == 0, problem
        assert sympy.expand(g - sympy.diff(f, x)) == 0, problem
        assert u.has(x) and v.has(x) and v.atoms(sympy.Function), problem
        assert len(problem.integrand) <= MAX_INTEGRAND_CHARS
        assert problem.construction == "product_reversal"
        assert problem.u in problem.rabbit and problem.v in problem.rabbit


def test_sampled_problems_are_diverse_and_span_all_difficulties(problems):
    assert len({problem.f for problem in problems}) >= 150
    assert {problem.difficulty for problem in problems} == {"easy", "medium", "hard"}
    outer_functions = {type(fn).__name__ for p in problems for fn in parse_math(p.v).atoms(sympy.Function)}
    assert {"exp", "sin", "cos", "log", "atan", "tanh"} <= outer_functions


def test_max_nesting_bounds_how_deep_v_is_composed():
    shallow = [sample_problem(1, i, config=SamplerConfig(max_nesting=1)) for i in range(20)]
    deep = [sample_problem(1, i, config=SamplerConfig(max_nesting=3)) for i in range(40)]
    assert all(nesting_depth(parse_math(p.v)) == 1 for p in shallow)
    assert max(nesting_depth(parse_math(p.v)) for p in deep) == 3


def test_the_variable_name_is_used_throughout():
    problem = sample_problem(0, 0, variable="t")
    assert problem.variable == "t"
    assert parse_math(problem.integrand, "t").free_symbols == {sympy.Symbol("t")}


@pytest.mark.parametrize(
    ("u", "v", "rule"),
    [
        ("x**2", "3", Degeneracy.CONSTANT_FACTOR),
        ("2", "sin(x)", Degeneracy.CONSTANT_FACTOR),
        ("x", "sqrt(x**2 + 1)", Degeneracy.NO_TRANSCENDENTAL),
        ("x", "exp(log(x + 1))", Degeneracy.NO_TRANSCENDENTAL),  # collapses to x + 1 on construction
        ("x**40 + 3*x**17 + 5", "sin(exp(7*x**3 + 2*x + 1))*cos(2*x) + atan(x**3 + 1)", Degeneracy.TOO_LONG),
        ("x**2", "sin(exp(x**2))", None),
    ],
)
def test_degenerate_draws_are_named(u, v, rule):
    u_expr, v_expr = parse_math(u), parse_math(v)
    assert find_degeneracy(u_expr, v_expr, sympy.diff(u_expr * v_expr, x), x) == rule


def test_a_non_finite_derivative_is_rejected():
    assert find_degeneracy(x, sympy.sin(x), sympy.zoo * x, x) == Degeneracy.NOT_FINITE


@pytest.mark.parametrize(
    ("integrand", "difficulty"),
    [("2*x*exp(x) + x**2*exp(x)", "easy"), ("a" * 60, "medium"), ("a" * 150, "hard")],
)
def test_difficulty_grows_with_the_length_of_the_integrand(integrand, difficulty):
    assert difficulty_of(integrand) == difficulty
