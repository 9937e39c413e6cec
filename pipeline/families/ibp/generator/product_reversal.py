"""The paper's construction, product reversal: f = u*v built from random trees, integrand f' = u'v + uv'.

Differentiating a random function almost never gives an integral that needs integration by parts, so the
u*v' structure is built on purpose: u a random algebraic tree, v a random tree holding a transcendental
function.
"""

from __future__ import annotations

import random

import sympy

from pipeline.families.ibp.generator.draft import Draft
from pipeline.families.ibp.generator.rules import Degeneracy, check_tree_expression, require
from pipeline.families.ibp.generator.settings import (
    ALGEBRAIC_UNARY,
    Construction,
    GeneratorConfig,
    Level,
    LevelConfig,
)
from pipeline.families.ibp.generator.trees import nesting_depth, sample_tree, to_sympy
from pipeline.families.shared.memo import derivative, printed


def draw_product_reversal(
    rng: random.Random, level: Level, level_cfg: LevelConfig, config: GeneratorConfig, x: sympy.Symbol
) -> Draft:
    """f = u*v: u algebraic (powers, roots, quotients), v any random tree with a transcendental function."""
    u_tree = sample_tree(rng, rng.randint(*level_cfg.algebraic_operators), config.trees, ALGEBRAIC_UNARY, x)
    v_tree = sample_tree(rng, rng.randint(*level_cfg.operators), config.trees, None, x)
    u, v = to_sympy(u_tree), to_sympy(v_tree)
    if config.next_draws and rng.random() < CHANGE_OF_VARIABLE_SHARE:
        # u(w)*v(w) with w = a*x + b: small trees (x*sin(x)) were most of the duplicate draws
        w = rng.choice(_SLOPES) * x + rng.choice(_OFFSETS)
        u, v = u.xreplace({x: w}), v.xreplace({x: w})
    require(u.has(x) and v.has(x), Degeneracy.CONSTANT_FACTOR, lambda: f"u = {u}, v = {v}")
    check_tree_expression(u, x)
    check_tree_expression(v, x)
    require(bool(transcendental(v, x)), Degeneracy.NO_TRANSCENDENTAL, v)
    require(nesting_depth(v) <= level_cfg.max_nesting, Degeneracy.TOO_DEEP, v)
    f = u * v
    # u*v must stay a product of both: u = 1/x and v = x*tanh(x) collapse to tanh(x), a table integral.
    require(bool(transcendental(f, x)) and f.has(x), Degeneracy.NO_TRANSCENDENTAL, f)
    factors_f, factors_u, factors_v = (x_factors(e, x) for e in (f, u, v))
    require(not (factors_f <= factors_v or factors_f <= factors_u), Degeneracy.COLLAPSED_PRODUCT, f)
    return Draft(
        construction=Construction.PRODUCT_REVERSAL,
        variant="random_trees",
        f=f,
        integrand=derivative(f, x),
        u=u,
        v=v,
        parts_applications=1,
        rabbit=describe_rabbit(u, v, x),
        tree_operators=u_tree.operators + v_tree.operators,
    )


CHANGE_OF_VARIABLE_SHARE = 0.75
"""Under ``problems_version`` 2026-12-02: the share of draws whose u and v are taken at a*x + b (at 0.5 the
draws left at x were still most of this construction's duplicates: x*sin(x), x**2*sin(x) ...)."""
_SLOPES = tuple(sympy.Rational(n) for n in (1, 2, 3, -1, -2, "1/2", "1/3"))
_OFFSETS = tuple(sympy.Rational(n) for n in (0, 1, -1, 2, -2, 3))


def describe_rabbit(u: sympy.Expr, v: sympy.Expr, x: sympy.Symbol) -> str:
    """The insight that unlocks a product-reversal problem, stated for this f."""
    du, dv = derivative(u, x), derivative(v, x)
    u_text, v_text, du_text, dv_text = printed(u), printed(v), printed(du), printed(dv)
    return (
        f"g = u'v + uv' is the product rule applied to u = {u_text}, v = {v_text} (u' = {du_text}, "
        f"v' = {dv_text}); integrating u*v' by parts with dv = {dv_text} d{x} gives u*v minus the integral "
        f"of v*u', which cancels the u'*v term, so the integral of g is {printed(u * v)} + C."
    )


def x_factors(expr: sympy.Expr, x: sympy.Symbol) -> set[sympy.Expr]:
    return {factor for factor in sympy.Mul.make_args(expr) if factor.has(x)}


def transcendental(expr: sympy.Expr, x: sympy.Symbol) -> set[sympy.Expr]:
    return {f for f in expr.atoms(sympy.Function) if f.has(x)}


__all__ = ["describe_rabbit", "draw_product_reversal", "transcendental", "x_factors"]
