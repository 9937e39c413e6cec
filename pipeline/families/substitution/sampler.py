"""Substitution problems: f = H(phi(x)) for a random outer H and inner phi, so g = H'(phi(x))*phi'(x)."""

from __future__ import annotations

import random

import sympy
from pydantic import Field

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families.shared.antiderivative import AntiderivativeDetails
from pipeline.families.shared.canonical import canonical_form
from pipeline.families.shared.splits import DEFAULT_SPLITS, SplitsConfig, assign_split
from pipeline.families.shared.teaching import TeacherError, text

W = sympy.Symbol("w")
MAX_DRAWS = 100


class SubstitutionDetails(AntiderivativeDetails):
    """The inner function phi(x) and the outer H(w) of f = H(phi(x))."""

    inner: str = Field(description="phi(x), the inner function: w = phi(x)")
    outer: str = Field(description="H(w), an antiderivative of the outer h(w)")


class SubstitutionSampler(SplitsConfig):
    """The ``sampler:`` section of a substitution run: only the splits (problems are drawn from tables)."""


def _inner(rng: random.Random, x: sympy.Symbol) -> sympy.Expr:
    a, b, n = rng.choice((1, 2, 3, -1, -2)), rng.choice((1, 2, 3, 4, -1)), rng.choice((2, 2, 3, 4))
    return rng.choice(
        (
            x**n + b,
            a * x**n + b,
            sympy.sin(x),
            sympy.cos(x),
            sympy.exp(a * x),
            sympy.log(x),
            x**2 + a * x + b,
            sympy.sqrt(x) + b,
            sympy.exp(x) + b,
            sympy.tan(x),
        )
    )


def _outer(rng: random.Random) -> sympy.Expr:
    k, m = rng.choice((2, 3, 4, 5, -1, -2)), rng.choice((1, 2, 3))
    return rng.choice(
        (
            sympy.sin(m * W),
            sympy.cos(W),
            sympy.exp(m * W),
            W**k,
            sympy.sqrt(W),
            sympy.atan(W),
            sympy.log(W),
            sympy.sinh(W),
            sympy.tan(W),
        )
    )


def sample_substitution_problem(
    run_seed: int, index: int, variable: str = "x", config: object = None
) -> Problem:
    """Problem ``index`` of a substitution run: a pure function of (run_seed, index)."""
    seed = problem_seed(run_seed, index)
    rng = random.Random(seed)
    x = sympy.Symbol(variable)
    for _ in range(MAX_DRAWS):
        phi, outer = _inner(rng, x), _outer(rng)
        if outer.is_polynomial(W) and phi.is_polynomial(x):
            continue  # a polynomial of a polynomial is algebra, not a substitution exercise
        f = outer.subs(W, phi)
        g = sympy.diff(f, x)
        g_text = text(g)
        if not g.has(x) or g.has(sympy.zoo, sympy.nan) or len(g_text) > 200:
            continue
        canonical = canonical_form(g, x)
        splits = getattr(config, "splits", None) or DEFAULT_SPLITS
        return Problem(
            index=index,
            seed=seed,
            family="substitution",
            canonical=canonical,
            split=assign_split(canonical, splits),
            construction="chain_reversal",
            variable=variable,
            details=SubstitutionDetails(f=text(f), integrand=g_text, inner=text(phi), outer=text(outer)),
            rabbit=(
                f"g contains {text(sympy.diff(phi, x))}, the derivative of the inner function {text(phi)}: "
                f"with w = {text(phi)}, g dx = {text(sympy.diff(outer, W))} dw."
            ),
            difficulty="easy" if len(g_text) <= 40 else "medium" if len(g_text) <= 70 else "hard",
        )
    raise TeacherError("sampling_failed", f"no substitution problem after {MAX_DRAWS} draws (seed {seed})")
