"""A small offline dataset whose problems each have several solution paths, correct and flawed.

A real symbolic run with ``solutions_per_problem: 5`` and ``flawed_paths: 3``: per problem the valid paths
product_reversal and liate, and three paths with a planted flaw (wrong_du, dropped_sign, wrong_v), each
labelled by the run's own step checks. Built once per test process and shared by the test modules.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from pipeline.run.loading import load_run
from pipeline.run.outputs import ACCEPTED
from pipeline.run.runner import run_dataset

REPO = Path(__file__).resolve().parents[3]
COUNT = 4
PATHS_PER_PROBLEM = 5
FLAWED_PATHS = 3


def write_run_config(folder: Path, count: int) -> Path:
    data = yaml.safe_load((REPO / "configs" / "ibp.yaml").read_text())
    data.update(
        count=count,
        output_dir=str(folder / "out"),
        templates_dir=str(REPO / "prompts" / "ibp"),
        solutions_per_problem=PATHS_PER_PROBLEM,
        flawed_paths=FLAWED_PATHS,
    )
    data.setdefault("runtime", {}).update(cache=False)
    path = folder / "run.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@functools.lru_cache(maxsize=1)
def multipath_dataset(count: int = COUNT) -> Path:
    """The folder of a finished run whose accepted records each carry ``PATHS_PER_PROBLEM`` paths."""
    folder = Path(tempfile.mkdtemp(prefix="revsynth-multipath-"))
    atexit.register(shutil.rmtree, folder, True)
    loaded = load_run(write_run_config(folder, count))
    asyncio.run(run_dataset(loaded))
    return loaded.output_dir


def read_accepted(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / ACCEPTED).read_text().splitlines()]
