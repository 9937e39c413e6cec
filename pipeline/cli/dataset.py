"""`revsynth dataset`: run a config, show its progress, and end with one line and an exit code.

Every way a run can end is told apart, because what to do next differs: it finished (0); it could not
start (2: the config, the folder, the key); a provider failed it (3: re-run once the endpoint is fixed);
the folder could not be written (4: free space, re-run); it was stopped (130 Ctrl-C, 143 SIGTERM). In
each case the data already on disk is intact, and re-running the same command resumes.
"""

from __future__ import annotations

import asyncio
import errno
import signal
import sqlite3
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import typer
from rich.live import Live
from rich.table import Table

from pipeline.cli.console import os_error_text, plain_console, say, warn
from pipeline.core.records import RunSummary
from pipeline.providers.base import ProviderError
from pipeline.run.costs import Estimate, estimate_run
from pipeline.run.loading import ConfigError, LoadedRun, load_run
from pipeline.run.output_lock import OutputLock, OutputLocked
from pipeline.run.outputs import OutputConflict
from pipeline.run.runner import run_dataset
from pipeline.run.tally import Tally

console = plain_console(stderr=True)


def load_or_exit(config: Path) -> LoadedRun:
    """The loaded config, or its error on stderr and exit 2."""
    try:
        return load_run(config)
    except ConfigError as err:
        say(console, "config error", str(err))
        raise typer.Exit(2) from None


def _progress_table(tally: Tally, count: int, started: float) -> Table:
    elapsed = time.monotonic() - started
    decided = tally.accepted + tally.rejected
    rate = tally.accepted / decided if decided else 0.0
    speed = decided / elapsed if elapsed > 0 else 0.0
    remaining = max(count - tally.accepted, 0)
    eta = remaining / (speed * rate) if speed > 0 and rate > 0 else float("nan")
    table = Table(show_header=False, box=None)
    table.add_row("accepted", f"{tally.accepted}/{count}", "rejected", str(tally.rejected))
    table.add_row("in flight", str(tally.in_flight), "acceptance", f"{rate:.1%}")
    table.add_row("samples/s", f"{speed:.2f}", "ETA", f"{eta:.0f} s" if eta == eta else "-")
    meter = tally.meter
    if meter.requests:
        per_s = 1 / elapsed if elapsed > 0 else 0.0
        budget = f" of ${meter.budget_usd:g}" if meter.budget_usd is not None else ""
        rates = (f"{meter.requests * per_s:.1f}", f"{meter.tokens * per_s:.0f}")
        table.add_row("requests/s", rates[0], "tokens/s", rates[1])
        table.add_row("answered", str(meter.requests), "spend", f"${meter.usd:.4f}{budget}")
    return table


def _print_estimate(estimate: Estimate) -> None:
    table = Table(title="revsynth dry run: nothing was sent")
    for column in ("stage", "provider/model", "tokens/request", "requests", "tokens", "USD"):
        table.add_column(column, justify="left" if column in ("stage", "provider/model") else "right")

    def usd(low: float | None, high: float | None) -> str:
        return "no price" if low is None or high is None else f"{low:.2f} .. {high:.2f}"

    for s in estimate.stages:
        table.add_row(
            s.stage,
            f"{s.provider}/{s.model}",
            f"{s.prompt_tokens_per_request} + {s.completion_tokens_per_request}",
            f"{s.requests_low} .. {s.requests_high}",
            f"{s.tokens_low:,} .. {s.tokens_high:,}",
            usd(s.usd_low, s.usd_high),
        )
    table.add_row(
        "total",
        f"{estimate.samples_low} .. {estimate.samples_high} samples",
        "",
        f"{estimate.requests_low} .. {estimate.requests_high}",
        f"{estimate.tokens_low:,} .. {estimate.tokens_high:,}",
        usd(estimate.usd_low, estimate.usd_high),
    )
    out = plain_console()
    out.print(table)
    if not estimate.stages:
        out.print("every stage runs on the symbolic teacher: no requests, no cost")
    if estimate.unpriced:
        names = ", ".join(estimate.unpriced)
        warn(out, f"no prices in the config for {names}: counted as 0 USD")
    for note in estimate.notes:
        out.print(f"note: {note}")


