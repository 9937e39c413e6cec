"""The `revsynth` command line: thin wrappers over the runner, the preview and the verifier."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

import typer
from rich.text import Text

from pipeline.cli.console import os_error_text, plain_console, say
from pipeline.cli.dataset import DATASET_EXIT_CODES, dataset_command, load_or_exit
from pipeline.cli.evaluate import EVAL_EXIT_CODES, eval_command
from pipeline.cli.problems import sample_command, stats_command
from pipeline.core.records import AcceptedRecord, RejectedRecord
from pipeline.exports.cli import export as export_command
from pipeline.families import get_family
from pipeline.providers.base import ProviderError
from pipeline.providers.breaker import CircuitOpen
from pipeline.run.runner import preview_sample

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Verified reverse-process math data.")
console = plain_console(stderr=True)
app.command("dataset", epilog=DATASET_EXIT_CODES)(dataset_command)


def _statement(family_name: str, outcome: AcceptedRecord | RejectedRecord) -> str:
    """The problem's main expression as its family names it (``integrand = ...``, ``q = ...``)."""
    field = get_family(family_name).statement_field
    if isinstance(outcome, AcceptedRecord):
        return f"{field} = {getattr(outcome, field, '?')}"
    if outcome.problem is None:
        return "no problem could be drawn"
    return f"{field} = {outcome.problem.detail(field, '?')}"


@app.command()
def preview(
    config: Path = typer.Option(..., "--config", "-c", help="YAML run config"),
    index: int = typer.Option(0, help="which problem of the run to preview"),
) -> None:
    """Run one sample and print the rendered prompts, the answers and every verdict; writes nothing."""
    loaded = load_or_exit(config)
    try:
        outcome = asyncio.run(preview_sample(loaded, index))
    except ProviderError as err:  # a provider that cannot start (no API key)
        say(console, "provider error", str(err))
        raise typer.Exit(2) from None
    except CircuitOpen as err:  # its endpoint fails every request: connection refused, a refused key, 404
        say(console, "stopped", str(err))
        raise typer.Exit(3) from None
    out = plain_console()
    out.rule(Text(f"problem {index}: {_statement(loaded.config.family, outcome)}"))
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
    engine: str = typer.Option(
        "fast", help="fast: exact SymEngine proof first where it is one; sympy: the careful path alone"
    ),
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
        pool = CheckPool(workers=workers, timeout_s=timeout, engine=engine)
        with pool, input.open("rb") as lines:
            try:
                for verdict in verify_lines(lines, pool):
                    verdicts.append(verdict)
                    sink.write(verdict.model_dump_json() + "\n")
                    sink.flush()  # streamed: a reader (or a crash) sees every verdict as soon as it is made
            finally:
                if output:
                    sink.close()
    except OSError as err:
        say(console, "error", f"{os_error_text(err)} (after {len(verdicts)} verdicts)")
        raise typer.Exit(2) from None
    summary = summarize(verdicts, time.monotonic() - started)
    console.print(json.dumps(summary.model_dump(), indent=2))
    if summary.bad_input:
        raise typer.Exit(1)


app.command("export")(export_command)
app.command("sample")(sample_command)
app.command("stats")(stats_command)
app.command("eval", epilog=EVAL_EXIT_CODES)(eval_command)


if __name__ == "__main__":
    app()
