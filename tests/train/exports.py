"""A small offline dataset and its four training exports, made by the real CLI as a user would make them.

The training tests read only what ``revsynth export`` writes: if an export drifts from what the trainers
read, training fails here rather than in a user's first run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
FORMATS = ("sft", "dpo", "grpo", "prm")

# Small but with every kind of row: three paths per problem, one with a planted flaw, so DPO has rejected
# answers and the PRM has "-" steps. 24 problems take ~25 s with the symbolic teacher on 2 cores.
PROBLEMS = 24
SOLUTIONS_PER_PROBLEM = 3
FLAWED_PATHS = 1


@dataclass(frozen=True)
class Exports:
    """The folders of one dataset's exports, by format, each with ``train.jsonl`` and ``test.jsonl``."""

    dataset_dir: Path
    folders: dict[str, Path]

    def rows(self, fmt: str, split: str = "train") -> list[dict]:
        """The rows of one export's split, sorted by id.

        Sorted because the export writes rows in the order the run accepted them, which concurrency varies
        from run to run (same rows, different order): sorted, the losses below repeat exactly."""
        path = self.folders[fmt] / f"{split}.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        return sorted(rows, key=lambda row: str(row["id"]))


def _revsynth(*args: str) -> None:
    """Run the installed CLI (the entry point beside this interpreter), failing loudly with its output."""
    exe = Path(sys.executable).with_name("revsynth")
    done = subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(
            f"revsynth {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )


def write_config(folder: Path) -> Path:
    """configs/ibp.yaml (the default symbolic teacher, offline) with a small count, into ``folder``."""
    data = yaml.safe_load((REPO / "configs/ibp.yaml").read_text())
    data["count"] = PROBLEMS
    data["solutions_per_problem"] = SOLUTIONS_PER_PROBLEM
    data["flawed_paths"] = FLAWED_PATHS
    data["output_dir"] = str(folder / "dataset")
    data["templates_dir"] = str(REPO / data["templates_dir"])
    data.setdefault("runtime", {})["cache_path"] = str(folder / "cache.sqlite")
    path = folder / "train-loop.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def make_exports(folder: Path) -> Exports:
    """Generate the dataset and export every format the trainers read, with the CLI."""
    config = write_config(folder)
    _revsynth("dataset", "--config", str(config), "--quiet")
    dataset_dir = folder / "dataset"
    folders = {}
    for fmt in FORMATS:
        folders[fmt] = folder / f"export-{fmt}"
        _revsynth("export", str(dataset_dir), "--format", fmt, "--output", str(folders[fmt]))
    return Exports(dataset_dir, folders)
