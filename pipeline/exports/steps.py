"""What the step-labelled exports (``prm``, ``prm-stepwise``, ``prm800k``) share: the options, the label
policy after a path's first error, and step text that can never be mistaken for a step boundary.

A step-tag PRM (Math-Shepherd, OpenRLHF's ``ProcessRewardDataset``) finds its labels at every position of
the tag token in the tokenised input, and a stepwise trainer (TRL ≤ 1.13) joins steps with a separator
(``"\\n"`` by default). A step whose own text holds the tag shifts every later label onto the wrong step; a
step holding the separator is read as two steps. So step text is normalised before it is written: every
line break, with the whitespace around it, becomes one space (``str.splitlines`` boundaries: ``\\n``,
``\\r\\n``, ``\\r``, ``\\v``, ``\\f``, ``\\x1c``–``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``), and any
occurrence of the tag is replaced by a space. Both are counted in the manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from pipeline.exports.labelled import CORRECT, INCORRECT, UNVERIFIABLE, LabelledStep, first_incorrect_step

DEFAULT_TAG = "ки"
"""Math-Shepherd's step tag, the ``--placeholder_token`` of OpenRLHF's PRM example."""
DEFAULT_POSITIVE, DEFAULT_NEGATIVE = "+", "-"
"""Math-Shepherd's labels, OpenRLHF's ``--reward_tokens + -``."""


class AfterFirstError(StrEnum):
    """What the steps after a path's first incorrect step become.

    ``label``: each keeps the label of its own claim (a true step after an error stays correct).
    ``negative``: each is labelled incorrect: the path has already gone wrong (most PRM recipes).
    ``truncate``: the path stops at its first incorrect step (PRM800K's labellers stopped there).
    """

    LABEL = "label"
    NEGATIVE = "negative"
    TRUNCATE = "truncate"


FORMAT_DEFAULTS = {
    "prm": AfterFirstError.NEGATIVE,
    "prm-stepwise": AfterFirstError.LABEL,
    "prm800k": AfterFirstError.TRUNCATE,
}
"""Each format's own convention, used when ``--after-first-error`` is not given."""


@dataclass(frozen=True)
class StepOptions:
    """How the step-labelled exports write steps and labels (``revsynth export`` options)."""

    tag: str = DEFAULT_TAG
    positive: str = DEFAULT_POSITIVE
    negative: str = DEFAULT_NEGATIVE
    after_first_error: AfterFirstError | None = None

    def __post_init__(self) -> None:
        if not self.tag.strip() or len(self.tag.splitlines()) != 1 or self.tag != self.tag.strip():
            raise ValueError(f"the step tag must be one line of visible text, got {self.tag!r}")
        if not self.positive.strip() or not self.negative.strip() or self.positive == self.negative:
            labels = f"{self.positive!r}, {self.negative!r}"
            raise ValueError(f"labels must be two different non-blank tokens, got {labels}")
        if self.tag in (self.positive, self.negative):
            raise ValueError(f"the step tag {self.tag!r} cannot also be a label")

    def policy(self, export_format: str) -> AfterFirstError:
        """The label policy after the first error for ``export_format``: the option, else its default."""
        return self.after_first_error or FORMAT_DEFAULTS.get(export_format, AfterFirstError.LABEL)


def one_line(text: str) -> str:
    """``text`` with every line break (and the whitespace around it) turned into a single space."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def clean_step_text(text: str, tag: str | None) -> str:
    """Step text a stepwise or step-tag trainer reads as exactly one step: one line, no tag in it."""
    flat = one_line(text)
    if tag and tag in flat:
        flat = " ".join(flat.replace(tag, " ").split())
    return flat


def apply_policy(steps: Sequence[LabelledStep], policy: AfterFirstError) -> list[LabelledStep]:
    """The steps as ``policy`` labels them after the first error (before anything else is cut)."""
    first = first_incorrect_step(list(steps))
    if first is None or policy is AfterFirstError.LABEL:
        return list(steps)
    if policy is AfterFirstError.TRUNCATE:
        return list(steps[: first + 1])
    after = [
        replace(step, label=INCORRECT, check=f"after_first_error:{step.check}") for step in steps[first + 1 :]
    ]
    return [*steps[: first + 1], *after]


def until_unverifiable(steps: Sequence[LabelledStep]) -> list[LabelledStep]:
    """The steps before the first unverifiable one: nothing after it is claimed either way."""
    cut = next((i for i, step in enumerate(steps) if step.label == UNVERIFIABLE), len(steps))
    return list(steps[:cut])


def binary_steps(steps: Sequence[LabelledStep], policy: AfterFirstError) -> tuple[list[LabelledStep], bool]:
    """Steps with a proved correct/incorrect label each, and whether an unverifiable step cut the path.

    The policy comes first: under ``negative`` an unverifiable step after the first error is simply
    incorrect (the path has gone wrong whatever it says), so fewer paths are cut than under ``label``."""
    ruled = apply_policy(steps, policy)
    kept = until_unverifiable(ruled)
    assert all(step.label in (CORRECT, INCORRECT) for step in kept)
    return kept, len(kept) < len(ruled)
