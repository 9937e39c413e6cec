"""The `revsynth` command line: thin wrappers over the runner, the preview and the verifier."""

from __future__ import annotations

import asyncio
import errno
import json
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
from rich.text import Text

from pipeline.console import plain_console, say, warn
from pipeline.costs import Estimate, estimate_run
from pipeline.exports.cli import export as export_command
from pipeline.generator.cli import sample_command, stats_command
from pipeline.loading import ConfigError, LoadedRun, load_run
from pipeline.output_lock import OutputLock, OutputLocked
from pipeline.outputs import OutputConflict
from pipeline.providers.base import ProviderError
from pipeline.records import AcceptedRecord, RunSummary
from pipeline.runner import preview_sample, run_dataset
from pipeline.tally import Tally

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Verified reverse-process math data.")
console = plain_console(stderr=True)


def _load(config: Path):
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
   re-run the same command to resume."""


@app.command(epilog=DATASET_EXIT_CODES)
def dataset(
    config: Path = typer.Option(..., "--config", "-c", help="YAML run config, e.g. configs/ibp.yaml"),
    overwrite: bool = typer.Option(False, help="discard an earlier run in the output folder"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no live progress (for CI and logs)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="estimate requests, tokens and cost; send nothing"),
) -> None:
    """Generate a verified dataset; re-running the same command resumes where it stopped."""
    loaded = _load(config)
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
            from pipeline.card import write_card  # matplotlib is heavy: only load it when a card is written

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
        say(console, "write error", f"{_os_error(err)}. {_resume_advice(err)}")
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


@app.command()
def preview(
    config: Path = typer.Option(..., "--config", "-c", help="YAML run config"),
    index: int = typer.Option(0, help="which problem of the run to preview"),
) -> None:
    """Run one sample and print the rendered prompts, the answers and every verdict; writes nothing."""
    loaded = _load(config)
    outcome = asyncio.run(preview_sample(loaded, index))
    out = plain_console()
    f = outcome.f if isinstance(outcome, AcceptedRecord) else outcome.problem.f
    out.rule(Text(f"problem {index}: f({loaded.config.variable}) = {f}"))
    for name, record in outcome.stages.items():
        out.rule(
            Text.assemble((name, "bold"), f" ({record.provider}/{record.model}, template {record.template})")
        )
        for message in record.prompt:
            out.print(Text.assemble((message.role, "cyan"), f":\n{message.content}\n"))
        out.print(Text("answer:", style="magenta"))
        out.print(record.raw_answer)
        for check in record.checks:
            colour = "green" if check.ok else "red"
            out.print(
                Text.assemble((f"{check.name}: {check.reason}", colour), f" ({check.method}) {check.detail}")
            )
        for label in record.step_labels:
            out.print(f"  step {label.index} {label.kind}: {label.label} ({label.reason})")
    verdict = "ACCEPTED" if isinstance(outcome, AcceptedRecord) else f"REJECTED: {outcome.reason}"
    out.rule(Text(verdict, style="bold"))


VERIFY_EXIT_CODES = """Exit codes:
0  every line was a pair (a wrong antiderivative is a verdict, not an error);
1  some lines were not pairs: each got a bad_input verdict saying why, and every other line its verdict;
2  the input could not be read, or the verdicts could not be written."""


@app.command(epilog=VERIFY_EXIT_CODES)
def verify(
    input: Path = typer.Argument(
        ..., help='JSONL lines {"integrand": ..., "antiderivative": ..., "variable": "x"}'
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="verdicts JSONL (default: stdout)"),
    workers: int = typer.Option(2, help="check processes"),
    timeout: float = typer.Option(10.0, help="hard limit per check, seconds"),
) -> None:
    """Check antiderivatives: one verdict per input line, in order, whatever the line holds.

    A line that is not a pair (blank, not UTF-8, not JSON, too deeply nested, missing a field)
    gets a bad_input verdict with the reason, and the lines after it are still checked.
    Verdicts are written as they are made: an interrupted run keeps every verdict it printed.
    """
    from validators.limits import CheckPool
    from validators.verify import summarize, verify_lines

    if not input.is_file():
        say(console, "error", f"{input} does not exist")
        raise typer.Exit(2)
    started = time.monotonic()
    verdicts = []
    try:
        sink = output.open("w", encoding="utf-8") if output else sys.stdout
        with CheckPool(workers=workers, timeout_s=timeout) as pool, input.open("rb") as lines:
            try:
                for verdict in verify_lines(lines, pool):
                    verdicts.append(verdict)
                    sink.write(verdict.model_dump_json() + "\n")
                    sink.flush()  # streamed: a reader (or a crash) sees every verdict as soon as it is made
            finally:
                if output:
                    sink.close()
    except OSError as err:
        say(console, "error", f"{_os_error(err)} (after {len(verdicts)} verdicts)")
        raise typer.Exit(2) from None
    summary = summarize(verdicts, time.monotonic() - started)
    console.print(json.dumps(summary.model_dump(), indent=2))
    if summary.bad_input:
        raise typer.Exit(1)


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


def _os_error(err: OSError) -> str:
    """One line for an I/O error: the file, then the system's reason (``[Errno 28] No space left ...``)."""
    where = f"{err.filename}: " if err.filename else ""
    reason = f"[Errno {err.errno}] {err.strerror}" if err.errno and err.strerror else str(err)
    return where + reason


app.command("export")(export_command)
app.command("sample")(sample_command)
app.command("stats")(stats_command)


if __name__ == "__main__":
    app()
