"""The rewards as TRL reward functions: ``f(prompts, completions, **kwargs) -> list[float]``.

TRL's ``GRPOTrainer`` calls each reward function with the batch's prompts and completions (plain strings,
or conversational ``[{"role": "assistant", "content": ...}]`` lists) and every other dataset column as a
keyword argument holding one value per completion; revsynth's ``grpo`` export provides ``family``,
``problem_id`` and the columns its family's check reads (``integrand`` and ``variable`` for the integral
families). A batch may mix families. Each function returns one float per completion and never raises.

It also never hangs: the SymPy work runs in a ``CheckPool`` of killable worker processes, each completion
under ``timeout_s`` and the whole batch under ``batch_timeout_s``; a completion stopped by either scores 0.
(Math-Verify's SIGALRM timeout breaks outside the main thread; worker processes do not.) The pool starts
on first use, not on import. Proved scores are cached, so the several reward functions TRL calls on one
batch check each completion once.

Efficiency compares completions of the same problem inside the batch (GRPO's group); under distributed
training each process sees only its own share of a group, and the comparison is among those.

Workers are started by a ``forkserver``, which re-imports the training script: keep its top level behind
the usual ``if __name__ == "__main__":`` guard, as for any multiprocessing code.
"""

from __future__ import annotations

import concurrent.futures
import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.families import DEFAULT_FAMILY, REGISTRY
from pipeline.rewards.components import (
    CompressionMethod,
    RewardComponents,
    RewardWeights,
    combine,
    compressed_size,
    efficiency_scores,
    format_score,
    step_validity,
)
from pipeline.rewards.scoring import SolutionScore, score_completion
from validators.limits import CheckPool

log = logging.getLogger(__name__)

RewardFunction = Callable[..., list[float]]


