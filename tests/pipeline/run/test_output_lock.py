"""One writer per output folder: a second run refuses with one line naming the holder, a lock is released
however its run ends, and the lock of a run killed with kill -9 is taken over by the next one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.run.output_lock import HOLDER, OutputLock, OutputLocked, read_holder
from tests.conftest import REPO
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply

HOLD = """
import sys
from pipeline.run.output_lock import OutputLock
lock = OutputLock(sys.argv[1]).acquire()
print("held", flush=True)
sys.stdin.read()  # hold it until the test closes stdin (or kills us)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/out."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "out")],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout.readline() == "held\n"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def test_a_second_lock_on_the_folder_is_refused_naming_the_holder(tmp_path):
    with OutputLock(tmp_path) as first:
        assert first.held and first.previous is None
        with pytest.raises(OutputLocked) as refused:
            OutputLock(tmp_path).acquire()
    message = str(refused.value)
    assert (
        f"is in use by another revsynth run (pid {os.getpid()} on {socket.gethostname()}, started " in message
    )
    assert "\n" not in message


def test_the_lock_is_released_when_its_block_fails(tmp_path):
    with pytest.raises(RuntimeError), OutputLock(tmp_path):
        raise RuntimeError("the run failed")
    assert not (tmp_path / HOLDER).exists()  # released cleanly: nothing to take over
    with OutputLock(tmp_path) as again:
        assert again.previous is None


def test_dataset_refuses_a_folder_another_process_holds_and_writes_nothing(write_config, tmp_path, holder):
    config = write_config(count=2)
    result = CliRunner().invoke(app, ["dataset", "--config", str(config), "--quiet"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(
        f"output folder in use: {tmp_path / 'out'} is in use by another revsynth run "
    )
    assert f"(pid {holder.pid} on {socket.gethostname()}, started 20" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".revsynth.lock", HOLDER]


def test_the_lock_of_a_run_killed_with_kill_9_is_taken_over(write_config, tmp_path, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert read_holder(tmp_path / "out").pid == holder.pid  # its record is left behind, its lock is not
    result = CliRunner().invoke(app, ["dataset", "--config", str(write_config(count=2)), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (
        f"taking over {tmp_path / 'out'} from a run that did not finish (pid {holder.pid} on "
        in result.output
    )
    assert not (tmp_path / "out" / HOLDER).exists()  # and this run released it


@pytest.mark.slow  # a CLI process with its own SymPy worker pool
@pytest.mark.parametrize(
    ("signum", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")]
)
def test_a_stop_signal_ends_a_run_cleanly_and_releases_its_lock(write_config, tmp_path, signum, code, name):
    held = threading.Event()

    def hold(body: dict) -> ScriptedReply:  # the model does not answer before the test ends
        held.set()
        return ScriptedReply(content="{}", delay_s=120)

    with FakeOpenAIServer(hold) as server:
        llm = {"type": "openai", "model": "fake-llm", "base_url": server.base_url, "api_key_env": None}
        stages = {s: {"template": f"{s}.j2", "provider": "llm"} for s in ("derive", "reverse", "solve")}
        config = write_config(count=2, providers={"llm": llm}, stages=stages)
        command = [sys.executable, "-m", "pipeline.cli.main", "dataset", "--config", str(config), "--quiet"]
        run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert held.wait(timeout=120), "the run never sent a request"
            assert read_holder(tmp_path / "out").pid == run.pid
            run.send_signal(signum)
            output = run.communicate(timeout=60)[0]
        finally:
            if run.poll() is None:
                run.kill()
    assert run.returncode == code, output
    assert output.strip().splitlines()[-1] == (
        f"stopped: by {name}. Every record written so far is kept: re-run the same command to resume"
    )
    assert not (tmp_path / "out" / HOLDER).exists()  # released on the way out, not left to take over
    with OutputLock(tmp_path / "out") as again:
        assert again.previous is None
