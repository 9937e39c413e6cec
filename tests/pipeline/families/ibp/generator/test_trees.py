from __future__ import annotations

import random
from collections import Counter

import pytest
import sympy

from pipeline.families.ibp.generator.settings import ALGEBRAIC_UNARY, LeafKind, TreeConfig, UnaryOp
from pipeline.families.ibp.generator.trees import (
    count_trees,
    nesting_depth,
    sample_shape,
    sample_tree,
    to_sympy,
)
from pipeline.families.shared.stats import expression_depth, operator_counts

x = sympy.Symbol("x")


def test_the_counting_table_counts_unary_binary_shapes():
    # one operator on one slot: u(.) or b(., .); two operators: the 6 shapes listed below
    assert count_trees(1, 0) == 1
    assert count_trees(1, 1) == 2
    assert count_trees(1, 2) == 6
    assert count_trees(1, 3) == 22  # large Schroeder numbers: 1, 2, 6, 22, 90
    assert count_trees(1, 4) == 90
    assert count_trees(1, 3, unary=False) == 5  # Catalan numbers for binary-only trees
    assert count_trees(0, 2) == 0


def test_every_shape_with_n_operators_is_equally_likely():
    rng = random.Random(0)
    shapes = Counter(tuple(sample_shape(rng, 2)) for _ in range(6000))
    assert len(shapes) == 6
    assert all(800 < n < 1200 for n in shapes.values()), shapes  # 1000 expected each


@pytest.mark.parametrize("operators", [0, 1, 3, 7, 12])
def test_a_tree_has_exactly_the_operators_asked_for(operators):
    rng = random.Random(operators)
    for _ in range(20):
        tree = sample_tree(rng, operators, TreeConfig())
        assert tree.operators == operators


def test_the_same_seed_gives_the_same_tree():
    first = to_sympy(sample_tree(random.Random(42), 5, TreeConfig()))
    again = to_sympy(sample_tree(random.Random(42), 5, TreeConfig()))
    assert first == again


def test_unary_operators_can_be_restricted_to_the_algebraic_ones():
    rng = random.Random(1)
    names = Counter()
    for _ in range(200):
        tree = sample_tree(rng, 3, TreeConfig(), unary_ops=ALGEBRAIC_UNARY)
        stack = [tree]
        while stack:
            node = stack.pop()
            names[node.op] += 1
            stack.extend(node.children)
    transcendental = {op.value for op in UnaryOp} - {op.value for op in ALGEBRAIC_UNARY}
    assert not transcendental & set(names)


def test_leaf_weights_decide_the_leaves():
    only_x = TreeConfig(leaves={LeafKind.VARIABLE: 1})
    assert to_sympy(sample_tree(random.Random(3), 0, only_x)) == x
    with_parameters = TreeConfig(leaves={LeafKind.VARIABLE: 1, LeafKind.PARAMETER: 5}, parameters=["k"])
    leaves = {to_sympy(sample_tree(random.Random(i), 0, with_parameters)) for i in range(30)}
    assert leaves == {x, sympy.Symbol("k")}


def test_expression_statistics():
    expr = x**2 * sympy.sin(sympy.exp(x**2))
    assert nesting_depth(expr) == 2
    assert expression_depth(x) == 0
    assert expression_depth(expr) == 4  # Mul -> sin -> exp -> Pow -> x
    assert operator_counts(expr) == {"Mul": 1, "Pow": 2, "sin": 1, "exp": 1}
    assert operator_counts(sympy.sqrt(x + 1)) == {"sqrt": 1, "Add": 1}
