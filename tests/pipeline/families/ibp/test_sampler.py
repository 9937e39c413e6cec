"""The sampler: problem i is a pure function of (seed, i, config), drawn from the configured mixes."""

from __future__ import annotations

import pytest
import sympy

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families.ibp.generator.rules import Degeneracy
from pipeline.families.ibp.generator.settings import Construction, GeneratorConfig, Level
from pipeline.families.ibp.generator.settings import GeneratorConfig as SamplerConfig
from pipeline.families.ibp.generator.trees import nesting_depth
from pipeline.families.ibp.sampler import sample_problem
from validators.equivalence import check_antiderivative, check_equal
from validators.parse import parse_math

x = sympy.Symbol("x")
SAMPLED = 45


@pytest.fixture(scope="module")
def problems() -> list[Problem]:
    return [sample_problem(0, index) for index in range(SAMPLED)]


def test_the_same_seed_and_index_give_the_same_problem():
    assert sample_problem(7, 3) == sample_problem(7, 3)


def test_a_problem_does_not_depend_on_which_problems_were_drawn_before_it():
    alone = sample_problem(7, 5)
    for index in (9, 0, 4):
        sample_problem(7, index)
    assert sample_problem(7, 5) == alone


def test_other_indices_and_other_run_seeds_give_other_problems():
    assert sample_problem(7, 3).details.f != sample_problem(7, 4).details.f
    assert sample_problem(7, 3).details.f != sample_problem(8, 3).details.f
    assert problem_seed(7, 3) != problem_seed(8, 3) != problem_seed(7, 4)


def test_the_recorded_seed_is_the_hash_of_run_seed_and_index():
    problem = sample_problem(7, 3)
    assert (problem.index, problem.seed) == (3, problem_seed(7, 3))
    assert 0 <= problem.seed < 2**63


def test_every_problem_states_an_antiderivative_of_its_integrand(problems):
    for problem in problems:
        f, g, u, v = (
            parse_math(text)
            for text in (problem.details.f, problem.details.integrand, problem.details.u, problem.details.v)
        )
        assert check_antiderivative(f, g).ok, problem
        assert u.has(x) and v.has(x), problem
        assert (
            len(problem.details.integrand)
            <= GeneratorConfig().levels[Level(problem.difficulty)].max_integrand_chars
        )
        assert problem.canonical and problem.split in {"train", "validation", "test"}
        assert set(problem.rejected_draws) <= {rule.value for rule in Degeneracy}


def test_the_default_mix_has_every_construction_and_level(problems):
    assert {p.construction for p in problems} == {c.value for c in Construction}
    assert {p.difficulty for p in problems} == {level.value for level in Level}
    assert len({p.canonical for p in problems}) == len(problems)


def test_product_reversal_problems_are_products_whose_derivative_is_the_integrand(problems):
    for problem in (p for p in problems if p.construction == "product_reversal"):
        u, v, f = (parse_math(text) for text in (problem.details.u, problem.details.v, problem.details.f))
        assert sympy.expand(f - u * v) == 0
        assert problem.details.integrand == sympy.sstr(sympy.diff(f, x))
        assert problem.details.u in problem.rabbit and problem.details.v in problem.rabbit


def test_known_primitive_problems_record_the_integral_they_rely_on(problems):
    for problem in (p for p in problems if p.construction == "parts_from_primitive"):
        big_f, big_g, known = (
            parse_math(t) for t in (problem.details.u, problem.details.v, problem.details.known_primitive)
        )
        assert check_antiderivative(known, sympy.diff(big_f, x) * big_g).ok
        assert check_equal(big_f * sympy.diff(big_g, x), problem.details.integrand).ok


def test_the_mix_of_constructions_and_levels_comes_from_the_config():
    config = GeneratorConfig(constructions={Construction.CLASSIC: 1}, difficulty={Level.HARD: 1})
    drawn = [sample_problem(1, i, config=config) for i in range(6)]
    assert {(p.construction, p.difficulty) for p in drawn} == {("classic", "hard")}
    assert all(3 <= p.details.parts_applications <= 4 for p in drawn)


def test_the_legacy_config_draws_product_reversal_with_bounded_nesting():
    shallow = SamplerConfig(kind="product", max_nesting=1)
    drawn = [sample_problem(1, i, config=shallow) for i in range(10)]
    assert {p.construction for p in drawn} == {"product_reversal"}
    assert all(nesting_depth(parse_math(p.details.v)) == 1 for p in drawn)


def test_the_variable_name_is_used_throughout():
    for index in range(3):
        problem = sample_problem(0, index, variable="t")
        assert problem.variable == "t"
        assert parse_math(problem.details.integrand, "t").free_symbols == {sympy.Symbol("t")}


def test_a_sympy_error_while_drawing_is_a_named_redraw(monkeypatch):
    import pipeline.families.ibp.sampler as sampler

    real = sampler.draw_classic
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise TypeError("Invalid NaN comparison")  # what SymPy raised on one random tree
        return real(*args, **kwargs)

    monkeypatch.setattr(sampler, "draw_classic", flaky)
    problem = sample_problem(2, 0, config=GeneratorConfig(constructions={Construction.CLASSIC: 1}))
    assert problem.rejected_draws[0] == Degeneracy.SYMPY_ERROR
