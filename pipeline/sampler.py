"""Draw the function f = u(x)*v(x) a sample is built from, deterministically from (run seed, index).

Random functions almost never produce integrals that need integration by parts, so the u*v' structure is
built on purpose: u is polynomial-ish, v is a composition of elementary functions (like the paper's
sin(exp(x**2))). Differentiating f gives g = u'v + uv', the integrand of the reversed problem, and the
"rabbit" (the insight that g is the product rule's output) is known by construction.

Each problem has its own ``random.Random`` seeded from a hash of (run seed, index), so a problem never
depends on which problems were drawn before it, in what order, or how many ran at once. Every SymPy
operation here is cheap (construction, one ``diff``, printing); the caller still runs sampling in a
time-limited worker.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from enum import StrEnum
from fractions import Fraction

import sympy

from pipeline.config import SamplerConfig
from pipeline.problem import Problem
from validators.parse import ParseError, parse_math

MAX_DRAWS = 200
"""Redraws allowed before giving up; degenerate draws are rare (a few percent), so this is never reached."""

MAX_INTEGRAND_CHARS = 200
"""Longer integrands make poor exercises and long, error-prone answers."""

EASY_MAX_CHARS = 40
MEDIUM_MAX_CHARS = 70

_COEFFICIENTS: tuple[Fraction, ...] = tuple(Fraction(n) for n in (1, 1, 1, 2, 2, 3, 4, 5, -1, -2, -3)) + (
    Fraction(1, 2),
    Fraction(3, 2),
    Fraction(1, 3),
    Fraction(-1, 2),
)
"""Small coefficients, weighted toward 1 so most problems look like textbook ones."""

_OFFSETS: tuple[int, ...] = (-3, -2, -1, 1, 1, 2, 3, 4, 5)

_OUTER_FUNCTIONS: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    sympy.exp,
    sympy.exp,
    sympy.sin,
    sympy.sin,
    sympy.cos,
    sympy.cos,
    sympy.log,
    sympy.atan,
    sympy.sqrt,
    sympy.tanh,
    sympy.sinh,
    sympy.cosh,
)

_GROWING = ("exp", "sinh", "cosh")
_FORBIDDEN_COMPOSITIONS: frozenset[tuple[str, str]] = frozenset(
    {("exp", "log"), ("log", "exp")} | {(inner, outer) for inner in _GROWING for outer in (*_GROWING, "tanh")}
)
"""(inner, outer) pairs never drawn. exp(log(w)) collapses to w and log(exp(w)) is a silly exercise.
A growing function of a growing function (exp(exp(5*x**3))) reaches 10**25000 at x = 1.3, where one term of
g swamps the other and numeric checks lose it; tanh of one saturates (its derivative 1 - tanh(w)**2 is 0 to
any working precision on most of the real line)."""


class Degeneracy(StrEnum):
    """Why a draw was thrown away and redrawn."""

    CONSTANT_FACTOR = "constant_factor"
    NO_TRANSCENDENTAL = "no_transcendental"
    TRIVIAL_DERIVATIVE = "trivial_derivative"
    NOT_FINITE = "not_finite"
    TOO_LONG = "too_long"
    NOT_ROUND_TRIPPABLE = "not_round_trippable"


class SamplingError(RuntimeError):
    """No acceptable function was found within ``MAX_DRAWS`` draws (a bug in the sampler's tables)."""


def problem_seed(run_seed: int, index: int) -> int:
    """The seed of one problem: a hash, so neighbouring indices give unrelated streams."""
    digest = hashlib.sha256(f"{run_seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & (2**63 - 1)


def sample_problem(
    run_seed: int, index: int, variable: str = "x", config: SamplerConfig | None = None
) -> Problem:
    """Draw problem number ``index`` of a run: the same (run_seed, index) always gives the same Problem."""
    config = config or SamplerConfig()
    seed = problem_seed(run_seed, index)
    rng = random.Random(seed)
    x = sympy.Symbol(variable)
    for _ in range(MAX_DRAWS):
        u = _draw_u(rng, x)
        v = _draw_v(rng, x, config.max_nesting)
        f = u * v
        g = sympy.diff(f, x)
        if find_degeneracy(u, v, g, x) is None:
            return Problem(
                index=index,
                seed=seed,
                construction="product_reversal",
                variable=variable,
                f=sympy.sstr(f),
                integrand=sympy.sstr(g),
                u=sympy.sstr(u),
                v=sympy.sstr(v),
                rabbit=describe_rabbit(u, v, x),
                difficulty=difficulty_of(sympy.sstr(g)),
            )
    raise SamplingError(f"no acceptable f = u*v after {MAX_DRAWS} draws (seed {seed})")


def find_degeneracy(u: sympy.Expr, v: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> Degeneracy | None:
    """The first rule a draw breaks, or None if it makes a proper integration-by-parts problem."""
    if not u.has(x) or not v.has(x):
        return Degeneracy.CONSTANT_FACTOR
    # v must keep a transcendental function: exp(log(w)) and friends can collapse it into algebra.
    if not v.atoms(sympy.Function):
        return Degeneracy.NO_TRANSCENDENTAL
    if g.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return Degeneracy.NOT_FINITE
    if not g.has(x):
        return Degeneracy.TRIVIAL_DERIVATIVE
    text = sympy.sstr(g)
    if len(text) > MAX_INTEGRAND_CHARS:
        return Degeneracy.TOO_LONG
    # Every later stage reads these strings back with the whitelist parser: make sure it can.
    for expr in (u, v, g):
        if not reads_back(expr, x):
            return Degeneracy.NOT_ROUND_TRIPPABLE
    return None


def reads_back(expr: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the whitelist parser reads the printed expr back as the same function.

    Not always the same tree: the printer writes 3*(x**2 + 1)*cosh(x) and reading it distributes the 3, so
    a structural mismatch is settled by expanding the difference (cheap at these sizes).
    """
    try:
        parsed = parse_math(sympy.sstr(expr), str(x))
    except ParseError:
        return False
    return parsed == expr or sympy.expand(parsed - expr) == 0


def describe_rabbit(u: sympy.Expr, v: sympy.Expr, x: sympy.Symbol) -> str:
    """The insight that unlocks the reversed problem, stated for this f."""
    du, dv = sympy.diff(u, x), sympy.diff(v, x)
    return (
        f"g = u'v + uv' is the product rule applied to u = {u}, v = {v} (u' = {du}, v' = {dv}); "
        f"integrating u*v' by parts with dv = {dv} d{x} gives u*v minus the integral of v*u', "
        f"which cancels the u'*v term, so the integral of g is {u * v} + C."
    )


def difficulty_of(integrand: str) -> str:
    """easy / medium / hard by the length of the integrand a student has to read."""
    if len(integrand) <= EASY_MAX_CHARS:
        return "easy"
    if len(integrand) <= MEDIUM_MAX_CHARS:
        return "medium"
    return "hard"


def _coefficient(rng: random.Random) -> sympy.Rational:
    c = rng.choice(_COEFFICIENTS)
    return sympy.Rational(c.numerator, c.denominator)


def _draw_u(rng: random.Random, x: sympy.Symbol) -> sympy.Expr:
    """The algebraic factor: a monomial, a binomial, a quadratic or a square root."""
    n = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
    kind = rng.choice(("power", "power", "scaled_power", "binomial", "binomial", "quadratic", "root"))
    if kind == "power":
        return x**n
    if kind == "scaled_power":
        return _coefficient(rng) * x**n
    if kind == "binomial":
        return _coefficient(rng) * x**n + rng.choice(_OFFSETS)
    if kind == "quadratic":
        return x**2 + rng.choice(_OFFSETS) * x + rng.choice(_OFFSETS)
    return rng.choice((sympy.sqrt(x), x * sympy.sqrt(x), 2 * sympy.sqrt(x)))


def _draw_inner(rng: random.Random, x: sympy.Expr) -> sympy.Expr:
    """The innermost argument of v: x, a scaled power, or a binomial (x**2 as in the paper)."""
    k = rng.choice((1, 1, 2, 2, 3))
    kind = rng.choice(("plain", "power", "power", "scaled", "binomial"))
    if kind == "plain":
        return x
    if kind == "power":
        return x**k
    if kind == "scaled":
        return _coefficient(rng) * x**k
    return _coefficient(rng) * x**k + rng.choice(_OFFSETS)


def _draw_v(rng: random.Random, x: sympy.Symbol, max_nesting: int) -> sympy.Expr:
    """The transcendental factor: elementary functions composed 1..max_nesting deep around a polynomial."""
    depth = rng.randint(1, max_nesting)
    w = _draw_inner(rng, x)
    previous = ""
    for level in range(depth):
        outer = rng.choice(_OUTER_FUNCTIONS)
        while (previous, outer.__name__) in _FORBIDDEN_COMPOSITIONS:
            outer = rng.choice(_OUTER_FUNCTIONS)
        if level > 0 and rng.random() < 0.25:
            w = _coefficient(rng) * w
        w = outer(w)
        previous = outer.__name__
    if rng.random() < 0.2:
        w = _coefficient(rng) * w
    return w
