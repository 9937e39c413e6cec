"""`revsynth sample` and `revsynth stats`: a family's generator on its own, without any model.

``sample`` writes problems (construction, difficulty, rabbit, canonical form, split and the family's details)
for a config, in index order, skipping any problem whose canonical form an earlier index already had. Each
problem is drawn in a killable worker under the config's check time limit, so the output is the same for
any number of workers. ``stats`` reads such a file (or a run's accepted.jsonl) and reports and draws the
dataset's diversity, difficulty mix and the family's own measurements (ibp: the needs-parts share).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import plain_console, say
from pipeline.core.problem import Problem
from pipeline.families import DEFAULT_FAMILY, get_family
from pipeline.families.shared.canonical import DuplicateFilter
from pipeline.families.shared.stats import compute_stats, draw_plots, read_dataset, render_stats
from pipeline.run.outputs import ACCEPTED
from validators.limits import CheckPool, LimitError

console = plain_console(stderr=True)

PRELOAD = ("sympy", "validators.parse", "pipeline.families")


def sample_problems(
    config_path: Path, count: int, workers: int = 2, timeout_s: float | None = None, start: int = 0
) -> tuple[list[Problem], Counter[str]]:
    """The first ``count`` distinct problems of a config from index ``start``, and what was skipped."""
    from pipeline.run.loading import load_run

    cfg = load_run(config_path).config
    family = get_family(cfg.family)
    limit = timeout_s or cfg.runtime.check_timeout_s
    seen = DuplicateFilter()
    skipped: Counter[str] = Counter()
    problems: list[Problem] = []
    window = max(4 * workers, 8)
    index = start
    with CheckPool(
        workers=workers, timeout_s=limit, memory_mb=cfg.runtime.check_memory_mb, preload=PRELOAD
    ) as pool:
        while len(problems) < count:
            batch = range(index, index + window)
            futures = [
                pool.submit(family.sample, cfg.seed, i, cfg.variable, cfg.sampler, timeout_s=limit)
                for i in batch
            ]
            for i, future in zip(batch, futures, strict=True):
                try:
                    problem = future.result()
                except Exception as error:  # a limit, or a sampler bug: the index is skipped and counted
                    kind = error.kind if isinstance(error, LimitError) else type(error).__name__
                    skipped[f"failed:{kind}"] += 1
                    say(console, f"index {i} skipped", str(error), style="yellow")
                    continue
                if not seen.admit(problem.dedup_key, i):
                    skipped["duplicate"] += 1
                    continue
                if len(problems) < count:
                    problems.append(problem)
            index += window
    return problems, skipped


def sample_command(
    config: Annotated[Path, typer.Option("--config", "-c", help="YAML run config, e.g. configs/ibp.yaml")],
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="distinct problems to write")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL file, one problem per line")],
    workers: Annotated[
        int, typer.Option(min=1, help="worker processes (the output does not depend on it)")
    ] = 2,
    timeout: Annotated[
        float | None, typer.Option(help="seconds per problem (default: the config's check limit)")
    ] = None,
    start: Annotated[int, typer.Option(min=0, help="first problem index")] = 0,
) -> None:
    """Write problems alone (no model is called): for inspecting and measuring the generator."""
    from pipeline.run.loading import ConfigError

    started = time.monotonic()
    try:
        problems, skipped = sample_problems(config, count, workers=workers, timeout_s=timeout, start=start)
    except ConfigError as err:
        say(console, "config error", str(err))
        raise typer.Exit(2) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as sink:
        for problem in problems:
            sink.write(problem.model_dump_json() + "\n")
    seconds = time.monotonic() - started
    mix = Counter((p.construction, p.difficulty) for p in problems)
    console.print(
        json.dumps(
            {
                "written": len(problems),
                "output": str(output),
                "skipped": dict(skipped),
                "seconds": round(seconds, 2),
                "problems_per_second": round(len(problems) / seconds, 2) if seconds else None,
                "mix": {f"{c}/{d}": n for (c, d), n in sorted(mix.items())},
            },
            indent=2,
        )
    )


def stats_command(
    dataset: Annotated[
        Path,
        typer.Argument(help="problems JSONL (revsynth sample), a run's accepted.jsonl, or a run's folder"),
    ],
    needs_parts: Annotated[
        int,
        typer.Option(
            "--hardness",
            "--needs-parts",
            min=0,
            help="problems measured by the family's hardness check (ibp: integral_steps; 0: skip)",
        ),
    ] = 200,
    timeout: Annotated[float, typer.Option(help="seconds per hardness measurement")] = 10.0,
    workers: Annotated[int, typer.Option(min=1)] = 2,
    seed: Annotated[int, typer.Option(help="seed of the random subset measured for hardness")] = 0,
    plots: Annotated[bool, typer.Option(help="draw PNG plots beside the data")] = True,
) -> None:
    """Diversity, difficulty and the family's own figures of a dataset, with PNG plots beside it."""
    if dataset.is_dir():  # a run's output folder: its accepted samples
        dataset = dataset / ACCEPTED
    if not dataset.exists():
        say(console, "error", f"{dataset} does not exist")
        raise typer.Exit(2)
    rows = read_dataset(dataset)
    names = {row.get("family") or DEFAULT_FAMILY for row in rows} or {DEFAULT_FAMILY}
    if len(names) > 1:
        say(console, "error", f"{dataset} mixes families {sorted(names)}: give stats one family's problems")
        raise typer.Exit(2)
    family = get_family(names.pop())
    stats = compute_stats(rows, statement_field=family.statement_field, stats_fields=family.stats_fields)
    if needs_parts and family.hardness is not None and rows:
        report = family.hardness(rows, needs_parts, seed=seed, workers=workers, timeout_s=timeout)
        stats.hardness = report.model_dump()
    out_dir = dataset.parent / f"{dataset.stem}.stats"
    out_dir.mkdir(parents=True, exist_ok=True)
    if plots:
        try:
            stats.plots = [str(p) for p in draw_plots(stats, out_dir)]
        except ImportError:  # matplotlib comes with the `data` extra; the figures are in stats.json anyway
            say(
                console,
                "plots not drawn",
                "matplotlib is not installed (pip install 'revsynth[data]')",
                "yellow",
            )
            plots = False
    (out_dir / "stats.json").write_text(stats.model_dump_json(indent=2) + "\n", encoding="utf-8")
    console.print(render_stats(stats))
    console.print(f"written: {out_dir / 'stats.json'}" + (f" and {len(stats.plots)} plots" if plots else ""))
