"""Run a config: each problem flows through its family's stages (derive, reverse, solve ...) on its own.

There is no barrier between stages: each sample is one coroutine, and up to ``runtime.concurrency`` run
at once, so a slow answer never holds up the others. All SymPy work (sampling, the symbolic teacher,
checks) runs in a killable process pool under a hard time limit, off the event loop.

Which problems end up accepted does not depend on timing: problem ``i`` is a pure function of the seed
and ``i``, indices are issued in order, and a new one is issued only while
``accepted + in_flight < count``, so the accepted set is always the first ``count`` accepted indices.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from pipeline.core.checks import StageChecks
from pipeline.core.family import Family, StageSpec
from pipeline.core.problem import Problem
from pipeline.core.records import (
    AcceptedRecord,
    AttemptRecord,
    RejectedRecord,
    RunSummary,
    SolutionRecord,
    StageRecord,
    StageTotals,
)
from pipeline.families import get_family, normalize_final
from pipeline.providers.base import Provider
from pipeline.providers.breaker import CircuitOpen
from pipeline.providers.factory import build_provider, provider_parameters
from pipeline.providers.retry import resilient_provider
from pipeline.run.check_budget import CheckBudget, checks_within_budget
from pipeline.run.costs import BudgetExhausted, SpendMeter
from pipeline.run.dedup import DuplicateGate
from pipeline.run.loading import LoadedRun
from pipeline.run.output_lock import OutputLock
from pipeline.run.outputs import RunOutput
from pipeline.run.path_plans import PathPlan, plan_paths
from pipeline.run.problems_file import ProblemFileError, problem_from_spec
from pipeline.run.response_cache import CachedProvider, ResponseCache
from pipeline.run.stages import Stage, run_stage
from pipeline.run.tally import Outcome, Tally, run_summary
from validators.limits import AFFINITY, DEFAULT_PRELOAD, CheckPool, LimitError

# What every check worker runs: imported once in the forkserver, so a new (or restarted) worker is a cheap
# fork instead of ~0.5 CPU-s of imports (the registry imports every family and the run machinery).
WORKER_PRELOAD = (
    *DEFAULT_PRELOAD,
    "pipeline.families",
    "pipeline.run.check_budget",
    "pipeline.run.problems_file",
    "pipeline.providers.symbolic",
)


@dataclass
class RunContext:
    """Everything a sample needs: the config, its family, the live stages and the check pool."""

    loaded: LoadedRun
    pool: CheckPool
    providers: dict[str, Provider]
    family: Family
    stages: dict[str, Stage] = field(default_factory=dict)
    cache: ResponseCache | None = None
    meter: SpendMeter = field(default_factory=SpendMeter)
    duplicates: DuplicateGate | None = None  # None: every problem is new (a preview)
    budgets: dict[int, CheckBudget] = field(default_factory=dict)  # index -> its check seconds left

    @classmethod
    def create(cls, loaded: LoadedRun) -> RunContext:
        rt = loaded.config.runtime
        pool = CheckPool(
            workers=rt.check_workers,
            timeout_s=rt.check_timeout_s,
            memory_mb=rt.check_memory_mb,
            max_tasks=rt.check_worker_tasks,
            preload=WORKER_PRELOAD,
            engine=rt.engine,
            import_main=False,  # every function the run sends is in an importable module, none in the CLI
            affinity=True,  # a sample's tasks (draw, teach, check, normalise) in one worker: warm caches
        )
        providers: dict[str, Provider] = {}
        cache = None
        meter = SpendMeter(budget_usd=rt.max_cost_usd)
        for name, cfg in loaded.config.providers.items():
            provider = build_provider(cfg, pool.arun)
            if cfg.type != "symbolic":  # Cache -> Retry -> Admission -> LLM: a cache hit is never admitted
                provider = resilient_provider(
                    provider, cfg, meter, label=name, breaker_failures=rt.circuit_breaker_failures
                )
            if rt.cache and cfg.type != "symbolic":  # the teacher costs nothing: no reason to cache it
                cache = cache or ResponseCache(loaded.root / rt.cache_path)
                provider = CachedProvider(provider, cache, provider_parameters(cfg))
            providers[name] = provider
        family = get_family(loaded.config.family)
        ctx = cls(loaded, pool, providers, family, cache=cache, meter=meter)
        for spec in family.stages:
            stage_cfg = loaded.config.stages[spec.name]
            ctx.stages[spec.name] = Stage(
                name=spec.name,
                templates=loaded.templates[spec.name],
                provider=providers[stage_cfg.provider],
                parameters=provider_parameters(loaded.config.providers[stage_cfg.provider]),
                run_checks=ctx.run_checks,
                answer_model=spec.answer,
                max_attempts=rt.max_attempts,
                max_steps=rt.max_steps,
                max_parts=rt.max_parts,
            )
        return ctx

    async def run_checks(self, stage: str, answer: BaseModel, problem: Problem) -> StageChecks:
        """Check an answer in the pool within its sample's check budget; a limit is a verdict, not a crash."""
        rt = self.loaded.config.runtime
        budget = self.budgets.setdefault(problem.index, CheckBudget(rt.check_budget_s))
        checks = await checks_within_budget(self.pool, budget, rt.check_timeout_s, stage, answer, problem)
        checks.reject_unverifiable = self.loaded.config.acceptance.unverifiable_steps == "reject"
        return checks

    async def sample(self, index: int) -> Problem:
        """Problem ``index``: the i-th line of the problems file, or the family's generator."""
        cfg = self.loaded.config
        if self.loaded.problems is not None:
            spec = self.loaded.problems[index]
            splits = cfg.sampler.splits
            return await self.pool.arun(
                problem_from_spec, spec, index, cfg.seed, cfg.family, cfg.variable, splits
            )
        return await self.pool.arun(self.family.sample, cfg.seed, index, cfg.variable, cfg.sampler)

    async def aclose(self) -> None:
        for provider in self.providers.values():
            await provider.aclose()
        self.pool.close()
        if self.cache is not None:
            self.cache.close()


