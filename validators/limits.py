"""Hard wall-clock and memory limits for SymPy work, enforced by killable worker processes.

SymPy can hang (``simplify``, ``integrate``, ``factor`` on hostile input) or eat all memory, and a hang in
a thread cannot be stopped. So every call that might runs in a ``pebble`` worker process: a task past its
time limit has its worker killed (the pool starts a fresh one and keeps going), and a worker's address
space is capped with ``RLIMIT_AS`` so a runaway allocation becomes a ``MemoryError`` in the worker rather
than the machine swapping. All three ways a task can be stopped surface as one ``LimitError`` whose
``kind`` names which limit was hit.

Workers come from a ``forkserver`` that has already imported SymPy: forking it is cheap and safe, unlike
forking the (multi-threaded) parent process, and no worker pays for ``import sympy`` again.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import resource
import signal
import time
import weakref
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from pebble import ProcessExpired, ProcessPool

DEFAULT_PRELOAD: tuple[str, ...] = (
    "sympy", "symengine", "mpmath", "validators.parse", "validators.equivalence",
)  # fmt: skip


class LimitExceeded(StrEnum):
    """Which limit stopped a task."""

    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASH = "worker_crashed"


class LimitError(RuntimeError):
    """A task was stopped by a limit; ``seconds`` is the time limit (timeout) or the time until it failed."""

    def __init__(self, kind: LimitExceeded, seconds: float, detail: str = "") -> None:
        self.kind = kind
        self.seconds = seconds
        self.detail = detail
        super().__init__(f"{kind} after {seconds:.2f}s" + (f": {detail}" if detail else ""))

    def __reduce__(self) -> tuple[type[LimitError], tuple[LimitExceeded, float, str]]:
        return (LimitError, (self.kind, self.seconds, self.detail))


def _init_worker(memory_mb: int | None, engine: str | None = None) -> None:
    """Runs once in each worker: cap its memory, leave Ctrl-C to the parent, choose the check engine
    (``validators.fast_equivalence``), warm SymPy's caches."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if engine is not None:
        from validators.fast_equivalence import set_engine

        set_engine(engine)
    if memory_mb is not None:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    import sympy

    x = sympy.Symbol("x")
    sympy.diff(x * sympy.sin(x) * sympy.exp(x), x)


def _stop_pool(pool: ProcessPool) -> None:
    # Module-level (not a method) so the finalizer holds no reference to the CheckPool itself.
    pool.stop()
    pool.join()


class CheckPool:
    """A pool of worker processes that run functions under a time limit and a memory cap.

    ``fn`` must be picklable: a module-level function of an importable module, with picklable arguments.
    Use as a context manager, or call ``close()``; a pool that is never closed is stopped at interpreter
    exit, so it cannot hang it.
    """

    def __init__(
        self,
        workers: int = 2,
        timeout_s: float = 10.0,
        memory_mb: int | None = 2048,
        max_tasks: int = 500,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        engine: str | None = None,
    ) -> None:
        if workers < 1 or timeout_s <= 0:
            raise ValueError("need at least one worker and a positive timeout")
        self.timeout_s = timeout_s
        context = multiprocessing.get_context("forkserver")
        # Only takes effect if this process's forkserver has not started yet (it is shared, process-wide).
        context.set_forkserver_preload(list(preload))
        self._pool = ProcessPool(
            max_workers=workers,
            max_tasks=max_tasks,
            initializer=_init_worker,
            initargs=(memory_mb, engine),
            context=context,
        )
        self._finalizer = weakref.finalize(self, _stop_pool, self._pool)

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, timeout_s: float | None = None, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        """Schedule ``fn(*args, **kwargs)``; the future fails with pebble's own errors (see ``run``)."""
        return self._pool.schedule(fn, args=args, kwargs=kwargs, timeout=timeout_s or self.timeout_s)

    def run(
        self, fn: Callable[..., Any], /, *args: Any, timeout_s: float | None = None, **kwargs: Any
    ) -> Any:
        """Run ``fn`` in a worker and return its result; ``LimitError`` if a limit stopped it.

        Exceptions ``fn`` raises itself (other than ``MemoryError``) reach the caller unchanged.
        """
        limit = timeout_s or self.timeout_s
        started = time.monotonic()
        future = self.submit(fn, *args, timeout_s=limit, **kwargs)
        try:
            return future.result()
        except Exception as error:
            limit_error = _as_limit_error(error, limit, started)
            if limit_error is None:
                raise
            raise limit_error from error

    async def arun(
        self, fn: Callable[..., Any], /, *args: Any, timeout_s: float | None = None, **kwargs: Any
    ) -> Any:
        """``run`` for asyncio code: awaits the worker without blocking the event loop.

        Cancelling the awaiting task cancels the work too (pebble kills the worker running it).
        """
        limit = timeout_s or self.timeout_s
        started = time.monotonic()
        future = self.submit(fn, *args, timeout_s=limit, **kwargs)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as error:
            limit_error = _as_limit_error(error, limit, started)
            if limit_error is None:
                raise
            raise limit_error from error

    def close(self) -> None:
        """Stop the workers now; pending tasks are cancelled. Safe to call twice."""
        self._finalizer()

    def __enter__(self) -> CheckPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _as_limit_error(error: Exception, limit: float, started: float) -> LimitError | None:
    """Name the limit behind a failed task, or None when ``fn`` itself failed (the caller re-raises)."""
    elapsed = time.monotonic() - started
    if isinstance(error, concurrent.futures.TimeoutError):
        return LimitError(LimitExceeded.TIMEOUT, limit)
    if isinstance(error, MemoryError):
        return LimitError(LimitExceeded.MEMORY, elapsed, "worker ran out of its memory cap")
    if isinstance(error, ProcessExpired):
        return LimitError(LimitExceeded.CRASH, elapsed, f"worker exited with code {error.exitcode}")
    return None
