"""The check a *final* answer must pass: closed form, and differentiates back to the integrand.

Solution steps may legitimately keep unfinished integrals (``x*exp(x) - Integral(exp(x), x)``): their
claims are checked by differentiating, and d/dx Integral(h, x) = h. A final antiderivative may not: an
answer of ``Integral(g, x) + C`` differentiates back to g too, yet solves nothing. So the final check
refuses any Integral or Derivative left in the answer before it looks at the math.
"""

from __future__ import annotations

import time

import sympy

from validators.claim_fields import integral_multiple
from validators.equivalence import Method, Reason, Verdict, check_antiderivative
from validators.parse import ParseError, ParseRefusal, labelled_as_derivative, parse_chain


def check_final_antiderivative(antiderivative: str, integrand: str, variable: str = "x") -> Verdict:
    """Is ``antiderivative`` a closed-form antiderivative of ``integrand``?

    A final written as a chain (``∫ g dx = x e^x - ∫ e^x dx = x e^x - e^x + C``) makes a claim with each
    member: the last must be closed, and every one must differentiate back to the integrand (a false
    middle member is a false final); a leading ``c∫ h dx`` only names the integral."""
    started = time.perf_counter()
    try:
        members = _members(antiderivative, variable)
    except ParseError as err:
        return Verdict(ok=False, reason=Reason.PARSE, method=Method.NONE, detail=str(err),
                       seconds=time.perf_counter() - started)  # fmt: skip
    named = _named_integrand(members)
    members = _label_integral_out(members)
    if members[-1].has(sympy.Integral, sympy.Derivative):
        return Verdict(
            ok=False,
            reason=Reason.UNFINISHED,
            method=Method.NONE,
            detail="the answer still contains an unevaluated Integral or Derivative",
            seconds=time.perf_counter() - started,
        )
    for member in members[:-1]:
        verdict = check_antiderivative(member, integrand, variable)
        if not verdict.ok:
            return verdict.model_copy(update={"detail": f"an earlier member of the chain: {verdict.detail}"})
    if named is not None:  # ∫ h dx = R: R must integrate h too (a wrong label is a false final)
        verdict = check_antiderivative(members[-1], named, variable)
        if not verdict.ok:
            return verdict.model_copy(update={"detail": f"against the integral it names: {verdict.detail}"})
    return check_antiderivative(members[-1], integrand, variable)


def _named_integrand(members: list[sympy.Expr]) -> sympy.Expr | None:
    """c*h of a leading c*∫ h dx (the integral a chain final names), or None."""
    named = integral_multiple(members[0]) if len(members) >= 2 else None
    return None if named is None else named[0] * named[1].function


def final_expression(antiderivative: str, variable: str = "x") -> sympy.Expr:
    """The answer a final field gives: its last member when it is a chain (``∫ g dx = A = B``: B). Raises
    ``ParseError`` as the parser does."""
    return _label_integral_out(_members(antiderivative, variable))[-1]


def _members(antiderivative: str, variable: str) -> list[sympy.Expr]:
    """The chain's members; an answer labelled as a derivative (``F'(x) = R``) is refused, not read as R."""
    if labelled_as_derivative(antiderivative):
        raise ParseError(ParseRefusal.AMBIGUOUS, "the answer is labelled as a derivative (F'(x) = ...)")
    return [expr for expr, _ in parse_chain(antiderivative, variable)]


def _label_integral_out(members: list[sympy.Expr]) -> list[sympy.Expr]:
    """A leading c*∫ h dx names what the chain integrates: dropped. The rest are checked against the
    integrand as they stand (``2∫ x dx = x^2`` answers ∫ 2x dx): divided by c they would answer another
    integral, and ``2∫ x dx = 2x^2`` was accepted for 2x (a round-23 adversary's wrong answer)."""
    return members[1:] if len(members) >= 2 and integral_multiple(members[0]) is not None else members
