"""The engine behind ``revsynth verify INPUT.jsonl``: check many (integrand, antiderivative) pairs at once.

Each input line is a JSON object ``{"integrand": ..., "antiderivative": ..., "variable": "x"}`` (other
keys are ignored). Every pair is checked by ``check_final_antiderivative`` in a killable worker of a
``CheckPool``, so a pair that makes SymPy hang or eat memory costs one worker and one verdict, never the
run. Verdicts come back in input order, exactly one per input line, as soon as the prefix before them is
done; only a bounded window of checks is in flight, so inputs of any length stream in constant memory.

Whatever a line holds, it gets a verdict and the lines after it are still read: a line that is not a pair
(blank, not UTF-8, not JSON, nested deeper than the JSON reader can go, not an object, missing a field)
is a ``bad_input`` verdict whose ``detail`` says why. Lines may be given as bytes (as read from a file
opened in binary mode), so that one undecodable byte costs its own line only, never the rest of the file.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from validators.equivalence import Verdict
from validators.final import check_final_antiderivative

if TYPE_CHECKING:
    from validators.limits import CheckPool

__all__ = ["PairInput", "PairVerdict", "VerifySummary", "summarize", "verify_lines"]

BAD_INPUT = "bad_input"
WINDOW = 64  # checks in flight: keeps the workers busy without reading the whole input into memory


class PairInput(BaseModel):
    """One line of the input file."""

    integrand: str
    antiderivative: str
    variable: str = "x"


class PairVerdict(BaseModel):
    """One line of the output: ``reason`` is a Reason value, ``bad_input``, or a time/memory limit kind."""

    line: int = 0  # 1-based line number in the input: verdict n is about line n
    ok: bool
    reason: str
    method: str
    seconds: float
    detail: str = ""
    evidence: dict[str, Any] | None = None


class VerifySummary(BaseModel):
    total: int
    accepted: int
    bad_input: int = 0  # lines that were not a pair at all (each has a bad_input verdict saying why)
    by_reason: dict[str, int]
    checks_per_second: float
    median_seconds: float
    p99_seconds: float
    wall_seconds: float


def verify_lines(lines: Iterable[str | bytes], pool: CheckPool) -> Iterator[PairVerdict]:
    """One verdict per input line, in input order; checks run in parallel on ``pool``."""
    window = WINDOW
    in_flight: deque[tuple[int, Future | PairVerdict]] = deque()
    for number, line in enumerate(lines, start=1):
        in_flight.append((number, _submit(line, number, pool)))
        while len(in_flight) >= window:
            yield _collect(*in_flight.popleft(), pool)
    while in_flight:
        yield _collect(*in_flight.popleft(), pool)


def summarize(verdicts: Sequence[PairVerdict], wall_seconds: float) -> VerifySummary:
    """Counts by reason and the time per check (median, 99th percentile) and overall throughput."""
    by_reason: dict[str, int] = {}
    for verdict in verdicts:
        by_reason[verdict.reason] = by_reason.get(verdict.reason, 0) + 1
    seconds = sorted(v.seconds for v in verdicts)
    return VerifySummary(
        total=len(verdicts),
        accepted=sum(v.ok for v in verdicts),
        bad_input=by_reason.get(BAD_INPUT, 0),
        by_reason=dict(sorted(by_reason.items())),
        checks_per_second=round(len(verdicts) / wall_seconds, 3) if wall_seconds > 0 else 0.0,
        median_seconds=round(statistics.median(seconds), 6) if seconds else 0.0,
        p99_seconds=round(_percentile(seconds, 0.99), 6) if seconds else 0.0,
        wall_seconds=round(wall_seconds, 3),
    )


def _percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of the values at or below it."""
    rank = max(1, math.ceil(round(len(sorted_values) * fraction, 9)))
    return sorted_values[rank - 1]


class _BadInput(ValueError):
    """A line that is not a pair; the message says why, for the verdict's detail."""


def read_pair(line: str | bytes, number: int = 1) -> PairInput:
    """The pair on one input line, or ``_BadInput`` saying why the line is not one."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            byte = err.object[err.start]
            raise _BadInput(f"not UTF-8: byte 0x{byte:02x} at column {err.start + 1}") from None
    if number == 1:
        line = line.removeprefix("\ufeff")  # a byte-order mark some editors write at the top of a file
    if not line.strip():
        raise _BadInput("blank line: expected a JSON object with integrand and antiderivative")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise _BadInput(f"not JSON: {err.msg} at column {err.colno}") from None
    except RecursionError:
        raise _BadInput("not readable: JSON nested deeper than the reader's recursion limit") from None
    if not isinstance(data, dict):
        raise _BadInput(
            f"expected a JSON object with integrand and antiderivative, got a {type(data).__name__}"
        )
    try:
        return PairInput.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in err.errors())
        raise _BadInput(problems) from None


def _submit(line: str | bytes, number: int, pool: CheckPool) -> Future | PairVerdict:
    try:
        pair = read_pair(line, number)
    except _BadInput as err:
        detail = str(err)[:300]
        return PairVerdict(line=number, ok=False, reason=BAD_INPUT, method="none", seconds=0.0, detail=detail)
    return pool.submit(check_final_antiderivative, pair.antiderivative, pair.integrand, pair.variable)


def _collect(number: int, pending: Future | PairVerdict, pool: CheckPool) -> PairVerdict:
    if isinstance(pending, PairVerdict):
        return pending
    try:
        verdict: Verdict = pending.result()
    except Exception as err:  # the worker's failure is this pair's verdict, never the run's
        reason, seconds = _failure(err, pool)
        detail = f"{type(err).__name__}: {err}"[:300]
        return PairVerdict(
            line=number, ok=False, reason=reason, method="none", seconds=seconds, detail=detail
        )
    return PairVerdict(line=number, **verdict.model_dump(mode="json"))


def _failure(err: Exception, pool: CheckPool) -> tuple[str, float]:
    """Name a failed check like ``CheckPool.run`` does (timeout / memory / worker_crashed), else error."""
    from pebble import ProcessExpired

    from validators.limits import LimitError, LimitExceeded

    limit = float(getattr(pool, "timeout_s", 0.0) or 0.0)
    if isinstance(err, LimitError):
        return str(err.kind), err.seconds
    if isinstance(err, TimeoutError):
        return str(LimitExceeded.TIMEOUT), limit
    if isinstance(err, MemoryError):
        return str(LimitExceeded.MEMORY), 0.0
    if isinstance(err, ProcessExpired):
        return str(LimitExceeded.CRASH), 0.0
    return "error", 0.0
