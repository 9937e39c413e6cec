"""The check a *final* answer must pass: closed form, and differentiates back to the integrand.

Solution steps may legitimately keep unfinished integrals (``x*exp(x) - Integral(exp(x), x)``): their
claims are checked by differentiating, and d/dx Integral(h, x) = h. A final antiderivative may not: an
answer of ``Integral(g, x) + C`` differentiates back to g too, yet solves nothing. So the final check
refuses any Integral or Derivative left in the answer before it looks at the math.
"""

from __future__ import annotations

import time

import sympy

from validators.equivalence import Method, Reason, Verdict, check_antiderivative
from validators.parse import ParseError, parse_math


def check_final_antiderivative(antiderivative: str, integrand: str, variable: str = "x") -> Verdict:
    """Is ``antiderivative`` a closed-form antiderivative of ``integrand``?"""
    started = time.perf_counter()
    try:
        expr = parse_math(antiderivative, variable)
    except ParseError as err:
        return Verdict(ok=False, reason=Reason.PARSE, method=Method.NONE, detail=str(err),
                       seconds=time.perf_counter() - started)  # fmt: skip
    if expr.has(sympy.Integral, sympy.Derivative):
        return Verdict(
            ok=False,
            reason=Reason.UNFINISHED,
            method=Method.NONE,
            detail="the answer still contains an unevaluated Integral or Derivative",
            seconds=time.perf_counter() - started,
        )
    return check_antiderivative(expr, integrand, variable)
