"""`make bench`: run every benchmark in turn; each prints its table and rewrites its section of README.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = (
    "bench_validators.py",
    "bench_near_misses.py",
    "bench_real_answers.py",
    "bench_generator.py",
    "bench_runtime.py",
    "bench_faults.py",
    "bench_speed.py",
    "bench_eval.py",
)


def main() -> int:
    names = sys.argv[1:] or BENCHES
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, str(HERE / name)], cwd=HERE.parent) != 0:
            failed.append(name)
    if failed:
        print(f"failed: {failed}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
