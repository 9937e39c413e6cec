"""Run a config: problems flow through derive -> reverse -> solve, each sample on its own.

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

from pipeline.checks import StageChecks, normalize_antiderivative
from pipeline.core.problem import Problem
from pipeline.core.records import (
    AcceptedRecord,
    AttemptRecord,
    RejectedRecord,
    RunSummary,
    SolutionRecord,
    StageRecord,
)
from pipeline.families import Family, get_family
from pipeline.families.ibp.generator.known import KnownIntegralError
from pipeline.families.ibp.sampler import SamplingError
from pipeline.families.shared.teaching import TeacherError
from pipeline.families.shared.answers import DeriveAnswer, ReverseAnswer
from pipeline.providers.base import Provider
from pipeline.providers.breaker import CircuitOpen
from pipeline.providers.factory import build_provider, provider_parameters
from pipeline.providers.retry import resilient_provider
from pipeline.run.check_budget import CheckBudget, checks_within_budget
from pipeline.run.config import STAGES
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
from validators.limits import CheckPool, LimitError

SAMPLING_ERRORS = (SamplingError, KnownIntegralError, TeacherError, ProblemFileError)
"""A sampler that gives up on an index: it is rejected (``sample:sampling_failed``), the run goes on."""


@dataclass
class RunContext:
    """Everything a sample needs: the config, the live stages and the check pool."""

    loaded: LoadedRun
    pool: CheckPool
    providers: dict[str, Provider]
    stages: dict[str, Stage] = field(default_factory=dict)
    cache: ResponseCache | None = None
    family: Family | None = None
    meter: SpendMeter = field(default_factory=SpendMeter)
    duplicates: DuplicateGate | None = None  # None: every problem is new (a preview)
    budgets: dict[int, CheckBudget] = field(default_factory=dict)  # index -> its check seconds left

    @classmethod
    def create(cls, loaded: LoadedRun) -> RunContext:
        rt = loaded.config.runtime
        pool = CheckPool(workers=rt.check_workers, timeout_s=rt.check_timeout_s, memory_mb=rt.check_memory_mb)
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
        ctx = cls(loaded, pool, providers, cache=cache, family=get_family(loaded.config.family), meter=meter)
        answers = {"derive": DeriveAnswer, "reverse": ReverseAnswer, "solve": ctx.family.solve_answer}
        for name in STAGES:
            stage_cfg = loaded.config.stages[name]
            ctx.stages[name] = Stage(
                name=name,
                templates=loaded.templates[name],
                provider=providers[stage_cfg.provider],
                parameters=provider_parameters(loaded.config.providers[stage_cfg.provider]),
                run_checks=ctx.run_checks,
                answer_model=answers[name],
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


def sample_id(run_seed: int, problem: Problem) -> str:
    return hashlib.sha256(f"{run_seed}:{problem.index}:{problem.f}".encode()).hexdigest()[:16]


def _rejected(
    ctx: RunContext, problem: Problem, stage: str, reason: str, detail: str, stages: dict
) -> RejectedRecord:
    seed = ctx.loaded.config.seed
    return RejectedRecord(
        id=sample_id(seed, problem),
        index=problem.index,
        seed=problem.seed,
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
    """Make one sample: sample a problem, run the three stages, and accept it only if all checks pass."""
    try:
        return await _make_sample(ctx, index)
    finally:
        ctx.budgets.pop(index, None)


async def _make_sample(ctx: RunContext, index: int) -> Outcome:
    cfg = ctx.loaded.config
    try:
        problem = await ctx.sample(index)
    except (LimitError, *SAMPLING_ERRORS) as err:
        if ctx.duplicates is not None:
            await ctx.duplicates.first_index(index, None)
        placeholder = Problem(
            index=index, seed=0, construction="none", f="0", integrand="0", u="0", v="0", rabbit=""
        )
        reason = str(err.kind) if isinstance(err, LimitError) else "sampling_failed"
        if isinstance(err, ProblemFileError):
            reason = "bad_problem"
        return _rejected(ctx, placeholder, "sample", reason, f"{type(err).__name__}: {err}", {})
    if ctx.duplicates is not None:
        first = await ctx.duplicates.first_index(index, problem.dedup_key)
        if first != index:
            detail = f"problem {first} of this run has the same canonical integrand {problem.canonical!r}"
            return _rejected(ctx, problem, "sample", "duplicate", detail, {})
    x = problem.variable
    records: dict[str, StageRecord] = {}

    derive, derive_answer = await run_stage(
        ctx.stages["derive"], problem, {"function": problem.f, "variable": x}
    )
    records["derive"] = derive
    if not derive.ok:
        return _rejected(
            ctx, problem, "derive", derive.failure or "unknown", _failure_detail(derive), records
        )

    reverse_inputs = {"function": problem.f, "derivative": derive_answer.derivative, "variable": x}
    reverse, reverse_answer = await run_stage(ctx.stages["reverse"], problem, reverse_inputs)
    records["reverse"] = reverse
    if not reverse.ok:
        return _rejected(
            ctx, problem, "reverse", reverse.failure or "unknown", _failure_detail(reverse), records
        )

    solve_inputs = {"integrand": reverse_answer.integrand, "variable": x, "problem": reverse_answer.problem}
    solutions = await solve_paths(ctx, problem, solve_inputs)
    accepted = next((s for s in solutions if s.flaw is None and s.solve.ok and s.antiderivative), None)
    if accepted is None:
        primary = solutions[0].solve
        records["solve"] = primary
        reason = primary.failure or ("normalize_failed" if primary.ok else "unknown")
        rejected = _rejected(ctx, problem, "solve", reason, _failure_detail(primary), records)
        rejected.solutions = solutions
        return rejected
    records["solve"] = accepted.solve
    solutions.sort(key=lambda s: s is not accepted)  # the accepted path first, the others in order
    return AcceptedRecord(
        id=sample_id(cfg.seed, problem),
        index=problem.index,
        seed=problem.seed,
        run_seed=cfg.seed,
        family=problem.family,
        construction=problem.construction,
        difficulty=problem.difficulty,
        canonical=problem.canonical,
        split=problem.split,
        source_id=problem.source_id,
        variable=x,
        integrand=problem.integrand,
        antiderivative=accepted.antiderivative,
        problem=reverse_answer.problem,
        f=problem.f,
        u=problem.u,
        v=problem.v,
        rabbit=accepted.solve.answer.get("rabbit", "") if accepted.solve.answer else "",
        stages=records,
        solutions=solutions,
    )


async def solve_paths(ctx: RunContext, problem: Problem, inputs: dict[str, str]) -> list[SolutionRecord]:
    """Solve one problem along every planned path, concurrently; keep every path, correct or not.

    A path whose first answer was rejected and re-asked keeps that answer too, as a path of its own
    (``retry_of``): it is a real solution with proved labels, and a process-reward negative."""
    cfg = ctx.loaded.config
    plans = plan_paths(
        cfg.solutions_per_problem, cfg.flawed_paths, ctx.family.paths, ctx.family.flaws, problem.index
    )
    stage = ctx.stages["solve"]
    llm = stage.provider.name != "symbolic"

    async def one(plan: PathPlan) -> list[SolutionRecord]:
        path_inputs = {**inputs, **plan.teacher_inputs()}
        # A planted flaw must stay in the data: never re-ask it away.
        attempts = 1 if plan.flaw else None
        record, answer = await run_stage(
            stage, problem, path_inputs, path_index=plan.index, max_attempts=attempts
        )
        path = plan.path if not llm else "llm"
        flaw = plan.flaw if not llm else None
        final = await _solution(ctx, problem, record, answer, plan.index, path, flaw)
        earlier = [
            await _solution(
                ctx, problem, _attempt_stage(record, a), a.answer, plan.index, path, flaw, retry=True
            )
            for a in record.attempts[:-1]
            if a.answer is not None
        ]
        return [final, *earlier]

    found = [s for group in await asyncio.gather(*(one(plan) for plan in plans)) for s in group]
    paths = [s for s in found if s.retry_of is None]
    for number, retry in enumerate((s for s in found if s.retry_of is not None), start=len(plans)):
        paths.append(retry.model_copy(update={"path_index": number}))
    return paths


async def _solution(
    ctx: RunContext,
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
    final = next((c for c in record.checks if c.name == "antiderivative_verified"), None)
    normalized = None
    text = (
        answer.get("antiderivative") if isinstance(answer, dict) else getattr(answer, "antiderivative", None)
    )
    if final is not None and final.ok and text is not None:
        try:
            normalized = await ctx.pool.arun(
                normalize_antiderivative, text, problem.integrand, problem.variable
            )
        except (LimitError, ValueError) as err:
            record.failure = record.failure or f"normalize_failed:{err}"
            record.ok = False
    return SolutionRecord(
        path_index=plan_index,
        path=path,
        flaw=flaw,
        retry_of=plan_index if retry else None,
        correct=bool(final and final.ok),
        antiderivative=normalized,
        first_error_step=record.first_error_step,
        solve=record,
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
        out = RunOutput.open(loaded.output_dir, loaded.fingerprint(), cfg.name, overwrite=overwrite)
    except BaseException:
        await ctx.aclose()
        raise
    resumed = len(out.done)
    tally = Tally(
        accepted=len(out.accepted_ids),
        rejected=len(out.rejected_ids),
        reasons=Counter(out.rejected_reasons),  # the summary counts the whole run, resumed part included
        stage_providers={name: stage.provider for name, stage in cfg.stages.items()},
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
