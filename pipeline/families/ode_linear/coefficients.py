"""What a linear ODE is built from: coefficients p(x) whose integrating factor is elementary, and the pieces
a solution is made of.

Every coefficient comes with its integrating factor mu = exp(∫p dx) already written simply (x**2 rather
than exp(2*log(x))): the sampler never integrates p, so drawing a problem costs no symbolic integration and
cannot hang, and the table is checked once in the tests (mu' = p*mu for every entry). The solution pieces
are chosen so that the integral the student must do, ∫ mu*q dx, is a standard one: either its result F is
drawn directly (``antiderivative``), or a particular solution y_p is drawn and F = mu*y_p
(``particular``, the undetermined-coefficients shape when p is constant).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

__all__ = ["Coefficient", "antiderivative_piece", "basic_coefficient", "hard_coefficient", "particular_piece"]

R = sympy.Rational


@dataclass(frozen=True)
class Coefficient:
    """p(x), its integrating factor mu(x) = exp(∫p dx), and the name of its table row (for stats)."""

    kind: str
    p: sympy.Expr
    mu: sympy.Expr


def basic_coefficient(rng: random.Random, x: sympy.Symbol) -> Coefficient:
    """The textbook coefficients: constant, k/x, k/(x + a), linear, tan/cot, 2x/(x**2 + a)."""
    k = rng.choice((1, 2, 3, -1, -2, 4, -3))
    n = rng.choice((1, 2, 3, -1, -2))
    a = rng.choice((1, 2, 3, -1, -2))
    half = rng.choice((1, -1, R(1, 2), 2, R(-1, 2), 3))
    kind = rng.choice(("constant", "power", "shifted_power", "linear", "trig", "rational"))
    if kind == "constant":
        return Coefficient(kind, sympy.Integer(k), sympy.exp(k * x))
    if kind == "power":
        return Coefficient(kind, n / x, x**n)
    if kind == "shifted_power":
        return Coefficient(kind, n / (x + a), (x + a) ** n)
    if kind == "linear":
        return Coefficient(kind, 2 * half * x, sympy.exp(half * x**2))
    if kind == "trig":
        p, mu = rng.choice(
            (
                (sympy.tan(x), 1 / sympy.cos(x)),
                (-sympy.tan(x), sympy.cos(x)),
                (sympy.cot(x), sympy.sin(x)),
                (-sympy.cot(x), 1 / sympy.sin(x)),
                (2 * sympy.tan(x), sympy.cos(x) ** -2),
            )
        )
        return Coefficient(kind, p, mu)
    b = rng.choice((1, 2, 4))
    p, mu = rng.choice(
        (
            (2 * x / (x**2 + b), x**2 + b),
            (-2 * x / (x**2 + b), 1 / (x**2 + b)),
            (3 * x**2 / (x**3 + b), x**3 + b),
            (4 * x / (x**2 + b), (x**2 + b) ** 2),
        )
    )
    return Coefficient(kind, p, mu)


def hard_coefficient(rng: random.Random, x: sympy.Symbol) -> Coefficient:
    """Coefficients whose integrating factor takes more thought: sums, compositions, logs, hyperbolics."""
    k = rng.choice((1, 2, -1, 3, -2))
    m = rng.choice((1, 2, -1, 3))
    kind = rng.choice(("mixed", "gaussian_power", "trig_exp", "cubic", "log", "exp", "hyperbolic", "tan_sum"))
    if kind == "mixed":
        return Coefficient(kind, k + m / x, x**m * sympy.exp(k * x))
    if kind == "gaussian_power":
        return Coefficient(kind, 2 * x + m / x, x**m * sympy.exp(x**2))
    if kind == "trig_exp":
        p, mu = rng.choice(
            (
                (sympy.cos(x), sympy.exp(sympy.sin(x))),
                (sympy.sin(x), sympy.exp(-sympy.cos(x))),
                (-sympy.sin(x), sympy.exp(sympy.cos(x))),
                (2 * sympy.cos(2 * x), sympy.exp(sympy.sin(2 * x))),
            )
        )
        return Coefficient(kind, p, mu)
    if kind == "cubic":
        return Coefficient(kind, 3 * k * x**2, sympy.exp(k * x**3))
    if kind == "log":
        return Coefficient(kind, m / (x * sympy.log(x)), sympy.log(x) ** m)
    if kind == "exp":
        return Coefficient(kind, k * sympy.exp(k * x), sympy.exp(sympy.exp(k * x)))
    if kind == "hyperbolic":
        p, mu = rng.choice(((sympy.tanh(x), sympy.cosh(x)), (sympy.coth(x), sympy.sinh(x))))
        return Coefficient(kind, p, mu)
    return Coefficient(kind, sympy.tan(x) + k, sympy.exp(k * x) / sympy.cos(x))


def antiderivative_piece(rng: random.Random, x: sympy.Symbol) -> sympy.Expr:
    """F, the antiderivative of mu*q (so mu*q = F' is what the student integrates)."""
    c = rng.choice((1, 2, 3, -1, R(1, 2), -2))
    n = rng.choice((1, 2, 3, 4))
    b = rng.choice((1, 2, 3))
    return rng.choice(
        (
            c * x**n,
            c * sympy.sin(b * x),
            c * sympy.cos(b * x),
            c * sympy.exp(b * x),
            sympy.exp(-b * x),
            sympy.log(x),
            x * sympy.log(x),
            sympy.atan(x),
            x * sympy.exp(x),
            x * sympy.sin(x),
            x**2 + b * x,
            c * x**n + b,
            sympy.sin(x) ** 2,
        )
    )


def particular_piece(rng: random.Random, x: sympy.Symbol) -> sympy.Expr:
    """y_p, a particular solution (so q = y_p' + p*y_p); polynomials, exponentials, sines and cosines."""
    a, b, c = rng.choice((1, 2, 3, -1, -2)), rng.choice((0, 1, 2, -1, 3)), rng.choice((1, 2, -1, 3))
    return rng.choice(
        (
            a * x + b,
            a * x**2 + b * x + c,
            x**2,
            a * sympy.exp(c * x),
            sympy.sin(c * x),
            sympy.cos(c * x),
            a * sympy.sin(x) + b * sympy.cos(x),
            x * sympy.exp(c * x),
            a * x**3,
            sympy.Integer(a),
        )
    )
