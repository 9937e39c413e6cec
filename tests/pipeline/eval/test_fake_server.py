"""An LLM that gets some answers wrong, over real HTTP on 127.0.0.1: pass@k below 1, measured exactly.

The server answers each solve prompt with the symbolic teacher's solution of the problem named in it, but
for chosen problems it adds ``+ x`` to the antiderivative (its derivative is then off by 1): every one of
the first problem's answers and one of the second's. So the number of right answers per problem is known
in advance, whatever order the requests arrive in, and pass@1 and pass@k must come out as computed here.
Then resume: answers the server failed are asked again, and nothing already answered is re-sent.
"""

import re
import threading
from collections import Counter
from math import comb

import pytest

from pipeline.eval.problems import split_records
from pipeline.eval.run import SAMPLES, run_eval
from pipeline.eval.sources import dataset_source
from pipeline.families.ibp.sampler import sample_problem
from pipeline.families.ibp.teacher import write_solve_answer
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply

COUNT, FRACTION, N, K = 10, 0.4, 3, 2
GIVEN = re.compile(r"g\(x\) = (.+?) with respect to")


class WrongSometimes:
    """Responder: the teacher's answer, wrong for ``wrong[integrand]`` of each problem's answers;
    ``fail`` of them answered HTTP 500 instead (counted before the wrong ones)."""

    def __init__(
        self, problems, wrong: dict[str, int], fail: dict[str, int] | None = None, bad_du: str = ""
    ) -> None:
        self.by_g = {p.details.integrand: p for p in problems}
        self.wrong, self.fail, self.bad_du = wrong, fail or {}, bad_du
        self.seen: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, body: dict) -> ScriptedReply:
        integrand = GIVEN.search(body["messages"][-1]["content"]).group(1)
        with self.lock:
            order = self.seen[integrand]
            self.seen[integrand] += 1
        if order < self.fail.get(integrand, 0):
            return ScriptedReply(status=500, error_message="the model server fell over")
        answer = write_solve_answer(self.by_g[integrand])
        if order - self.fail.get(integrand, 0) < self.wrong.get(integrand, 0):
            answer = answer.model_copy(update={"antiderivative": f"{answer.antiderivative} + x"})
        if integrand == self.bad_du and order == 0:  # a right answer with one wrong claim: du != u'
            first = answer.parts[0]
            parts = [first.model_copy(update={"du": f"({first.du}) + 1"}), *answer.parts[1:]]
            answer = answer.model_copy(update={"parts": parts})
        return ScriptedReply(content=answer.model_dump_json())


def _configs(write_config, base_url: str, **eval_overrides):
    """The symbolic run that makes the dataset, then the eval config: same problems, an LLM solving."""
    data = load_run(write_config(count=COUNT, runtime={"concurrency": 4}))
    llm = {"type": "openai", "model": "fake-llm", "base_url": base_url, "api_key_env": None,
           "max_retries": 0, "request_timeout_s": 20}  # fmt: skip
    stages = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "teacher"}
              for s in ("derive", "reverse")}  # fmt: skip
    stages["solve"] = {"template": "solve.j2", "system_template": "system.j2", "provider": "llm"}
    evaluated = load_run(
        write_config(
            count=COUNT, providers={"teacher": {"type": "symbolic"}, "llm": llm}, stages=stages,
            runtime={"concurrency": 4}, **eval_overrides,
        )
    )  # fmt: skip
    return data, evaluated


def _test_problems(data):
    cfg = data.config
    return [sample_problem(cfg.seed, i, cfg.variable, cfg.sampler) for i in range(COUNT + 10)]


@pytest.fixture
def server_and_configs(write_config):
    holder = {}

    def respond(body):
        return holder["responder"](body)

    with FakeOpenAIServer(respond) as server:
        data, evaluated = _configs(write_config, server.base_url)
        yield server, holder, data, evaluated


async def _dataset(data):
    summary = await run_dataset(data)
    assert summary.accepted == COUNT


