"""The sampler: pure in (seed, index), levels and kinds of factor as documented, g really is the combined
decomposition and f an antiderivative of it (checked with plain SymPy here, not with the validators)."""

from __future__ import annotations

import pytest
import sympy
from pydantic import ValidationError

from pipeline.families.partial_fractions.sampler import (
    PartialFractionsSampler,
    details_of,
    draw_decomposition,
    flaw_targets_exist,
    sample_partial_fractions_problem,
)
from pipeline.families.partial_fractions.terms import Decomposition, LinearFactor, QuadraticFactor
from pipeline.families.shared.canonical import canonical_form
from tests.pipeline.families.partial_fractions.independent import derivative_matches_numerically
from tests.pipeline.families.partial_fractions.independent import own as _own

X = sympy.Symbol("x")


def test_same_seed_and_index_give_the_same_problem_and_others_differ():
    first = [sample_partial_fractions_problem(5, i) for i in range(6)]
    assert first == [sample_partial_fractions_problem(5, i) for i in range(6)]
    assert first != [sample_partial_fractions_problem(6, i) for i in range(6)]


@pytest.mark.parametrize(
    ("level", "kinds", "improper_possible"),
    [
        ("easy", {"linear"}, False),
        ("medium", {"linear", "linear+repeated", "linear+quadratic"}, True),
        ("hard", {"linear+quadratic", "linear+repeated", "linear+repeated+quadratic"}, True),
    ],
)
def test_each_level_draws_its_own_kinds_of_factor(level, kinds, improper_possible):
    config = PartialFractionsSampler(levels={level: 1.0})
    problems = [sample_partial_fractions_problem(11, i, config=config) for i in range(40)]
    assert {p.difficulty for p in problems} == {level}
    assert {details_of(p).factor_kinds for p in problems} == kinds
    assert any(details_of(p).improper for p in problems) == improper_possible


def test_hard_problems_have_more_factors_than_easy_ones():
    def degree(level: str) -> float:
        config = PartialFractionsSampler(levels={level: 1.0})
        problems = [sample_partial_fractions_problem(3, i, config=config) for i in range(20)]
        return sum(sympy.degree(_own(details_of(p).denominator), X) for p in problems) / len(problems)

    assert degree("easy") == 2 and degree("medium") == 3 and degree("hard") >= 4


def test_integrand_is_the_combined_decomposition_and_f_integrates_it(drawn):
    for problem in drawn[:20]:
        d = details_of(problem)
        g = _own(d.integrand)
        numerator, denominator = sympy.fraction(g)
        assert sympy.expand(numerator) == numerator and sympy.expand(denominator) == denominator
        assert sympy.expand(_own(d.denominator) - denominator) == 0  # factoring it is the student's job
        parts = _own(d.polynomial_part) + sum(_own(t) for t in d.terms)
        assert sympy.expand(sympy.apart(g, X) - parts) == 0  # SymPy's decomposition (it is unique)
        assert derivative_matches_numerically(d.f, d.integrand), d.f


def test_quadratic_factors_are_irreducible_and_flaw_targets_always_exist(drawn):
    for problem in drawn:
        decomposition = details_of(problem).decomposition
        assert all(f.p**2 < 4 * f.q for f in decomposition.quadratic)
        roots = [f.root for f in decomposition.linear]
        assert len(set(roots)) == len(roots)
        assert all(f.coefficients[-1] != 0 for f in decomposition.linear)
        assert flaw_targets_exist(decomposition)


@pytest.mark.parametrize(
    ("decomposition", "expected"),
    [
        (Decomposition(linear=(LinearFactor(root=2, coefficients=(3,)),)), True),
        (Decomposition(linear=(LinearFactor(root=0, coefficients=(3,)),)), False),  # log(-x) = log(x) + c
        (Decomposition(linear=(LinearFactor(root=2, coefficients=(1,)),)), False),  # no coefficient to lose
        (
            Decomposition(
                linear=(LinearFactor(root=2, coefficients=(3,)), LinearFactor(root=-2, coefficients=(1,)))
            ),
            False,  # x + 2 is the other factor: a sign slip would merge the two
        ),
        (
            Decomposition(
                linear=(LinearFactor(root=1, coefficients=(1,)), LinearFactor(root=0, coefficients=(2,))),
                quadratic=(QuadraticFactor(p=0, q=1, c=1, d=0),),
            ),
            True,
        ),
    ],
)
def test_flaw_targets(decomposition, expected):
    assert flaw_targets_exist(decomposition) is expected


def test_a_hundred_problems_are_diverse():
    problems = [sample_partial_fractions_problem(1234, i) for i in range(100)]
    canonical = {p.canonical for p in problems}
    assert len(canonical) >= 97
    assert len({p.construction for p in problems}) >= 8
    assert canonical == {canonical_form(_own(p.details.integrand), X) for p in problems}


def test_draws_are_bounded_by_the_config():
    import random

    for seed in range(30):
        d = draw_decomposition(random.Random(seed), "hard")
        assert 3 <= sum(len(f.coefficients) for f in d.linear) + 2 * len(d.quadratic) <= 5
        assert all(abs(f.root) <= 4 for f in d.linear)


@pytest.mark.parametrize(
    "levels", [{"easy": 0.0, "medium": 0.0, "hard": 0.0}, {"easy": -1.0, "hard": 2.0}, {"impossible": 1.0}]
)
def test_bad_level_weights_are_refused(levels):
    with pytest.raises(ValidationError):
        PartialFractionsSampler(levels=levels)
