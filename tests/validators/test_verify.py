"""The verify engine: one verdict per input line, in order, whatever each line holds."""

from __future__ import annotations

import json
from concurrent.futures import Future

from pebble import ProcessExpired

from validators.limits import CheckPool
from validators.verify import PairVerdict, summarize, verify_lines

GOOD = json.dumps({"integrand": "x*cos(x)", "antiderivative": "x*sin(x) + cos(x) + C"})
WRONG = json.dumps({"integrand": "x*cos(x)", "antiderivative": "x*sin(x) - cos(x)"})
IN_T = json.dumps({"integrand": "t*exp(t)", "antiderivative": "(t - 1)*exp(t)", "variable": "t", "id": 7})


class InlinePool:
    """Runs checks in this process; integrands named in ``failures`` fail the way a worker would."""

    timeout_s = 5.0

    def __init__(self, failures: dict[str, Exception] | None = None) -> None:
        self.failures = failures or {}

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        integrand = args[1]
        if integrand in self.failures:
            future.set_exception(self.failures[integrand])
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_verdicts_come_in_input_order_one_per_line():
    lines = [GOOD, WRONG, "", IN_T, "{not json", json.dumps({"integrand": "x"}), json.dumps([1, 2])]
    verdicts = list(verify_lines(lines, InlinePool()))
    assert [(v.line, v.ok, v.reason) for v in verdicts] == [
        (1, True, "equivalent"),
        (2, False, "not_equivalent"),
        (3, False, "bad_input"),  # a blank line is a line too: it gets its verdict
        (4, True, "equivalent"),
        (5, False, "bad_input"),
        (6, False, "bad_input"),
        (7, False, "bad_input"),
    ]
    assert verdicts[1].evidence["region"]
    assert verdicts[5].detail == "antiderivative: Field required"
    assert verdicts[6].detail == "expected a JSON object with integrand and antiderivative, got a list"


def test_lines_read_as_bytes_cost_only_themselves_when_they_are_not_text():
    lines = [b"\xef\xbb\xbf" + GOOD.encode(), b"\xff" + GOOD.encode(), WRONG.encode() + b"\r\n"]
    verdicts = list(verify_lines(lines, InlinePool()))
    assert [(v.line, v.reason) for v in verdicts] == [
        (1, "equivalent"),
        (2, "bad_input"),
        (3, "not_equivalent"),
    ]
    assert verdicts[1].detail == "not UTF-8: byte 0xff at column 1"  # a byte-order mark on line 1 is fine


def test_json_nested_past_the_recursion_limit_is_bad_input_not_a_crash():
    deep = "[" * 100_000 + "]" * 100_000
    (verdict, after) = verify_lines([deep, GOOD], InlinePool())
    assert (verdict.reason, after.reason) == ("bad_input", "equivalent")
    assert "nested deeper" in verdict.detail


def test_limits_become_verdicts_named_after_the_limit():
    pool = InlinePool(
        {"timeout": TimeoutError(), "memory": MemoryError(), "crash": ProcessExpired("gone", 9)}
    )
    lines = [
        json.dumps({"integrand": name, "antiderivative": "x"}) for name in ("timeout", "memory", "crash")
    ]
    verdicts = list(verify_lines(lines, pool))
    assert [v.reason for v in verdicts] == ["timeout", "memory", "worker_crashed"]
    assert verdicts[0].seconds == pool.timeout_s
    assert not any(v.ok for v in verdicts)


def test_unparsable_math_is_a_parse_verdict_not_bad_input():
    (verdict,) = verify_lines([json.dumps({"integrand": "x +* 1", "antiderivative": "x"})], InlinePool())
    assert verdict.reason == "parse_error"


def test_real_pool_checks_in_parallel_and_keeps_order():
    lines = [GOOD, WRONG] * 6
    with CheckPool(workers=2, timeout_s=30) as pool:
        verdicts = list(verify_lines(lines, pool))
    assert [v.ok for v in verdicts] == [True, False] * 6
    assert [v.line for v in verdicts] == list(range(1, 13))


def test_summary_counts_reasons_and_percentiles():
    def verdict(ok: bool, reason: str, seconds: float) -> PairVerdict:
        return PairVerdict(ok=ok, reason=reason, method="numeric", seconds=seconds)

    verdicts = [verdict(True, "equivalent", s / 100) for s in range(1, 99)]
    verdicts += [verdict(False, "not_equivalent", 0.5), verdict(False, "timeout", 10.0)]
    summary = summarize(verdicts, wall_seconds=4.0)
    assert (summary.total, summary.accepted) == (100, 98)
    assert summary.by_reason == {"equivalent": 98, "not_equivalent": 1, "timeout": 1}
    assert summary.checks_per_second == 25.0
    assert summary.median_seconds == 0.5
    assert summary.p99_seconds == 0.98  # nearest rank: the 99th of 100 values
    assert summarize([], wall_seconds=0.0).total == 0
