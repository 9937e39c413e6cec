"""The verdicts on one stage's answer, as the records keep them: checks, step labels, the first error.

Every family's check functions return a ``StageChecks``; the helpers here turn the validators' verdicts
into records, so every family writes the same record shapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from pipeline.core.records import CheckRecord, StepLabelRecord
from validators.equivalence import Verdict
from validators.steps import StepVerdict

__all__ = ["StageChecks", "check_record", "first_incorrect", "label_record", "label_records"]


class StageChecks(BaseModel):
    """The verdicts on one stage's answer."""

    checks: list[CheckRecord]
    step_labels: list[StepLabelRecord] = []
    first_error_step: int | None = None
    reject_unverifiable: bool = True  # the run's acceptance.unverifiable_steps, set by the runner

    @property
    def failure(self) -> str | None:
        """The first reason this answer is not kept, or None when every check passed."""
        for check in self.checks:
            if not check.ok:
                return f"{check.name}:{check.reason}"
        if self.first_error_step is not None:
            return "incorrect_step"
        if self.reject_unverifiable and self.first_unverifiable is not None:
            return "unverifiable_step"
        return None

    @property
    def first_unverifiable(self) -> int | None:
        """Position in ``step_labels`` of the first claim the checker could not decide, or None."""
        return next((i for i, label in enumerate(self.step_labels) if label.label == "unverifiable"), None)

    @classmethod
    def of(cls, checks: list[CheckRecord], labels: list[StepLabelRecord] | None = None) -> StageChecks:
        """The stage's verdicts, with the first error found in ``labels`` (reading order)."""
        labels = labels or []
        return cls(checks=checks, step_labels=labels, first_error_step=first_incorrect(labels))


def check_record(name: str, verdict: Verdict) -> CheckRecord:
    """A validator's verdict as the record of the check ``name``."""
    return CheckRecord(
        name=name,
        ok=verdict.ok,
        reason=str(verdict.reason),
        method=str(verdict.method),
        detail=verdict.detail,
        seconds=verdict.seconds,
        evidence=verdict.evidence,
        coverage=verdict.coverage,
    )


def label_record(kind: str, verdict: StepVerdict) -> StepLabelRecord:
    return StepLabelRecord(
        index=verdict.index, kind=kind, label=str(verdict.label), reason=verdict.reason, detail=verdict.detail
    )


def label_records(kind: str, verdicts: Iterable[StepVerdict]) -> list[StepLabelRecord]:
    return [label_record(kind, v) for v in verdicts]


def first_incorrect(labels: list[StepLabelRecord]) -> int | None:
    """Position of the first ``incorrect`` label in reading order, or None."""
    return next((i for i, label in enumerate(labels) if label.label == "incorrect"), None)
