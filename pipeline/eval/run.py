"""Run an eval: the config's path (solve) stage answers each problem n times; the verifier scores each.

It is the dataset runner's machinery, not a copy of it: ``RunContext`` builds the same providers (retry,
admission, circuit breaker, spend meter), the same response cache and the same killable check pool with
the same per-check limit, per-sample check budget and step caps, and ``run_stage`` asks and checks exactly
as a run does. What differs, on purpose:

* every answer is asked once (``max_attempts=1``): re-asking with the verifier's feedback would measure
  the verifier's help, not the model;
* one answer is one sample: it gets its own check budget (its problem is passed under a slot index of its
  own, which is all the budget is keyed by; no family reads ``Problem.index``);
* answer j of a problem is requested as solution path ``EVAL_PATH_BASE + j``, so its request seed differs
  from every seed a dataset run used: evaluating a model never replays, from the cache, the answers its
  training data was made of.

Resume: every scored answer is appended to ``samples.jsonl`` (one line, flushed) in the eval's folder; a
re-run scores only what is missing, and LLM answers already received come from the response cache, so
an interrupted eval never re-sends an answered prompt. An answer the provider never gave is not written
(asked again next time), and a dead endpoint or ``max_cost_usd`` stops the eval, resumably, as it stops
a run. ``eval.json`` pins the config's fingerprint, so another model's answers never mix in.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path

from pipeline.eval.problems import EvalItem
from pipeline.eval.report import BadLine, EvalReport, EvalSample, group_stats
from pipeline.providers.breaker import CircuitOpen
from pipeline.run.costs import BudgetExhausted
from pipeline.run.loading import LoadedRun
from pipeline.run.output_lock import OutputLock
from pipeline.run.outputs import read_jsonl
from pipeline.run.path_plans import PathPlan
from pipeline.run.runner import RunContext
from pipeline.run.stages import run_stage
from validators.limits import CheckPool

__all__ = ["EVAL_PATH_BASE", "EvalConflict", "Source", "run_eval"]

EVAL_PATH_BASE = 4096
SAMPLES, MANIFEST, REPORT = "samples.jsonl", "eval.json", "report.json"

Source = Callable[[CheckPool], Awaitable[tuple[list[EvalItem], list[BadLine], str]]]
"""(the check pool) -> (problems, problems-file lines not used, what was read): run in the eval's pool."""


class EvalConflict(RuntimeError):
    """The eval folder holds answers of another config (model, templates, parameters)."""


