"""Step checks for a change of variable (u-substitution), the chain-rule reversal.

A substitution w = phi(x) turns the integral of g dx into the integral of h(w) dw. Each part of that claim
is checked on its own, so a solution gets a label per part, not one verdict for the whole:

* dw: the stated dw is phi'(x);
* rewrite: h(phi(x)) * phi'(x) is the integrand g (nothing of g was lost or invented);
* integrate: H(w) is an antiderivative of h(w), as a function of w.
"""

from __future__ import annotations

import sympy

from validators.equivalence import Verdict, check_antiderivative, check_equal
from validators.parse import ParseError, parse_math
from validators.steps import StepLabel, StepVerdict


def _label(index: int, verdict: Verdict, wrong: str) -> StepVerdict:
    if verdict.ok:
        return StepVerdict(index=index, label=StepLabel.CORRECT, reason="verified", detail=verdict.detail)
    if verdict.reason == "not_equivalent":
        return StepVerdict(index=index, label=StepLabel.INCORRECT, reason=wrong, detail=verdict.detail)
    return StepVerdict(
        index=index, label=StepLabel.UNVERIFIABLE, reason=str(verdict.reason), detail=verdict.detail
    )


def label_substitution(
    w: str, dw: str, integrand_in_w: str, antiderivative_in_w: str, integrand: str, variable: str = "x"
) -> list[StepVerdict]:
    """Label the three claims of a substitution; the new variable must be called ``w``."""
    dw_label = _label(0, check_antiderivative(w, dw, variable), "dw_not_derivative_of_w")
    try:
        phi = parse_math(w, variable)
        h = parse_math(integrand_in_w, "w")
        dphi = parse_math(dw, variable)
    except ParseError as err:
        bad = StepVerdict(
            index=1, label=StepLabel.UNVERIFIABLE, reason=f"parse_error:{err.reason}", detail=err.detail
        )
    else:
        w_symbol = sympy.Symbol("w")
        if sympy.Symbol(variable) in h.free_symbols:
            bad = StepVerdict(
                index=1, label=StepLabel.INCORRECT, reason="h_not_in_w", detail=f"h(w) = {h} uses {variable}"
            )
        else:
            bad = _label(
                1, check_equal(h.subs(w_symbol, phi) * dphi, integrand, variable), "rewrite_not_integrand"
            )
    outer = _label(
        2, check_antiderivative(antiderivative_in_w, integrand_in_w, "w"), "H_not_antiderivative_of_h"
    )
    return [dw_label, bad, outer]