def sample_id(run_seed: int, index: int, problem: Problem | None) -> str:
    """A sample's id: stable across runs of one config, different for every problem."""
    what = problem.details.model_dump_json() if problem is not None else ""
    return hashlib.sha256(f"{run_seed}:{index}:{what}".encode()).hexdigest()[:16]


def _rejected(
    ctx: RunContext,
    index: int,
    problem: Problem | None,
    stage: str,
    reason: str,
    detail: str,
    stages: dict,
) -> RejectedRecord:
    seed = ctx.loaded.config.seed
    return RejectedRecord(
        id=sample_id(seed, index, problem),
        index=index,
        seed=problem.seed if problem is not None else 0,
        run_seed=seed,
        problem=problem,
        failed_stage=stage,
        reason=f"{stage}:{reason}",
        detail=detail[:1000],
        stages=stages,
    )


def _failure_detail(record: StageRecord) -> str:
    failed = next((c for c in record.checks if not c.ok), None)
    return failed.detail if failed else ""


async def process_sample(ctx: RunContext, index: int) -> Outcome:
    """Make one sample: draw a problem, run its family's stages, accept it only if every check passes."""
    token = AFFINITY.set(index)  # every pool task of this sample goes to one worker (CheckPool affinity)
    try:
        return await _make_sample(ctx, index)
    finally:
        AFFINITY.reset(token)
        ctx.budgets.pop(index, None)


async def _draw(ctx: RunContext, index: int) -> Problem | RejectedRecord:
    """Problem ``index``, or the record of why there is none (or why it is not new)."""
    try:
        problem = await ctx.sample(index)
    except (LimitError, ProblemFileError, *ctx.family.sampling_errors) as err:
        if ctx.duplicates is not None:
            await ctx.duplicates.first_index(index, None)
        reason = str(err.kind) if isinstance(err, LimitError) else "sampling_failed"
        if isinstance(err, ProblemFileError):
            reason = "bad_problem"
        return _rejected(ctx, index, None, "sample", reason, f"{type(err).__name__}: {err}", {})
    if ctx.duplicates is not None:
        first = await ctx.duplicates.first_index(index, problem.dedup_key)
        if first != index:
            detail = f"problem {first} of this run has the same canonical form {problem.canonical!r}"
            return _rejected(ctx, index, problem, "sample", "duplicate", detail, {})
    return problem


