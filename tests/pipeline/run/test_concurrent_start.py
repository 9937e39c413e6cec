"""Two `revsynth dataset` processes started at once on one config: one runs, the other refuses at once.

Before the folder lock both ran: every index was written twice and most requests were paid twice. Here the
fake LLM holds every request until one of the two processes has exited, so the one that took the lock
cannot finish before the other has tried: the loser must refuse (exit 2, one line naming the winner's
pid), and the winner must then finish the run alone: each sample once, each request sent once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from pipeline.run.loading import load_run
from tests.conftest import REPO
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply
from tests.fakes.teacher_llm import TeacherLLM

pytestmark = pytest.mark.slow  # two CLI processes, each starting its own SymPy worker pool

COUNT = 4


class HeldUntil:
    """In front of the fake LLM: every request waits until ``release`` is set."""

    def __init__(self, llm: TeacherLLM) -> None:
        self.llm = llm
        self.release = threading.Event()

    def __call__(self, body: dict) -> ScriptedReply:
        self.release.wait(timeout=120)
        return self.llm(body)


def test_two_runs_started_at_once_write_every_sample_once_and_pay_every_request_once(write_config, tmp_path):
    with FakeOpenAIServer(lambda body: gate(body)) as server:
        llm_config = {"type": "openai", "model": "fake-llm", "base_url": server.base_url, "api_key_env": None,
                      "request_timeout_s": 60, "max_retries": 0}  # fmt: skip
        stages = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"}
                  for s in ("derive", "reverse", "solve")}  # fmt: skip
        config = write_config(count=COUNT, providers={"llm": llm_config}, stages=stages,
                              runtime={"max_attempts": 1, "concurrency": 2})  # fmt: skip
        loaded = load_run(config)
        llm = TeacherLLM(loaded.config, indices=3 * COUNT)
        llm.warm(range(COUNT))
        gate = HeldUntil(llm)
        command = [sys.executable, "-m", "pipeline.cli.main", "dataset", "--config", str(config), "--quiet"]
        runs = [
            subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)
        ]
        try:
            deadline = time.monotonic() + 60
            while all(run.poll() is None for run in runs) and time.monotonic() < deadline:
                time.sleep(0.05)
            exited = [run for run in runs if run.poll() is not None]
        finally:
            gate.release.set()
        if not exited:
            pytest.fail("neither run refused: both went ahead on the same output folder")
        loser = exited[0]
        winner = next(run for run in runs if run is not loser)
        loser_output = loser.communicate(timeout=60)[0]
        winner_output = winner.communicate(timeout=180)[0]

    assert loser.returncode == 2, loser_output
    assert loser_output.startswith("output folder in use: ")
    assert f"(pid {winner.pid} on " in loser_output and len(loser_output.splitlines()) == 1
    assert winner.returncode == 0, winner_output
    indices = [json.loads(line)["index"] for line in (loaded.output_dir / "accepted.jsonl").open()]
    assert sorted(indices) == list(range(COUNT))
    assert llm.received and max(llm.received.values()) == 1  # no request was sent twice
    assert llm.unknown == 0
