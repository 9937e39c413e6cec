"""The fast engine never accepts what the careful path rejects (``validators.fast_equivalence``).

Table-style: every labelled pair of the project's corpora (validators/corpus, the near-miss corpora of
benchmarks/corpus) goes through the fast engine alone; each pair it accepts must be accepted by the
careful path (engine "sympy") with the same method, and must not be labelled wrong. Plus the constructs
SymEngine rewrites unsoundly, which the fast engine must hand over.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import sympy

from validators import fast_equivalence
from validators.equivalence import _real_if_needed, check_antiderivative, check_equal
from validators.parse import ParseError, labelled_as_derivative, parse_math

ROOT = Path(__file__).resolve().parents[2]
CORPORA = sorted((ROOT / "validators/corpus").glob("*.jsonl")) + sorted(
    (ROOT / "benchmarks/corpus").glob("near_misses*.jsonl")
)
x = sympy.Symbol("x")


def _pairs() -> list[dict]:
    rows = []
    for path in CORPORA:
        for line in path.read_text().splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def _fast_only(row: dict):
    """The fast engine's verdict on a pair, or None (handed to the careful path)."""
    variable = row.get("variable", "x")
    if labelled_as_derivative(row["antiderivative"]):
        return None  # F'(x) = R: refused as a final before any engine sees R
    try:
        parsed = [parse_math(row["antiderivative"], variable), parse_math(row["integrand"], variable)]
    except ParseError:
        return None
    var, (big_f, g) = _real_if_needed(sympy.Symbol(variable), parsed)
    return fast_equivalence.fast_antiderivative(big_f, g, var, time.perf_counter())


@pytest.fixture
def careful():
    fast_equivalence.set_engine("sympy")
    yield
    fast_equivalence.set_engine("fast")


def test_fast_accepts_only_what_the_careful_path_accepts(careful) -> None:
    fast_equivalence.set_engine("fast")
    accepted = [(row, v) for row in _pairs() if (v := _fast_only(row)) is not None]
    assert accepted, "the fast engine should prove some corpus pairs"
    fast_equivalence.set_engine("sympy")
    for row, fast in accepted:
        assert fast.ok and row.get("label") != "wrong", row
        verdict = check_antiderivative(row["antiderivative"], row["integrand"], row.get("variable", "x"))
        assert verdict.ok, (row, verdict)
        assert (verdict.method, verdict.reason) == (fast.method, fast.reason), row


@pytest.mark.parametrize(
    "text",
    [
        "sqrt(1/x)",  # SymEngine: x**(-1/2), wrong for x < 0
        "1/sqrt(1/(x + 1))",  # SymEngine: sqrt(1 + x)
        "(1/x)**(1/3)",
        "sign(exp(x))",  # SymEngine: 1, wrong for complex x
        "Abs(x)",
        "sqrt(x*(x + 1))",  # a product under a root: handed over
        "(-x)**(1/3)",
        "(-2)**x",
        "I*x",
        "acosh(x)",  # SymEngine's derivative is wrong for x < -1
    ],
)
def test_unsound_constructs_are_handed_to_the_careful_path(text: str) -> None:
    assert not fast_equivalence.provable_tree(parse_math(text, "x"), x)


@pytest.mark.parametrize(
    "text", ["x**2*exp(x)", "sqrt(x**2 + 1)*atan(x)", "log(x)/x", "2**x*sin(3*x)", "(x + 1)**(3/2)"]
)
def test_elementary_trees_take_the_fast_path(text: str) -> None:
    assert fast_equivalence.provable_tree(parse_math(text, "x"), x)


@pytest.mark.parametrize(
    ("f", "g"),
    [
        ("sqrt(x)*sqrt(1/x)", "1"),  # true only for x > 0: must not be "proved"
        ("x", "sqrt(x)*sqrt(1/x)"),
        ("sign(exp(I*x))", "1"),
    ],
)
def test_rewrite_traps_are_not_proved_by_the_fast_engine(f: str, g: str) -> None:
    a, b = parse_math(f, "x"), parse_math(g, "x")
    assert fast_equivalence.fast_equal(a, b, x, time.perf_counter()) is None
    assert fast_equivalence.fast_antiderivative(a, b, x, time.perf_counter()) is None


def test_engines_agree_on_a_right_and_a_wrong_answer(careful) -> None:
    verdicts = {}
    for name in fast_equivalence.ENGINES:
        fast_equivalence.set_engine(name)
        verdicts[name] = (
            check_antiderivative("(x - 1)*exp(x)", "x*exp(x)").ok,
            check_antiderivative("x*exp(x)", "x*exp(x)").ok,
            check_equal("sin(x)**2 + cos(x)**2", "1").ok,
        )
    assert verdicts["fast"] == verdicts["sympy"] == (True, False, True)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        fast_equivalence.set_engine("turbo")


def test_rejections_are_the_same_verdicts_with_and_without_the_probe_shortcut(careful) -> None:
    """A wrong pair is rejected at the careful path's first point, with the same evidence, either way."""
    textbook = (ROOT / "validators/corpus/textbook.jsonl").read_text().splitlines()
    rows = [row for row in map(json.loads, textbook) if row.get("label") == "wrong"][::3]  # quick ones
    for row in rows:
        verdicts = []
        for name in ("sympy", "fast"):
            fast_equivalence.set_engine(name)
            try:
                v = check_antiderivative(row["antiderivative"], row["integrand"], row.get("variable", "x"))
            except ValueError as err:  # a pair that breaks the careful path breaks it either way
                verdicts.append(("raised", type(err).__name__))
                continue
            verdicts.append((v.ok, v.reason, v.method, v.detail, v.evidence))
        assert verdicts[0] == verdicts[1], row


@pytest.mark.parametrize("name", fast_equivalence.ENGINES)
def test_a_plain_difference_beside_a_constant_too_small_to_judge_is_refuted(name: str, careful) -> None:
    """10**-800 is too small to judge, but a difference of 1 beside it is a counterexample at any tolerance:
    the probe looks at the digits of ordinary constants first, and the verdict names the point."""
    fast_equivalence.set_engine(name)
    wrong = check_antiderivative("sin(x) + x + 10**-800*x", "cos(x)")
    assert (wrong.ok, wrong.reason.value) == (False, "not_equivalent")
    assert wrong.evidence["difference"] == "1.0"
    small = check_antiderivative("sin(x) + 10**-800*x", "cos(x)")  # only the tiny constant differs
    assert (small.ok, small.reason.value) == (False, "undecided")
