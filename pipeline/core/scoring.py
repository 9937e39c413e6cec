"""What the rewards know about one completion, as every family's scorer reports it (computed in a worker)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["Layout", "SolutionScore"]

Layout = Literal["json", "text", "answer_only", "none"]


class SolutionScore(BaseModel):
    """Everything the rewards need to know about one solution, established in a worker."""

    layout: Layout = "none"
    answer_found: bool = False
    answer_parses: bool = False
    has_constant: bool = False
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
