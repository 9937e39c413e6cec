"""The sampler: pure in its arguments, levels as configured, every table row right, y' + p*y = q by build."""

import random

import pytest
import sympy

from pipeline.families.ode_linear import coefficients
from pipeline.families.ode_linear.sampler import OdeSampler, sample_ode_problem

from .helpers import ONLY, X, problem, read, residual_vanishes


def test_a_problem_is_a_pure_function_of_seed_and_index():
    for index in range(8):
        assert sample_ode_problem(5, index) == sample_ode_problem(5, index)
    assert sample_ode_problem(5, 0) != sample_ode_problem(6, 0)


@pytest.mark.parametrize(
    ("level", "forms", "with_condition"),
    [
        ("easy", {"separable", "particular"}, False),
        ("medium", {"antiderivative", "particular"}, False),
        ("hard", {"antiderivative", "particular", "initial_value"}, None),
        ("ivp", {"initial_value"}, True),
    ],
)
def test_levels_give_their_forms(level, forms, with_condition):
    drawn = [problem(level, i) for i in range(12)]
    assert {p.construction for p in drawn} <= forms
    assert {p.difficulty for p in drawn} == {"hard" if level == "ivp" else level}
    if with_condition is not None:
        assert all(bool(p.details.x0) is with_condition for p in drawn)


def test_easy_problems_are_separable_or_have_constant_coefficients():
    forms = set()
    for i in range(12):
        details = problem("easy", i).details
        p, q = read(details.p), read(details.q)
        forms.add(details.form)
        if details.form == "separable":  # q = c*p: y' = (c - y)*p separates
            assert not sympy.simplify(q / p).free_symbols, (p, q)
        else:
            assert p.is_number, p
    assert forms == {"separable", "particular"}


@pytest.mark.parametrize("level", ["easy", "medium", "hard", "ivp"])
def test_every_problem_solves_its_equation_for_every_constant(level):
    for i in range(6):
        d = problem(level, i).details
        assert residual_vanishes(d.solution, d.p, d.q), (d.p, d.q, d.solution)
        assert read(d.solution).has(sympy.Symbol("C")) and not read(d.q).has(sympy.Symbol("C"))
        if d.x0:
            ivp = read(d.ivp_solution)
            assert sympy.simplify(ivp.subs(X, read(d.x0)) - read(d.y0)) == 0
            assert residual_vanishes(d.ivp_solution, d.p, d.q)


@pytest.mark.parametrize("draw", [coefficients.basic_coefficient, coefficients.hard_coefficient])
def test_every_integrating_factor_in_the_tables_is_right(draw):
    rng = random.Random(0)
    seen = set()
    for _ in range(300):
        c = draw(rng, X)
        if (c.p, c.mu) in seen:
            continue
        seen.add((c.p, c.mu))
        assert sympy.simplify(sympy.diff(c.mu, X) - c.p * c.mu) == 0, (c.kind, c.p, c.mu)
    assert len(seen) > 20


def test_a_hundred_problems_are_diverse():
    problems = [sample_ode_problem(1234, i) for i in range(100)]
    assert len({p.canonical for p in problems}) >= 92
    assert {p.difficulty for p in problems} == {"easy", "medium", "hard"}
    assert len({p.details.p_kind for p in problems}) >= 10
    assert {p.split for p in problems} <= {"train", "validation", "test"}


def test_the_sampler_section_is_validated():
    with pytest.raises(ValueError, match="levels"):
        OdeSampler(levels={"easy": 0.5})
    with pytest.raises(ValueError):
        OdeSampler(initial_condition=1.5)
    assert ONLY["ivp"].initial_condition == 1.0
