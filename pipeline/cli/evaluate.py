"""`revsynth eval`: a thin wrapper over ``pipeline.eval``: pick the problems, run, print the table.

Exit codes follow `revsynth dataset` where the cause is the same: 0 done; 1 done, but some problems-file
lines were not problems (each is listed with its reason); 2 it could not start; 3 a provider stopped it or
left answers unanswered (re-run the same command to resume); 130/143 stopped by Ctrl-C/SIGTERM.
Every message is printed as written (``console.py``): problem text and server errors are never markup.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live
from rich.table import Table
from rich.text import Text

from pipeline.cli.console import plain_console, say, warn
from pipeline.cli.dataset import _stopped_by_sigterm, load_or_exit
from pipeline.eval.problems import EvalInputError
from pipeline.eval.report import EvalReport, GroupStats
from pipeline.eval.run import EvalConflict, Source, run_eval
from pipeline.eval.sources import dataset_source, problems_source
from pipeline.providers.base import ProviderError
from pipeline.run.loading import LoadedRun
from pipeline.run.output_lock import OutputLocked

console = plain_console(stderr=True)

EVAL_EXIT_CODES = """Exit codes:
0  every problem was asked and scored;
1  as 0, but some problems-file lines were not problems (listed with their reasons);
2  it could not start: a config error, no such dataset or file, an eval folder of another config;
3  a provider stopped it or never answered some samples: re-run the same command to resume;
130, 143  stopped by Ctrl-C or SIGTERM: what was scored is kept, re-run to resume."""


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(table: Table, name: str, stats: GroupStats) -> None:
    table.add_row(
        name,
        str(stats.problems),
        str(stats.samples),
        _rate(stats.pass_at_1),
        _rate(stats.pass_at_k),
        _rate(stats.accepted_rate),
        _rate(stats.step_validity),
        str(stats.steps_checked),
    )


def print_report(report: EvalReport) -> None:
    """The report as one table (rows: all, then each construction and difficulty), text as written."""
    table = Table(title=f"revsynth eval: {report.solver} on {report.source}")
    columns = ("group", "problems", "samples", "pass@1", f"pass@{report.k}", "accepted", "step validity")
    for column in (*columns, "steps"):
        table.add_column(column, justify="left" if column == "group" else "right", no_wrap=True)
    _row(table, "all", report.overall)
    for name, stats in report.by_construction.items():
        _row(table, f"construction {name}", stats)
    for name, stats in report.by_difficulty.items():
        _row(table, f"difficulty {name}", stats)
    out = plain_console()
    out.width = max(out.width, 120)  # a log or a pipe is 80 wide: the table would fold every group name
    out.print(table)
    for reason, n in report.failures.items():
        out.print(f"not accepted: {reason} x{n}")


def _run(
    loaded: LoadedRun, source: Source, out: Path, k: int, samples: int | None, overwrite: bool, live: bool
) -> EvalReport:
    """The eval, with a live count of scored answers on a terminal; SIGTERM stops it as Ctrl-C does."""
    if not live:
        run = run_eval(loaded, source, out, k=k, samples=samples, overwrite=overwrite)
        return asyncio.run(_stopped_by_sigterm(run))  # type: ignore[arg-type]
    with Live(Text("reading the problems"), console=console, refresh_per_second=4) as display:

        def progress(done: int, total: int) -> None:
            display.update(Text(f"scored {done}/{total} answers"))

        run = run_eval(loaded, source, out, k=k, samples=samples, overwrite=overwrite, on_progress=progress)
        return asyncio.run(_stopped_by_sigterm(run))  # type: ignore[arg-type]


def eval_command(
    config: Annotated[Path, typer.Option("--config", "-c", help="YAML run config; its solve stage answers")],
    dataset: Annotated[
        Path | None, typer.Option("--dataset", help="a run's output folder, or an export folder")
    ] = None,
    split: Annotated[str, typer.Option(help="test, train or all (of the exports' split)")] = "test",
    problems: Annotated[
        Path | None, typer.Option("--problems", help="JSONL of problems (see README 'Evaluating')")
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="the k of pass@k")] = 1,
    samples: Annotated[
        int | None, typer.Option("--samples", "-n", min=1, help="answers per problem, n >= k (default k)")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="eval folder (default: <output_dir>/eval)")
    ] = None,
    test_fraction: Annotated[
        float | None, typer.Option(help="run folder: the export's --test-fraction (default 0.1)")
    ] = None,
    split_seed: Annotated[
        int | None, typer.Option(help="run folder: the export's --seed (default 0)")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="discard an earlier eval in the output folder")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no live progress (for CI and logs)")] = False,
) -> None:
    """Measure the config's solve stage: pass@1, pass@k and step validity on held-out problems."""
    if (dataset is None) == (problems is None):
        say(console, "usage error", "give exactly one of --dataset DIR or --problems FILE")
        raise typer.Exit(2)
    if split not in ("test", "train", "all"):
        say(console, "usage error", f"--split is test, train or all, not {split!r}")
        raise typer.Exit(2)
    if samples is not None and samples < k:
        say(console, "usage error", f"--samples ({samples}) must be at least --k ({k})")
        raise typer.Exit(2)
    loaded = load_or_exit(config)
    out = output or loaded.output_dir / "eval"
    try:
        if dataset is not None:
            source = dataset_source(loaded, dataset, split, test_fraction, split_seed)
        else:
            assert problems is not None
            source = problems_source(loaded, problems)
        live = not quiet and sys.stderr.isatty()
        report = _run(loaded, source, out, k, samples, overwrite, live)
    except (KeyboardInterrupt, asyncio.CancelledError) as stop:
        name, code = ("SIGTERM", 143) if isinstance(stop, asyncio.CancelledError) else ("Ctrl-C", 130)
        say(console, "stopped", f"by {name}; what was scored is kept: re-run the same command", "yellow")
        raise typer.Exit(code) from None
    except (EvalInputError, EvalConflict, OutputLocked, ProviderError) as err:
        say(console, "eval error", str(err))
        raise typer.Exit(2) from None
    print_report(report)
    for bad in report.bad_lines:
        say(console, f"line {bad.line} not evaluated", bad.reason, "yellow")
    console.print(f"report: {out / 'report.json'}")
    if report.stopped_by_provider or report.unanswered:
        why = report.stopped_by_provider or "the provider did not answer"
        say(console, "incomplete", f"{report.unanswered} answers missing ({why}); re-run to resume")
        raise typer.Exit(3)
    if report.stopped_by_budget:
        warn(console, "stopped: max_cost_usd reached; re-run to resume (answers so far are cached)")
    if report.bad_lines:
        raise typer.Exit(1)
