"""No two samples of a run share a canonical integrand, and which one keeps it never depends on timing."""

import asyncio
import json
from collections import defaultdict

from pipeline.families.ibp.sampler import sample_problem
from pipeline.run.dedup import DuplicateGate
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset

# Easy product reversals repeat themselves quickly (x*exp(x) + exp(x) turns up again and again).
REPETITIVE = {"constructions": {"product_reversal": 1}, "difficulty": {"easy": 1}}
UPTO = 30  # problems each run draws: easy product reversals repeat within the first 30


async def test_the_lower_index_wins_even_when_it_is_drawn_last():
    gate = DuplicateGate()
    for index in (0, 1, 2):
        gate.issue(index)
    # Indices 2 and 1 are drawn before 0: both must wait until every lower index has been drawn.
    late = asyncio.create_task(gate.first_index(2, "x*exp(x)"))
    middle = asyncio.create_task(gate.first_index(1, "x*exp(x)"))
    await asyncio.sleep(0.01)
    assert not late.done() and not middle.done()
    assert await gate.first_index(0, "sin(x)") == 0
    assert await middle == 1
    assert await late == 1


async def test_a_failed_draw_releases_the_indices_waiting_on_it():
    gate = DuplicateGate()
    gate.issue(0)
    gate.issue(1)
    waiting = asyncio.create_task(gate.first_index(1, "x*cos(x)"))
    await asyncio.sleep(0)
    assert await gate.first_index(0, None) == 0
    assert await waiting == 1


async def test_a_resumed_gate_remembers_what_is_on_disk():
    gate = DuplicateGate([(4, "x*exp(x)"), (2, "log(x)")])
    gate.issue(7)
    assert await gate.first_index(7, "x*exp(x)") == 4
    assert gate.distinct == 2


def _expected_duplicates(loaded, upto: int) -> dict[int, int]:
    """index -> the earlier index with the same canonical integrand, straight from the sampler."""
    cfg = loaded.config
    first: dict[str, int] = {}
    duplicates = {}
    for index in range(upto):
        canonical = sample_problem(cfg.seed, index, cfg.variable, cfg.sampler).canonical
        if canonical in first:
            duplicates[index] = first[canonical]
        first.setdefault(canonical, index)
    return duplicates


def _read(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _config_reaching(write_config, upto: int, **overrides):
    """A repetitive config whose run draws exactly indices 0..last, and the duplicates among them.

    ``last`` is the highest index below ``upto`` that is not a duplicate: a run stops at its last accept.
    """
    loaded = load_run(write_config(sampler=REPETITIVE, **overrides))
    expected = _expected_duplicates(loaded, upto)
    last = max(i for i in range(upto) if i not in expected)
    expected = {i: first for i, first in expected.items() if i < last}
    assert expected, "the repetitive config should repeat itself within the run"
    return write_config(count=last + 1 - len(expected), sampler=REPETITIVE, **overrides), expected, last


async def test_a_run_rejects_repeated_integrands_before_asking_any_model(write_config):
    path, expected, last = _config_reaching(write_config, UPTO, runtime={"concurrency": 8})
    loaded = load_run(path)
    summary = await run_dataset(loaded)
    accepted = _read(loaded.output_dir / "accepted.jsonl")
    rejected = _read(loaded.output_dir / "rejected.jsonl")

    assert summary.accepted == last + 1 - len(expected)
    canonicals = [r["canonical"] for r in accepted]
    assert all(canonicals) and len(set(canonicals)) == len(accepted)
    assert max(r["index"] for r in accepted + rejected) == last
    duplicates = {r["index"]: r for r in rejected if r["reason"] == "sample:duplicate"}
    assert set(duplicates) == set(expected)
    for index, record in duplicates.items():
        assert f"problem {expected[index]} " in record["detail"]
        assert record["stages"] == {}  # never sent to a model
    assert summary.rejected_by_reason.get("sample:duplicate") == len(expected)


async def test_resuming_in_two_steps_rejects_the_same_duplicates_as_one_run(write_config, tmp_path):
    def outcomes(out):
        kinds = defaultdict(set)
        for r in _read(out / "accepted.jsonl"):
            kinds["accepted"].add(r["index"])
        for r in _read(out / "rejected.jsonl"):
            kinds[r["reason"]].add(r["index"])
        return dict(kinds)

    whole, _, _ = _config_reaching(write_config, UPTO)
    whole = load_run(whole)
    one_run = await run_dataset(whole)
    in_one_go = outcomes(whole.output_dir)

    steps_dir = str(tmp_path / "steps")
    first_step, _, _ = _config_reaching(write_config, UPTO // 2 + 5, output_dir=steps_dir)
    await run_dataset(load_run(first_step))  # already rejects some duplicates, which the resume must count
    resumed, _, _ = _config_reaching(write_config, UPTO, output_dir=steps_dir)
    summary = await run_dataset(load_run(resumed))
    assert summary.resumed_from > 0
    assert outcomes(tmp_path / "steps") == in_one_go
    # The summary describes the whole run, including what the first step decided.
    assert summary.rejected_by_reason == one_run.rejected_by_reason
    assert (summary.accepted, summary.rejected) == (one_run.accepted, one_run.rejected)
