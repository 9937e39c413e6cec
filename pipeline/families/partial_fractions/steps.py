"""The written steps of a solution: each a claim "the integral of h is R", along one of the two paths.

A planted flaw changes what one piece is written to integrate to (or how the pieces are added); the change
is carried into the total, so the flawed step is the first wrong claim after the decomposition and the
final answer is wrong too. ``Plan.flawed_step`` says which step that is.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from pipeline.families.partial_fractions.terms import (
    Decomposition,
    Piece,
    Term,
    polynomial_antiderivative,
    polynomial_part,
    terms_of,
)
from pipeline.families.shared.answers import SolveStep
from pipeline.families.shared.teaching import TeacherError, text

__all__ = ["Plan", "plan_steps"]


@dataclass(frozen=True)
class Plan:
    steps: list[SolveStep]
    total: sympy.Expr
    flawed_step: int | None


def _root(term: Term, x: sympy.Symbol) -> sympy.Expr:
    return x - term.factor


def _target(terms: list[Term], flaw: str | None, x: sympy.Symbol) -> tuple[int, int] | None:
    """(term, piece) the flaw lands on: the first piece it makes wrong."""
    for i, term in enumerate(terms):
        for j, piece in enumerate(term.pieces):
            if flaw == "log_sign" and piece.rule == "log" and _root(term, x) != 0:
                return i, j
            if flaw == "log_coefficient" and piece.rule == "log" and term.coefficients[0] != 1:
                return i, j
            lost = flaw == "atan_scale" and piece.rule == "atan"
            if lost and _scale_lost(term, piece) != piece.antiderivative:
                return i, j
    if flaw in ("log_sign", "log_coefficient", "atan_scale"):
        raise TeacherError("flaw_not_applicable", f"no term of this problem can carry {flaw}")
    return None


def _scale_lost(term: Term, piece: Piece) -> sympy.Expr:
    """k*atan(u) for (k/m)*atan(u): the 1/m of completing the square forgotten."""
    atan = next(iter(piece.antiderivative.atoms(sympy.atan)))
    return sympy.cancel(piece.integrand * term.factor) * atan


def _written(term: Term, piece: Piece, flaw: str, x: sympy.Symbol) -> sympy.Expr:
    if flaw == "log_sign":
        return term.coefficients[0] * sympy.log(x + _root(term, x))
    if flaw == "log_coefficient":
        return sympy.log(term.factor)
    return _scale_lost(term, piece)


def _explain(piece: Piece, result: sympy.Expr, term: Term, x: sympy.Symbol, path: str) -> str:
    h, factor = text(piece.integrand), text(term.factor)
    if piece.rule == "log":
        return f"A simple linear factor: the integral of {h} is {text(result)} (log|{factor}| for real {x})."
    if piece.rule == "power":
        return f"A repeated factor: by the power rule, the integral of {h} is {text(result)}."
    if piece.rule == "log_quadratic":
        return f"This part is a constant times Q'/Q with Q = {factor}, so it integrates to {text(result)}."
    shift = "u = " + text(x - _root_of_square(term.factor, x))
    how = "complete the square" if path == "cover_up" else f"substitute {shift}"
    return f"For {h}: {how} in {factor}, which gives an atan: {text(result)}."


def _root_of_square(quadratic: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    return -sympy.Poly(quadratic, x).coeff_monomial(x) / 2


def plan_steps(
    path: str, decomposition: Decomposition, g: sympy.Expr, x: sympy.Symbol, flaw: str | None
) -> Plan:
    """The steps along ``path`` (with ``flaw`` on its target piece), the total, and the flawed step."""
    terms = terms_of(decomposition, x)
    target = _target(terms, flaw, x)
    written = [[piece.antiderivative for piece in term.pieces] for term in terms]
    if target is not None:
        i, j = target
        written[i][j] = _written(terms[i], terms[i].pieces[j], flaw, x)
    steps: list[SolveStep] = []
    flawed: int | None = None
    poly, poly_integral = polynomial_part(decomposition, x), polynomial_antiderivative(decomposition, x)
    if path == "linear_system":
        rest = sympy.Add(*(sympy.Integral(t.expr, x) for t in terms))
        why = "By the decomposition the integral splits into one integral per partial fraction"
        why += "; the polynomial part integrates term by term." if poly != 0 else "."
        steps.append(SolveStep(explanation=why, integrand=text(g), result=text(poly_integral + rest)))
    elif poly != 0:
        steps.append(
            SolveStep(
                explanation="Integrate the polynomial part term by term.",
                integrand=text(poly),
                result=text(poly_integral),
            )
        )
    for i, term in enumerate(terms):
        results = written[i]
        if target is not None and target[0] == i:
            flawed = len(steps) + (target[1] if path == "cover_up" else 0)
        if path == "cover_up" and len(term.pieces) == 2:
            log_piece, atan_piece = term.pieces
            parts = f"{text(log_piece.integrand)} + {text(atan_piece.integrand)}".replace("+ -", "- ")
            split = f"Split the numerator along Q' = {text(sympy.diff(term.factor, x))}: {text(term.expr)} = "
            steps.append(
                SolveStep(
                    explanation=f"{split}{parts}. {_explain(log_piece, results[0], term, x, path)}",
                    integrand=text(term.expr),
                    result=text(results[0] + sympy.Integral(atan_piece.integrand, x)),
                )
            )
            steps.append(
                SolveStep(
                    explanation=_explain(atan_piece, results[1], term, x, path),
                    integrand=text(atan_piece.integrand),
                    result=text(results[1]),
                )
            )
            continue
        why = " ".join(_explain(p, r, term, x, path) for p, r in zip(term.pieces, results, strict=True))
        steps.append(SolveStep(explanation=why, integrand=text(term.expr), result=text(sympy.Add(*results))))
    signs = [1] * len(terms)
    if flaw == "combine_sign":
        signs[-1] = -1
        flawed = len(steps)
    total = poly_integral + sympy.Add(*(s * sympy.Add(*r) for s, r in zip(signs, written, strict=True)))
    parts = "the polynomial part and every partial fraction" if poly != 0 else "every partial fraction"
    steps.append(
        SolveStep(
            explanation=f"Add the integrals of {parts}.",
            integrand=text(g),
            result=text(total),
        )
    )
    return Plan(steps=steps, total=total, flawed_step=flawed)
