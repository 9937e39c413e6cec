"""Partial-fraction problems: draw a decomposition, combine it into one rational function g, and ask for
the integral of g. f (the sum of the terms' antiderivatives) is what the derive stage differentiates.

Levels differ in the number and kind of factors and in the improper part:

* easy: two distinct linear factors, proper;
* medium: three distinct linear factors, a repeated linear factor, or an irreducible quadratic, sometimes
  with a polynomial part (numerator degree >= denominator degree: long division first);
* hard: three factors mixing repeated linear and irreducible quadratic ones, a cubic repeated factor or
  two quadratics, half of them improper.

Every problem has a simple linear factor x - r with r != 0 (and x + r no other factor) and a simple linear
term whose coefficient is not 1, so every flaw the teacher plants (``teacher.FLAWS``) has a term to land on.
"""

from __future__ import annotations

import random
from typing import Literal

import sympy
from pydantic import Field, model_validator

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families.partial_fractions.terms import (
    Decomposition,
    LinearFactor,
    QuadraticFactor,
    combined,
    denominator_factored,
    polynomial_antiderivative,
    polynomial_part,
    terms_of,
)
from pipeline.families.shared.antiderivative import AntiderivativeDetails
from pipeline.families.shared.canonical import canonical_form
from pipeline.families.shared.splits import DEFAULT_SPLITS, SplitsConfig, assign_split
from pipeline.families.shared.teaching import TeacherError, text

Level = Literal["easy", "medium", "hard"]
MAX_DRAWS = 100
SHAPES: dict[str, tuple[tuple[str, ...], ...]] = {
    "easy": (("linear", "linear"),),
    "medium": (("linear", "linear", "linear"), ("linear", "repeated2"), ("linear", "quadratic")),
    "hard": (
        ("linear", "repeated2", "quadratic"),
        ("linear", "linear", "quadratic"),
        ("linear", "linear", "repeated2"),
        ("linear", "repeated3"),
        ("linear", "quadratic", "quadratic"),
    ),
}
IMPROPER_CHANCE = {"easy": 0.0, "medium": 0.3, "hard": 0.5}
POLYNOMIAL_DEGREES = {"easy": (0,), "medium": (0, 1), "hard": (1, 2)}
NONZERO = (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)


class PartialFractionsDetails(AntiderivativeDetails):
    """The decomposition the integrand was built from (the teacher's and the checks' ground truth)."""

    decomposition: Decomposition
    terms: tuple[str, ...] = Field(description="the partial fractions of g, in SymPy syntax")
    polynomial_part: str = Field(description="the quotient of the long division, 0 when g is proper")
    denominator: str = Field(description="g's denominator, factored")
    factor_kinds: str = Field(description="the kinds of factor, e.g. linear+repeated+quadratic")
    improper: bool = Field(description="numerator degree >= denominator degree (a polynomial part)")


class PartialFractionsSampler(SplitsConfig):
    """The ``sampler:`` section of a partial_fractions run: the level mix, the longest integrand, splits."""

    levels: dict[Level, float] = Field(
        default_factory=lambda: {"easy": 0.3, "medium": 0.4, "hard": 0.3},
        description="relative weight of each level",
    )
    max_integrand_chars: int = Field(default=240, ge=40, description="longer draws are redrawn")

    @model_validator(mode="after")
    def _some_level(self) -> PartialFractionsSampler:
        if not any(w > 0 for w in self.levels.values()) or any(w < 0 for w in self.levels.values()):
            raise ValueError(f"levels are non-negative weights, at least one positive; got {self.levels}")
        return self


def details_of(problem: Problem) -> PartialFractionsDetails:
    """The problem's details as this family's model (details read back from JSON are plain)."""
    if isinstance(problem.details, PartialFractionsDetails):
        return problem.details
    return PartialFractionsDetails.model_validate(problem.details.model_dump())


def draw_decomposition(rng: random.Random, level: str) -> Decomposition:
    """A random decomposition of the level's shape: distinct roots, irreducible distinct quadratics."""
    shape = rng.choice(SHAPES[level])
    roots = rng.sample(range(-4, 5), sum(1 for kind in shape if kind != "quadratic"))
    linear, quadratic = [], []
    for kind in shape:
        if kind == "quadratic":
            quadratic.append(_quadratic(rng, taken=quadratic))
            continue
        power = 1 if kind == "linear" else int(kind[-1])
        lower = [rng.choice((0, *NONZERO)) for _ in range(power - 1)]
        linear.append(LinearFactor(root=roots.pop(), coefficients=(*lower, rng.choice(NONZERO))))
    polynomial: tuple[int, ...] = ()
    if rng.random() < IMPROPER_CHANCE[level]:
        degree = rng.choice(POLYNOMIAL_DEGREES[level])
        polynomial = (*(rng.randint(-3, 3) for _ in range(degree)), rng.choice((-2, -1, 1, 2, 3)))
    return Decomposition(linear=tuple(linear), quadratic=tuple(quadratic), polynomial=polynomial)