async def _make_sample(ctx: RunContext, index: int) -> Outcome:
    drawn = await _draw(ctx, index)
    if isinstance(drawn, RejectedRecord):
        return drawn
    problem = drawn
    records: dict[str, StageRecord] = {}
    answers: dict[str, BaseModel] = {}
    for spec in ctx.family.stages[:-1]:
        record, answer = await run_stage(ctx.stages[spec.name], problem, spec.inputs(problem, answers))
        records[spec.name] = record
        if not record.ok:
            failure = record.failure or "unknown"
            return _rejected(ctx, index, problem, spec.name, failure, _failure_detail(record), records)
        answers[spec.name] = answer

    spec = ctx.family.path_stage
    solutions, finals = await solve_paths(ctx, problem, spec, spec.inputs(problem, answers))
    accepted = next((s for s in solutions if s.flaw is None and s.stage.ok and s.final_answer), None)
    if accepted is None:
        primary = solutions[0].stage
        records[spec.name] = primary
        reason = primary.failure or ("normalize_failed" if primary.ok else "unknown")
        rejected = _rejected(ctx, index, problem, spec.name, reason, _failure_detail(primary), records)
        rejected.solutions = solutions
        return rejected
    records[spec.name] = accepted.stage
    solutions.sort(key=lambda s: s is not accepted)  # the accepted path first, the others in order
    cfg = ctx.loaded.config
    fields = ctx.family.record_fields(problem, answers, finals[id(accepted)], accepted.final_answer)
    return AcceptedRecord(
        id=sample_id(cfg.seed, index, problem),
        index=problem.index,
        seed=problem.seed,
        run_seed=cfg.seed,
        family=problem.family,
        construction=problem.construction,
        difficulty=problem.difficulty,
        canonical=problem.canonical,
        split=problem.split,
        source_id=problem.source_id,
        variable=problem.variable,
        **fields,
        stages=records,
        solutions=solutions,
    )


async def solve_paths(
    ctx: RunContext, problem: Problem, spec: StageSpec, inputs: dict[str, str]
) -> tuple[list[SolutionRecord], dict[int, BaseModel]]:
    """Solve one problem along every planned path, concurrently; keep every path, correct or not.

    A path whose first answer was rejected and re-asked keeps that answer too, as a path of its own
    (``retry_of``): it is a real solution with proved labels, and a process-reward negative. Returns the
    paths and, by ``id()`` of a path, its parsed answer (for the record's top-level fields)."""
    cfg = ctx.loaded.config
    plans = plan_paths(
        cfg.solutions_per_problem, cfg.flawed_paths, ctx.family.paths, ctx.family.flaws, problem.index
    )
    stage = ctx.stages[spec.name]
    llm = stage.provider.name != "symbolic"
    finals: dict[int, BaseModel] = {}

    async def one(plan: PathPlan) -> list[SolutionRecord]:
        path_inputs = {**inputs, **plan.teacher_inputs()}
        # A planted flaw must stay in the data: never re-ask it away.
        attempts = 1 if plan.flaw else None
        record, answer = await run_stage(
            stage, problem, path_inputs, path_index=plan.index, max_attempts=attempts
        )
        path = plan.path if not llm else "llm"
        flaw = plan.flaw if not llm else None
        final = await _solution(ctx, spec, problem, record, answer, plan.index, path, flaw)
        if answer is not None:
            finals[id(final)] = answer
        earlier = [
            await _solution(
                ctx, spec, problem, _attempt_stage(record, a), a.answer, plan.index, path, flaw, retry=True
            )
            for a in record.attempts[:-1]
            if a.answer is not None
        ]
        return [final, *earlier]

    found = [s for group in await asyncio.gather(*(one(plan) for plan in plans)) for s in group]
    paths = [s for s in found if s.retry_of is None]
    for number, retry in enumerate((s for s in found if s.retry_of is not None), start=len(plans)):
        paths.append(retry.model_copy(update={"path_index": number}))
    return paths, finals


async def _solution(
    ctx: RunContext,
    spec: StageSpec,
    problem: Problem,
    record: StageRecord,
    answer: BaseModel | dict | None,
    plan_index: int,
    path: str,
    flaw: str | None,
    *,
    retry: bool = False,
) -> SolutionRecord:
    """One path's record, with its final answer normalised when the final check passed."""
    final = next((c for c in record.checks if c.name == spec.final_check), None)
    normalized = None
    if final is not None and final.ok and answer is not None:
        parsed = answer if isinstance(answer, BaseModel) else spec.answer.model_validate(answer)
        try:
            normalized = await ctx.pool.arun(normalize_final, problem.family, spec.name, parsed, problem)
        except (LimitError, ValueError) as err:
            record.failure = record.failure or f"normalize_failed:{err}"
            record.ok = False
    return SolutionRecord(
        path_index=plan_index,
        path=path,
        flaw=flaw,
        retry_of=plan_index if retry else None,
        correct=bool(final and final.ok),
        final_answer=normalized,
        first_error_step=record.first_error_step,
        stage=record,
    )


