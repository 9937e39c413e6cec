"""Where an eval's problems come from, as ``Source`` values ``run_eval`` calls inside its check pool."""

from __future__ import annotations

from pathlib import Path

from pipeline.eval.problems import EvalInputError, EvalItem, dataset_items, split_records
from pipeline.eval.problems_file import read_problem_lines
from pipeline.eval.report import BadLine
from pipeline.eval.run import Source
from pipeline.families import get_family
from pipeline.run.loading import LoadedRun
from validators.limits import CheckPool

__all__ = ["dataset_source", "problems_source"]


def dataset_source(
    loaded: LoadedRun,
    directory: Path,
    split: str = "test",
    test_fraction: float | None = None,
    seed: int | None = None,
) -> Source:
    """The problems of one side of a dataset (or export) folder's train/test split.

    The records are read before the run starts, so a missing folder or an empty split is reported
    before any provider is built."""
    records, what = split_records(directory, split, test_fraction, seed)
    if not records:
        raise EvalInputError(f"{what}: no problems on that side")
    family = get_family(loaded.config.family)

    async def read(pool: CheckPool) -> tuple[list[EvalItem], list[BadLine], str]:
        return await dataset_items(records, family, loaded, pool), [], what

    return read


def problems_source(loaded: LoadedRun, path: Path) -> Source:
    """The problems of a JSONL file (``problems_file.py``); its bad lines are reported, not fatal."""
    if not path.is_file():
        raise EvalInputError(f"{path} does not exist")
    family = get_family(loaded.config.family)

    async def read(pool: CheckPool) -> tuple[list[EvalItem], list[BadLine], str]:
        cfg = loaded.config
        items, bad = await read_problem_lines(path, family, cfg.variable, pool, cfg.seed)
        return items, bad, str(path)

    return read