async def test_wrong_answers_give_the_pass_at_k_they_must(server_and_configs, tmp_path):
    server, holder, data, evaluated = server_and_configs
    await _dataset(data)
    source = dataset_source(evaluated, data.output_dir, "test", FRACTION, 0)
    records, _ = split_records(data.output_dir, "test", FRACTION, 0)  # the test side's records
    test_integrands = sorted(r.integrand for r in records)
    assert len(test_integrands) == 4
    wrong = {test_integrands[0]: N, test_integrands[1]: 1}
    holder["responder"] = WrongSometimes(_test_problems(data), wrong, bad_du=test_integrands[2])

    report = await run_eval(evaluated, source, tmp_path / "eval", k=K, samples=N)

    right = [N - wrong.get(g, 0) for g in test_integrands]  # [0, 2, 3, 3]
    assert report.overall.correct == sum(right) == 4 * N - (N + 1)
    assert report.overall.pass_at_1 == pytest.approx(sum(c / N for c in right) / 4, abs=1e-4)
    expected_k = sum(1 - comb(N - c, K) / comb(N, K) for c in right) / 4
    assert report.overall.pass_at_k == pytest.approx(expected_k, abs=1e-4)
    assert report.overall.pass_at_k < 1.0 and report.overall.pass_at_1 < report.overall.pass_at_k
    assert sum(report.failures.values()) == N + 2  # the wrong answers, and the right one with a wrong du
    assert report.failures.pop("incorrect_step") == 1
    assert all("antiderivative_verified" in reason for reason in report.failures)
    assert report.overall.accepted == report.overall.correct - 1
    assert report.solver == "llm/fake-llm" and report.requests_sent == 4 * N
    assert len(server.requests) == 4 * N
    # The wrong answers' steps are still right (the final answer is not a step): one claim is wrong.
    overall = report.overall
    assert overall.steps_incorrect == 1 and overall.steps_unverifiable == 0
    assert overall.step_validity == pytest.approx(1 - 1 / overall.steps_checked, abs=1e-4)
    third = next(r for r in records if r.integrand == test_integrands[2])
    assert report.by_construction[third.construction].steps_incorrect == 1


async def test_an_interrupted_eval_resumes_without_resending_answered_prompts(server_and_configs, tmp_path):
    server, holder, data, evaluated = server_and_configs
    await _dataset(data)
    records, _ = split_records(data.output_dir, "test", FRACTION, 0)
    first, second = sorted(r.integrand for r in records)[:2]
    holder["responder"] = WrongSometimes(_test_problems(data), {}, fail={first: 2, second: 1})
    out = tmp_path / "eval"

    broken = await run_eval(
        evaluated, dataset_source(evaluated, data.output_dir, "test", FRACTION, 0), out, k=N
    )
    assert broken.unanswered == 3 and broken.overall.samples == 4 * N - 3
    assert broken.overall.pass_at_k_problems == 2  # the two short of answers have no pass@3 yet
    sent = len(server.requests)

    again = await run_eval(
        evaluated, dataset_source(evaluated, data.output_dir, "test", FRACTION, 0), out, k=N
    )
    assert len(server.requests) - sent == 3  # only the three never answered
    assert again.resumed == 4 * N - 3 and again.unanswered == 0
    assert again.overall.pass_at_1 == again.overall.pass_at_k == 1.0
    assert len((out / SAMPLES).read_text().splitlines()) == 4 * N

    # Without the journal, every answer comes from the response cache: still nothing is sent.
    (out / SAMPLES).unlink()
    sent = len(server.requests)
    cached = await run_eval(
        evaluated, dataset_source(evaluated, data.output_dir, "test", FRACTION, 0), out, k=N
    )
    assert len(server.requests) == sent and cached.requests_sent == 0
    assert cached.cache_hits == 4 * N and cached.overall.pass_at_1 == 1.0


async def test_problems_the_config_cannot_draw_are_checked_from_their_records(write_config, tmp_path):
    holder = {}
    with FakeOpenAIServer(lambda body: holder["responder"](body)) as server:
        other = {"constructions": {"product_reversal": 1, "parts_from_primitive": 0, "classic": 0}}
        data, evaluated = _configs(write_config, server.base_url, sampler=other)  # it draws other problems
        await _dataset(data)
        records, _ = split_records(data.output_dir, "test", FRACTION, 0)
        wrong = {sorted(r.integrand for r in records)[0]: 1}
        holder["responder"] = WrongSometimes(_test_problems(data), wrong)
        source = dataset_source(evaluated, data.output_dir, "test", FRACTION, 0)
        report = await run_eval(evaluated, source, tmp_path / "eval", k=1, samples=2)

    redrawn = [sample_problem(r.run_seed, r.index, "x", evaluated.config.sampler) for r in records]
    differ = sum(p.canonical != r.canonical for p, r in zip(redrawn, records, strict=True))
    assert differ >= 2 and report.problems_rebuilt == differ and report.problems == 4
    assert report.overall.correct == 4 * 2 - 1  # the checks read the record's fields: the wrong one is caught
    assert report.overall.steps_checked > 0 and report.overall.step_validity == 1.0
