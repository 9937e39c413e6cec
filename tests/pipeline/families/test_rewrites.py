"""``powers_already_merged`` only says yes when ``sympy.powsimp`` gives the very same expression back.

``shortest_form`` skips powsimp on such expressions (its candidate would tie with the input, which wins the
tie), so a wrong yes would change problems; a wrong no only costs time.
"""

from __future__ import annotations

import random

import pytest
import sympy

from pipeline.families.ibp.generator.settings import GeneratorConfig
from pipeline.families.ibp.generator.trees import sample_tree, to_sympy
from pipeline.families.shared.exact_diff import exact_diff
from pipeline.families.shared.rewrites import powers_already_merged, shortest_form

x, a = sympy.symbols("x a")

REGROUPED = [  # powsimp changes these: the predicate must say no
    3 * x**2 * (x + 1),
    -(x**2) * (x + 1) * sympy.exp(x),
    sympy.Mul(2, x + 1, evaluate=False),
    (x - 1) * (1 - x) ** 2,
    sympy.exp(x) * sympy.exp(a),
    sympy.exp(x**2 + x) / x,  # the "base" pass factors an exp's sum exponent: exp(x*(x + 1))/x
    2**x * 4,
    sympy.Mul(3, x + 1, sympy.exp(x)),  # the sum is the coefficient's only exponent-1 partner: 3*x + 3
    -(x**2) * (x + 1) * sympy.sin(x) ** 2,
]
LEFT_ALONE = [
    x * sympy.cos(x) + sympy.sin(x),
    3 * (x + 1) ** 2 * sympy.sin(x),
    2 * x**2 / (x**2 + 1),
    x**2 * sympy.exp(2 * x) - x * sympy.log(x) ** 3,
    (x + 1) * sympy.atan(x) / (x - 2),
    x * (sympy.sinh(x) + 1) / 2,  # a coefficient, a bare sum and another exponent-1 factor
    -(2 * x - 1) * sympy.sin(x**2 - x),
    3 * x**2 * (x + 1) * sympy.sin(x) * sympy.exp(2 * x),
]


def powsimp_gives_back(expr: sympy.Expr) -> bool:
    return sympy.srepr(sympy.powsimp(expr)) == sympy.srepr(expr)


@pytest.mark.parametrize("expr", REGROUPED, ids=str)
def test_what_powsimp_regroups_is_not_claimed(expr):
    assert not powsimp_gives_back(expr)
    assert not powers_already_merged(expr)


@pytest.mark.parametrize("expr", LEFT_ALONE, ids=str)
def test_common_integrand_shapes_are_recognised(expr):
    assert powsimp_gives_back(expr)
    assert powers_already_merged(expr)


def test_every_claim_on_random_trees_and_their_derivatives_holds():
    rng = random.Random(7)
    config = GeneratorConfig()
    claimed = 0
    for _ in range(400):
        tree = to_sympy(sample_tree(rng, rng.randint(1, 6), config.trees, None, x))
        for expr in (tree, exact_diff(tree, x), x**2 * exact_diff(tree, x)):
            for part in (expr, *sympy.Add.make_args(expr)):
                if powers_already_merged(part):
                    claimed += 1
                    assert powsimp_gives_back(part), part
    assert claimed > 200


def test_shortest_form_is_unchanged_by_the_skip():
    rng = random.Random(11)
    config = GeneratorConfig()
    for _ in range(60):
        tree = to_sympy(sample_tree(rng, rng.randint(2, 5), config.trees, None, x))
        expr = x * exact_diff(tree, x)
        if sum(1 for _ in sympy.preorder_traversal(expr)) > 400:
            continue
        candidates = [expr]
        for rewrite in (sympy.expand_mul, sympy.factor_terms, sympy.powsimp):
            try:
                candidates.append(rewrite(expr))
            except Exception:
                continue
        texts = [(len(str(e)), str(e), i) for i, e in enumerate(candidates)]
        assert sympy.srepr(shortest_form(expr)) == sympy.srepr(candidates[min(texts)[2]])
