"""What a model is asked to answer at each stage, as pydantic schemas.

The same schemas serve three purposes, which is why they live in one place: their JSON schema is sent to
providers that support structured output, their JSON schema is shown in the prompt to those that do not,
and a model's text is validated against them before any math is looked at. Every expression field holds
math as a string, in SymPy syntax (``x**2*sin(exp(x**2))``) or LaTeX; the validators parse it safely.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    # Unknown keys are ignored, not fatal: models add chatter fields, and the math is what is checked.
    model_config = ConfigDict(extra="ignore")


class DeriveStep(_Answer):
    """One rule application: d/dx of ``expression`` is ``derivative``.

    Every step is self-contained, so each one can be checked alone (process supervision): the step is
    correct exactly when diff(expression) equals derivative.
    """

    rule: str = Field(description="product, chain, power, sum, constant, quotient or elementary")
    explanation: str = Field(description="one sentence saying what is done and why")
    expression: str = Field(description="the expression differentiated in this step")
    derivative: str = Field(description="its derivative with respect to the variable")


class DeriveAnswer(_Answer):
    """Answer of the derive stage: differentiate f, showing every step."""

    steps: list[DeriveStep] = Field(min_length=1)
    derivative: str = Field(description="the final derivative f'(x)")


class ReverseAnswer(_Answer):
    """Answer of the reverse stage: restate g = f' as the problem 'find the antiderivative of g'."""

    problem: str = Field(description="the integration problem, stated for a student")
    integrand: str = Field(description="g(x), the function to integrate")


class PartsChoice(_Answer):
    """One application of integration by parts: the integral of u dv = u v - integral of v du."""

    u: str
    dv: str = Field(description="dv without the trailing dx, so dv = v'(x)")
    du: str = Field(description="du without the trailing dx, so du = u'(x)")
    v: str


class SolveStep(_Answer):
    """One step of the solution, stated as a checkable claim.

    The claim is: the integral of ``integrand`` dx equals ``result`` (up to a constant). ``result`` may keep
    integrals still to be done as ``Integral(h, x)``. The claim is true exactly when d/dx(result) equals
    the integrand, which is what the step check proves.
    """

    explanation: str
    integrand: str = Field(description="the function whose integral this step rewrites")
    result: str = Field(description="what that integral equals; unfinished integrals as Integral(h, x)")


class SolveAnswer(_Answer):
    """Answer of the solve stage: the antiderivative, by integration by parts, with the key insight."""

    rabbit: str = Field(description="the key insight that unlocks the problem")
    parts: list[PartsChoice] = Field(min_length=1, description="each integration-by-parts application")
    steps: list[SolveStep] = Field(min_length=1)
    antiderivative: str = Field(description="the final antiderivative, ending in + C")


ANSWER_MODELS: dict[str, type[_Answer]] = {
    "derive": DeriveAnswer,
    "reverse": ReverseAnswer,
    "solve": SolveAnswer,
}


class SubstitutionChoice(_Answer):
    """The change of variable w = phi(x), dw = phi'(x) dx, turning g dx into h(w) dw."""

    w: str = Field(description="the inner function phi(x) chosen as the new variable w")
    dw: str = Field(description="phi'(x), so dw = phi'(x) dx (without the trailing dx)")
    integrand_in_w: str = Field(description="h(w), written in the variable w, with g dx = h(w) dw")
    antiderivative_in_w: str = Field(description="H(w), an antiderivative of h(w) with respect to w")


class SubstitutionSolveAnswer(_Answer):
    """Answer of the solve stage for the substitution family (chain-rule reversal)."""

    rabbit: str = Field(description="the key insight: which inner function's derivative appears as a factor")
    substitution: SubstitutionChoice
    steps: list[SolveStep] = Field(min_length=1)
    antiderivative: str = Field(description="the final antiderivative in x, ending in + C")
