"""Read a finished dataset folder, read-only: the accepted records and, for the card, the rejected ones.

The run's own reader (``pipeline.run.outputs``) truncates a partial last line so that a resumed run can
append; an export must never change the data it reads, so a partial last line (a run still writing, or
killed mid-line) is skipped here instead, and said so in the count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.core.records import AcceptedRecord, RejectedRecord
from pipeline.rewards.paths import ProblemPaths
from pipeline.run.outputs import ACCEPTED, REJECTED, current_rejections

M = TypeVar("M", bound=BaseModel)


class ExportError(ValueError):
    """A dataset folder that cannot be exported; ``kind`` names why (no_dataset, bad_record, ...)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass
class DatasetFolder:
    """The records of one run's output folder."""

    directory: Path
    accepted: list[AcceptedRecord] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)
    partial_lines: int = 0


def accepted_problems(folder: DatasetFolder) -> list[ProblemPaths]:
    """Every accepted problem of the folder, with its paths."""
    return [ProblemPaths.of_accepted(r) for r in folder.accepted]


def problems_with_paths(folder: DatasetFolder) -> list[ProblemPaths]:
    """Every problem of the folder that has solution paths: accepted first, then rejected ones (whose
    paths are process-reward negatives with established labels)."""
    found = [ProblemPaths.of_accepted(r) for r in folder.accepted]
    return found + [p for p in map(ProblemPaths.of_rejected, folder.rejected) if p is not None]


def read_jsonl(path: Path, model: type[M]) -> tuple[list[M], int]:
    """The records of a JSONL file and how many partial last lines were skipped (0 or 1)."""
    if not path.exists():
        return [], 0
    data = path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    records = []
    for number, line in enumerate(complete.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(model.model_validate_json(line))
        except ValidationError as err:
            raise ExportError("bad_record", f"{path}:{number} is not a {model.__name__}: {err}") from None
    return records, int(len(complete) < len(data))


def read_dataset(directory: str | Path, *, with_rejected: bool = False) -> DatasetFolder:
    """Load a dataset folder; ``ExportError('no_dataset')`` if it has no accepted.jsonl."""
    folder = Path(directory)
    if not (folder / ACCEPTED).is_file():
        raise ExportError("no_dataset", f"{folder} has no {ACCEPTED}; run `revsynth dataset` first")
    accepted, partial = read_jsonl(folder / ACCEPTED, AcceptedRecord)
    rejected: list[RejectedRecord] = []
    if with_rejected:
        every, partial_rejected = read_jsonl(folder / REJECTED, RejectedRecord)
        rejected = list(current_rejections(every, {r.index for r in accepted}).values())
        partial += partial_rejected
    return DatasetFolder(folder, accepted, rejected, partial)
