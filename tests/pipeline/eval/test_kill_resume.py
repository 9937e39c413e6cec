"""Kill `revsynth eval` (SIGKILL) mid-flight, run the same command again: no answered prompt is re-sent.

As ``tests/pipeline/run/test_kill_resume.py`` does for `dataset`: the fake LLM runs in this process and
`revsynth eval` as a real subprocess; once a few answers are scored the server holds every request open,
and the eval is killed with requests in flight. The resumed eval must ask only what was never answered,
keep every scored line written before the kill, and end with every (problem, answer) pair scored once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from pipeline.eval.run import SAMPLES
from pipeline.run.runner import run_dataset
from tests.conftest import REPO
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply
from tests.pipeline.eval.test_fake_server import COUNT, FRACTION, WrongSometimes, _configs, _test_problems
from tests.pipeline.run.test_kill_resume import group_is_gone, lines

pytestmark = pytest.mark.slow  # two CLI processes, each starting its own SymPy worker pool

N, KILL_AFTER, GRACE_S = 3, 3, 1.5


class Gate:
    """Answers (and counts, by request seed) until closed; then holds requests open and drops them."""

    def __init__(self, responder: WrongSometimes) -> None:
        self.responder = responder
        self.closed, self.released = threading.Event(), threading.Event()
        self.held = 0
        self.received: Counter[int] = Counter()
        self.answered: Counter[int] = Counter()
        self.lock = threading.Lock()

    def __call__(self, body: dict):
        with self.lock:
            self.received[body["seed"]] += 1
        if self.closed.is_set():
            self.held += 1
            self.released.wait(timeout=60)
            return ScriptedReply(drop_connection=True)
        time.sleep(0.2)  # a slow model: the kill lands with answers in flight
        reply = self.responder(body)
        with self.lock:
            self.answered[body["seed"]] += 1
        return reply


def _eval(config, data_dir, out, log) -> subprocess.Popen:
    split = ["--test-fraction", str(FRACTION), "--split-seed", "0"]
    command = [sys.executable, "-m", "pipeline.cli.main", "eval", "--config", str(config),
               "--dataset", str(data_dir), *split, "--k", str(N), "-o", str(out)]  # fmt: skip
    with log.open("a") as sink:
        return subprocess.Popen(command, cwd=REPO, stdout=sink, stderr=sink, start_new_session=True)


async def test_kill_9_mid_eval_then_resume_resends_nothing_answered(write_config, tmp_path):
    log, out = tmp_path / "revsynth.log", tmp_path / "eval"
    holder = {}
    with FakeOpenAIServer(lambda body: holder["gate"](body)) as server:
        data, evaluated = _configs(write_config, server.base_url)
        assert (await run_dataset(data)).accepted == COUNT
        gate = holder["gate"] = Gate(WrongSometimes(_test_problems(data), {}))
        journal = out / SAMPLES

        first = _eval(evaluated.path, data.output_dir, out, log)
        try:
            deadline = time.monotonic() + 120
            while len(lines(journal)) < KILL_AFTER and time.monotonic() < deadline and first.poll() is None:
                time.sleep(0.05)
            gate.closed.set()
            while not gate.held and time.monotonic() < deadline and first.poll() is None:
                time.sleep(0.05)
            time.sleep(GRACE_S)
            answered_before_kill = set(gate.answered)
            on_disk_before_kill = lines(journal)
            held_at_kill = gate.held
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        finally:
            gate.released.set()
            orphans_gone = group_is_gone(first.pid, within_s=20)
            if not orphans_gone:
                os.killpg(first.pid, signal.SIGKILL)  # only the group this test started
        gate.closed.clear()

        received_before_resume = gate.received.copy()
        second = _eval(evaluated.path, data.output_dir, out, log)
        assert second.wait(timeout=180) == 0, log.read_text()[-3000:]
        resent = gate.received - received_before_resume
        report = json.loads((out / "report.json").read_text())

    assert first.returncode == -signal.SIGKILL, log.read_text()[-3000:]
    assert KILL_AFTER <= len(on_disk_before_kill) < 4 * N, "the kill must land mid-eval"
    assert held_at_kill > 0 and orphans_gone
    assert resent and not set(resent) & answered_before_kill  # nothing answered was asked again
    final = [json.loads(line) for line in lines(journal)]
    assert lines(journal)[: len(on_disk_before_kill)] == on_disk_before_kill
    assert len({(s["key"], s["sample"]) for s in final}) == len(final) == 4 * N
    assert report["overall"]["pass_at_1"] == 1.0 and report["unanswered"] == 0
    assert report["resumed"] == len(on_disk_before_kill)
