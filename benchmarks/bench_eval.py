"""`revsynth eval` of the symbolic teacher on each family's default test split (issue 15).

For every family: `revsynth dataset` with its shipped config (count 100, offline), then `revsynth eval
--dataset <its folder> --k 4` (the test side of the exports' default split: 10% of the problems, seed 0).
Each answer is asked of the teacher and scored by the family's checks, so a figure below 1.0 is a teacher,
check or split bug. Rewrites the "Eval (symbolic teacher)" section of benchmarks/README.md.

``--workdir DIR`` keeps the datasets there; run again on the same folder, the datasets resume (nothing is
regenerated) and only the evals are redone (with ``--overwrite``: their wall time is a figure).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readme_section import replace_section

REPO = Path(__file__).resolve().parents[1]
FAMILIES = ("ibp", "substitution", "partial_fractions", "ode_linear")
K = 4


def _revsynth(*args: str, cwd: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", *args], cwd=cwd, check=True, capture_output=True
    )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=None)
    workdir = parser.parse_args().workdir or Path(tempfile.mkdtemp(prefix="bench-eval-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for family in FAMILIES:
        config = str(REPO / "configs" / f"{family}.yaml")
        _revsynth("dataset", "--config", config, "--quiet", cwd=workdir)
        seconds = _revsynth(
            "eval", "--config", config, "--dataset", f"out/{family}", "--k", str(K), cwd=workdir
        )
        report = json.loads((workdir / "out" / family / "eval" / "report.json").read_text())
        o = report["overall"]
        groups = ", ".join(f"{c} {g['problems']}" for c, g in report["by_construction"].items())
        rates = f"{o['pass_at_1']:.3f} | {o['pass_at_k']:.3f} | {o['accepted_rate']:.3f}"
        rows.append(
            f"| {family} | {report['problems']} | {o['samples']} | {rates} "
            f"| {o['step_validity']:.3f} ({o['steps_checked']} steps) | {groups} | {seconds:.1f} s |"
        )
        print(rows[-1], flush=True)
    body = (
        f"`revsynth dataset --config configs/<family>.yaml` (count 100), then `revsynth eval --config "
        f"configs/<family>.yaml --dataset out/<family> --k {K}`: the symbolic teacher on the test side of "
        "the exports' default split (test_fraction 0.1, seed 0). Every answer asked once and scored by the "
        "family's checks (`python benchmarks/bench_eval.py`; eval wall: the whole command, process start, "
        "drawing the problems again and the check pool included, on 2 shared cores).\n\n"
        f"| family | problems | answers | pass@1 | pass@{K} | accepted | step validity | constructions | "
        "eval wall |\n|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        "An LLM that is wrong on known answers (the fake OpenAI server of "
        "`tests/pipeline/eval/test_fake_server.py`: 4 problems, 3 answers each, all of one problem's and one "
        "of another's wrong) measures pass@1 = 0.667 and pass@2 = 0.750, as computed from the answers.\n"
    )
    replace_section("Eval (symbolic teacher)", body)


if __name__ == "__main__":
    main()
