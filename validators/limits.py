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
import contextvars
import io
import multiprocessing
import os
import resource
import signal
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from enum import StrEnum
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.context import ForkServerContext, ForkServerProcess, set_spawning_popen
from typing import Any

from pebble import ProcessExpired, ProcessPool

# The key of the work in progress (a run sets it to the sample's index): with ``CheckPool(affinity=True)``
# every task submitted under one key goes to the same worker, whose caches (SymPy's, the parser's, the
# teacher's memo) then already hold that sample's expressions. Routing only: no verdict depends on it.
AFFINITY: contextvars.ContextVar[int | None] = contextvars.ContextVar("revsynth_affinity", default=None)
AFFINITY_SLACK = 2  # a key's worker with this many more tasks waiting than the idlest one is passed over

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


class _NoMainPopen(popen_forkserver.Popen):
    """``popen_forkserver.Popen`` whose child does not run the parent's main module again.

    multiprocessing's preparation data tells every child to import the parent's ``__main__`` (for
    ``revsynth`` that is the CLI: typer, rich, the providers ...) so that functions defined there can be
    unpickled. Check workers only run functions of importable modules, so that import is pure cost, paid
    again by every new or replaced worker. ``_launch`` is the standard one (identical in Python 3.10-3.13)
    with the two ``init_main_*`` entries left out of the preparation data.
    """

    def _launch(self, process_obj):
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _NoMainProcess(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj):
        return _NoMainPopen(process_obj)


class _NoMainContext(ForkServerContext):
    """The forkserver context whose processes skip the parent's ``__main__`` (``_NoMainPopen``)."""

    Process = _NoMainProcess


def _stop_pools(pools: list[ProcessPool]) -> None:
    # Module-level (not a method) so the finalizer holds no reference to the CheckPool itself.
    for pool in pools:
        pool.stop()
    for pool in pools:
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
        import_main: bool = True,
        affinity: bool = False,
    ) -> None:
        if workers < 1 or timeout_s <= 0:
            raise ValueError("need at least one worker and a positive timeout")
        self.timeout_s = timeout_s
        # import_main=False: workers skip the parent's __main__ (only for pools whose functions all live in
        # importable modules, never in the script that was run): see _NoMainPopen.
        context = multiprocessing.get_context("forkserver") if import_main else _NoMainContext()
        # Only takes effect if this process's forkserver has not started yet (it is shared, process-wide).
        context.set_forkserver_preload(list(preload))
        # affinity: one single-worker pool per worker, a task routed by its AFFINITY key (else, and when
        # that worker is far behind, to the one with the fewest tasks waiting); otherwise one shared pool.
        shape = [1] * workers if affinity else [workers]
        self._pools = [
            ProcessPool(
                max_workers=size,
                max_tasks=max_tasks,
                initializer=_init_worker,
                initargs=(memory_mb, engine),
                context=context,
            )
            for size in shape
        ]
        self._pending = [0] * len(self._pools)
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _stop_pools, self._pools)

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, timeout_s: float | None = None, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        """Schedule ``fn(*args, **kwargs)``; the future fails with pebble's own errors (see ``run``)."""
        timeout = timeout_s or self.timeout_s
        if len(self._pools) == 1:
            return self._pools[0].schedule(fn, args=args, kwargs=kwargs, timeout=timeout)
        with self._lock:
            idlest = min(range(len(self._pools)), key=self._pending.__getitem__)
            key = AFFINITY.get()
            which = idlest if key is None else key % len(self._pools)
            if self._pending[which] >= self._pending[idlest] + AFFINITY_SLACK:
                which = idlest
            self._pending[which] += 1
        future = self._pools[which].schedule(fn, args=args, kwargs=kwargs, timeout=timeout)
        future.add_done_callback(lambda _done: self._finished(which))
        return future

    def _finished(self, which: int) -> None:
        with self._lock:
            self._pending[which] -= 1

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
