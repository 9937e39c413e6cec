from __future__ import annotations

import pytest
import sympy

from pipeline.families.ibp.generator.parts_chain import (
    ChainError,
    ChainKind,
    PartsChain,
    StepKind,
    build_chain,
    known_chain,
)
from validators.parse import parse_math

x = sympy.Symbol("x")


def is_zero(expr: sympy.Expr) -> bool:
    return sympy.simplify(sympy.expand(expr)) == 0


def assert_chain_is_true(chain: PartsChain) -> None:
    """Every step's claim holds (d/dx result = integrand), each link is a real parts choice, F' = g."""
    for step in chain.steps:
        assert is_zero(sympy.diff(step.result, x).doit() - step.integrand), step
    for link in chain.links:
        assert is_zero(sympy.diff(link.u, x) - link.du) and is_zero(sympy.diff(link.v, x) - link.dv), link
    assert chain.steps[0].link is not None and is_zero(chain.steps[0].integrand - chain.integrand)
    assert not chain.antiderivative.has(sympy.Integral)
    assert is_zero(sympy.diff(chain.antiderivative, x) - chain.integrand)


@pytest.mark.parametrize(
    ("kind", "u", "dv", "applications", "last"),
    [
        (ChainKind.TABULAR, "3*x**2 - x + 2", "exp(2*x + 1)", 2, StepKind.TABLE),
        (ChainKind.TABULAR, "x**3", "sin(1 - 2*x)", 3, StepKind.TABLE),
        (ChainKind.TABULAR, "x + 1", "cosh(x/2)", 1, StepKind.TABLE),
        (ChainKind.LOG_POWER, "log(2*x + 3)**2", "x**2 + 1", 2, StepKind.POLYNOMIAL),
        (ChainKind.LOG_POWER, "log(x)", "3", 1, StepKind.POLYNOMIAL),
        (ChainKind.ATAN, "atan(2*x + 1)", "x", 1, StepKind.RATIONAL),
        (ChainKind.ARCSIN, "acos(3*x - 1)", "2", 1, StepKind.SUBSTITUTION),
        (ChainKind.ARCSIN, "asin(x/2)", "1", 1, StepKind.SUBSTITUTION),
        (ChainKind.CYCLIC, "3*sin(2*x + 1)", "exp(-x)", 2, StepKind.CYCLIC_SOLVE),
        (ChainKind.CYCLIC, "cos(log(x))", "x**2", 2, StepKind.CYCLIC_SOLVE),
        (ChainKind.CYCLIC, "sin(log(x))", "1", 2, StepKind.CYCLIC_SOLVE),
    ],
)
def test_each_chain_is_a_sequence_of_true_claims(kind, u, dv, applications, last):
    chain = build_chain(kind, parse_math(u), parse_math(dv), x)
    assert len(chain.links) == applications
    assert chain.steps[-1].kind is last
    assert_chain_is_true(chain)


def test_tabular_parts_lower_the_degree_each_time():
    chain = build_chain(ChainKind.TABULAR, x**2, sympy.exp(x), x)
    assert [sympy.degree(link.u, x) for link in chain.links] == [2, 1]
    assert sympy.expand(chain.antiderivative - (x**2 - 2 * x + 2) * sympy.exp(x)) == 0


def test_log_chains_pick_v_so_that_v_du_stays_a_polynomial():
    chain = build_chain(ChainKind.LOG_POWER, sympy.log(2 * x + 3), sympy.Integer(1), x)
    (link,) = chain.links
    assert link.v == x + sympy.Rational(3, 2)  # vanishes at x = -3/2, where 2x + 3 does
    assert sympy.cancel(link.remainder).is_polynomial(x)


def test_the_cyclic_chain_solves_for_the_integral_that_comes_back():
    chain = build_chain(ChainKind.CYCLIC, sympy.sin(x), sympy.exp(x), x)
    combine = next(step for step in chain.steps if step.kind is StepKind.CYCLIC_COMBINE)
    assert combine.result.has(sympy.Integral(sympy.exp(x) * sympy.sin(x), x))
    assert sympy.expand(chain.antiderivative - sympy.exp(x) * (sympy.sin(x) - sympy.cos(x)) / 2) == 0


def test_the_known_chain_uses_the_known_primitive():
    big_f, big_g, primitive = (
        x**2 / 2,
        2 * sympy.exp(x**2) * sympy.cos(sympy.exp(x**2)),
        sympy.sin(sympy.exp(x**2)),
    )
    chain = known_chain(big_f, big_g, primitive, x)
    assert [step.kind for step in chain.steps] == [StepKind.PARTS, StepKind.KNOWN]
    assert chain.steps[1].result == primitive
    assert_chain_is_true(chain)


@pytest.mark.parametrize(
    ("kind", "u", "dv"),
    [
        (ChainKind.TABULAR, "sin(x)", "exp(x)"),  # u is not a polynomial
        (ChainKind.TABULAR, "x", "exp(x**2)"),  # no table antiderivative
        (ChainKind.LOG_POWER, "log(x**2 + 1)", "x"),  # not a linear argument
        (ChainKind.ARCSIN, "asin(x)", "x"),  # dv must be a constant
        (ChainKind.CYCLIC, "sin(x)", "x"),  # does not come back
        ("nonsense", "x", "x"),
    ],
)
def test_shapes_a_chain_does_not_handle_are_refused(kind, u, dv):
    with pytest.raises(ChainError):
        build_chain(kind, parse_math(u), parse_math(dv), x)


def test_the_direct_collect_is_sympys_collect_on_the_classic_closed_forms(monkeypatch):
    """``tidy`` groups the chains' closed forms by kernel power itself; it must be ``collect``'s very
    expression (problems and teacher answers are pinned on it), and must hand other shapes to collect."""
    import random

    from pipeline.families.ibp.generator import parts_chain
    from pipeline.families.ibp.generator.classic import draw_classic
    from pipeline.families.ibp.generator.rules import Rejected
    from pipeline.families.ibp.generator.settings import GeneratorConfig, Level

    seen: list[tuple[sympy.Expr, list[sympy.Expr]]] = []
    original = parts_chain.collected_on_kernels

    def recording(expanded, kernels):
        seen.append((expanded, kernels))
        return original(expanded, kernels)

    monkeypatch.setattr(parts_chain, "collected_on_kernels", recording)
    config = GeneratorConfig()
    rng = random.Random(5)
    for _ in range(60):
        for level in Level:
            try:
                draw_classic(rng, level, config.levels[level], config, x)
            except Rejected:
                continue
    direct = 0
    for expanded, kernels in seen:
        result = original(expanded, kernels)
        if result is not None:
            direct += 1
            assert sympy.srepr(result) == sympy.srepr(sympy.collect(expanded, kernels)), expanded
    assert direct > 100
    a, k = sympy.Symbol("a"), sympy.sin(x)
    for other in (x * sympy.sin(x) * sympy.cos(x), sympy.exp(x) ** 2 * x, x / sympy.log(x), a * sympy.sin(k)):
        assert original(sympy.expand_mul(other + x * k), [k, sympy.cos(x), sympy.log(x)]) is None
