"""The answer schemas of the ode_linear stages (shown to models as JSON schema, validated before any math).

Every expression is a string in SymPy syntax (or plain math / LaTeX; the validators parse it safely). Each
step of the solve answer is one self-contained claim, so it is checked alone (process supervision):

* ``product_form``: multiplying by ``expression`` = mu gives (mu*y)' = ``result`` (mu' = p*mu, result = mu*q);
* ``integral``: the integral of ``expression`` is ``result`` (its derivative is the integrand);
* ``homogeneous``: ``expression`` = y_h is a nonzero solution of y' + p*y = 0;
* ``variation``: with y = v*y_h, y_h = ``expression``, the equation becomes v' = ``result`` (v'*y_h = q).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pipeline.families.shared.answers import Answer, DeriveStep

ClaimKind = Literal["product_form", "integral", "homogeneous", "variation"]


class OdeDeriveAnswer(Answer):
    """Derive: differentiate the solution family y(x, C), then form q = y' + p*y, in which C cancels."""

    steps: list[DeriveStep] = Field(min_length=1, description="d/dx of y's parts, C a constant")
    derivative: str = Field(description="y'(x), the derivative of the solution family (it still holds C)")
    q: str = Field(description="q(x) = y' + p*y simplified: the constant C must cancel out")


class OdeReverseAnswer(Answer):
    """Reverse: state the equation y' + p*y = q (and its initial condition, if any) as a problem to solve."""

    problem: str = Field(description="the differential equation to solve, stated for a student")
    p: str = Field(description="the coefficient p(x) of y")
    q: str = Field(description="the right side q(x)")
    x0: str = Field(default="", description="the point of the initial condition y(x0) = y0, if one is posed")
    y0: str = Field(default="", description="the value y(x0), if an initial condition is posed")


class OdeStep(Answer):
    """One step of the solution, stated as one checkable claim (see the module doc for each kind)."""

    claim: ClaimKind = Field(description="product_form, integral, homogeneous or variation")
    explanation: str = Field(description="one sentence saying what is done and why")
    expression: str = Field(
        description="product_form: mu; integral: the integrand; homogeneous, variation: y_h"
    )
    result: str = Field(
        default="", description="product_form: mu*q; integral: its antiderivative; variation: v'; else empty"
    )


class OdeSolveAnswer(Answer):
    """Solve: the integrating factor, the steps, and the general solution with its constant C."""

    rabbit: str = Field(description="the key insight: which factor makes the left side a derivative")
    mu: str = Field(description="the integrating factor mu(x) = exp(∫p dx), simplified")
    steps: list[OdeStep] = Field(min_length=1)
    solution: str = Field(description="the general solution y(x), with the constant C")
    constant: str = Field(
        default="", description="the value of C meeting the initial condition, if one is posed"
    )
    particular: str = Field(
        default="", description="the solution meeting the initial condition, if one is posed"
    )
