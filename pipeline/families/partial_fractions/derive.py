"""The derive stage's teacher: differentiate f piece by piece, then combine the partial fractions.

This is the easy direction of the family: each piece of f (a log, a power, an atan, the polynomial part)
differentiates to one partial fraction; their sum is the decomposition, and bringing it over the common
denominator gives g. Every step is a true rule application by construction (each piece's derivative is the
piece's integrand from ``terms``), and the derive check proves each one again.
"""

from __future__ import annotations

import sympy

from pipeline.core.problem import Problem
from pipeline.families.partial_fractions.sampler import details_of
from pipeline.families.partial_fractions.terms import (
    Piece,
    polynomial_antiderivative,
    polynomial_part,
    terms_of,
)
from pipeline.families.shared.answers import DeriveAnswer, DeriveStep
from pipeline.families.shared.teaching import text

_RULES = {
    "log": ("chain", "d/d{x} log(w) = w'/w with w = {factor}, w' = 1"),
    "power": ("power", "the power rule with the chain rule: d/d{x} (x - r)**(-n) = -n*(x - r)**(-n - 1)"),
    "log_quadratic": ("chain", "d/d{x} log(w) = w'/w with w = {factor}"),
    "atan": ("chain", "d/d{x} atan(u) = u'/(1 + u**2), and 1 + u**2 is {factor} up to a constant factor"),
}


def _piece_step(piece: Piece, factor: sympy.Expr, x: sympy.Symbol) -> DeriveStep:
    rule, why = _RULES[piece.rule]
    return DeriveStep(
        rule=rule,
        explanation=f"Differentiate {text(piece.antiderivative)}: {why.format(x=x, factor=text(factor))}.",
        expression=text(piece.antiderivative),
        derivative=text(piece.integrand),
    )


def write_derive_answer(problem: Problem) -> DeriveAnswer:
    """One step per piece of f, the sum (the decomposition), then the combination into g."""
    details = details_of(problem)
    x = sympy.Symbol(problem.variable)
    decomposition = details.decomposition
    terms = terms_of(decomposition, x)
    steps = []
    antiderivative = polynomial_antiderivative(decomposition, x)
    if antiderivative != 0:
        steps.append(
            DeriveStep(
                rule="power",
                explanation=f"The polynomial part {text(antiderivative)} differentiates term by term.",
                expression=text(antiderivative),
                derivative=text(polynomial_part(decomposition, x)),
            )
        )
    steps += [_piece_step(piece, term.factor, x) for term in terms for piece in term.pieces]
    f = antiderivative + sympy.Add(*(t.antiderivative for t in terms))
    fractions = [details.polynomial_part] if details.improper else []
    fractions += list(details.terms)
    steps.append(
        DeriveStep(
            rule="sum",
            explanation="Sum rule: add the derivatives of the pieces; a log and an atan over the same "
            "quadratic give one fraction (c*x + d)/(x**2 + p*x + q).",
            expression=text(f),
            derivative=" + ".join(fractions).replace("+ -", "- "),  # each term is one fraction
        )
    )
    steps.append(
        DeriveStep(
            rule="simplify",
            explanation=(
                f"Bring the partial fractions over the common denominator {details.denominator} and "
                f"multiply out: f'({x}) = {details.integrand}."
            ),
            expression=text(f),
            derivative=details.integrand,
        )
    )
    return DeriveAnswer(steps=steps, derivative=details.integrand)
