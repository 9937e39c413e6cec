"""Uniform random unary-binary expression trees with exactly n operators (Lample & Charton, 2019).

Drawing "a random tree" by recursive coin flips favours small, lopsided shapes. Lample & Charton instead
count trees: D(e, n) is the number of ways to fill e empty slots with n operators, and each step picks
where the next operator goes and its arity with probability proportional to the number of trees that
choice leaves possible. Every tree shape with n operators is then equally likely; operators and leaves
are chosen afterwards by their configured weights.

Draws use exact integer arithmetic (``rng.randrange`` over the counts), so a seed gives the same tree on
every machine. Turning a tree into SymPy is cheap (no simplification beyond SymPy's automatic one).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from pipeline.families.ibp.generator.settings import BinaryOp, LeafKind, TreeConfig, UnaryOp

MAX_OPERATORS = 20
"""Trees larger than this are never asked for (the levels cap operator counts at 20)."""


@functools.cache
def count_trees(empty: int, operators: int, unary: bool = True, binary: bool = True) -> int:
    """D(e, n): the number of ways to complete a tree with ``empty`` open slots using ``operators`` more.

    A slot is filled by a leaf (one slot fewer), a unary operator (same number of slots, one operator
    fewer) or a binary one (one slot more). Leaves are not told apart here: they are drawn later.
    """
    if empty < 0 or operators < 0:
        return 0
    if operators == 0:
        return 1
    if empty == 0:
        return 0
    return (
        count_trees(empty - 1, operators, unary, binary)
        + (count_trees(empty, operators - 1, unary, binary) if unary else 0)
        + (count_trees(empty + 1, operators - 1, unary, binary) if binary else 0)
    )


@dataclass(frozen=True)
class Tree:
    """A node: an operator with its children, or a leaf (``op == "leaf"``) holding a SymPy atom."""

    op: str
    children: tuple[Tree, ...] = ()
    leaf: sympy.Expr | None = None

    @property
    def operators(self) -> int:
        return 0 if self.op == "leaf" else 1 + sum(child.operators for child in self.children)

    @property
    def depth(self) -> int:
        return 0 if self.op == "leaf" else 1 + max(child.depth for child in self.children)


def sample_shape(
    rng: random.Random, operators: int, unary: bool = True, binary: bool = True
) -> list[int | None]:
    """A uniformly random tree shape in prefix order: each entry is an arity (1 or 2) or None for a leaf."""
    if not 0 <= operators <= MAX_OPERATORS:
        raise ValueError(f"operators must be in 0..{MAX_OPERATORS}, got {operators}")
    if operators > 0 and not (unary or binary):
        raise ValueError("a tree with operators needs unary or binary operators")
    slots: list[int | None] = [None]  # None: an empty slot (becomes a leaf if nothing is put there)
    empty, left_leaves = 1, 0
    for remaining in range(operators, 0, -1):
        skipped, arity = _next_position(rng, empty, remaining, unary, binary)
        left_leaves += skipped
        open_slots = [i for i, slot in enumerate(slots) if slot is None]
        position = open_slots[left_leaves]
        slots[position : position + 1] = [arity] + [None] * arity
        empty += arity - 1 - skipped
    return slots


def _next_position(
    rng: random.Random, empty: int, operators: int, unary: bool, binary: bool
) -> tuple[int, int]:
    """How many open slots to leave as leaves before the next operator, and that operator's arity."""
    choices: list[tuple[int, int, int]] = []
    for skipped in range(empty):
        if unary:
            choices.append((skipped, 1, count_trees(empty - skipped, operators - 1, unary, binary)))
        if binary:
            choices.append((skipped, 2, count_trees(empty - skipped + 1, operators - 1, unary, binary)))
    total = sum(weight for *_, weight in choices)
    pick = rng.randrange(total)
    for skipped, arity, weight in choices:
        if pick < weight:
            return skipped, arity
        pick -= weight
    raise AssertionError("the counts of the choices add up to D(e, n)")  # pragma: no cover


