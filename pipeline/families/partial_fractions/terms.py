"""A partial-fraction decomposition as data, and the three integrals every term reduces to (log, power, atan).

The sampler draws a decomposition (``Decomposition``: linear factors with their coefficients, irreducible
quadratics with their numerators, a polynomial part); everything else is computed from it here: the terms
as SymPy expressions, the single rational function they combine into (the integrand the model sees), and
each term's antiderivative piece by piece. The teacher, the derive stage and the tests all read the same
pieces, so the ground truth has one source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Decomposition",
    "LinearFactor",
    "Piece",
    "QuadraticFactor",
    "Term",
    "atan_argument",
    "combined",
    "denominator_factored",
    "polynomial_antiderivative",
    "polynomial_part",
    "terms_of",
]

Rule = Literal["log", "power", "log_quadratic", "atan"]


class LinearFactor(BaseModel):
    """(x - root)**k with the coefficients of 1/(x - root), 1/(x - root)**2, ... (k = their number)."""

    model_config = ConfigDict(frozen=True)

    root: int
    coefficients: tuple[int, ...] = Field(min_length=1, description="over (x - root)**1, **2, ...")


class QuadraticFactor(BaseModel):
    """(c*x + d)/(x**2 + p*x + q) with p**2 < 4*q: no real root, so it integrates to a log and an atan."""

    model_config = ConfigDict(frozen=True)

    p: int
    q: int
    c: int
    d: int


class Decomposition(BaseModel):
    """The chosen decomposition: polynomial part (coefficients, lowest degree first) plus the terms."""

    model_config = ConfigDict(frozen=True)

    linear: tuple[LinearFactor, ...] = ()
    quadratic: tuple[QuadraticFactor, ...] = ()
    polynomial: tuple[int, ...] = ()


@dataclass(frozen=True)
class Piece:
    """One elementary integral: the integral of ``integrand`` is ``antiderivative`` by ``rule``."""

    rule: Rule
    integrand: sympy.Expr
    antiderivative: sympy.Expr


@dataclass(frozen=True)
class Term:
    """One partial fraction: its expression, its denominator's factor and power, and its integral's pieces."""

    expr: sympy.Expr
    factor: sympy.Expr
    power: int
    pieces: tuple[Piece, ...]
    coefficients: tuple[int, ...]
    """A for A/(x - r)**k; (c, d) for (c*x + d)/(x**2 + p*x + q)."""

    @property
    def antiderivative(self) -> sympy.Expr:
        return sympy.Add(*(piece.antiderivative for piece in self.pieces))


def linear_term(root: int, power: int, coefficient: int, x: sympy.Symbol) -> Term:
    """A/(x - r)**k: A*log(x - r) for k = 1, else -A/((k - 1)*(x - r)**(k - 1)) (the power rule)."""
    factor = x - root
    expr = coefficient / factor**power
    if power == 1:
        piece = Piece("log", expr, coefficient * sympy.log(factor))
    else:
        piece = Piece("power", expr, -sympy.Rational(coefficient, power - 1) / factor ** (power - 1))
    return Term(expr, factor, power, (piece,), (coefficient,))


def atan_argument(p: int, q: int, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """(u, m) with x**2 + p*x + q = m**2*(u**2 + 1): the atan's argument u, unevaluated so it reads
    (x + 1)/2 or (2*x + 1)/sqrt(3), and its scale m (the integral of 1/(x**2 + p*x + q) is atan(u)/m)."""
    s = 4 * q - p * p  # > 0: the factor is irreducible
    if p % 2 == 0:
        shift, width = x + p // 2, sympy.sqrt(sympy.Rational(s, 4))
    else:
        shift, width = 2 * x + p, sympy.sqrt(s)
    argument = shift if width == 1 else sympy.Mul(shift, sympy.Pow(width, -1, evaluate=False), evaluate=False)
    scale = width if p % 2 == 0 else width / 2
    return argument, scale


def quadratic_term(factor: QuadraticFactor, x: sympy.Symbol) -> Term:
    """(c*x + d)/Q with Q = x**2 + p*x + q: split the numerator as (c/2)*Q' + k with k = d - c*p/2, so the
    integral is (c/2)*log(Q) + (k/m)*atan(u) (completing the square, Q = m**2*(u**2 + 1))."""
    p, q, c, d = factor.p, factor.q, factor.c, factor.d
    quad = x**2 + p * x + q
    k = sympy.Rational(2 * d - c * p, 2)
    pieces = []
    if c:
        half = sympy.Rational(c, 2)
        pieces.append(Piece("log_quadratic", half * sympy.diff(quad, x) / quad, half * sympy.log(quad)))
    if k:
        argument, scale = atan_argument(p, q, x)
        pieces.append(Piece("atan", k / quad, k / scale * sympy.atan(argument)))
    return Term((c * x + d) / quad, quad, 1, tuple(pieces), (c, d))


def terms_of(decomposition: Decomposition, x: sympy.Symbol) -> list[Term]:
    """The partial fractions, in reading order: each linear factor by rising power, then the quadratics."""
    terms = [
        linear_term(f.root, k, a, x)
        for f in decomposition.linear
        for k, a in enumerate(f.coefficients, start=1)
        if a
    ]
    return terms + [quadratic_term(f, x) for f in decomposition.quadratic]


def polynomial_part(decomposition: Decomposition, x: sympy.Symbol) -> sympy.Expr:
    return sympy.Add(*(a * x**j for j, a in enumerate(decomposition.polynomial)))


def polynomial_antiderivative(decomposition: Decomposition, x: sympy.Symbol) -> sympy.Expr:
    coefficients = enumerate(decomposition.polynomial)
    return sympy.Add(*(sympy.Rational(a, j + 1) * x ** (j + 1) for j, a in coefficients))


def combined(decomposition: Decomposition, x: sympy.Symbol) -> sympy.Expr:
    """The one rational function the parts add up to, numerator and denominator multiplied out.

    Polynomial arithmetic over the common denominator (no ``cancel``: a decomposition whose top
    coefficients are nonzero is already in lowest terms, by the uniqueness of partial fractions)."""
    factors = [(sympy.Poly(x - f.root, x), f.coefficients) for f in decomposition.linear]
    denominator = sympy.Poly(1, x)
    for base, coefficients in factors:
        denominator *= base ** len(coefficients)
    for f in decomposition.quadratic:
        denominator *= sympy.Poly(x**2 + f.p * x + f.q, x)
    numerator = sympy.Poly(polynomial_part(decomposition, x), x) * denominator
    for base, coefficients in factors:
        for power, a in enumerate(coefficients, start=1):
            numerator += sympy.Poly(a, x) * denominator.exquo(base**power)
    for f in decomposition.quadratic:
        numerator += sympy.Poly(f.c * x + f.d, x) * denominator.exquo(sympy.Poly(x**2 + f.p * x + f.q, x))
    return numerator.as_expr() / denominator.as_expr()


def denominator_factored(decomposition: Decomposition, x: sympy.Symbol) -> sympy.Expr:
    """The common denominator as the product of its factors (what the student has to find)."""
    linear = [(x - f.root) ** len(f.coefficients) for f in decomposition.linear]
    quadratic = [x**2 + f.p * x + f.q for f in decomposition.quadratic]
    return sympy.Mul(*linear, *quadratic)
