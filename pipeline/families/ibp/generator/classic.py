"""Classic families that need integration by parts, with random coefficients and degrees.

Polynomial times exp/sin/cos (and sinh/cosh), polynomial times a power of log, polynomial times atan,
asin/acos alone, and the cyclic pair exp*sin (or x**k*cos(log(x))). The number of parts applications is
the difficulty knob: a degree-n polynomial needs n of them, log(w)**m needs m, a cyclic integral 2. Each
family's chain (``parts_chain``) gives both the closed form the problem is stated with and the steps the
teacher writes, so the two can never disagree.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import sympy

from pipeline.families.ibp.generator.draft import Draft
from pipeline.families.ibp.generator.parts_chain import ChainError, ChainKind, PartsChain, build_chain
from pipeline.families.ibp.generator.rules import Degeneracy, Rejected, require
from pipeline.families.ibp.generator.settings import (
    ClassicFamily,
    Construction,
    GeneratorConfig,
    Level,
    LevelConfig,
)
from pipeline.families.shared.memo import printed

FAMILY_CHAINS: dict[str, ChainKind] = {
    ClassicFamily.POLY_EXP: ChainKind.TABULAR,
    ClassicFamily.POLY_TRIG: ChainKind.TABULAR,
    ClassicFamily.POLY_LOG: ChainKind.LOG_POWER,
    ClassicFamily.POLY_ATAN: ChainKind.ATAN,
    ClassicFamily.INVERSE_TRIG: ChainKind.ARCSIN,
    ClassicFamily.CYCLIC: ChainKind.CYCLIC,
}
"""Which chain integrates each family (the teacher reads a problem's ``variant`` through this)."""

PARTS_RANGE: dict[ClassicFamily, tuple[int, int]] = {
    ClassicFamily.POLY_EXP: (1, 6),
    ClassicFamily.POLY_TRIG: (1, 6),
    ClassicFamily.POLY_LOG: (1, 3),
    ClassicFamily.POLY_ATAN: (1, 1),
    ClassicFamily.INVERSE_TRIG: (1, 1),
    ClassicFamily.CYCLIC: (2, 2),
}
"""How many parts applications each family can need (degree, log power, or fixed)."""

_SLOPES: dict[Level, tuple[sympy.Rational, ...]] = {
    Level.EASY: tuple(sympy.Rational(n) for n in (1, 1, 2, 3, 4, -1, -2, "1/2")),
    Level.MEDIUM: tuple(sympy.Rational(n) for n in (1, 2, 3, 4, -1, -2, "1/2", "1/3")),
    Level.HARD: tuple(sympy.Rational(n) for n in (2, 3, 4, 5, -2, -3, "1/2", "3/2", "2/3", "-1/2", 6)),
}
_OFFSETS: dict[Level, tuple[sympy.Rational, ...]] = {
    Level.EASY: tuple(sympy.Rational(n) for n in (0, 0, 0, 1, -1, 2, -2)),
    Level.MEDIUM: tuple(sympy.Rational(n) for n in (0, 0, 1, -1, 2, -2, 3)),
    Level.HARD: tuple(sympy.Rational(n) for n in (0, 1, -1, 2, -2, 3, -3, "1/2", 5)),
}
_COEFFICIENT_BOUND: dict[Level, int] = {Level.EASY: 4, Level.MEDIUM: 5, Level.HARD: 7}


def draw_classic(
    rng: random.Random, level: Level, level_cfg: LevelConfig, config: GeneratorConfig, x: sympy.Symbol
) -> Draft:
    """One classic problem whose parts count lies in the level's range (families that cannot are skipped)."""
    lo, hi = level_cfg.parts_applications
    usable = {
        family: weight
        for family, weight in config.classic_families.items()
        if weight > 0 and PARTS_RANGE[family][0] <= hi and PARTS_RANGE[family][1] >= lo
    }
    if not usable:
        raise Rejected(Degeneracy.CHAIN_FAILED, f"no classic family needs {lo}..{hi} parts applications")
    family = ClassicFamily(_weighted(rng, usable))
    low, high = max(lo, PARTS_RANGE[family][0]), min(hi, PARTS_RANGE[family][1])
    count = rng.randint(low, high)
    u, dv = _DRAW[family](rng, level, count, x, config.next_draws)
    try:
        chain = build_chain(FAMILY_CHAINS[family], u, dv, x)
    except (ChainError, ZeroDivisionError, sympy.PolynomialError) as err:
        raise Rejected(Degeneracy.CHAIN_FAILED, str(err)) from None
    first = chain.links[0]
    require(first.u.has(x) and chain.integrand.has(x), Degeneracy.CONSTANT_FACTOR)
    return Draft(
        construction=Construction.CLASSIC,
        variant=family.value,
        f=chain.antiderivative,
        integrand=chain.integrand,
        u=first.u,
        v=first.v,
        parts_applications=len(chain.links),
        rabbit=describe_classic_rabbit(family, chain, x),
    )


def describe_classic_rabbit(family: str, chain: PartsChain, x: sympy.Symbol) -> str:
    """The key insight for this family, stated for this integrand."""
    first = chain.links[0]
    n = len(chain.links)
    choice = f"u = {printed(first.u)} and dv = {printed(first.dv)} d{x}"
    if family in (ClassicFamily.POLY_EXP, ClassicFamily.POLY_TRIG):
        return (
            f"Integrate by parts with {choice}: each application differentiates the polynomial once "
            f"(lowering its degree) while dv keeps a table antiderivative, so after {n} "
            f"application(s) only a table integral is left."
        )
    if family == ClassicFamily.POLY_LOG:
        return (
            f"Take the log power as u ({choice}): du is algebraic, and choosing v as the antiderivative of "
            f"the polynomial that vanishes where the log's argument does makes v*du a polynomial times a "
            f"lower power of the log; {n} application(s) remove the log entirely."
        )
    if family in (ClassicFamily.POLY_ATAN, ClassicFamily.INVERSE_TRIG):
        return (
            f"The inverse trigonometric function has an algebraic derivative: take {choice}, so the integral "
            f"left after one application has no inverse trigonometric function in it and is done by "
            f"{'partial fractions' if family == ClassicFamily.POLY_ATAN else 'a substitution'}."
        )
    return (
        f"Integrate by parts twice with the same kind of dv ({choice}): the second application brings back a "
        f"constant multiple of the original integral, so solve the resulting equation for it."
    )


# --- drawing each family --------------------------------------------------------------------------------


def _linear(rng: random.Random, level: Level, x: sympy.Symbol) -> sympy.Expr:
    return rng.choice(_SLOPES[level]) * x + rng.choice(_OFFSETS[level])


def _polynomial(rng: random.Random, level: Level, degree: int, x: sympy.Symbol) -> sympy.Expr:
    """A polynomial of exactly this degree; easy ones are sparse (c*x**n + d), harder ones dense."""
    bound = _COEFFICIENT_BOUND[level]
    lead = rng.choice([c for c in range(-bound, bound + 1) if c != 0])
    if level == Level.EASY:
        return lead * x**degree + rng.choice((0, 0, 1, -1, 2, -2, 3, -3, 4, 5))
    density = 0.5 if level == Level.MEDIUM else 0.7
    terms = [rng.randint(-bound, bound) if rng.random() < density else 0 for _ in range(degree)]
    return lead * x**degree + sum(c * x**k for k, c in enumerate(terms))


def _draw_poly_exp(
    rng: random.Random, level: Level, count: int, x: sympy.Symbol, next_draws: bool = False
) -> tuple[sympy.Expr, sympy.Expr]:
    kernel = rng.choice((sympy.exp, sympy.exp, sympy.exp, sympy.sinh, sympy.cosh))
    return _polynomial(rng, level, count, x), kernel(_linear(rng, level, x))


def _draw_poly_trig(
    rng: random.Random, level: Level, count: int, x: sympy.Symbol, next_draws: bool = False
) -> tuple[sympy.Expr, sympy.Expr]:
    kernel = rng.choice((sympy.sin, sympy.cos))
    return _polynomial(rng, level, count, x), kernel(_linear(rng, level, x))


def _draw_poly_log(
    rng: random.Random, level: Level, count: int, x: sympy.Symbol, next_draws: bool = False
) -> tuple[sympy.Expr, sympy.Expr]:
    degree = rng.choice(_LOG_DEGREES[level])
    polynomial = _polynomial(rng, level, degree, x) if degree else sympy.Integer(rng.choice((1, 1, 2, 3)))
    slope = rng.choice(_SLOPES[level])  # drawn before the offset, as before
    offset = 0 if level == Level.EASY and not next_draws else rng.choice(_OFFSETS[level])
    w = slope * x + offset  # 2026-12-02: easy log(a*x) alone was a handful of integrands
    return sympy.log(w) ** count, polynomial


def _draw_poly_atan(
    rng: random.Random, level: Level, count: int, x: sympy.Symbol, next_draws: bool = False
) -> tuple[sympy.Expr, sympy.Expr]:
    degree = rng.choice(_ATAN_DEGREES[level])
    polynomial = _polynomial(rng, level, degree, x) if degree else sympy.Integer(rng.choice((1, 2, 3)))
    return sympy.atan(_linear(rng, level, x)), polynomial


def _draw_inverse_trig(
    rng: random.Random, level: Level, count: int, x: sympy.Symbol, next_draws: bool = False
) -> tuple[sympy.Expr, sympy.Expr]:
    # The argument must stay in [-1, 1] somewhere on the positive axis: small slopes and offsets only.
    slope = rng.choice((1, 1, 2, sympy.Rational(1, 2), sympy.Rational(1, 3), -1))
    offset = rng.choice((0, 0, -1, sympy.Rational(-1, 2)))
    function = rng.choice((sympy.asin, sympy.asin, sympy.acos))
    return function(slope * x + offset), sympy.Integer(rng.choice((1, 1, 2, 3, -1, 4)))


def _draw_cyclic(
    rng: random.Random, level: Level, count: int, x: sympy.Symbol, next_draws: bool = False
) -> tuple[sympy.Expr, sympy.Expr]:
    trig = rng.choice((sympy.sin, sympy.cos))
    scale = rng.choice((1, 1, 1, 2, 3, -1, sympy.Rational(1, 2)))
    if rng.random() < 0.25:  # x**k * sin/cos(log(x)): the same trick with dv = x**k
        powers = _NEXT_LOG_POWERS if next_draws else (0, 1, 1, 2, 3)
        return scale * trig(sympy.log(x)), x ** rng.choice(powers)
    exp_slope = rng.choice(_SLOPES[level])
    trig_slope = rng.choice(_SLOPES[level])
    return scale * trig(trig_slope * x + rng.choice(_OFFSETS[level])), sympy.exp(
        exp_slope * x + rng.choice(_OFFSETS[level])
    )


_NEXT_LOG_POWERS = (0, 1, 1, 2, 3, 4, 5, -2, -3)
"""2026-12-02: the powers of x beside sin/cos(log(x)) (8 integrands up to constants were a third of the
classic duplicates)."""

_LOG_DEGREES: dict[Level, tuple[int, ...]] = {
    Level.EASY: (0, 1, 1, 2),
    Level.MEDIUM: (0, 1, 2, 2, 3),
    Level.HARD: (1, 2, 3),
}
_ATAN_DEGREES: dict[Level, tuple[int, ...]] = {
    Level.EASY: (0, 1, 1),
    Level.MEDIUM: (0, 1, 2),
    Level.HARD: (1, 2),
}

_DRAW = {
    ClassicFamily.POLY_EXP: _draw_poly_exp,
    ClassicFamily.POLY_TRIG: _draw_poly_trig,
    ClassicFamily.POLY_LOG: _draw_poly_log,
    ClassicFamily.POLY_ATAN: _draw_poly_atan,
    ClassicFamily.INVERSE_TRIG: _draw_inverse_trig,
    ClassicFamily.CYCLIC: _draw_cyclic,
}


def _weighted(rng: random.Random, weights: dict[ClassicFamily, float]) -> str:
    keys: Sequence[ClassicFamily] = sorted(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]