def sample_tree(
    rng: random.Random,
    operators: int,
    config: TreeConfig,
    unary_ops: Sequence[UnaryOp] | None = None,
    variable: sympy.Symbol | None = None,
) -> Tree:
    """A random tree with exactly ``operators`` operators: uniform shape, weighted operators and leaves.

    ``unary_ops`` restricts the unary operators to a subset (with their configured weights), e.g. the
    algebraic ones for the factor u of a product.
    """
    x = variable or sympy.Symbol("x")
    unary_weights = _restricted(config.unary, unary_ops)
    binary_weights = {op: w for op, w in config.binary.items() if w > 0}
    shape = sample_shape(rng, operators, unary=bool(unary_weights), binary=bool(binary_weights))
    nodes = iter(shape)

    def build() -> Tree:
        arity = next(nodes)
        if arity is None:
            return Tree("leaf", leaf=sample_leaf(rng, config, x))
        op = _weighted(rng, unary_weights if arity == 1 else binary_weights)
        return Tree(op, tuple(build() for _ in range(arity)))

    return build()


def sample_leaf(rng: random.Random, config: TreeConfig, x: sympy.Symbol) -> sympy.Expr:
    kind = _weighted(rng, {k: w for k, w in config.leaves.items() if w > 0})
    if kind == LeafKind.VARIABLE:
        return x
    if kind == LeafKind.INTEGER:
        return sympy.Integer(rng.choice((-1, 1)) * rng.randint(1, config.max_integer))
    if kind == LeafKind.RATIONAL:
        q = rng.randint(2, config.max_denominator)
        p = rng.choice((-1, 1)) * rng.randint(1, max(1, config.max_integer))
        value = Fraction(p, q)
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Symbol(rng.choice(config.parameters))


_UNARY: dict[str, object] = {
    UnaryOp.EXP: sympy.exp,
    UnaryOp.LOG: sympy.log,
    UnaryOp.SQRT: sympy.sqrt,
    UnaryOp.SIN: sympy.sin,
    UnaryOp.COS: sympy.cos,
    UnaryOp.TAN: sympy.tan,
    UnaryOp.ASIN: sympy.asin,
    UnaryOp.ACOS: sympy.acos,
    UnaryOp.ATAN: sympy.atan,
    UnaryOp.SINH: sympy.sinh,
    UnaryOp.COSH: sympy.cosh,
    UnaryOp.TANH: sympy.tanh,
    UnaryOp.POW2: lambda w: w**2,
    UnaryOp.POW3: lambda w: w**3,
    UnaryOp.INV: lambda w: 1 / w,
}
_BINARY: dict[str, object] = {
    BinaryOp.ADD: lambda a, b: a + b,
    BinaryOp.SUB: lambda a, b: a - b,
    BinaryOp.MUL: lambda a, b: a * b,
    BinaryOp.DIV: lambda a, b: a / b,
}


def to_sympy(tree: Tree) -> sympy.Expr:
    """The tree as a SymPy expression (SymPy's automatic evaluation applies: x - x is 0)."""
    if tree.op == "leaf":
        assert tree.leaf is not None
        return tree.leaf
    args = [to_sympy(child) for child in tree.children]
    fn = _UNARY[tree.op] if len(args) == 1 else _BINARY[tree.op]
    return fn(*args)  # type: ignore[operator]


def _restricted(weights: Mapping[UnaryOp, float], subset: Sequence[UnaryOp] | None) -> dict[UnaryOp, float]:
    chosen = {op: w for op, w in weights.items() if w > 0 and (subset is None or op in subset)}
    if subset is not None and not chosen:  # the subset has no weight configured: weigh it evenly
        chosen = {op: 1.0 for op in subset}
    return chosen


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key, with probability proportional to its weight (keys in a fixed order for reproducibility)."""
    keys = sorted(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


# --- statistics of any SymPy expression (for the stats report) ------------------------------------------


def nesting_depth(expr: sympy.Basic) -> int:
    """How many transcendental functions are stacked (exp(sin(x)) is 2; powers and sums do not count)."""
    inner = max((nesting_depth(arg) for arg in expr.args), default=0)
    return inner + 1 if isinstance(expr, sympy.Function) else inner