def _print_summary(summary: RunSummary, output_dir: Path) -> None:
    table = Table(title=f"revsynth run '{summary.name}' -> {output_dir}")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("accepted", f"{summary.accepted} / {summary.requested} requested")
    table.add_row("rejected", str(summary.rejected))
    table.add_row("acceptance rate", f"{summary.acceptance_rate:.1%}")
    for reason, n in summary.rejected_by_reason.items():
        table.add_row(f"  rejected: {reason}", str(n))
    for stage, totals in summary.stages.items():
        table.add_row(
            f"stage {stage}",
            f"{totals.passed} passed, {totals.failed} failed, {totals.requests} requests, "
            f"{totals.prompt_tokens}+{totals.completion_tokens} tokens",
        )
    for provider, mode in summary.structured_modes.items():
        table.add_row(f"structured output ({provider})", mode)
    for note in summary.provider_notes:
        table.add_row("note", note)
    table.add_row("wall time", f"{summary.wall_seconds:.1f} s ({summary.samples_per_second:.2f} samples/s)")
    if summary.requests_sent or summary.spend_usd:
        answered = f"{summary.requests_answered} answered, spend ${summary.spend_usd:.4f}"
        table.add_row("HTTP requests sent", f"{summary.requests_sent} ({answered})")
    for provider, kinds in summary.retries.items():
        table.add_row(f"retries ({provider})", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    plain_console().print(table)


_KEPT = "Every record written so far is kept: re-run the same command to resume"


def _resume_advice(err: OSError | None) -> str:
    """What to do after an I/O error: what was written is intact, so fix the cause and resume."""
    if err is not None and err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        fix = "free some space"
    elif err is not None and err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "make the folder writable"
    else:
        fix = "free some space or fix the permissions"
    return f"Every record written before it is intact: {fix}, then re-run the same command to resume"


def _run(loaded: LoadedRun, lock: OutputLock, *, overwrite: bool, live: bool) -> RunSummary:
    """The run itself, with a live progress table on a terminal."""
    if not live:
        return asyncio.run(_stopped_by_sigterm(run_dataset(loaded, overwrite=overwrite, lock=lock)))
    started, count = time.monotonic(), loaded.config.count
    with Live(_progress_table(Tally(), count, started), console=console, refresh_per_second=4) as display:
        return asyncio.run(
            _stopped_by_sigterm(
                run_dataset(
                    loaded,
                    overwrite=overwrite,
                    lock=lock,
                    on_progress=lambda t: display.update(_progress_table(t, count, started)),
                )
            )
        )


async def _stopped_by_sigterm(run: Coroutine[Any, Any, RunSummary]) -> RunSummary:
    """SIGTERM (``kill``, a container stopping) cancels the run as Ctrl-C does, so it closes its files
    and releases its folder's lock on the way out instead of vanishing mid-write."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        return await run
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


def _provider_reasons(summary: RunSummary) -> str:
    reasons = {r: n for r, n in summary.rejected_by_reason.items() if r.split(":")[1:2] == ["provider"]}
    return ", ".join(f"{reason} x{n}" for reason, n in reasons.items())


DATASET_EXIT_CODES = """Exit codes:
0  the run finished: count reached, or every problem tried was decided, or max_cost_usd was reached;
2  it could not start: a config error, an output folder made by another config, a folder another run holds,
   a missing API key;
3  a provider failed: a dead endpoint stopped it (connection refused, a refused key, 404), or it ended short
   of count with samples the provider never answered; re-run the same command to resume;
4  the output folder could not be written (disk full, permissions); what was written is intact,
   re-run the same command to resume;
130, 143  stopped by Ctrl-C or SIGTERM: files closed, the folder's lock released; re-run to resume."""


def dataset_command(
    config: Path = typer.Option(..., "--config", "-c", help="YAML run config, e.g. configs/ibp.yaml"),
    overwrite: bool = typer.Option(False, help="discard an earlier run in the output folder"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no live progress (for CI and logs)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="estimate requests, tokens and cost; send nothing"),
) -> None:
    """Generate a verified dataset; re-running the same command resumes where it stopped."""
    loaded = load_or_exit(config)
    if dry_run:
        _print_estimate(estimate_run(loaded))
        return
    try:
        with OutputLock(loaded.output_dir) as lock:  # one writer per folder, card included
            if lock.previous is not None:
                warn(
                    console,
                    f"taking over {loaded.output_dir} from a run that did not finish "
                    f"({lock.previous.describe()}); resuming it",
                )
            summary = _run(loaded, lock, overwrite=overwrite, live=not quiet and sys.stderr.isatty())
            _print_summary(summary, loaded.output_dir)
            from pipeline.exports.card import (
                write_card,  # matplotlib is heavy: only load it when a card is written
            )

            write_card(loaded.output_dir, loaded)
    except (KeyboardInterrupt, asyncio.CancelledError) as stop:
        signalled = isinstance(stop, asyncio.CancelledError)
        name, code = ("SIGTERM", 143) if signalled else ("Ctrl-C", 130)
        say(console, "stopped", f"by {name}. {_KEPT}", style="yellow")
        raise typer.Exit(code) from None
    except OutputLocked as err:
        say(console, "output folder in use", str(err))
        raise typer.Exit(2) from None
    except OutputConflict as err:
        say(console, "output conflict", str(err))
        raise typer.Exit(2) from None
    except ProviderError as err:  # a provider that cannot even start, e.g. no API key
        say(console, "provider error", str(err))
        raise typer.Exit(2) from None
    except OSError as err:  # disk full, a file size limit, permissions: the data so far is intact
        say(console, "write error", f"{os_error_text(err)}. {_resume_advice(err)}")
        raise typer.Exit(4) from None
    except sqlite3.Error as err:  # the response cache's disk is full, or it is not writable
        cache = loaded.root / loaded.config.runtime.cache_path
        say(console, "cache error", f"{cache}: {err}. {_resume_advice(None)}")
        raise typer.Exit(4) from None
    raise typer.Exit(_report_end(summary, loaded))


def _report_end(summary: RunSummary, loaded: LoadedRun) -> int:
    """Say on one line how the run ended, if it did not simply finish; return the exit code."""
    short = summary.accepted < summary.requested
    if summary.stopped_by_provider:
        say(
            console,
            "stopped",
            f"{summary.stopped_by_provider}. Fix it, then re-run the same command to resume",
        )
        return 3
    if summary.stopped_by_budget:
        warn(
            console,
            f"stopped: max_cost_usd {loaded.config.runtime.max_cost_usd:g} reached; "
            "run the same command again to resume (answers already paid for are cached)",
        )
        return 0
    if short and summary.unanswered:
        say(
            console,
            "incomplete",
            f"{summary.accepted} of {summary.requested} accepted; {summary.unanswered} samples were never "
            f"answered by the provider ({_provider_reasons(summary)}); re-run the same command to ask again",
        )
        return 3
    if short:
        warn(
            console,
            f"only {summary.accepted} of {summary.requested} accepted within "
            f"{loaded.config.max_samples()} problems tried",
        )
    return 0
