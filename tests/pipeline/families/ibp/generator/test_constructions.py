from __future__ import annotations

import random

import pytest
import sympy

from pipeline.families.ibp.generator.classic import PARTS_RANGE, draw_classic
from pipeline.families.ibp.generator.from_primitive import draw_parts_from_primitive, table_factors
from pipeline.families.ibp.generator.known import known_integral
from pipeline.families.ibp.generator.product_reversal import draw_product_reversal
from pipeline.families.ibp.generator.rules import Rejected
from pipeline.families.ibp.generator.settings import ClassicFamily, GeneratorConfig, Level
from pipeline.families.shared.rewrites import shortest_form
from validators.parse import parse_math

x = sympy.Symbol("x")
CONFIG = GeneratorConfig()


def drafts(draw, count: int, level: Level = Level.MEDIUM, config: GeneratorConfig = CONFIG, **extra):
    rng = random.Random(11)
    found = []
    while len(found) < count:
        try:
            found.append(draw(rng, level, config.levels[level], config, x, **extra))
        except Rejected:
            continue
    return found


def is_zero(expr: sympy.Expr) -> bool:
    return sympy.simplify(expr) == 0


def test_product_reversal_differentiates_a_product_of_two_random_trees():
    for draft in drafts(draw_product_reversal, 8):
        assert draft.f == draft.u * draft.v
        assert draft.integrand == sympy.diff(draft.f, x)
        assert not draft.u.atoms(sympy.Function), "u is algebraic"
        assert draft.v.atoms(sympy.Function), "v holds a transcendental function"


@pytest.mark.parametrize("level", list(Level))
def test_classic_problems_need_as_many_parts_applications_as_the_level_says(level):
    lo, hi = CONFIG.levels[level].parts_applications
    for draft in drafts(draw_classic, 6, level=level):
        assert lo <= draft.parts_applications <= hi
        assert is_zero(sympy.diff(draft.f, x) - draft.integrand)
        assert is_zero(draft.u * sympy.diff(draft.v, x) - draft.integrand), "u*v' is the integrand"


@pytest.mark.parametrize("family", list(ClassicFamily))
def test_every_classic_family_can_be_drawn(family):
    lo, hi = PARTS_RANGE[family]
    level = Level.EASY if lo == 1 else Level.MEDIUM
    config = GeneratorConfig(classic_families={family: 1})
    (draft,) = drafts(draw_classic, 1, level=level, config=config)
    assert draft.variant == family.value
    assert is_zero(sympy.diff(draft.f, x) - draft.integrand)


def test_parts_from_primitive_poses_f_times_g_prime_with_a_known_integral_of_f_prime_times_g():
    for draft in drafts(draw_parts_from_primitive, 6, run_seed=5, index=3):
        big_f, big_g, known = draft.u, draft.v, draft.known_primitive
        assert is_zero(draft.integrand - big_f * sympy.diff(big_g, x))
        assert is_zero(sympy.diff(known, x) - sympy.diff(big_f, x) * big_g)
        assert is_zero(draft.f - (big_f * big_g - known))


def test_table_factors_offer_each_factor_with_an_easy_antiderivative():
    h = parse_math("2*x*exp(x**2)*cos(exp(x**2))*sin(3*x)/x**3")
    found = dict(table_factors(h, x))
    assert found[sympy.S.One] == x
    assert found[sympy.sin(3 * x)] == -sympy.cos(3 * x) / 3
    assert found[x**-2] == -1 / x
    assert sympy.exp(x**2) not in found and sympy.cos(sympy.exp(x**2)) not in found


def test_the_known_integral_cache_is_a_pure_function_of_seed_level_and_slot():
    first = known_integral(9, Level.EASY, 4, CONFIG)
    known_integral(9, Level.EASY, 5, CONFIG)
    assert known_integral(9, Level.EASY, 4, CONFIG) == first
    assert (
        known_integral(9, Level.EASY, 4, CONFIG).integrand
        != known_integral(9, Level.EASY, 6, CONFIG).integrand
    )
    assert is_zero(sympy.diff(first.primitive, x) - first.integrand)


def test_the_shortest_form_is_the_same_function():
    messy = x * (sympy.cos(x) + 1) - x - sympy.sin(x)
    tidy = shortest_form(messy)
    assert tidy == x * sympy.cos(x) - sympy.sin(x)


@pytest.mark.parametrize("w", ["2*x + 1", "x/3 - 2", "-x"])
def test_a_known_integral_stays_known_under_a_linear_change_of_variable(w):
    """parts_from_primitive re-uses cache slots at a*x + b: the antiderivative of h(w)*w' is H(w)."""
    known = known_integral(9, Level.MEDIUM, 3, CONFIG)
    moved = known.substituted(parse_math(w, "x"), x)
    assert moved.integrand != known.integrand
    assert is_zero(sympy.diff(moved.primitive, x) - moved.integrand)
