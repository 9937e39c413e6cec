"""CheckPool runs work in killable workers: results come back, limits come back as named LimitErrors."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sympy

from validators.limits import CheckPool, LimitError, LimitExceeded
from validators.parse import ParseError, ParseRefusal, parse_math

# Workers import these by module path, so they must live at module level.


def square(n: int) -> int:
    return n * n


def power(base: int, *, exponent: int) -> int:
    return base**exponent


def loop_forever() -> None:
    while True:
        pass


def sleep_forever() -> None:
    time.sleep(3600)


def allocate_10_gb() -> int:
    return len(bytearray(10 * 2**30))


def exit_abruptly() -> None:
    os._exit(1)


def raise_value_error() -> None:
    raise ValueError("from the task")


@pytest.fixture(scope="module")
def pool() -> Iterator[CheckPool]:
    with CheckPool(workers=2, timeout_s=5.0, memory_mb=1024) as shared:
        yield shared


def test_run_returns_the_result(pool: CheckPool) -> None:
    assert pool.run(square, 7) == 49
    assert pool.run(power, 2, exponent=10) == 1024


def test_sympy_results_and_parse_errors_cross_the_process_boundary(pool: CheckPool) -> None:
    x = sympy.Symbol("x")
    assert pool.run(parse_math, r"\frac{x^2}{2}") == x**2 / 2
    with pytest.raises(ParseError) as caught:
        pool.run(parse_math, "().__class__")
    assert caught.value.reason is ParseRefusal.FORBIDDEN


def test_errors_raised_by_the_task_reach_the_caller_unchanged(pool: CheckPool) -> None:
    with pytest.raises(ValueError, match="from the task"):
        pool.run(raise_value_error)


def test_a_busy_loop_is_killed_at_the_limit_and_the_pool_keeps_working(pool: CheckPool) -> None:
    with pytest.raises(LimitError) as caught:
        pool.run(loop_forever, timeout_s=0.5)
    assert caught.value.kind is LimitExceeded.TIMEOUT
    assert caught.value.seconds == 0.5
    assert pool.run(square, 3) == 9


def test_a_task_that_sleeps_forever_times_out_instead_of_hanging(pool: CheckPool) -> None:
    started = time.monotonic()
    with pytest.raises(LimitError) as caught:
        pool.run(sleep_forever, timeout_s=1.0)
    assert caught.value.kind is LimitExceeded.TIMEOUT
    assert time.monotonic() - started < 60  # nowhere near the hour the task asked for


def test_running_out_of_the_memory_cap_is_a_memory_limit(pool: CheckPool) -> None:
    with pytest.raises(LimitError) as caught:
        pool.run(allocate_10_gb)
    assert caught.value.kind is LimitExceeded.MEMORY
    assert pool.run(square, 4) == 16


def test_a_dying_worker_is_a_crash_and_the_pool_replaces_it(pool: CheckPool) -> None:
    with pytest.raises(LimitError) as caught:
        pool.run(exit_abruptly)
    assert caught.value.kind is LimitExceeded.CRASH
    assert pool.run(square, 5) == 25


async def test_arun_returns_results_and_limit_errors(pool: CheckPool) -> None:
    assert await pool.arun(square, 6) == 36
    with pytest.raises(LimitError) as caught:
        await pool.arun(loop_forever, timeout_s=0.5)
    assert caught.value.kind is LimitExceeded.TIMEOUT


async def test_arun_runs_tasks_concurrently_without_blocking_the_loop(pool: CheckPool) -> None:
    results = await asyncio.gather(*(pool.arun(square, n) for n in range(10)))
    assert results == [n * n for n in range(10)]


async def test_cancelling_arun_kills_the_running_work() -> None:
    with CheckPool(workers=1, timeout_s=60) as single:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(single.arun(loop_forever), timeout=0.5)
        # Had the only worker been left spinning, this would wait out its 60 s limit.
        assert await asyncio.wait_for(single.arun(square, 3), timeout=20) == 9


def test_a_closed_pool_refuses_work_and_closing_twice_is_fine() -> None:
    pool = CheckPool(workers=1)
    pool.close()
    pool.close()
    with pytest.raises(RuntimeError):
        pool.run(square, 2)


def test_limit_error_says_which_limit() -> None:
    error = LimitError(LimitExceeded.TIMEOUT, 2.5)
    assert str(error) == "timeout after 2.50s"
    assert LimitExceeded.CRASH.value == "worker_crashed"


def test_a_pool_left_open_does_not_hang_interpreter_exit() -> None:
    script = (
        "from tests.validators.test_limits import square\n"
        "from validators.limits import CheckPool\n"
        "pool = CheckPool(workers=2)\n"
        "assert pool.run(square, 3) == 9\n"
        "pool.submit(square, 4)\n"
    )
    root = Path(__file__).resolve().parents[2]
    finished = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=120, capture_output=True)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
