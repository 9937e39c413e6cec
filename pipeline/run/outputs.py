"""The output folder of a run: append-only JSONL files that survive a crash at any moment.

Each record is written as one line in one ``write`` call and flushed, so a ``kill -9`` leaves at most a
partial last line, which the next run cuts off. On start the folder is read back: the indices already
decided are skipped (nothing finished is redone or paid for twice) and the accepted ones are counted
toward ``count``. A sample the model never answered (``<stage>:provider:<kind>``) is not decided: it is
asked again, and its new record is appended after the old one (the last record of an index counts).
A manifest pins the run's fingerprint so a changed config never mixes into old data.

A write that fails (disk full, a file grown past a limit, permissions) raises an ``OSError`` naming the file,
and leaves what was on disk intact but for at most a partial last line, cut off on the next start, so the
fix is always the same: free the space (or fix the permissions) and re-run the same command.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ValidationError

from pipeline.core.compact_records import compact as compact_record
from pipeline.core.records import AcceptedRecord, RejectedRecord

ACCEPTED = "accepted.jsonl"
REJECTED = "rejected.jsonl"
MANIFEST = "run.json"
SUMMARY = "summary.json"


class OutputConflict(RuntimeError):
    """The output folder holds a run made with a different config."""


def read_jsonl(path: Path, model: type[BaseModel], conflict: type[Exception] | None = None) -> list:
    """Read records, cutting off a partial last line left by a crash mid-write; a line that is not a
    ``model`` raises ``conflict`` (default ``OutputConflict``) naming the file and line."""
    if not path.exists():
        return []
    data = path.read_bytes()
    good_end = data.rfind(b"\n") + 1
    if good_end < len(data):
        with path.open("r+b") as handle:
            handle.truncate(good_end)
    records = []
    for number, line in enumerate(data[:good_end].splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(model.model_validate_json(line))
        except ValidationError as err:
            error = conflict or OutputConflict
            raise error(f"{path}:{number} is not a {model.__name__} record: {err}") from None
    return records


def is_unanswered(record: RejectedRecord) -> bool:
    """The model never answered (its provider failed after every retry): not a verdict on the sample.

    Such a sample (``derive:provider:timeout``, ``solve:provider:auth``, ...) is undecided: a re-run asks
    again, so an outage, a rate limit that outlasted its patience or a wrong API key loses no problem.
    """
    return record.reason.split(":")[1:2] == ["provider"]


def current_rejections(rejected: list[RejectedRecord], accepted_ids: set[int]) -> dict[int, RejectedRecord]:
    """The last rejected record of each index not accepted since: a retried sample is appended again."""
    latest = {r.index: r for r in rejected}
    return {i: r for i, r in latest.items() if i not in accepted_ids}


@dataclass
class RunOutput:
    """Open JSONL files of one run, plus what was already on disk when it started."""

    directory: Path
    accepted_ids: set[int] = field(default_factory=set)
    rejected_ids: set[int] = field(default_factory=set)
    canonicals: dict[int, str] = field(default_factory=dict)  # index -> canonical integrand, for dedup
    rejected_reasons: Counter = field(default_factory=Counter)  # of the rejected records on disk
    compact: bool = True  # accepted records in the compact layout (pipeline.core.compact_records)
    _accepted: IO[str] | None = None
    _rejected: IO[str] | None = None

    @classmethod
    def open(
        cls, directory: Path, fingerprint: str, name: str, overwrite: bool = False, compact: bool = True
    ) -> RunOutput:
        directory.mkdir(parents=True, exist_ok=True)
        manifest = directory / MANIFEST
        if overwrite:
            for stale in (ACCEPTED, REJECTED, MANIFEST, SUMMARY):
                (directory / stale).unlink(missing_ok=True)
        if manifest.exists():
            old = json.loads(manifest.read_text())
            if old.get("fingerprint") != fingerprint:
                raise OutputConflict(
                    f"{directory} holds a run made with a different config, templates or problem generator "
                    f"(fingerprint {old.get('fingerprint')} != {fingerprint}). "
                    "Use another output_dir, or pass --overwrite to discard it."
                )
        else:
            manifest.write_text(json.dumps({"name": name, "fingerprint": fingerprint}, indent=2) + "\n")
        out = cls(directory, compact=compact)
        accepted = read_jsonl(directory / ACCEPTED, AcceptedRecord)
        rejected = read_jsonl(directory / REJECTED, RejectedRecord)
        out.accepted_ids = {r.index for r in accepted}
        latest = current_rejections(rejected, out.accepted_ids)
        decided = {i: r for i, r in latest.items() if not is_unanswered(r)}
        out.rejected_ids = set(decided)
        out.rejected_reasons = Counter(r.reason for r in decided.values())
        for r in decided.values():
            if r.problem is not None and r.problem.construction != "none":  # None: the draw itself failed
                out.canonicals[r.index] = r.problem.dedup_key
        out.canonicals.update((r.index, r.canonical or f"#{r.index}") for r in accepted)
        out._accepted = (directory / ACCEPTED).open("a", encoding="utf-8")
        out._rejected = (directory / REJECTED).open("a", encoding="utf-8")
        return out

    @property
    def done(self) -> set[int]:
        return self.accepted_ids | self.rejected_ids

    def write(self, record: AcceptedRecord | RejectedRecord) -> None:
        """Append one record atomically (one write call, then flush to the OS)."""
        handle = self._accepted if isinstance(record, AcceptedRecord) else self._rejected
        assert handle is not None, "RunOutput used after close"
        try:
            handle.write(self._line(record))
            handle.flush()
        except OSError as err:
            raise _naming(err, handle.name) from err
        (self.accepted_ids if isinstance(record, AcceptedRecord) else self.rejected_ids).add(record.index)

    def _line(self, record: AcceptedRecord | RejectedRecord) -> str:
        """One JSONL line: an accepted record in the compact layout unless ``compact`` is off."""
        if not (self.compact and isinstance(record, AcceptedRecord)):
            return record.model_dump_json() + "\n"
        data = compact_record(record.model_dump(mode="json"))
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    def write_summary(self, summary: BaseModel) -> None:
        tmp = self.directory / (SUMMARY + ".tmp")
        tmp.write_text(summary.model_dump_json(indent=2) + "\n")
        os.replace(tmp, self.directory / SUMMARY)

    def close(self, quiet: bool = False) -> None:
        """Flush, sync and close both files. ``quiet`` (after a failure) keeps a second error from hiding
        the first: each file is still closed, and what could not be written is given up."""
        first: OSError | None = None
        for handle in (self._accepted, self._rejected):
            if handle is None:
                continue
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as err:
                first = first or _naming(err, handle.name)
            finally:
                try:
                    handle.close()
                except OSError as err:  # the buffer could not be flushed: its partial line is cut off later
                    first = first or _naming(err, handle.name)
        self._accepted = self._rejected = None
        if first is not None and not quiet:
            raise first


def _naming(err: OSError, filename: str) -> OSError:
    """The same error with the file it happened to (a failed ``write`` or ``flush`` does not say)."""
    if err.filename is not None or err.errno is None:
        return err
    return OSError(err.errno, err.strerror, filename)
