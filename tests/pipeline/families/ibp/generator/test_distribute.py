"""``distributed`` builds ``sympy.expand_mul``'s very tree, or declines (None).

Why: ``parts_chain.tidy`` uses it instead of ``expand_mul`` on the chains' closed forms, which are part of
every classic problem (``test_problems_digest.py`` pins the first problems); here it is compared with
``expand_mul`` on the closed forms of classic chains drawn at every level, and on shapes it must decline.
"""

from __future__ import annotations

import random

import pytest
import sympy

from pipeline.families.ibp.generator import parts_chain
from pipeline.families.ibp.generator.classic import draw_classic
from pipeline.families.ibp.generator.distribute import distributed
from pipeline.families.ibp.generator.settings import GeneratorConfig, Level

x, a = sympy.symbols("x a")


def test_the_chains_closed_forms_expand_to_expand_muls_tree(monkeypatch):
    seen: list[sympy.Expr] = []
    tidy = parts_chain.tidy
    monkeypatch.setattr(parts_chain, "tidy", lambda e, k, v: (seen.append(e), tidy(e, k, v))[1])
    config = GeneratorConfig()
    for level in Level:
        rng = random.Random(f"distribute {level}")
        for _ in range(60):
            try:
                draw_classic(rng, level, config.levels[level], config, x)
            except Exception:  # a rejected draw: its chain (if any) was still recorded
                continue
    built = 0
    for expr in seen:
        got = distributed(expr)
        if got is not None:
            built += 1
            assert sympy.srepr(got) == sympy.srepr(sympy.expand_mul(expr)), expr
    assert built > 0.8 * len(seen) > 100


@pytest.mark.parametrize(
    "expr",
    [
        (x + 1) * sympy.exp(-2 * x) / 3 - (x**2 - 1) * sympy.sin(3 * x + 1),
        a * (x + a) * sympy.cosh(x / 2) + 5,
        x * sympy.log(2 * x + 1) ** 2 - (x**3 / 3 - x) * sympy.log(2 * x + 1),
    ],
    ids=str,
)
def test_plain_shapes_are_built(expr):
    got = distributed(expr)
    assert got is not None
    assert sympy.srepr(got) == sympy.srepr(sympy.expand_mul(expr))


@pytest.mark.parametrize(
    "expr",
    [
        (x + 1) * (x + 2) * sympy.exp(x),  # two sums
        sympy.exp(x * (x + 1)) + x,  # a product to distribute inside a function
        (x + 1) / (x * (x + 2)),  # a denominator
        sympy.sqrt(x) * (x + 1),  # a radical
        (x + 1) ** 2 * sympy.exp(x),  # a power of a sum
    ],
    ids=str,
)
def test_other_shapes_are_declined(expr):
    assert distributed(expr) is None
