"""Profile the per-sample work of the default run in one process: sample, teach, check, normalise.

Run: ``.venv/bin/python benchmarks/profile_sample.py [count] [--profile] [--engine=sympy]``. Prints CPU
ms per sample by part (time.process_time), so a change to the generator, the teacher or the checks can be
measured without the pool, the event loop or other engineers' jobs in the way (CPU time, not wall time).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.families import get_family, normalize_final  # noqa: E402
from pipeline.run.loading import load_run  # noqa: E402
from validators.fast_equivalence import set_engine  # noqa: E402


def main() -> None:
    count = int(next((a for a in sys.argv[1:] if a.isdigit()), "40"))
    engine = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--engine=")), "fast")
    set_engine(engine)
    cfg = load_run(str(ROOT / "configs/ibp.yaml")).config
    family = get_family(cfg.family)
    cpu: dict[str, float] = defaultdict(float)
    profiler = cProfile.Profile() if "--profile" in sys.argv else None
    if profiler:
        profiler.enable()
    for index in range(count):
        t = time.process_time()
        problem = family.sample(cfg.seed, index, cfg.variable, cfg.sampler)
        cpu["sample"] += time.process_time() - t
        answers: dict = {}
        for spec in family.stages:
            t = time.process_time()
            path = family.paths[0] if spec.paths else None
            answer = spec.teach(problem, spec.inputs(problem, answers), path, None)
            answers[spec.name] = answer
            cpu["teach"] += time.process_time() - t
            t = time.process_time()
            checks = spec.check(answer, problem)
            cpu[f"check:{spec.name}"] += time.process_time() - t
            assert checks.failure is None, (index, spec.name, checks.failure)
            if spec.final_check:
                t = time.process_time()
                normalize_final(problem.family, spec.name, answer, problem)
                cpu["normalize"] += time.process_time() - t
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_ROWS", "45")))
    total = sum(cpu.values())
    load = os.getloadavg()[0]
    print(f"{count} samples, engine {engine}, load {load:.2f}: {1000 * total / count:.1f} CPU ms/sample")
    for name, seconds in cpu.items():
        print(f"  {name:14s} {1000 * seconds / count:7.1f} ms")


if __name__ == "__main__":
    main()
