"""The solve stage's answer for partial fractions: the decomposition (a checkable claim), steps, answer.

The decomposition is its own claim, separate from the steps: the polynomial part plus the terms must add
up to the integrand. That is the step a student most often gets wrong (a coefficient, a forgotten long
division), and it is checked by recombining, so its label says exactly whether the split was right.
"""

from __future__ import annotations

from pydantic import Field

from pipeline.families.shared.answers import Answer, SolveStep


class PartialFractionsSolveAnswer(Answer):
    """Answer of the solve stage for the partial_fractions family."""

    rabbit: str = Field(description="the key insight: how the denominator factors and what the split is")
    coefficients: str = Field(
        description="how the coefficients were found (cover-up values, or the linear system and its solution)"
    )
    polynomial_part: str = Field(
        default="0", description="the quotient of the long division of numerator by denominator; 0 if proper"
    )
    terms: list[str] = Field(
        min_length=1,
        description="the partial fractions, e.g. 3/(x - 2), -1/(x + 1)**2, (2*x + 3)/(x**2 + 2*x + 5)",
    )
    steps: list[SolveStep] = Field(min_length=1)
    antiderivative: str = Field(description="the final antiderivative, ending in + C")
