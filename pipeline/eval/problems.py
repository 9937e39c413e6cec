"""The problems an eval asks: a dataset folder's held-out split, or a JSONL file of problems.

Either way each problem becomes an ``EvalItem``: the ``Problem`` the family's checks measure against, and
the inputs of its path (solve) stage's template, which is all the model sees. Nothing here names a family.

* ``--dataset DIR``: the records of a run folder on one side of the train/test split the exports make
  (``pipeline/exports/split.py``), so "test" holds exactly the problems a model trained on the export's
  train file never saw. Given an export folder (``export.json``), the split is recomputed from its source
  with its own fraction, seed and record set; given a run folder, with ``--test-fraction``/``--split-seed``
  (the exports' defaults). The solve stage's inputs are built from the record's own verified earlier-stage
  answers. The ``Problem`` is drawn again from the config (problem i is a pure function of the run seed and
  i) and kept only if its canonical form is the record's; otherwise it is rebuilt from the record's fields,
  which is all the checks read (the symbolic teacher may then be unable to answer it).
* ``--problems FILE``: see ``problems_file.py`` in this package.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.family import Family
from pipeline.core.problem import Problem, ProblemDetails
from pipeline.core.records import AcceptedRecord, RejectedRecord
from pipeline.exports.formats import PATH_FORMATS
from pipeline.exports.source import accepted_problems, problems_with_paths, read_dataset
from pipeline.exports.split import split_by_problem
from pipeline.run.loading import LoadedRun
from pipeline.run.problems_file import problem_from_spec
from validators.limits import CheckPool

__all__ = ["EvalInputError", "EvalItem", "dataset_items", "split_records"]

EXPORT_MANIFEST = "export.json"
DEFAULT_TEST_FRACTION, DEFAULT_SPLIT_SEED = 0.1, 0  # the defaults of `revsynth export`


class EvalInputError(ValueError):
    """Problems that cannot be evaluated at all (no such folder, another family, an empty split)."""


@dataclass(frozen=True)
class EvalItem:
    """One problem to ask: what is checked against, what the model is shown, and where it came from."""

    id: str
    problem: Problem
    inputs: dict[str, str]
    rebuilt: bool = False
    """The problem could not be drawn again from the config: it was rebuilt from the record's fields."""

    @property
    def key(self) -> str:
        """The problem's identity in the resume journal: what the model is asked, and its family."""
        payload = json.dumps([self.problem.family, self.inputs], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


Record = AcceptedRecord | RejectedRecord


def split_records(
    directory: Path, split: str, test_fraction: float | None, seed: int | None
) -> tuple[list[Record], str]:
    """The records on one side (``train``/``test``/``all``) of the exports' split, and a description."""
    source, with_paths = directory, False
    manifest_path = directory / EXPORT_MANIFEST
    if manifest_path.is_file():  # an export folder: its own source, fraction, seed and record set
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        source = Path(manifest["source"])  # as `export` was given it: relative to where it ran, or here
        if not source.is_absolute() and not source.is_dir() and (directory / source).is_dir():
            source = directory / source
        with_paths = manifest.get("format") in PATH_FORMATS
        test_fraction = manifest["test_fraction"] if test_fraction is None else test_fraction
        seed = manifest["seed"] if seed is None else seed
    if not source.is_dir():
        raise EvalInputError(f"{source} is not a dataset folder")
    fraction = DEFAULT_TEST_FRACTION if test_fraction is None else test_fraction
    seed = DEFAULT_SPLIT_SEED if seed is None else seed
    try:
        folder = read_dataset(source, with_rejected=with_paths)
    except ValueError as err:  # ExportError: no accepted.jsonl, a bad record
        raise EvalInputError(str(err)) from None
    sources = problems_with_paths(folder) if with_paths else accepted_problems(folder)
    sides = split_by_problem(sources, fraction, seed)
    by_id: dict[str, Record] = {r.id: r for r in [*folder.rejected, *folder.accepted]}
    chosen = [by_id[p.id] for p in sources if split == "all" or sides[p.id] == split]
    what = f"{source} split={split} (test_fraction={fraction}, seed={seed}, {len(sources)} problems)"
    return chosen, what


def _from_fields(record: AcceptedRecord) -> Problem:
    """The problem as the record states it: the core fields, and its family's fields as details."""
    return Problem(
        index=record.index,
        seed=record.seed,
        family=record.family,
        construction=record.construction,
        variable=record.variable,
        difficulty=record.difficulty,
        canonical=record.canonical,
        split=record.split,
        source_id=record.source_id,
        details=ProblemDetails(**(record.model_extra or {})),
    )


def _family_of(record: Record) -> str:
    if isinstance(record, RejectedRecord):
        return record.problem.family if record.problem is not None else ""
    return record.family


async def _problem_of(
    record: Record, family: Family, loaded: LoadedRun, pool: CheckPool
) -> tuple[Problem, bool]:
    """The record's problem, and whether it had to be rebuilt from the record's fields."""
    if isinstance(record, RejectedRecord):
        assert record.problem is not None  # only records with solution paths are split
        return record.problem, False
    cfg = loaded.config
    try:
        if loaded.problems is not None:
            spec = loaded.problems[record.index]
            splits = cfg.sampler.splits
            args = (spec, record.index, record.run_seed, family.name, record.variable, splits)
            drawn = await pool.arun(problem_from_spec, *args)
        else:
            drawn = await pool.arun(
                family.sample, record.run_seed, record.index, record.variable, cfg.sampler
            )
    except Exception:  # noqa: BLE001 - any failure to redraw (a limit, another sampler): use the record
        return _from_fields(record), True
    if drawn.canonical != record.canonical:  # the config draws other problems than the dataset's
        return _from_fields(record), True
    return drawn, False


async def dataset_items(
    records: list[Record], family: Family, loaded: LoadedRun, pool: CheckPool
) -> list[EvalItem]:
    """Each record as an item: its problem, and the solve inputs its verified earlier answers give."""
    others = sorted({_family_of(r) for r in records} - {family.name})
    if others:
        raise EvalInputError(f"the dataset holds {others} problems; the config's family is {family.name}")
    drawn = await asyncio.gather(*(_problem_of(r, family, loaded, pool) for r in records))
    items = []
    for record, (problem, rebuilt) in zip(records, drawn, strict=True):
        answers = {}
        for spec in family.stages[:-1]:
            answers[spec.name] = spec.answer.model_validate(record.stages[spec.name].answer)
        inputs = family.path_stage.inputs(problem, answers)
        items.append(EvalItem(record.id, problem, inputs, rebuilt))
    return items
