"""The solve stage's answer for integration by parts: the rabbit, each parts choice, the steps, the answer."""

from __future__ import annotations

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from pipeline.families.shared.answers import Answer, SolveStep


class PartsChoice(Answer):
    """One application of integration by parts: the integral of u dv = u v - integral of v du."""

    u: str
    dv: str = Field(description="dv without the trailing dx, so dv = v'(x)")
    du: str = Field(description="du without the trailing dx, so du = u'(x)")
    v: str


class SolveAnswer(Answer):
    """Answer of the solve stage: the antiderivative, by integration by parts, with the key insight."""

    rabbit: str = Field(description="the key insight that unlocks the problem")
    parts: list[PartsChoice] = Field(min_length=1, description="each integration-by-parts application")
    steps: list[SolveStep] = Field(min_length=1)
    antiderivative: str = Field(description="the final antiderivative, ending in + C")
    # The answer's text in pieces that may name a letter (pipeline/providers/answer_context.py), set by
    # parse_answer (never asked of the model: not in the schema): definitions anywhere are read by the checks.
    unread_text: SkipJsonSchema[list[str]] = Field(default_factory=list)