def _quadratic(rng: random.Random, taken: list[QuadraticFactor]) -> QuadraticFactor:
    while True:
        if rng.random() < 0.6:  # (x + h)**2 + n: completing the square gives integers
            h, n = rng.randint(-3, 3), rng.choice((1, 1, 2, 3, 4, 9))
            p, q = 2 * h, h * h + n
        else:  # odd p: the atan's argument is (2*x + p)/sqrt(4*q - p**2)
            p = rng.choice((-3, -1, 1, 3))
            q = rng.randint(p * p // 4 + 1, p * p // 4 + 4)
        c, d = rng.randint(-3, 3), rng.randint(-4, 4)
        if (c, d) != (0, 0) and all((f.p, f.q) != (p, q) for f in taken):
            return QuadraticFactor(p=p, q=q, c=c, d=d)


def sign_flippable(decomposition: Decomposition) -> list[int]:
    """Simple linear factors x - r whose x + r is no other factor: where wrong_factor can land."""
    roots = {f.root for f in decomposition.linear}
    return [
        i
        for i, f in enumerate(decomposition.linear)
        if len(f.coefficients) == 1 and f.root != 0 and -f.root not in roots
    ]


def flaw_targets_exist(decomposition: Decomposition) -> bool:
    """A simple linear term with a nonzero root whose sign can flip (log_sign, wrong_factor) and one with a
    coefficient other than 1 (log_coefficient)."""
    simple = [f for f in decomposition.linear if len(f.coefficients) == 1]
    return bool(sign_flippable(decomposition)) and any(f.coefficients[0] != 1 for f in simple)


def factor_kinds(decomposition: Decomposition) -> str:
    kinds = ["linear" if len(f.coefficients) == 1 else "repeated" for f in decomposition.linear]
    kinds += ["quadratic"] * len(decomposition.quadratic)
    order = ("linear", "repeated", "quadratic")
    return "+".join(kind for kind in order if kind in kinds)


def build_details(
    decomposition: Decomposition, x: sympy.Symbol
) -> tuple[PartialFractionsDetails, sympy.Expr]:
    """Everything the run needs from a decomposition (f, g, the terms, the factored denominator), and g."""
    terms = terms_of(decomposition, x)
    polynomial = polynomial_part(decomposition, x)
    f = polynomial_antiderivative(decomposition, x) + sympy.Add(*(t.antiderivative for t in terms))
    g = combined(decomposition, x)
    details = PartialFractionsDetails(
        f=text(f),
        integrand=text(g),
        decomposition=decomposition,
        terms=tuple(text(t.expr) for t in terms),
        polynomial_part=text(polynomial),
        denominator=text(denominator_factored(decomposition, x)),
        factor_kinds=factor_kinds(decomposition),
        improper=bool(decomposition.polynomial),
    )
    return details, g


def rabbit(decomposition: Decomposition, x: sympy.Symbol) -> str:
    """The key insight: the factored denominator and whether to divide first."""
    quotient = polynomial_part(decomposition, x)
    division = f"divide first (quotient {text(quotient)}), then " if quotient != 0 else "g is proper, so "
    return (
        f"The denominator factors as {text(denominator_factored(decomposition, x))}: {division}split g into "
        f"partial fractions over those factors; each one integrates to a log, a power or an atan."
    )


def sample_partial_fractions_problem(
    run_seed: int, index: int, variable: str = "x", config: PartialFractionsSampler | None = None
) -> Problem:
    """Problem ``index`` of a partial_fractions run: a pure function of its arguments."""
    config = config or PartialFractionsSampler()
    seed = problem_seed(run_seed, index)
    rng = random.Random(seed)
    x = sympy.Symbol(variable)
    levels = [level for level, weight in config.levels.items() if weight > 0]
    weights = [config.levels[level] for level in levels]
    for _ in range(MAX_DRAWS):
        level = rng.choices(levels, weights)[0]
        decomposition = draw_decomposition(rng, level)
        if not flaw_targets_exist(decomposition):
            continue
        details, g = build_details(decomposition, x)
        if len(details.integrand) > config.max_integrand_chars:
            continue
        canonical = canonical_form(g, x)
        construction = details.factor_kinds + ("+polynomial" if details.improper else "")
        return Problem(
            index=index,
            seed=seed,
            family="partial_fractions",
            construction=construction,
            variable=variable,
            difficulty=level,
            rabbit=rabbit(decomposition, x),
            canonical=canonical,
            split=assign_split(canonical, config.splits or DEFAULT_SPLITS),
            details=details,
        )
    raise TeacherError("sampling_failed", f"no partial-fraction problem in {MAX_DRAWS} draws (seed {seed})")
