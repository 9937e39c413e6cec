"""The reward formulas, as pure functions of already-proved facts: no SymPy here, nothing that can hang.

A solution earns four components, each in [0, 1]:

* ``correctness``: 1 when the final answer passed its family's final check (established elsewhere);
* ``step_validity``: the share of its checkable steps proved correct, counting none after the first
  incorrect one (a true claim built on a wrong step is not progress);
* ``format``: a third each for a readable layout (the JSON answer or the text layout, with steps), a final
  answer that parses as math, and a final answer in its family's form (integrals: ``+ C``);
* ``efficiency``: a Kolmogorov-complexity proxy, the compressed size of the solution, normalised among the
  *correct* solutions of the same problem (shortest correct = 1, one twice as long = 0.5); an incorrect
  solution gets 0, so brevity is only ever compared between correct answers.

``combine`` is their weighted mean. ``RewardWeights`` refuses weights under which an incorrect solution
could outscore a correct one: the correctness weight must exceed the step and format weights together
(efficiency is 0 for an incorrect solution), so every correct solution scores above every incorrect one.
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Hashable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CompressionMethod = Literal["zlib", "lzma"]


class RewardWeights(BaseModel):
    """How much each component counts in the combined reward."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    correctness: float = Field(default=1.0, ge=0)
    step_validity: float = Field(default=0.25, ge=0)
    format: float = Field(default=0.1, ge=0)
    efficiency: float = Field(default=0.2, ge=0)

    @model_validator(mode="after")
    def _correctness_dominates(self) -> RewardWeights:
        if self.correctness <= self.step_validity + self.format:
            raise ValueError(
                f"correctness weight {self.correctness} must exceed step_validity + format "
                f"({self.step_validity} + {self.format}), or an incorrect answer could outscore a correct one"
            )
        return self


class RewardComponents(BaseModel):
    """The four components of one solution's reward, each in [0, 1]."""

    correctness: float = Field(ge=0, le=1)
    step_validity: float = Field(ge=0, le=1)
    format: float = Field(ge=0, le=1)
    efficiency: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _efficiency_only_when_correct(self) -> RewardComponents:
        if self.correctness < 1 and self.efficiency > 0:
            raise ValueError("efficiency is only ever awarded to a correct solution")
        return self


def combine(components: RewardComponents, weights: RewardWeights | None = None) -> float:
    """The weighted mean of the components, in [0, 1]."""
    w = weights or RewardWeights()
    total = w.correctness + w.step_validity + w.format + w.efficiency
    score = (
        w.correctness * components.correctness
        + w.step_validity * components.step_validity
        + w.format * components.format
        + w.efficiency * components.efficiency
    )
    return round(score / total, 6)


def compressed_size(text: str, method: CompressionMethod = "zlib") -> int:
    """Bytes of ``text`` compressed at the highest level: an upper bound on its information content."""
    data = text.encode("utf-8")
    if method == "lzma":
        return len(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
    return len(zlib.compress(data, 9))


def efficiency_scores(
    sizes: Sequence[int], correct: Sequence[bool], groups: Sequence[Hashable] | None = None
) -> list[float]:
    """Shortest correct size / own size for correct solutions, within each group; 0 for incorrect ones.

    ``groups`` says which solutions answer the same problem (default: all of them).
    """
    keys = list(groups) if groups is not None else [0] * len(sizes)
    if not len(sizes) == len(correct) == len(keys):
        raise ValueError("sizes, correct and groups must have the same length")
    shortest: dict[Hashable, int] = {}
    for size, ok, key in zip(sizes, correct, keys, strict=True):
        if ok:
            shortest[key] = min(shortest.get(key, size), size)
    return [
        round(shortest[key] / max(size, 1), 6) if ok else 0.0
        for size, ok, key in zip(sizes, correct, keys, strict=True)
    ]


def step_validity(labels: Sequence[str]) -> float:
    """Share of steps labelled ``correct`` before the first ``incorrect`` one; 0 when there are no steps."""
    if not labels:
        return 0.0
    proved = 0
    for label in labels:
        if label == "incorrect":
            break
        proved += label == "correct"
    return round(proved / len(labels), 6)


def first_incorrect(labels: Sequence[str]) -> int | None:
    """Index of the first ``incorrect`` label, or None."""
    return next((i for i, label in enumerate(labels) if label == "incorrect"), None)


def format_score(readable_layout: bool, answer_parses: bool, answer_form: bool) -> float:
    """A third for each: a readable layout with steps, a parsable final answer, and the final answer in the
    form its family asks for (the integral families: a constant of integration, ``+ C``)."""
    return round((readable_layout + answer_parses + answer_form) / 3, 6)
