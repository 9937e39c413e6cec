"""Benchmark (issue 14): CPU per verified sample, verify checks/s, generator problems/s, bytes per record.

Run: ``.venv/bin/python benchmarks/bench_speed.py [count]`` (or ``make bench``). Everything is measured in
one run, the new engine beside the previous one, because the machine is shared and absolute figures drift
with its load (printed beside every figure):

* **dataset** — ``revsynth dataset`` on ``configs/ibp.yaml`` at ``count`` samples (2000 unless told),
  twice: the previous
  setup (``runtime.engine: sympy``, ``records: full``, workers replaced every 500 tasks) and the default
  (``engine: fast``, ``records: compact``). CPU seconds of the run *and all its workers* (``cpu_tree.py``:
  the workers are forkserver children that ``time`` misses) per accepted sample, samples/s of wall time,
  bytes per accepted record, and whether both runs made the same problems with the same verdicts
  (``compare_runs.py``).
* **verify** — ``revsynth verify`` on ``validators/corpus/*.jsonl`` with ``--engine sympy`` and ``fast``:
  checks per CPU-second (all processes) and whether every verdict is the same.
* **generator** — problems per CPU-second of the default config's sampler in one process.

The naive ``simplify(diff(F) - g) == 0`` baseline is measured by ``bench_validators.py`` ("Validators").
Writes the tables to ``benchmarks/README.md`` under "## Speed".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from compare_runs import load as load_records  # noqa: E402
from cpu_tree import run_measured  # noqa: E402
from readme_section import replace_section  # noqa: E402

BIN = Path(sys.executable).parent
SETUPS = {
    "previous: engine sympy, records full, 500 tasks/worker": {
        "engine": "sympy", "records": "full", "check_worker_tasks": 500,
    },
    "new default: engine fast, records compact": {"engine": "fast", "records": "compact"},
}  # fmt: skip


def _load() -> float:
    return os.getloadavg()[0]


# The scale is count 2000; the new default also runs at this count, to show the CPU per sample is
# flat (a fixed start-up cost spread over fewer samples, and a duplicate filter that grows with the run,
# would show).
SMALL_COUNT = 100


def bench_dataset(count: int, work: Path) -> tuple[list[str], dict]:
    base = yaml.safe_load((ROOT / "configs/ibp.yaml").read_text())
    rows, outs = [], {}
    new_default = list(SETUPS.items())[-1]
    for (label, runtime), n_asked in [
        *((item, count) for item in SETUPS.items()),
        (new_default, SMALL_COUNT),
    ]:
        small = n_asked != count
        cfg = dict(
            base, count=n_asked, output_dir=str(work / (runtime["engine"] + ("_small" if small else "")))
        )
        cfg["runtime"] = {**base["runtime"], **runtime}
        path = work / f"{runtime['engine']}.yaml"
        path.write_text(yaml.safe_dump(cfg))
        load = _load()
        command = [str(BIN / "revsynth"), "dataset", "-c", str(path), "-q", "--overwrite"]
        code, cpu, parent, wall = run_measured(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        accepted = Path(cfg["output_dir"]) / "accepted.jsonl"
        n = sum(1 for _ in accepted.open()) if accepted.exists() else 0
        size = accepted.stat().st_size if accepted.exists() else 0
        if not small:
            outs[label] = (Path(cfg["output_dir"]), cpu / max(n, 1), size / max(n, 1))
        rows.append(
            f"| {label} | {n_asked} | {load:.2f} | {n} | {1000 * cpu / max(n, 1):.1f} "
            f"| {1000 * parent / max(n, 1):.1f} "
            f"| {n / wall:.2f} | {size / max(n, 1) / 1000:.1f} | {code} |"
        )
        print(rows[-1], flush=True)
    (old_dir, old_cpu, old_bytes), (new_dir, new_cpu, new_bytes) = outs.values()
    a, b = load_records(old_dir), load_records(new_dir)
    same = sum(1 for k in set(a) | set(b) if a.get(k) == b.get(k))
    return rows, {
        "cpu_ratio": old_cpu / new_cpu if new_cpu else 0.0,
        "bytes_ratio": old_bytes / new_bytes if new_bytes else 0.0,
        "same": f"{same} of {len(set(a) | set(b))}",
    }


def bench_verify(work: Path) -> tuple[list[str], dict]:
    corpus = work / "corpus.jsonl"
    corpus.write_text("".join(p.read_text() for p in sorted((ROOT / "validators/corpus").glob("*.jsonl"))))
    pairs = sum(1 for line in corpus.read_text().splitlines() if line.strip())
    rows, verdicts, rates = [], {}, {}
    for engine in ("sympy", "fast"):
        out = work / f"verify_{engine}.jsonl"
        load = _load()
        command = [str(BIN / "revsynth"), "verify", str(corpus), "--engine", engine, "-o", str(out)]
        _code, cpu, _parent, wall = run_measured(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        verdicts[engine] = [(v["ok"], v["reason"]) for v in map(json.loads, out.read_text().splitlines())]
        rates[engine] = pairs / cpu
        rows.append(f"| {engine} | {load:.2f} | {pairs} | {pairs / cpu:.1f} | {pairs / wall:.1f} |")
        print(rows[-1], flush=True)
    same = sum(1 for x, y in zip(verdicts["sympy"], verdicts["fast"], strict=True) if x == y)
    return rows, {"ratio": rates["fast"] / rates["sympy"], "same": f"{same} of {pairs}"}


def bench_generator(count: int) -> str:
    load = _load()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(HERE / "problems_digest.py"), str(count)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    line = result.stdout.splitlines()[0] if result.stdout else result.stderr[-300:]
    return f"{line} (load {load:.2f} at start, {time.perf_counter() - started:.0f} s wall)"


def bench_stages(count: int) -> list[str]:
    """CPU ms per sample by part of the work, in one process (no pool), for each engine."""
    out = []
    for engine in ("sympy", "fast"):
        command = [sys.executable, str(HERE / "profile_sample.py"), str(count), f"--engine={engine}"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        out.append("\n".join(result.stdout.splitlines()[-7:]) or result.stderr[-300:])
        print(out[-1], flush=True)
    return out


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory(prefix="revsynth-speed-") as tmp:
        work = Path(tmp)
        dataset_rows, dataset = bench_dataset(count, work)
        verify_rows, verify = bench_verify(work)
    generator = bench_generator(100)
    print(generator)
    stages = bench_stages(40)
    body = (
        "`make bench` → `benchmarks/bench_speed.py`: CPU seconds of the whole run (the command and every "
        "check worker, `benchmarks/cpu_tree.py`) per accepted sample, in one run the previous setup beside "
        "the new default, and the load average (2 cores shared with other jobs: CPU time is the stable "
        "figure, wall time is not).\n\n"
        f"Dataset: `configs/ibp.yaml` at count {count} (both setups) and {SMALL_COUNT} (the new default "
        "again).\n\n"
        "| setup | count | load | accepted | CPU ms/sample (all) | CPU ms/sample (parent) | samples/s (wall) "
        "| KB/record | exit |\n|---|---|---|---|---|---|---|---|---|\n" + "\n".join(dataset_rows) + "\n\n"
        f"CPU per sample, previous / new: **{dataset['cpu_ratio']:.2f}x**; bytes per record: "
        f"**{dataset['bytes_ratio']:.2f}x** smaller. Same problems and the same verdicts (every check and "
        f"step label of every stage, and the parsed answers): **{dataset['same']}** samples.\n\n"
        "Verify: `revsynth verify` on `validators/corpus/*.jsonl`, 2 workers.\n\n"
        "| engine | load | pairs | checks per CPU-second | checks/s (wall) |\n|---|---|---|---|---|\n"
        + "\n".join(verify_rows)
        + "\n\n"
        f"fast / sympy: **{verify['ratio']:.2f}x**; same (ok, reason): **{verify['same']}** pairs.\n\n"
        f"Generator (default config, one process): {generator}.\n\n"
        "CPU ms per sample by part, problems 0-39 in one process (`benchmarks/profile_sample.py`: sample, "
        "teach every stage, check every stage, normalise; cold caches, so sampling is above its "
        "steady-state cost):\n\n```\n" + "\n\n".join(stages) + "\n```\n"
    )
    replace_section("Speed", body)


if __name__ == "__main__":
    main()
