"""What the rewards know about one completion, as every family's scorer reports it (computed in a worker)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["Layout", "ReadAnswer", "SolutionScore"]

Layout = Literal["json", "text", "answer_only", "none"]


class SolutionScore(BaseModel):
    """Everything the rewards need to know about one solution, established in a worker."""

    layout: Layout = "none"
    answer_found: bool = False
    answer_parses: bool = False
    answer_form: bool = Field(
        default=False, description="the final answer is in its family's form (the integral families: + C)"
    )
    correct: bool = False
    final_reason: str = "no_answer"
    steps_checked: bool = False
    step_labels: list[str] = Field(
        default_factory=list, description="correct/incorrect/unverifiable, reading order"
    )
    failure: str | None = Field(default=None, description="why nothing could be scored, e.g. timeout")

    @classmethod
    def failed(cls, failure: str) -> SolutionScore:
        """The score of a solution whose check was stopped (a timeout scores 0 on every component)."""
        return cls(failure=failure, final_reason=failure)


class ReadAnswer(BaseModel):
    """What plain reading finds in a completion, no math done: its layout and its final answer.

    Every family's ``Rendering.read`` returns one; the rewards of stored paths (``pipeline.rewards.paths``)
    read answers this way, so they never run SymPy."""

    layout: Layout = "none"
    final_answer: str | None = None
    answer_form: bool = False
