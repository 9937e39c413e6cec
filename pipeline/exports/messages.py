"""The chat turns every export shares: the family's system prompt, the problem as the user asks it, the
solution.

The run's own prompts ask for a JSON object matching a schema, which is right for collecting answers and
wrong for training a solver; so the exports state the problem plainly and ask for the family's text layout
(``Rendering.request``), the layout the SFT answers are written in and the GRPO rewards read.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pipeline.rewards.paths import ProblemPaths


class ChatTurn(BaseModel):
    """One chat message, as TRL's conversational dataset formats expect it."""

    role: Literal["system", "user", "assistant"]
    content: str


def problem_text(problem: ProblemPaths) -> str:
    """The user's request: the problem, and the layout to answer in."""
    return problem.request()


def prompt_turns(problem: ProblemPaths) -> list[ChatTurn]:
    """The conversational prompt: system, then user."""
    return [
        ChatTurn(role="system", content=problem.rendering.system_prompt),
        ChatTurn(role="user", content=problem_text(problem)),
    ]


def assistant_turn(text: str) -> ChatTurn:
    return ChatTurn(role="assistant", content=text)
