"""The chat turns every export shares: one system prompt, the problem as the user asks it, the solution.

The run's own prompts ask for a JSON object matching a schema, which is right for collecting answers and
wrong for training a solver; so the exports state the problem plainly and ask for the text layout of
``pipeline.families.ibp.solution_text``, the layout the SFT answers are written in and the GRPO rewards read.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pipeline.core.records import AcceptedRecord

SYSTEM_PROMPT = (
    "You are a careful calculus tutor. You solve integrals by integration by parts and write every step as "
    "a claim that can be checked on its own, with all math in SymPy syntax."
)

LAYOUT_INSTRUCTIONS = (
    'Name the key insight first ("Key insight: ..."). Give each integration by parts as '
    '"Parts n: u = ...; dv = ... d{x}; du = ... d{x}; v = ...". Write each step as "Step n: <explanation>" '
    'followed by a line "∫ (<integrand>) d{x} = <result>", keeping integrals not yet done as '
    'Integral(h, {x}). End with "Answer: <antiderivative> + C".'
)


class ChatTurn(BaseModel):
    """One chat message, as TRL's conversational dataset formats expect it."""

    role: Literal["system", "user", "assistant"]
    content: str


def problem_text(record: AcceptedRecord) -> str:
    """The user's request: the problem as the reverse stage stated it, and the layout to answer in."""
    x = record.variable
    statement = record.problem.strip()
    if record.integrand not in statement:  # the reverse stage's wording may describe g without writing it
        statement += f"\n\nThe integrand is g({x}) = {record.integrand}."
    return f"{statement}\n\nSolve it by integration by parts. " + LAYOUT_INSTRUCTIONS.format(x=x)


def prompt_turns(record: AcceptedRecord) -> list[ChatTurn]:
    """The conversational prompt: system, then user."""
    return [
        ChatTurn(role="system", content=SYSTEM_PROMPT),
        ChatTurn(role="user", content=problem_text(record)),
    ]


def assistant_turn(text: str) -> ChatTurn:
    return ChatTurn(role="assistant", content=text)
