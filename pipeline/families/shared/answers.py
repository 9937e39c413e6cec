"""Answers shared by the families whose hard problem is an integral (ibp, substitution, partial fractions).

The same schemas serve three purposes, which is why each family keeps them in one place: their JSON schema
is sent to providers that support structured output, shown in the prompt to those that do not, and a
model's text is validated against them before any math is looked at. Every expression field holds math
as a string, in SymPy syntax (``x**2*sin(exp(x**2))``), LaTeX or plain math; the validators parse it safely.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    """Base of every answer: unknown keys are ignored, not fatal (models add chatter fields); a JSON number
    in a math field (``"du": 1``) is that number's text, one meaning (a bool stays an error)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class DeriveStep(Answer):
    """One rule application: d/dx of ``expression`` is ``derivative``.

    Every step is self-contained, so each one can be checked alone (process supervision): the step is
    correct exactly when diff(expression) equals derivative.
    """

    rule: str = Field(description="product, chain, power, sum, constant, quotient or elementary")
    explanation: str = Field(description="one sentence saying what is done and why")
    expression: str = Field(description="the expression differentiated in this step")
    derivative: str = Field(description="its derivative with respect to the variable")


class DeriveAnswer(Answer):
    """Answer of the derive stage: differentiate f, showing every step."""

    steps: list[DeriveStep] = Field(min_length=1)
    derivative: str = Field(description="the final derivative f'(x)")


class ReverseAnswer(Answer):
    """Answer of the reverse stage: restate g = f' as the problem 'find the antiderivative of g'."""

    problem: str = Field(description="the integration problem, stated for a student")
    integrand: str = Field(description="g(x), the function to integrate")


class SolveStep(Answer):
    """One step of the solution, stated as a checkable claim.

    The claim is: the integral of ``integrand`` dx equals ``result`` (up to a constant). ``result`` may keep
    integrals still to be done as ``Integral(h, x)``. The claim is true exactly when d/dx(result) equals
    the integrand, which is what the step check proves.
    """

    explanation: str
    integrand: str = Field(description="the function whose integral this step rewrites")
    result: str = Field(description="what that integral equals; unfinished integrals as Integral(h, x)")
