"""The eval's journal: a partial last line (a kill mid-write) is cut off and redone; another config's
answers are never mixed in."""

import pytest

from pipeline.eval.run import SAMPLES, EvalConflict, run_eval
from pipeline.eval.sources import problems_source
from pipeline.families.ibp.sampler import sample_problem
from pipeline.run.loading import load_run

K = 2


@pytest.fixture
def problems(write_config, tmp_path):
    cfg = load_run(write_config(count=2)).config
    path = tmp_path / "problems.jsonl"
    drawn = [sample_problem(cfg.seed, i, cfg.variable, cfg.sampler) for i in range(3)]
    path.write_text("".join(p.model_dump_json() + "\n" for p in drawn))
    return path


async def test_a_kill_mid_line_loses_only_that_answer(write_config, problems, tmp_path):
    loaded = load_run(write_config(count=2))
    out = tmp_path / "eval"
    first = await run_eval(loaded, problems_source(loaded, problems), out, k=K)
    assert first.overall.samples == 3 * K and first.resumed == 0
    journal = out / SAMPLES
    text = journal.read_text()
    journal.write_text(text[: len(text) - 40])  # the last line cut, as by kill -9 during its write

    again = await run_eval(loaded, problems_source(loaded, problems), out, k=K)
    assert again.resumed == 3 * K - 1
    assert again.overall.samples == 3 * K and again.overall.pass_at_1 == 1.0
    assert len(journal.read_text().splitlines()) == 3 * K

    more = await run_eval(loaded, problems_source(loaded, problems), out, k=K, samples=K + 1)
    assert more.resumed == 3 * K and more.overall.samples == 3 * (K + 1)  # only the new answers asked


async def test_another_configs_eval_folder_is_refused_unless_overwritten(write_config, problems, tmp_path):
    out = tmp_path / "eval"
    loaded = load_run(write_config(count=2))
    await run_eval(loaded, problems_source(loaded, problems), out, k=1)
    other = load_run(write_config(count=2, providers={"teacher": {"type": "symbolic", "model": "other"}}))
    with pytest.raises(EvalConflict, match="another config"):
        await run_eval(other, problems_source(other, problems), out, k=1)
    report = await run_eval(other, problems_source(other, problems), out, k=1, overwrite=True)
    assert report.resumed == 0 and report.solver == "teacher/other"