def _attempt_stage(record: StageRecord, attempt: AttemptRecord) -> StageRecord:
    """An earlier attempt of a stage as a stage record of its own (the answer the model gave then)."""
    return record.model_copy(
        update={
            "prompt": attempt.messages,
            "raw_answer": attempt.raw_answer,
            "answer": attempt.answer,
            "checks": attempt.checks,
            "step_labels": attempt.step_labels,
            "first_error_step": attempt.first_error_step,
            "usage": attempt.usage,
            "attempts": [attempt],
            "ok": False,
            "failure": attempt.failure,
        }
    )


async def run_dataset(
    loaded: LoadedRun,
    *,
    overwrite: bool = False,
    on_progress: Callable[[Tally], None] | None = None,
    lock: OutputLock | None = None,
) -> RunSummary:
    """Run until `count` samples are accepted (or `max_samples` tried); resume what is on disk.

    The output folder is locked for the whole run (``OutputLocked`` if another run holds it); pass a
    ``lock`` already held on it to keep it past the run (the CLI writes the dataset card under it).
    """
    if lock is None:
        with OutputLock(loaded.output_dir) as own:
            return await run_dataset(loaded, overwrite=overwrite, on_progress=on_progress, lock=own)
    if not lock.held or lock.directory.resolve() != loaded.output_dir.resolve():
        raise ValueError(f"run_dataset needs the lock of {loaded.output_dir} held, got {lock.directory}")
    cfg = loaded.config
    ctx = RunContext.create(loaded)  # a provider that cannot start (no API key) fails before any write
    try:
        out = RunOutput.open(
            loaded.output_dir,
            loaded.fingerprint(),
            cfg.name,
            overwrite=overwrite,
            compact=cfg.runtime.records == "compact",
        )
    except BaseException:
        await ctx.aclose()
        raise
    resumed = len(out.done)
    tally = Tally(
        accepted=len(out.accepted_ids),
        rejected=len(out.rejected_ids),
        reasons=Counter(out.rejected_reasons),  # the summary counts the whole run, resumed part included
        stage_providers={name: stage.provider for name, stage in cfg.stages.items()},
        stages={name: StageTotals() for name in ctx.family.stage_names},
    )
    ctx.duplicates = DuplicateGate(out.canonicals.items())
    tally.meter = ctx.meter
    started = time.monotonic()
    in_flight: set[asyncio.Task] = set()
    next_index, limit = 0, cfg.max_samples()
    if loaded.problems is not None:
        limit = min(limit, len(loaded.problems))
    stopped: CircuitOpen | None = None
    failed = True  # while an error may be on its way out, closing the files must not replace it
    try:
        while stopped is None:
            while (
                tally.accepted + len(in_flight) < cfg.count
                and len(in_flight) < cfg.runtime.concurrency
                and next_index < limit
                and not ctx.meter.exhausted
            ):
                if next_index not in out.done:
                    ctx.duplicates.issue(next_index)
                    in_flight.add(asyncio.create_task(process_sample(ctx, next_index)))
                next_index += 1
            tally.in_flight = len(in_flight)
            if on_progress:
                on_progress(tally)
            if not in_flight:
                break
            finished, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                error = task.exception()
                if isinstance(error, BudgetExhausted | CircuitOpen):
                    # Undecided, not written: the next invocation resumes it (answers are cached).
                    stopped = stopped or (error if isinstance(error, CircuitOpen) else None)
                    continue
                outcome = task.result()
                out.write(outcome)
                tally.add(outcome)
        failed = False
    finally:
        for task in in_flight:  # after a stop: interrupted samples are undecided, and asked again later
            task.cancel()
        await ctx.aclose()
        out.close(quiet=failed)
    summary = run_summary(cfg, tally, ctx.providers, ctx.meter, time.monotonic() - started, resumed)
    summary.stopped_by_provider = str(stopped) if stopped is not None else None
    out.write_summary(summary)
    return summary


async def preview_sample(loaded: LoadedRun, index: int = 0) -> Outcome:
    """Run one sample without writing anything: for seeing a template edit's effect in seconds."""
    ctx = RunContext.create(loaded)
    try:
        return await process_sample(ctx, index)
    finally:
        await ctx.aclose()
