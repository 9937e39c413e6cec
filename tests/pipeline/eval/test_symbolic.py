"""The offline default end to end, every family: the symbolic teacher solves its own test split.

Nothing is assumed about the result: each test-split problem is drawn again from the config, the solve
stage asks the teacher (in the check pool) and the family's checks score each answer, so a teacher, a
check or a split that broke would show here as a pass rate below 1, or as the wrong problems.
"""

import json

import pytest

from pipeline.eval.run import run_eval
from pipeline.eval.sources import dataset_source
from pipeline.exports.source import accepted_problems, read_dataset
from pipeline.exports.split import split_by_problem
from pipeline.families import FAMILY_NAMES
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset

COUNT, FRACTION, K = 8, 0.4, 2


@pytest.mark.parametrize("family", FAMILY_NAMES)
async def test_the_teacher_solves_its_own_test_split(family, write_config, tmp_path):
    base = f"configs/{family}.yaml"
    loaded = load_run(write_config(base, count=COUNT, runtime={"concurrency": 4}))
    summary = await run_dataset(loaded)
    assert summary.accepted == COUNT
    sides = split_by_problem(accepted_problems(read_dataset(loaded.output_dir)), FRACTION, 0)
    test_ids = {i for i, side in sides.items() if side == "test"}

    source = dataset_source(loaded, loaded.output_dir, "test", FRACTION, 0)
    report = await run_eval(loaded, source, tmp_path / "eval", k=K)

    assert report.problems == len(test_ids) == round(COUNT * FRACTION)
    assert report.problems_rebuilt == 0  # every problem drawn again from the config, details and all
    samples = [json.loads(line) for line in (tmp_path / "eval" / "samples.jsonl").read_text().splitlines()]
    assert {s["problem"] for s in samples} == test_ids  # the test side, none of the train side
    assert len(samples) == report.problems * K
    overall = report.overall
    assert overall.pass_at_1 == overall.pass_at_k == overall.accepted_rate == 1.0
    assert overall.steps_checked > 0 and overall.step_validity == 1.0
    assert sum(g.problems for g in report.by_construction.values()) == report.problems
    assert sum(g.samples for g in report.by_difficulty.values()) == report.problems * K
    assert report.failures == {} and report.unanswered == 0