@dataclass
class RewardRuntime:
    """The worker pool and the cache behind the reward functions (one per process)."""

    workers: int = 2
    timeout_s: float = 30.0
    batch_timeout_s: float = 300.0
    memory_mb: int | None = 2048
    cache_size: int = 8192
    compression: CompressionMethod = "zlib"
    _pool: CheckPool | None = None
    _cache: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def pool(self) -> CheckPool:
        with self._lock:
            if self._pool is None:
                self._pool = CheckPool(
                    workers=self.workers, timeout_s=self.timeout_s, memory_mb=self.memory_mb
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def cached(self, key: tuple) -> SolutionScore | None:
        family, text, columns, with_steps = key
        for steps in (True,) if with_steps else (False, True):
            hit = self._cache.get((family, text, columns, steps))
            if hit is not None:
                return hit
        return None

    def remember(self, key: tuple, score: SolutionScore) -> None:
        if score.failure is not None:
            return  # a timeout may not recur on a quieter machine: do not pin it
        self._cache[key] = score
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


_RUNTIME = RewardRuntime()


def configure_rewards(**settings: Any) -> RewardRuntime:
    """Change workers, limits, cache size or compression (``RewardRuntime`` fields); restarts the pool."""
    global _RUNTIME
    _RUNTIME.close()
    current = {name: getattr(_RUNTIME, name) for name in RewardRuntime.__dataclass_fields__ if name[0] != "_"}
    unknown = set(settings) - set(current)
    if unknown:
        raise ValueError(f"unknown reward settings {sorted(unknown)}; known: {sorted(current)}")
    _RUNTIME = RewardRuntime(**{**current, **settings})
    return _RUNTIME


def score_completions(
    families: Sequence[str],
    texts: Sequence[str],
    columns: Sequence[dict[str, str]],
    *,
    with_steps: bool,
) -> list[SolutionScore]:
    """Score every completion in the pool, in parallel, each under the limits; failures score 0."""
    runtime = _RUNTIME
    keys = [
        (f, t, tuple(sorted(c.items())), with_steps) for f, t, c in zip(families, texts, columns, strict=True)
    ]
    scores: list[SolutionScore | None] = [runtime.cached(key) for key in keys]
    pending: dict[int, concurrent.futures.Future] = {}
    for i, (family, text, cols, steps) in enumerate(keys):
        if scores[i] is None:
            args = (family, text, dict(cols), steps)
            pending[i] = runtime.pool().submit(score_completion, *args, timeout_s=runtime.timeout_s)
    deadline = time.monotonic() + runtime.batch_timeout_s
    for i, future in pending.items():
        try:
            scores[i] = future.result(timeout=max(deadline - time.monotonic(), 0.0))
            runtime.remember(keys[i], scores[i])
        except concurrent.futures.TimeoutError:
            future.cancel()  # pebble kills the worker if the task is running
            scores[i] = SolutionScore.failed("timeout")
        except Exception as err:  # a crashed or killed worker is a zero score, never a crashed trainer
            scores[i] = SolutionScore.failed(f"{type(err).__name__}")
    return [score if score is not None else SolutionScore.failed("missing") for score in scores]


def completion_text(completion: object) -> str:
    """The assistant's text from a TRL completion: a string, a message dict, or a list of messages."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        content = completion.get("content")
        return content if isinstance(content, str) else ""
    if isinstance(completion, Sequence):
        parts = [
            completion_text(m)
            for m in completion
            if not isinstance(m, dict) or m.get("role", "assistant") == "assistant"
        ]
        return "\n".join(part for part in parts if part)
    return ""


class MissingColumns(ValueError):
    """The batch lacks dataset columns a family's check reads: every reward would be 0, silently.

    The one error a reward function raises, because it is a setup mistake (a dataset without revsynth's
    ``grpo`` columns, or a trainer dropping them with ``remove_unused_columns``), never a bad completion."""


def _column(kwargs: dict[str, Any], name: str, n: int, default: str | None) -> list[str | None]:
    values = kwargs.get(name)
    if values is None or isinstance(values, str) or not isinstance(values, Sequence) or len(values) != n:
        return [default] * n
    return [value if isinstance(value, str) and value else default for value in values]


def _required_column(kwargs: dict[str, Any], name: str, n: int) -> list[str | None] | None:
    """A column the check needs: None when the batch does not carry it; an empty string is a value."""
    values = kwargs.get(name)
    if values is None or isinstance(values, str) or not isinstance(values, Sequence) or len(values) != n:
        return None
    return [value if isinstance(value, str) else None for value in values]


@dataclass(frozen=True)
class _Batch:
    texts: list[str]
    families: list[str]
    columns: list[dict[str, str] | None]  # None: a column the family's check needs is missing
    groups: list[str]


def _batch(completions: Sequence[object], kwargs: dict[str, Any]) -> _Batch:
    n = len(completions)
    texts = [completion_text(c) for c in completions]
    families = [f if f in REGISTRY else DEFAULT_FAMILY for f in _column(kwargs, "family", n, DEFAULT_FAMILY)]
    names = sorted(
        {name for family in set(families) for name in REGISTRY[family].rendering.columns} - {"variable"}
    )
    values = {name: _required_column(kwargs, name, n) for name in names}
    missing = [name for name, column in values.items() if column is None]
    if missing and n:
        raise MissingColumns(
            f"the reward functions need the dataset columns {missing}, which revsynth's grpo export has "
            f"(with 'family' and 'variable'); got columns {sorted(kwargs)}. If the dataset has them, the "
            "trainer dropped them: set remove_unused_columns=False in its config"
        )
    variables = [v or "x" for v in _column(kwargs, "variable", n, "x")]
    columns: list[dict[str, str] | None] = []
    for i, family in enumerate(families):
        wanted = [name for name in REGISTRY[family].rendering.columns if name != "variable"]
        needed = {name: values[name][i] for name in wanted}  # type: ignore[index]
        complete = all(value is not None for value in needed.values())
        columns.append({**needed, "variable": variables[i]} if complete else None)  # type: ignore[dict-item]
    ids = _column(kwargs, "problem_id", n, None)
    groups = [
        pid or f"{family}|{sorted((cols or {}).items())}"
        for pid, family, cols in zip(ids, families, columns, strict=True)
    ]
    return _Batch(texts, families, columns, groups)


def _scores(batch: _Batch, with_steps: bool) -> list[SolutionScore]:
    known = [i for i, c in enumerate(batch.columns) if c is not None]
    proved = score_completions(
        [batch.families[i] for i in known],
        [batch.texts[i] for i in known],
        [batch.columns[i] for i in known],  # type: ignore[misc]
        with_steps=with_steps,
    )
    scores = [SolutionScore.failed("missing_column")] * len(batch.texts)
    for i, score in zip(known, proved, strict=True):
        scores[i] = score
    return scores


def components_of(batch: _Batch, scores: list[SolutionScore]) -> list[RewardComponents]:
    """The four reward components of every completion of a batch (efficiency within each group)."""
    sizes = [compressed_size(text, _RUNTIME.compression) for text in batch.texts]
    efficiency = efficiency_scores(sizes, [s.correct for s in scores], batch.groups)
    return [
        RewardComponents(
            correctness=float(s.correct),
            step_validity=step_validity(s.step_labels),
            format=format_score(s.layout in ("json", "text"), s.answer_parses, s.answer_form),
            efficiency=e,
        )
        for s, e in zip(scores, efficiency, strict=True)
    ]


def _reward_function(
    name: str, with_steps: bool, pick: Callable[[RewardComponents], float]
) -> RewardFunction:
    def reward(
        prompts: Sequence[object] | None = None, completions: Sequence[object] = (), **kwargs: Any
    ) -> list[float]:
        try:
            completions = list(completions or [])
        except TypeError:
            return []
        try:
            batch = _batch(completions, kwargs)
            return [float(pick(c)) for c in components_of(batch, _scores(batch, with_steps))]
        except MissingColumns:
            raise  # a setup mistake: every reward would be 0, so say so instead
        except Exception:  # a bad completion or a broken worker must never take the trainer down
            log.exception("%s failed on a batch of %d; scoring it 0", name, len(completions))
            return [0.0] * len(completions)

    reward.__name__ = reward.__qualname__ = name
    reward.__doc__ = (
        f"TRL reward function `{name}`: one float per completion, never hangs; raises only MissingColumns "
        "when the batch lacks the columns its family's check reads."
    )
    return reward


correctness_reward = _reward_function("correctness_reward", False, lambda c: c.correctness)
"""1.0 when the completion's final answer passes its family's final check (the integral families: it
differentiates back to the ``integrand`` column), else 0.0."""

step_validity_reward = _reward_function("step_validity_reward", True, lambda c: c.step_validity)
"""Share of the completion's steps proved correct, none counted after the first incorrect one."""

format_reward = _reward_function("format_reward", False, lambda c: c.format)
"""A third each: readable layout with steps, parsable final answer, the family's answer form (``+ C``)."""

efficiency_reward = _reward_function("efficiency_reward", False, lambda c: c.efficiency)
"""Shortest correct compressed size in the group / own size; 0 for an incorrect completion."""


def make_combined_reward(
    weights: RewardWeights | None = None, name: str = "revsynth_reward"
) -> RewardFunction:
    """A TRL reward function giving the weighted combination of all four components."""
    chosen = weights or RewardWeights()
    return _reward_function(name, True, functools.partial(combine, weights=chosen))


combined_reward = make_combined_reward()