def _open_journal(directory: Path, fingerprint: str, overwrite: bool) -> list[EvalSample]:
    """The answers scored so far (a partial last line cut off), after checking they are this config's."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest, journal = directory / MANIFEST, directory / SAMPLES
    if overwrite:
        for stale in (manifest, journal, directory / REPORT):
            stale.unlink(missing_ok=True)
    if manifest.exists():
        old = json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint")
        if old != fingerprint:
            raise EvalConflict(
                f"{directory} holds an eval of another config (fingerprint {old} != {fingerprint}); "
                "use another --output, or pass --overwrite to discard it"
            )
    else:
        manifest.write_text(json.dumps({"fingerprint": fingerprint}) + "\n", encoding="utf-8")
    return read_jsonl(journal, EvalSample, EvalConflict)


async def _answer(ctx: RunContext, item: EvalItem, j: int, slot: int) -> EvalSample | None:
    """Answer ``j`` to one problem, scored; None if the provider never answered."""
    spec = ctx.family.path_stage
    plan = PathPlan(EVAL_PATH_BASE + j, ctx.family.paths[j % len(ctx.family.paths)])
    problem = item.problem.model_copy(update={"index": slot})  # the slot keys this answer's check budget
    inputs = {**item.inputs, **plan.teacher_inputs()}
    try:
        record, _ = await run_stage(
            ctx.stages[spec.name], problem, inputs, path_index=plan.index, max_attempts=1
        )
    finally:
        ctx.budgets.pop(slot, None)
    if record.failure and record.failure.startswith("provider:"):
        return None
    final = next((c for c in record.checks if c.name == spec.final_check), None)
    return EvalSample(
        key=item.key,
        sample=j,
        problem=item.id,
        construction=item.problem.construction,
        difficulty=item.problem.difficulty,
        correct=bool(final and final.ok),
        accepted=record.ok,
        failure=record.failure,
        step_labels=[label.label for label in record.step_labels],
        cached=any(a.cached for a in record.attempts),
        raw_answer=record.raw_answer,
    )


async def run_eval(
    loaded: LoadedRun,
    source: Source,
    output: Path,
    *,
    k: int,
    samples: int | None = None,
    overwrite: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """Evaluate the config's solve stage on the source's problems; write and return the report."""
    n = samples or k
    if not 0 < k <= n:
        raise ValueError(f"need 0 < k <= samples, got k={k}, samples={n}")
    started = time.monotonic()
    with OutputLock(output):
        done = _open_journal(output, loaded.fingerprint(), overwrite)
        ctx = RunContext.create(loaded)
        try:
            items, bad, what = await source(ctx.pool)
            scored = {(s.key, s.sample): s for s in done}
            todo = [(i, j) for i in items for j in range(n) if (i.key, j) not in scored]
            resumed = len(items) * n - len(todo)
            stopped: list[BaseException] = []
            gate = asyncio.Semaphore(loaded.config.runtime.concurrency)

            async def one(slot: int, item: EvalItem, j: int) -> EvalSample | None:
                async with gate:
                    if stopped or ctx.meter.exhausted:
                        return None
                    try:
                        return await _answer(ctx, item, j, slot)
                    except (CircuitOpen, BudgetExhausted) as err:  # undecided: asked again next time
                        stopped.append(err)
                        return None

            tasks = [asyncio.create_task(one(slot, i, j)) for slot, (i, j) in enumerate(todo)]
            try:
                with (output / SAMPLES).open("a", encoding="utf-8") as journal:
                    for finished, task in enumerate(asyncio.as_completed(tasks), start=1):
                        sample = await task
                        if sample is not None:
                            journal.write(sample.model_dump_json() + "\n")
                            journal.flush()
                            scored[(sample.key, sample.sample)] = sample
                        if on_progress:
                            on_progress(resumed + finished, len(items) * n)
            finally:
                for task in tasks:
                    task.cancel()
        finally:
            await ctx.aclose()
        report = _report(loaded, ctx, items, bad, what, scored, k, n)
        report.resumed = resumed
        breaker = next((e for e in stopped if isinstance(e, CircuitOpen)), None)
        report.stopped_by_provider = str(breaker) if breaker else None
        report.stopped_by_budget = ctx.meter.exhausted
        report.wall_seconds = round(time.monotonic() - started, 3)
        tmp = output / (REPORT + ".tmp")
        tmp.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, output / REPORT)
    return report


def _report(
    loaded: LoadedRun,
    ctx: RunContext,
    items: list[EvalItem],
    bad: list[BadLine],
    what: str,
    scored: dict[tuple[str, int], EvalSample],
    k: int,
    n: int,
) -> EvalReport:
    """The figures over this eval's problems and their first n answers (a journal may hold more)."""
    by_problem = {i.key: [s for j in range(n) if (s := scored.get((i.key, j)))] for i in items}
    groups: dict[str, dict[str, list[list[EvalSample]]]] = {"c": defaultdict(list), "d": defaultdict(list)}
    for item in items:
        groups["c"][item.problem.construction].append(by_problem[item.key])
        groups["d"][item.problem.difficulty].append(by_problem[item.key])
    answers = [s for group in by_problem.values() for s in group]
    stage_cfg = loaded.config.stages[ctx.family.path_stage.name]
    provider = loaded.config.providers[stage_cfg.provider]
    return EvalReport(
        config=str(loaded.path),
        family=ctx.family.name,
        solver=f"{stage_cfg.provider}/{provider.model}",
        source=what,
        k=k,
        samples_per_problem=n,
        problems=len(items),
        problems_rebuilt=sum(i.rebuilt for i in items),
        overall=group_stats(by_problem.values(), k),
        by_construction={c: group_stats(g, k) for c, g in sorted(groups["c"].items())},
        by_difficulty={d: group_stats(g, k) for d, g in sorted(groups["d"].items())},
        failures=dict(Counter(s.failure or "unknown" for s in answers if not s.accepted).most_common()),
        unanswered=len(items) * n - len(answers),
        requests_sent=sum(getattr(p, "http_requests", 0) for p in ctx.providers.values()),
        cache_hits=sum(getattr(p, "hits", 0) for p in ctx.providers.values()),
        bad_lines=bad,
    )
