"""The solve stage's answer for substitution: w = phi(x), dw, h(w), H(w), the steps and the answer."""

from __future__ import annotations

from pydantic import Field

from pipeline.families.shared.answers import Answer, SolveStep


class SubstitutionChoice(Answer):
    """The change of variable w = phi(x), dw = phi'(x) dx, turning g dx into h(w) dw."""

    w: str = Field(description="the inner function phi(x) chosen as the new variable w")
    dw: str = Field(description="phi'(x), so dw = phi'(x) dx (without the trailing dx)")
    integrand_in_w: str = Field(description="h(w), written in the variable w, with g dx = h(w) dw")
    antiderivative_in_w: str = Field(description="H(w), an antiderivative of h(w) with respect to w")


class SubstitutionSolveAnswer(Answer):
    """Answer of the solve stage for the substitution family (chain-rule reversal)."""

    rabbit: str = Field(description="the key insight: which inner function's derivative appears as a factor")
    substitution: SubstitutionChoice
    steps: list[SolveStep] = Field(min_length=1)
    antiderivative: str = Field(description="the final antiderivative in x, ending in + C")
