"""Export a dataset folder in one training format: read, split by problem, build rows, write, describe.

Load the result with ``datasets.load_dataset("json", data_files={"train": "OUT/train.jsonl", "test":
"OUT/test.jsonl"})`` (or ``"parquet"`` and ``*.parquet``); ``OUT/export.json`` says which files exist, how
many rows each has and what was left out and why.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from pipeline.exports.context import BuildContext
from pipeline.exports.dpo import dpo_rows, reverify_paths
from pipeline.exports.formats import BUILDERS, PATH_FORMATS
from pipeline.exports.prm800k import normalise_answers
from pipeline.exports.source import ExportError, accepted_problems, problems_with_paths, read_dataset
from pipeline.exports.split import problem_key, split_by_problem
from pipeline.exports.steps import AfterFirstError, StepOptions
from pipeline.exports.writer import FileFormat, write_manifest, write_splits
from pipeline.rewards.components import RewardWeights
from pipeline.run.outputs import ACCEPTED, MANIFEST
from validators.limits import CheckPool


class ExportFormat(StrEnum):
    SFT = "sft"
    PRM = "prm"
    PRM_STEPWISE = "prm-stepwise"
    DPO = "dpo"
    GRPO = "grpo"
    PRM800K = "prm800k"


class ExportManifest(BaseModel):
    """What an export holds, written as ``export.json`` beside the files."""

    format: ExportFormat
    file_format: FileFormat
    source: str
    problems: int
    files: dict[str, str] = Field(description="split -> file name, for data_files=")
    rows: dict[str, int]
    problems_per_split: dict[str, int]
    test_fraction: float
    seed: int
    skipped: dict[str, int] = Field(description="what was left out, by reason")
    normalised: dict[str, int] = Field(
        default_factory=dict, description="texts changed so a trainer reads them right, by kind"
    )
    step_tag: str | None = Field(default=None, description="prm: the tag after every step")
    step_labels: list[str] | None = Field(default=None, description="prm: the positive and negative label")
    after_first_error: AfterFirstError | None = Field(
        default=None, description="step-labelled formats: the labels after a path's first error"
    )
    partial_lines_skipped: int = 0
    reward_weights: RewardWeights | None = None


def _labeler(directory: Path) -> str:
    """One UUID per run for PRM800K's ``labeler``: the run's checker, named by the run's fingerprint."""
    manifest = directory / MANIFEST
    fingerprint = json.loads(manifest.read_text()).get("fingerprint") if manifest.is_file() else None
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"revsynth:{fingerprint or directory.name}"))


def _timestamp(directory: Path) -> str:
    """When the run last wrote its records, UTC, in PRM800K's timestamp form."""
    written = datetime.fromtimestamp((directory / ACCEPTED).stat().st_mtime, UTC)
    return written.replace(tzinfo=None).isoformat(timespec="microseconds")


def export_dataset(
    dataset_dir: str | Path,
    export_format: ExportFormat | str,
    output: str | Path,
    *,
    parquet: bool = False,
    test_fraction: float = 0.1,
    seed: int = 0,
    weights: RewardWeights | None = None,
    check_workers: int = 2,
    check_timeout_s: float = 10.0,
    steps: StepOptions | None = None,
) -> ExportManifest:
    """Write ``train``/``test`` files of one format into ``output`` and return the manifest."""
    chosen = ExportFormat(export_format)
    options = steps or StepOptions()
    with_paths = chosen.value in PATH_FORMATS
    folder = read_dataset(dataset_dir, with_rejected=with_paths)
    sources = problems_with_paths(folder) if with_paths else accepted_problems(folder)
    if not sources:
        raise ExportError("empty", f"{folder.directory} has no records to export in {chosen.value}")
    sides = split_by_problem(sources, test_fraction, seed)
    ctx = BuildContext(
        chosen.value, options, labeler=_labeler(folder.directory), timestamp=_timestamp(folder.directory)
    )
    splits: dict[str, list[BaseModel]] = {"train": [], "test": []}
    problems: dict[str, set[str]] = {"train": set(), "test": set()}
    if chosen in (ExportFormat.DPO, ExportFormat.PRM800K):
        with CheckPool(workers=check_workers, timeout_s=check_timeout_s) as pool:
            if chosen is ExportFormat.DPO:
                verdicts = reverify_paths(sources, pool, check_timeout_s)
            else:
                answers = normalise_answers(sources, pool, check_timeout_s)
    for record in sources:
        if chosen is ExportFormat.DPO:
            rows: list[BaseModel] = list(dpo_rows(record, verdicts, ctx.skipped, weights, seen=ctx.seen))
        elif chosen is ExportFormat.PRM800K:
            rows = list(BUILDERS[chosen.value](record, ctx, answers))
        else:
            rows = list(BUILDERS[chosen.value](record, ctx))
        side = sides[record.id]
        splits[side].extend(rows)
        if rows:
            problems[side].add(problem_key(record))
    file_format: FileFormat = "parquet" if parquet else "jsonl"
    out = Path(output)
    files = write_splits(splits, out, file_format)
    step_labelled = chosen.value in PATH_FORMATS
    manifest = ExportManifest(
        format=chosen,
        file_format=file_format,
        source=str(folder.directory),
        problems=len(sources),
        files=files,
        rows={split: len(rows) for split, rows in splits.items()},
        problems_per_split={split: len(keys) for split, keys in problems.items()},
        test_fraction=test_fraction,
        seed=seed,
        skipped=dict(sorted(ctx.skipped.items())),
        normalised=dict(sorted(ctx.normalised.items())),
        step_tag=options.tag if chosen is ExportFormat.PRM else None,
        step_labels=[options.positive, options.negative] if chosen is ExportFormat.PRM else None,
        after_first_error=options.policy(chosen.value) if step_labelled else None,
        partial_lines_skipped=folder.partial_lines,
        reward_weights=(weights or RewardWeights()) if chosen is ExportFormat.DPO else None,
    )
    write_manifest(manifest, out)
    return manifest
