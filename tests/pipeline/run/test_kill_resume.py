"""Kill `revsynth dataset` (SIGKILL) mid-flight, run the same command again: nothing lost, nothing paid twice.

The fake LLM server runs in this test process; `revsynth` runs as a real subprocess. Once a few samples are
accepted the server stops answering (requests are held open, as a slow model would), so the kill lands
with requests in flight; after a short grace every answer already sent has been received and cached. Then:
the resumed run must not ask again anything that was answered, must keep every accepted record written
before the kill, and must end with exactly ``count`` samples and no duplicate; a further run of the same
config into a fresh folder must send no request at all.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.run.loading import load_run
from tests.conftest import REPO
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply
from tests.fakes.teacher_llm import TeacherLLM

pytestmark = pytest.mark.slow  # three CLI processes, each starting its own SymPy worker pool

COUNT = 10
KILL_AFTER = 3  # accepted samples on disk before the kill
GRACE_S = 1.5  # after the server stops answering: time for answers already sent to be received and cached


class Gate:
    """In front of the fake LLM: while closed, requests are held (in flight) and finally dropped."""

    def __init__(self, llm: TeacherLLM) -> None:
        self.llm = llm
        self.closed = threading.Event()
        self.released = threading.Event()
        self.held = 0

    def __call__(self, body: dict) -> ScriptedReply:
        if self.closed.is_set():
            self.held += 1
            self.released.wait(timeout=60)
            return ScriptedReply(drop_connection=True)
        return self.llm(body)

    def reopen(self) -> None:
        self.released.set()
        self.closed.clear()


def revsynth(config: Path, log: Path, *extra: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "pipeline.cli.main",
        "dataset",
        "--config",
        str(config),
        "--quiet",
        *extra,
    ]
    with log.open("a") as sink:
        return subprocess.Popen(command, cwd=REPO, stdout=sink, stderr=sink, start_new_session=True)


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def wait_for_accepted(process: subprocess.Popen, path: Path, n: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while len(lines(path)) < n:
        if process.poll() is not None:
            pytest.fail(
                f"revsynth exited ({process.returncode}) before {n} samples:\n{log.read_text()[-3000:]}"
            )
        if time.monotonic() > deadline:
            pytest.fail(f"no {n} accepted samples within 120 s:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)


def group_is_gone(pgid: int, within_s: float) -> bool:
    """Whether every process of the killed run's group (its SymPy workers too) has exited."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def test_kill_9_mid_flight_then_resume_loses_nothing_and_pays_nothing_twice(write_config, tmp_path):
    log = tmp_path / "revsynth.log"
    with FakeOpenAIServer(lambda body: gate(body)) as server:
        llm_config = {"type": "openai", "model": "fake-llm", "base_url": server.base_url, "api_key_env": None,
                      "request_timeout_s": 30, "max_retries": 2, "retry_backoff_s": 0.05}  # fmt: skip
        stages = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"}
                  for s in ("derive", "reverse", "solve")}  # fmt: skip
        config = write_config(count=COUNT, providers={"llm": llm_config}, stages=stages,
                              runtime={"max_attempts": 1, "concurrency": 3})  # fmt: skip
        loaded = load_run(config)
        accepted_path = loaded.output_dir / "accepted.jsonl"
        llm = TeacherLLM(loaded.config, indices=3 * COUNT, delay_s=0.1)
        llm.warm(range(COUNT))
        gate = Gate(llm)

        first = revsynth(config, log)
        try:
            wait_for_accepted(first, accepted_path, KILL_AFTER, log)
            gate.closed.set()
            deadline = time.monotonic() + 60
            while not gate.held and time.monotonic() < deadline:  # a request is in flight, held open
                time.sleep(0.05)
            time.sleep(GRACE_S)
            answered_before_kill = +llm.answered
            on_disk_before_kill = lines(accepted_path)
            held_at_kill = gate.held
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        finally:
            gate.reopen()
            orphans_gone = group_is_gone(first.pid, within_s=20)
            if not orphans_gone:
                os.killpg(first.pid, signal.SIGKILL)  # only the group this test started

        received_before_resume = llm.received.copy()
        second = revsynth(config, log)
        assert second.wait(timeout=180) == 0, log.read_text()[-3000:]
        resent = llm.received - received_before_resume
        resumed = lines(accepted_path)

        received_before_rerun = llm.received.copy()
        third = revsynth(config, log, "--overwrite")
        assert third.wait(timeout=180) == 0, log.read_text()[-3000:]
        rerun_requests = sum((llm.received - received_before_rerun).values())
        rerun = [json.loads(line) for line in lines(accepted_path)]
        rerun_summary = json.loads((loaded.output_dir / "summary.json").read_text())

    assert llm.unknown == 0
    assert first.returncode == -signal.SIGKILL
    assert KILL_AFTER <= len(on_disk_before_kill) < COUNT, "the kill must land mid-run"
    assert held_at_kill > 0, "requests were in flight when the process was killed"
    assert orphans_gone, "the killed run's worker processes must exit on their own"

    # No finished request was paid for twice: nothing answered before the kill was asked again.
    assert resent, "the resumed run had work left to do"
    assert not set(resent) & set(answered_before_kill)

    # Exactly `count` samples, no duplicate index, every record written before the kill kept as it was.
    indices = [json.loads(line)["index"] for line in resumed]
    assert sorted(indices) == list(range(COUNT))
    assert resumed[: len(on_disk_before_kill)] == on_disk_before_kill

    # The same config into a fresh folder sends zero requests: every answer comes from the cache.
    assert rerun_requests == 0
    assert rerun_summary["requests_sent"] == 0
    assert sorted(r["index"] for r in rerun) == list(range(COUNT))
    assert {r["index"]: r["antiderivative"] for r in rerun} == {
        json.loads(line)["index"]: json.loads(line)["antiderivative"] for line in resumed
    }
