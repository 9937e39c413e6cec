"""Benchmark: does `revsynth dataset` hold up when a demanding user tries to break it?

Run: ``.venv/bin/python benchmarks/bench_faults.py`` (or ``make bench``). Every run is a real
``revsynth dataset`` process, as a user starts it; the LLM is the fake OpenAI-compatible server of
``tests/fakes`` on 127.0.0.1, answering each stage right (the symbolic teacher's answers) unless a fault is
scripted. Three experiments, each counted from the files on disk and from what the server received:

* **fault run** — 40 problems, one fault each in every way real APIs fail (429, 500, a stall past the
  timeout, a dropped connection, a cut-off body, a truncated answer, prose instead of JSON, wrong math,
  an endpoint that answers 500 or 429 for good); then the same config into a fresh folder (everything
  answered comes from the cache), and the healed server asked for the samples it never answered. Also:
  a dead endpoint (connection refused, a refused key) and a file that cannot grow (``RLIMIT_FSIZE``, the
  kernel's EFBIG, as a full disk gives ENOSPC);
* **kill -9** — a run killed with SIGKILL while requests are in flight, then the same command again;
* **concurrent start** — two runs started at the same moment on one config, several times.

Writes the tables to ``benchmarks/README.md`` under "## Faults" (other sections are kept).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from readme_section import replace_section  # noqa: E402  (benchmarks/, the script folder)

from pipeline.run.loading import load_run  # noqa: E402
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply  # noqa: E402
from tests.fakes.teacher_llm import Call, TeacherLLM  # noqa: E402

TRIED = 40  # problems in the fault run: ten kinds of fault, four times each
TIMEOUT_S = 1.0
MAX_RETRIES = 3
KILL_COUNT, KILL_AFTER = 40, 10
RACE_TRIALS, RACE_COUNT = 5, 8
FILE_SIZE_LIMIT = 150_000  # bytes: RLIMIT_FSIZE for the full-disk run


# --- helpers ------------------------------------------------------------------------------------------


def write_config(
    folder: Path, base_url: str | None, count: int, timeout_s: float = TIMEOUT_S, **runtime
) -> Path:
    """The shipped config with every stage on the fake LLM (or the symbolic teacher if no base_url)."""
    data = yaml.safe_load((ROOT / "configs/ibp.yaml").read_text())
    data.update(count=count, output_dir=str(folder / "out"), templates_dir=str(ROOT / "prompts/ibp"))
    data["runtime"] = {**data["runtime"], "cache_path": str(folder / "cache.sqlite"), **runtime}
    if base_url is not None:
        data["providers"] = {"llm": {"type": "openai", "model": "fake-llm", "base_url": base_url,
                                     "api_key_env": "BENCH_FAULTS_KEY", "request_timeout_s": timeout_s,
                                     "max_retries": MAX_RETRIES, "retry_backoff_s": 0.01,
                                     "rate_limit_patience_s": 0.5}}  # fmt: skip
        data["stages"] = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"}
                          for s in ("derive", "reverse", "solve")}  # fmt: skip
    path = folder / "run.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def start(config: Path, *extra: str, file_size: int | None = None) -> subprocess.Popen:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    command = [sys.executable, "-m", "pipeline.cli.main", "dataset", "--config", str(config), "--quiet"]
    command += extra
    env = {**os.environ, "BENCH_FAULTS_KEY": os.environ.get("BENCH_FAULTS_KEY", "sk-bench")}
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    preexec = limit if file_size else None
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, preexec_fn=preexec, **output)


def finish(process: subprocess.Popen, started: float) -> dict:
    output = process.communicate(timeout=600)[0]
    lines = output.strip().splitlines()
    return {
        "code": process.returncode,
        "seconds": time.monotonic() - started,
        "last": lines[-1] if lines else "",
    }


def finish_all(processes: list[subprocess.Popen], started: float) -> list[dict]:
    """Wait for every process, noting when each one exited (not when it was collected)."""
    exited: dict[int, float] = {}
    while len(exited) < len(processes):
        for i, process in enumerate(processes):
            if i not in exited and process.poll() is not None:
                exited[i] = time.monotonic()
        time.sleep(0.01)
    results = [finish(process, started) for process in processes]
    for i, result in enumerate(results):
        result["seconds"] = exited[i] - started
    return results


def cli(config: Path, *extra: str, file_size: int | None = None) -> dict:
    started = time.monotonic()
    return finish(start(config, *extra, file_size=file_size), started)


def records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip().endswith(b"}")]


def summary_of(folder: Path) -> dict:
    return json.loads((folder / "out" / "summary.json").read_text())


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


# --- fault run ----------------------------------------------------------------------------------------


def faults(llm: TeacherLLM):
    """One fault per problem (by index mod 10); ``seen`` counts earlier receipts of the same call."""

    def script(call: Call, seen: int) -> ScriptedReply | None:
        match (call.index % 10, call.stage):
            case (0, "derive") if seen == 0:
                return ScriptedReply(status=429, retry_after=0.05)
            case (1, "reverse") if seen < 2:
                return ScriptedReply(status=500)
            case (2, "solve") if seen == 0:
                return ScriptedReply(content=llm.answer(call.index, "solve"), delay_s=TIMEOUT_S + 1)
            case (3, "derive") if seen == 0:
                return ScriptedReply(drop_connection=True)
            case (4, "reverse") if seen == 0:
                return ScriptedReply(malformed_body=True)
            case (5, "solve") if call.attempt == 0:
                return llm.truncated(call)
            case (6, "solve"):
                return llm.wrong_math(call)
            case (7, "derive"):
                return ScriptedReply(status=500)
            case (8, "derive"):
                return ScriptedReply(status=429, retry_after=0.05)
            case (9, "derive") if call.attempt == 0:
                return ScriptedReply(content="I believe the derivative is 2*x, but let me think more.")
        return None

    return script


def fault_run(tmp: Path) -> dict:
    unanswered = [i for i in range(TRIED) if i % 10 in (7, 8)]
    with FakeOpenAIServer(lambda body: llm(body)) as server:
        config = write_config(tmp, server.base_url, count=TRIED, max_samples=TRIED, concurrency=8)
        llm = TeacherLLM(load_run(config).config, indices=TRIED)
        llm.warm(range(TRIED))
        llm.faults = faults(llm)
        first = cli(config)
        first_summary, received = summary_of(tmp), llm.received.copy()
        answered = +llm.answered
        accepted = [r["index"] for r in records(tmp / "out" / "accepted.jsonl")]
        rejected = {r["index"]: r["reason"] for r in records(tmp / "out" / "rejected.jsonl")}

        again = cli(config, "--overwrite")  # the same config into a fresh folder: the cache answers
        resent = llm.received - received
        again_summary = summary_of(tmp)

        llm.faults = None  # the outage is over: the same command asks the unanswered ones again
        before_healing = llm.received.copy()
        healed = cli(config)
        healed_calls = llm.received - before_healing
    healed_accepted = [r["index"] for r in records(tmp / "out" / "accepted.jsonl")]
    return {
        "first": first, "first_summary": first_summary, "accepted": accepted, "rejected": rejected,
        "received": sum(received.values()), "answered": sum(answered.values()),
        "again": again, "again_summary": again_summary, "resent": resent,
        "answered_resent": sum(n for call, n in resent.items() if call in answered),
        "healed": healed, "healed_indices": sorted({c.index for c in healed_calls}),
        "healed_accepted": healed_accepted, "unanswered": unanswered,
    }  # fmt: skip


def dead_endpoints(tmp: Path) -> dict:
    refused_dir, auth_dir = tmp / "refused", tmp / "auth"
    refused_dir.mkdir()
    auth_dir.mkdir()
    refused = cli(write_config(refused_dir, f"http://127.0.0.1:{closed_port()}/v1", count=40))
    refused["sent"] = summary_of(refused_dir)["requests_sent"]
    with FakeOpenAIServer(lambda body: ScriptedReply(content="{}"), api_key="the-right-key") as server:
        auth = cli(write_config(auth_dir, server.base_url, count=40))
        auth["sent"] = len(server.requests)
    return {"refused": refused, "auth": auth}


def startup(tmp: Path) -> dict:
    """A run with nothing left to do: what starting and stopping a revsynth process costs here."""
    folder = tmp / "startup"
    folder.mkdir()
    config = write_config(folder, None, count=1)
    cli(config)
    return cli(config)


def disk_full(tmp: Path) -> dict:
    folder = tmp / "disk"
    folder.mkdir()
    config = write_config(folder, None, count=10)
    limited = cli(config, file_size=FILE_SIZE_LIMIT)
    kept = len(records(folder / "out" / "accepted.jsonl"))
    again = cli(config)
    indices = [r["index"] for r in records(folder / "out" / "accepted.jsonl")]
    lines = (folder / "out" / "accepted.jsonl").read_text().splitlines()
    return {"limited": limited, "kept": kept, "again": again, "indices": indices, "lines": len(lines)}


# --- kill -9 ------------------------------------------------------------------------------------------


class Gate:
    """While closed, requests are held in flight (a slow model), then dropped when it reopens."""

    def __init__(self, llm: TeacherLLM) -> None:
        self.llm, self.closed, self.released, self.held = llm, threading.Event(), threading.Event(), 0

    def __call__(self, body: dict) -> ScriptedReply:
        if self.closed.is_set():
            self.held += 1
            self.released.wait(timeout=60)
            return ScriptedReply(drop_connection=True)
        return self.llm(body)


def kill_run(tmp: Path) -> dict:
    folder = tmp / "kill"
    folder.mkdir()
    accepted_path = folder / "out" / "accepted.jsonl"
    with FakeOpenAIServer(lambda body: gate(body)) as server:
        config = write_config(
            folder, server.base_url, count=KILL_COUNT, timeout_s=30, max_attempts=1, concurrency=4
        )
        llm = TeacherLLM(load_run(config).config, indices=3 * KILL_COUNT, delay_s=0.1)
        llm.warm(range(KILL_COUNT))
        gate = Gate(llm)
        first = start(config)
        while len(records(accepted_path)) < KILL_AFTER and first.poll() is None:
            time.sleep(0.05)
        gate.closed.set()
        while not gate.held:
            time.sleep(0.05)
        time.sleep(1.5)  # answers already sent reach the client and its cache
        answered_before, on_disk = +llm.answered, accepted_path.read_text().splitlines()
        held = gate.held
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        gate.released.set()
        gate.closed.clear()
        received_before = llm.received.copy()
        resumed = cli(config)
        resent = llm.received - received_before
        after = accepted_path.read_text().splitlines()
        before_rerun = llm.received.copy()
        rerun = cli(config, "--overwrite")
        rerun_sent = sum((llm.received - before_rerun).values())
    indices = [json.loads(line)["index"] for line in after]
    return {
        "on_disk": len(on_disk), "held": held, "resumed": resumed, "kept": after[: len(on_disk)] == on_disk,
        "lines": len(after), "distinct": len(set(indices)), "resent": sum(resent.values()),
        "answered_resent": sum(n for call, n in resent.items() if call in answered_before),
        "rerun": rerun, "rerun_sent": rerun_sent,
    }  # fmt: skip


# --- concurrent start ---------------------------------------------------------------------------------


def race(tmp: Path) -> list[dict]:
    trials = []
    with FakeOpenAIServer(lambda body: llm(body)) as server:
        for trial in range(RACE_TRIALS):
            folder = tmp / f"race{trial}"
            folder.mkdir()
            config = write_config(folder, server.base_url, count=RACE_COUNT)
            if trial == 0:
                llm = TeacherLLM(load_run(config).config, indices=3 * RACE_COUNT)
                llm.warm(range(RACE_COUNT))
            llm.received.clear()
            started = time.monotonic()
            results = finish_all([start(config), start(config)], started)
            indices = [r["index"] for r in records(folder / "out" / "accepted.jsonl")]
            trials.append({
                "codes": sorted(r["code"] for r in results),
                "refusal_s": min((r["seconds"] for r in results if r["code"] == 2), default=None),
                "refusal": next((r["last"] for r in results if r["code"] == 2), ""),
                "lines": len(indices), "distinct": len(set(indices)),
                "paid_twice": sum(1 for n in llm.received.values() if n > 1),
            })  # fmt: skip
    return trials


# --- report -------------------------------------------------------------------------------------------


def fault_rows(f: dict) -> list[tuple]:
    s, again = f["first_summary"], f["again_summary"]
    on_disk = set(f["accepted"]) | set(f["rejected"])
    duplicates = len(f["accepted"]) - len(set(f["accepted"]))
    reasons = Counter(f["rejected"].values())
    never = len({call.index for call in f["resent"]})
    healed = "exactly the 8 unanswered" if f["healed_indices"] == f["unanswered"] else f["healed_indices"]
    return [
        ("problems tried / accepted / rejected", f"{s['tried']} / {s['accepted']} / {s['rejected']}"),
        ("problems with a record on disk / written twice", f"{len(on_disk)} of {TRIED} / {duplicates}"),
        ("rejections", ", ".join(f"`{reason}` {n}" for reason, n in reasons.most_common())),
        ("HTTP requests sent (`requests_sent`) / received by the server",
         f"{s['requests_sent']} / {f['received']}"),
        ("answered (`requests_answered`): right answers + bad ones", f"{s['requests_answered']} "
         f"({f['answered']} + {s['requests_answered'] - f['answered']})"),
        ("retries", ", ".join(f"{k} {n}" for k, n in sorted(s["retries"].get("llm", {}).items()))),
        ("exit code (3: short of count with unanswered samples), wall",
         f"{f['first']['code']}, {f['first']['seconds']:.1f} s"),
        ("its last line", f["first"]["last"]),
        ("same config, fresh folder: HTTP requests / answered prompts sent again",
         f"{again['requests_sent']} (the {never} samples never answered, until they gave up again) / "
         f"{f['answered_resent']}"),
        ("the same command once the server is healed: problems asked again / accepted",
         f"{healed} / {len(set(f['healed_accepted']))}, exit {f['healed']['code']}"),
    ]  # fmt: skip


def end_rows(dead: dict, disk: dict) -> list[tuple]:
    rows = []
    for name, result, sent in (
        ("nothing listens on base_url's port", dead["refused"], dead["refused"]["sent"]),
        ("the API key is refused (HTTP 401)", dead["auth"], dead["auth"]["sent"]),
        (f"a file may not grow past {FILE_SIZE_LIMIT // 1000} kB (EFBIG)", disk["limited"], "-"),
    ):
        rows.append((name, result["code"], f"{result['seconds']:.1f} s", sent, result["last"]))
    return rows


def kill_rows(kill: dict) -> list[tuple]:
    return [
        ("accepted on disk at the kill / requests held in flight", f"{kill['on_disk']} / {kill['held']}"),
        ("resumed run: exit, wall", f"{kill['resumed']['code']}, {kill['resumed']['seconds']:.1f} s"),
        ("records written before the kill kept as they were", kill["kept"]),
        (f"accepted lines / distinct indices (count {KILL_COUNT})", f"{kill['lines']} / {kill['distinct']}"),
        (
            "HTTP requests on resume / answered prompts sent again",
            f"{kill['resent']} / {kill['answered_resent']}",
        ),
        ("same config, fresh folder: HTTP requests", kill["rerun_sent"]),
    ]


def race_rows(trials: list[dict]) -> list[tuple]:
    rows = []
    for i, t in enumerate(trials, start=1):
        refused = f"{t['refusal_s']:.2f} s" if t["refusal_s"] is not None else "-"
        codes = " + ".join(map(str, t["codes"]))
        rows.append((i, codes, refused, f"{t['lines']} / {t['distinct']}", t["paid_twice"]))
    return rows


def report(load: tuple, f: dict, dead: dict, disk: dict, kill: dict, trials: list, idle: dict) -> str:
    refusal = next((t["refusal"] for t in trials if t["refusal"]), "")
    parts = [
        "`make bench` → `benchmarks/bench_faults.py`: real `revsynth dataset` processes against the fake "
        "OpenAI-compatible server of `tests/fakes` on 127.0.0.1 (it answers each stage right unless a fault "
        f"is scripted). Load average: {load[0]:.1f} when the run started, {load[1]:.1f} when it ended "
        "(2 cores, shared with other jobs). "
        f"Walls include starting the process and its SymPy workers: a run with nothing to do takes "
        f"{idle['seconds']:.1f} s here.",
        f"**Fault run**: {TRIED} problems, one fault each by index mod 10: 429 once, 500 twice, a stall past "
        f"the {TIMEOUT_S:g} s timeout, a dropped connection, a cut-off body, a truncated answer, wrong math "
        "(always), 500 for good, 429 for good (past `rate_limit_patience_s`), prose instead of JSON; "
        f"`max_retries` {MAX_RETRIES}, count {TRIED}, concurrency 8.",
        table(("figure", "value"), fault_rows(f)),
        "**Dead endpoints and a full disk**: how a run of 40 ends "
        "(`circuit_breaker_failures` 5, concurrency 8).",
        table(("fault", "exit", "wall", "HTTP requests", "last line"), end_rows(dead, disk)),
        "Before the breaker (issue 12) a `base_url` without a scheme made 100 connection retries, rejected "
        "every sample as `solve:provider:connection` and exited 0; a scheme-less `base_url` is now a config "
        "error before anything is sent.",
        f"After the EFBIG stop {disk['kept']} accepted records were on disk, intact; the same command again: "
        f"exit {disk['again']['code']}, {disk['lines']} lines, {len(set(disk['indices']))} distinct indices "
        "(count 10).",
        f"**kill -9**: count {KILL_COUNT}, concurrency 4, the fake answers in 0.1 s; once {KILL_AFTER} "
        "samples are on disk it stops answering (requests held open), and the run is killed with SIGKILL.",
        table(("figure", "value"), kill_rows(kill)),
        f"**Concurrent start**: two `revsynth dataset` processes started at the same moment on one config "
        f"(count {RACE_COUNT}), {RACE_TRIALS} times. Refused after: from the start of both to the refused "
        "process's exit (imports and config load included).",
        table(
            ("trial", "exit codes", "refused after", "accepted lines / distinct", "requests sent twice"),
            race_rows(trials),
        ),  # fmt: skip
        f"The refusal, as printed: `{refusal}`. Before the lock (issue 12), two runs started at once on 40 "
        "samples both reported 40/40, `accepted.jsonl` held every index twice and 27 of 40 requests were "
        "paid twice.",
    ]
    return "\n\n".join(parts) + "\n"


def main() -> None:
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as name:
        tmp = Path(name)
        (tmp / "faults").mkdir()
        print("fault run ...", flush=True)
        f = fault_run(tmp / "faults")
        print("dead endpoints, full disk ...", flush=True)
        idle, dead, disk = startup(tmp), dead_endpoints(tmp), disk_full(tmp)
        print("kill -9 ...", flush=True)
        kill = kill_run(tmp)
        print("concurrent start ...", flush=True)
        trials = race(tmp)
    body = report((load_at_start, os.getloadavg()[0]), f, dead, disk, kill, trials, idle)
    print(body)
    replace_section("Faults", body)


if __name__ == "__main__":
    main()
