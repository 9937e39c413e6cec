"""The compact record layout loses nothing: every reader gets the full record back."""

from __future__ import annotations

import json

import pytest

from pipeline.core.compact_records import FROM_STAGE, SAME_AS, compact, expand
from pipeline.core.records import AcceptedRecord

PROMPT = [{"role": "user", "content": "integrate x*exp(x)"}]
ANSWER = {"antiderivative": "(x - 1)*exp(x)"}
CHECK = {"name": "final", "ok": True, "reason": "equivalent"}


def _stage(name: str, attempts: list[dict]) -> dict:
    return {
        "stage": name, "template": "t.j2", "provider": "symbolic", "model": "m", "prompt": PROMPT,
        "raw_answer": json.dumps(ANSWER), "answer": ANSWER, "checks": [CHECK], "attempts": attempts,
        "ok": True,
    }  # fmt: skip


def _record(attempts: list[dict], solution_stage: dict | None = None) -> dict:
    stage = _stage("solve", attempts)
    solution = {"path_index": 0, "path": "liate", "correct": True, "stage": solution_stage or stage}
    return AcceptedRecord.model_validate(
        {
            "id": "a",
            "index": 0,
            "seed": 1,
            "run_seed": 2,
            "family": "ibp",
            "construction": "classic",
            "difficulty": "easy",
            "variable": "x",
            "stages": {"solve": stage},
            "solutions": [solution],
            "integrand": "x*exp(x)",
        }  # fmt: skip
    ).model_dump(mode="json")


LAST = {"messages": PROMPT, "raw_answer": json.dumps(ANSWER), "answer": ANSWER, "checks": [CHECK]}
WRONG = {"messages": PROMPT, "raw_answer": "{}", "answer": None, "failure": "format:no_json"}


@pytest.mark.parametrize(
    ("attempts", "solution_stage"),
    [
        ([LAST], None),  # the usual case: one attempt, the accepted path is the stage
        ([WRONG, LAST], None),  # a re-ask: only what the failed attempt shares is left out
        ([LAST], _stage("solve", [WRONG])),  # a path that differs from the stage is kept whole
        ([], None),
    ],
)
def test_compact_then_read_gives_the_full_record(attempts: list[dict], solution_stage: dict | None) -> None:
    full = _record(attempts, solution_stage)
    line = json.dumps(compact(full), separators=(",", ":"))
    assert expand(json.loads(line)) == full
    assert AcceptedRecord.model_validate_json(line).model_dump(mode="json") == full
    assert len(line) <= len(json.dumps(full, separators=(",", ":")))


def test_the_usual_record_is_written_without_its_copies() -> None:
    small = compact(_record([LAST]))
    assert small["solutions"][0]["stage"] == {SAME_AS: "solve"}
    attempt = small["stages"]["solve"]["attempts"][0]
    assert {"messages", "raw_answer", "answer", "checks", "step_labels"} <= set(attempt[FROM_STAGE])
    assert "messages" not in attempt


def test_a_full_record_reads_unchanged() -> None:
    full = _record([LAST])
    assert expand(full) is full
