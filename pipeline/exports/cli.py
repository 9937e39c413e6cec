"""The ``revsynth export`` command: a thin wrapper over ``pipeline.exports.run.export_dataset``.

Registered on the main typer app in ``pipeline/cli/main.py`` with ``app.command("export")(export)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import plain_console, say
from pipeline.exports.run import ExportFormat, export_dataset
from pipeline.exports.source import ExportError
from pipeline.exports.steps import (
    DEFAULT_NEGATIVE,
    DEFAULT_POSITIVE,
    DEFAULT_TAG,
    AfterFirstError,
    StepOptions,
)

console = plain_console(stderr=True)


def export(
    dataset_dir: Annotated[Path, typer.Argument(help="a run's output folder, e.g. out/ibp")],
    export_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="sft, prm, prm-stepwise (TRL <= 1.13), dpo, grpo or prm800k"),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="folder for train/test files and export.json")
    ],
    parquet: Annotated[bool, typer.Option("--parquet", help="write Parquet instead of JSONL")] = False,
    test_fraction: Annotated[
        float, typer.Option("--test-fraction", min=0.0, max=0.9, help="share of problems held out")
    ] = 0.1,
    seed: Annotated[int, typer.Option("--seed", help="seed of the train/test split")] = 0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="check processes (dpo, prm800k)")] = 2,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="hard limit per check, seconds")
    ] = 10.0,
    after_first_error: Annotated[
        AfterFirstError | None,
        typer.Option(
            "--after-first-error",
            help="step labels after a path's first error: label (each its own claim), negative (all -), "
            "truncate (stop there); default: prm negative, prm-stepwise label, prm800k truncate",
        ),
    ] = None,
    step_tag: Annotated[
        str, typer.Option("--step-tag", help="prm: the tag after every step (OpenRLHF --placeholder_token)")
    ] = DEFAULT_TAG,
    positive: Annotated[
        str, typer.Option("--positive-label", help="prm: the label of a correct step")
    ] = DEFAULT_POSITIVE,
    negative: Annotated[
        str, typer.Option("--negative-label", help="prm: the label of an incorrect step")
    ] = DEFAULT_NEGATIVE,
) -> None:
    """Export a dataset for training: SFT, PRM, DPO, GRPO or PRM800K-like rows, split by problem."""
    try:
        steps = StepOptions(step_tag, positive, negative, after_first_error)
    except ValueError as err:
        say(console, "export error", str(err))
        raise typer.Exit(2) from None
    try:
        manifest = export_dataset(
            dataset_dir,
            export_format,
            output,
            parquet=parquet,
            test_fraction=test_fraction,
            seed=seed,
            check_workers=workers,
            check_timeout_s=timeout,
            steps=steps,
        )
    except ExportError as err:
        say(console, "export error", str(err))
        raise typer.Exit(2) from None
    rows = ", ".join(f"{split} {n}" for split, n in manifest.rows.items())
    console.print(f"{manifest.format} -> {output}: {rows} rows from {manifest.problems} problems")
    for reason, n in manifest.skipped.items():
        console.print(f"  left out: {reason} x{n}")
    for kind, n in manifest.normalised.items():
        console.print(f"  rewritten: {kind} x{n}")
    kind = "parquet" if parquet else "json"
    files = ", ".join(f'"{split}": "{output / name}"' for split, name in manifest.files.items())
    console.print(f'load with: datasets.load_dataset("{kind}", data_files={{{files}}})')
