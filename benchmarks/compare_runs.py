"""Do two runs of one config give the same problems and the same verdicts? (engine or speed changes)

Run: ``python benchmarks/compare_runs.py OUT_A OUT_B``. Compares, per sample id, the problem (canonical
integrand, construction, split), which file it is in (accepted or rejected), and every check and step
label's (name, ok, reason, method) of every stage and solution path. Prints the differences; exit 1 if any.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path


def _lines(path: Path):
    for candidate in (path, path.with_suffix(path.suffix + ".gz")):
        if candidate.exists():
            opener = gzip.open if candidate.suffix == ".gz" else open
            with opener(candidate, "rt") as handle:
                yield from (json.loads(line) for line in handle if line.strip())
            return


def _check(c: dict) -> tuple:
    return tuple(c.get(k) for k in ("name", "index", "ok", "label", "reason", "method"))


def _key(record: dict) -> dict:
    stages = {}
    for name, stage in (record.get("stages") or {}).items():
        stages[name] = {
            "ok": stage.get("ok"),
            "answer": stage.get("answer"),
            "failure": stage.get("failure"),
            "checks": [_check(c) for c in stage.get("checks", [])],
            "labels": [_check(s) for s in stage.get("step_labels", [])],
        }
    return {
        "canonical": record.get("canonical"),
        "construction": record.get("construction"),
        "split": record.get("split"),
        "stages": stages,
    }


def load(directory: Path) -> dict[str, tuple[str, dict]]:
    out = {}
    for kind in ("accepted", "rejected"):
        for record in _lines(directory / f"{kind}.jsonl"):
            out[str(record.get("index"))] = (kind, _key(record))
    return out


def main() -> int:
    a, b = (load(Path(p)) for p in sys.argv[1:3])
    differences = 0
    for index in sorted(set(a) | set(b), key=int):
        if a.get(index) != b.get(index):
            differences += 1
            if differences <= 5:
                print(f"index {index}:\n  A {a.get(index)}\n  B {b.get(index)}")
    print(f"{len(a)} vs {len(b)} records, {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
