"""Problems 0..N-1 of the default config, and their CPU cost: same seeds, same problems?

Run: ``python benchmarks/problems_digest.py N [OUT.jsonl] [--problems-version V]``. Samples in one
process (the way one check worker does), prints problems per CPU-second, the load, and a sha256 over
every problem's JSON; with OUT it also writes the problems, so two versions of the generator can be
compared line by line.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.families import get_family  # noqa: E402
from pipeline.families.ibp.generator.settings import ProblemsVersion  # noqa: E402
from pipeline.run.loading import load_run  # noqa: E402


def main() -> None:
    args = sys.argv[1:]
    version = None
    if "--problems-version" in args:
        at = args.index("--problems-version")
        version = args[at + 1]
        del args[at : at + 2]
    count = int(args[0]) if args else 100
    out = Path(args[1]) if len(args) > 1 else None
    cfg = load_run(str(ROOT / "configs/ibp.yaml")).config
    family = get_family(cfg.family)
    sampler = cfg.sampler
    if version is not None:
        sampler = sampler.model_copy(update={"problems_version": ProblemsVersion(version)})
    digest = hashlib.sha256()
    lines = []
    load = os.getloadavg()[0]
    started = time.process_time()
    for index in range(count):
        problem = family.sample(cfg.seed, index, cfg.variable, sampler)
        text = problem.model_dump_json()
        digest.update(text.encode())
        lines.append(text)
    cpu = time.process_time() - started
    print(f"problems_version {sampler.problems_version.value}")
    print(f"{count} problems in {cpu:.2f} CPU s ({count / cpu:.1f} problems/CPU-s), load {load:.2f}")
    print(f"sha256 {digest.hexdigest()}")
    if out is not None:
        out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
