"""``expansion.expand`` / ``expand_mul`` and ``factoring.factor_terms`` give SymPy's very trees, and
``termwise_powsimp`` is powsimp.

Why: the generator's problems must not change with these faster routes (``test_problems_digest.py`` pins
the first problems); here they are compared with SymPy on random trees, their derivatives and products,
the shapes the generator expands and rewrites.
"""

from __future__ import annotations

import random

import sympy

from pipeline.families.ibp.generator.settings import GeneratorConfig
from pipeline.families.ibp.generator.trees import sample_tree, to_sympy
from pipeline.families.shared import expansion
from pipeline.families.shared.exact_diff import exact_diff
from pipeline.families.shared.factoring import factor_terms
from pipeline.families.shared.rewrites import termwise_powsimp

x = sympy.Symbol("x")
CANONICAL_HINTS = {"power_exp": False, "power_base": False, "log": False}


def _random_expressions(seed: int, count: int) -> list[sympy.Expr]:
    rng = random.Random(seed)
    config = GeneratorConfig()
    out = []
    for _ in range(count):
        tree = to_sympy(sample_tree(rng, rng.randint(1, 6), config.trees, None, x))
        derivative = exact_diff(tree, x)
        out.extend([tree, derivative, x * derivative, (x + 1) ** 2 * derivative, 1 / (x * (x + 2)) + tree])
    return out


def test_expand_and_expand_mul_give_sympys_trees():
    for expr in _random_expressions(3, 150):
        assert sympy.srepr(expansion.expand_mul(expr)) == sympy.srepr(sympy.expand_mul(expr)), expr
        ours = expansion.expand(expr, **CANONICAL_HINTS)
        assert sympy.srepr(ours) == sympy.srepr(sympy.expand(expr, **CANONICAL_HINTS)), expr
        assert sympy.srepr(expansion.expand(expr)) == sympy.srepr(sympy.expand(expr)), expr


def test_floats_and_shallow_expansion_are_left_to_sympy():
    expr = sympy.Float(2.5) * x * (x + 1) + sympy.sin(x * (x + 1))
    assert expansion.expand(expr) == sympy.expand(expr)
    assert expansion.expand(expr, deep=False) == sympy.expand(expr, deep=False)


def test_termwise_powsimp_is_powsimp():
    a = sympy.Symbol("a")
    collapsing = x * sympy.exp(x) * sympy.exp(a) + x * sympy.exp(x + a)  # two equal terms: 2*x*exp(x + a)
    for expr in [*_random_expressions(5, 120), collapsing]:
        assert sympy.srepr(termwise_powsimp(expr)) == sympy.srepr(sympy.powsimp(expr)), expr


def test_factor_terms_gives_sympys_tree():
    special = x * sympy.exp(-2 * (x + 1)) + x * sympy.exp(-2 * (x + 1)) * sympy.sin(x)  # exp(-(x + 2)) case
    for expr in [*_random_expressions(9, 150), special, special.diff(x)]:
        assert sympy.srepr(factor_terms(expr)) == sympy.srepr(sympy.factor_terms(expr)), expr
