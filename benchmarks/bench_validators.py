"""Benchmark: our antiderivative check vs the textbook ``simplify(diff(F, x) - g) == 0``, on the corpus.

Run: ``.venv/bin/python benchmarks/bench_validators.py`` (or ``make bench``; about 3 minutes on 2 cores).

Fairness: both checkers get the same parsed pairs (parsing is not timed) and run in the same
``CheckPool`` of 2 workers, their tasks *interleaved* (ours, baseline, ours, baseline ...), so both see the
same machine load, each starting from a cleared SymPy cache. Each check is timed by the CPU time of its
worker process (``time.process_time``), which other processes on a shared machine do not inflate.
Each has a hard time limit (the baseline's ``simplify`` would otherwise hang the bench); a check
stopped by its limit counts as not accepted and as taking the whole limit. checks/s is the throughput of
the 2 workers: 2 / mean seconds per check.

Prints a table and writes it to ``benchmarks/README.md`` under "## Validators" (other sections are kept).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sympy  # noqa: E402
from readme_section import replace_section  # noqa: E402  (benchmarks/, the script folder)

from validators.equivalence import check_antiderivative  # noqa: E402
from validators.limits import CheckPool  # noqa: E402
from validators.parse import ParseError, parse_math  # noqa: E402

CORPUS = ROOT / "validators" / "corpus"
LIMIT_S = {"ours": 30.0, "baseline": 3.0}
WORKERS = 2
CHECKERS = {"ours": "ours: `check_antiderivative`", "baseline": "baseline: `simplify(diff(F) - g) == 0`"}


def read(text: str) -> tuple[sympy.Expr, bool]:
    """(expression, refused by the answer parser). Corpus strings the answer language cannot spell
    (polylog, hyper, Piecewise ...) are read by SymPy's own parser: this is our committed data, not model
    output, and the bench measures the equivalence engine. The refusals are counted below the table."""
    try:
        return parse_math(text), False
    except ParseError:
        names = {s: sympy.Symbol(s) for s in ("x", "a", "b", "n", "m", "C")}
        return sympy.parse_expr(text, local_dict=names), True


def timed_check(checker: str, antiderivative: sympy.Expr, integrand: sympy.Expr) -> tuple[bool, float]:
    """Run one checker in a worker: (accepted, CPU seconds), from a cold SymPy cache (as for a new answer:
    otherwise whichever checker runs second on a pair in the same worker would reuse the other's work)."""
    sympy.core.cache.clear_cache()
    start = time.process_time()
    if checker == "ours":
        ok = check_antiderivative(antiderivative, integrand).ok
    else:
        ok = sympy.simplify(sympy.diff(antiderivative, sympy.Symbol("x")) - integrand) == 0
    return bool(ok), time.process_time() - start


def run_both(pairs: list[tuple[sympy.Expr, sympy.Expr]]) -> dict[str, list[tuple[bool, float, bool]]]:
    """checker -> [(accepted, seconds, stopped by limit)] in corpus order."""
    results: dict[str, list[tuple[bool, float, bool]]] = {name: [] for name in CHECKERS}
    with CheckPool(workers=WORKERS, timeout_s=max(LIMIT_S.values())) as pool:
        futures = [
            (name, pool.submit(timed_check, name, big_f, g, timeout_s=LIMIT_S[name]))
            for big_f, g in pairs
            for name in CHECKERS
        ]
        for name, future in futures:
            try:
                ok, seconds = future.result()
                results[name].append((ok, seconds, False))
            except Exception:  # timeouts, memory, crashes: not accepted, cost the whole limit
                results[name].append((False, LIMIT_S[name], True))
    return results


def figures(results: list[tuple[bool, float, bool]], rows: list[dict]) -> dict:
    seconds = sorted(s for _, s, _ in results)
    outcomes = list(zip(results, rows, strict=True))
    correct = [ok for (ok, _, _), r in outcomes if r["label"] == "correct"]
    return {
        "checks_per_second": WORKERS / statistics.mean(seconds),
        "median_ms": 1000 * statistics.median(seconds),
        "p99_ms": 1000 * seconds[math.ceil(0.99 * len(seconds)) - 1],
        "correct_accepted_pct": 100 * sum(correct) / max(1, len(correct)),
        "wrong_accepted": sum(ok for (ok, _, _), r in outcomes if r["label"] == "wrong"),
        "stopped": sum(stopped for _, _, stopped in results),
        "missed": [r for (ok, _, _), r in outcomes if r["label"] == "correct" and not ok],
        "false_accepts": [r for (ok, _, _), r in outcomes if r["label"] == "wrong" and ok],
    }


def median_by_source(results: list[tuple[bool, float, bool]], rows: list[dict]) -> dict[str, float]:
    by_source: dict[str, list[float]] = {}
    for (_, seconds, _), row in zip(results, rows, strict=True):
        by_source.setdefault(row["source"].split(":")[0], []).append(seconds)
    return {source: 1000 * statistics.median(values) for source, values in sorted(by_source.items())}


def table(all_figures: dict[str, dict], by_source: dict[str, dict], rows: list[dict], refused: int) -> str:
    correct = sum(r["label"] == "correct" for r in rows)
    lines = [
        f"Corpus: {len(rows)} pairs ({correct} correct, {len(rows) - correct} wrong) from "
        f"`validators/corpus/*.jsonl`; {WORKERS} workers, both checkers interleaved in one run, "
        f"CPU seconds per check; load average {os.getloadavg()[0]:.1f} when the table was written (2 cores).",
        "",
        "| checker (hard limit) | checks/s | median ms | p99 ms | correct accepted | wrong accepted "
        "| stopped by limit |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f in all_figures.items():
        lines.append(
            f"| {CHECKERS[name]} ({LIMIT_S[name]:g} s) | {f['checks_per_second']:.1f} | {f['median_ms']:.1f} "
            f"| {f['p99_ms']:.0f} | {f['correct_accepted_pct']:.2f} % | {f['wrong_accepted']} "
            f"| {f['stopped']} |"
        )
    ratio = all_figures["baseline"]["median_ms"] / max(all_figures["ours"]["median_ms"], 1e-9)
    sources = list(by_source["ours"])
    lines += [
        "",
        f"Median time per check, baseline / ours: **{ratio:.1f}x**.",
        "",
        "| median ms by source | " + " | ".join(sources) + " |",
        "|---|" + "---|" * len(sources),
    ]
    for name in CHECKERS:
        lines.append(f"| {name} | " + " | ".join(f"{by_source[name][s]:.1f}" for s in sources) + " |")
    lines += [
        "",
        f"{refused} of {len(rows)} pairs use a function or form the answer parser (`validators/parse.py`) "
        "refuses (polylog, hyper, elliptic, Bessel, Piecewise ...); the bench reads them with SymPy's "
        "parser so that the engine is measured on them too.",
    ]
    return "\n".join(lines) + "\n"


INTRO = (
    "`benchmarks/bench_validators.py` (run by `make bench`): the final-answer check (F' − g ≡ 0) on\n"
    "the labelled corpus (written by `benchmarks/make_corpus.py`, every label re-checked by an\n"
    "independent method), against plain `simplify`.\n\n"
)


def write_readme(section: str) -> None:
    """Replace (or add) the "## Validators" section of benchmarks/README.md, keeping the others."""
    replace_section("Validators", INTRO + section)


def main() -> None:
    rows = [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl")) for line in path.open()]
    read_rows = [(read(r["antiderivative"]), read(r["integrand"])) for r in rows]
    pairs = [(big_f, g) for (big_f, _), (g, _) in read_rows]
    refused = sum(a or b for (_, a), (_, b) in read_rows)
    results = run_both(pairs)
    all_figures = {name: figures(results[name], rows) for name in CHECKERS}
    by_source = {name: median_by_source(results[name], rows) for name in CHECKERS}
    section = table(all_figures, by_source, rows, refused)
    print(section)
    for r in all_figures["ours"]["missed"]:
        print(f"  ours missed: {r['antiderivative']} | {r['integrand']} ({r['source']}: {r['note']})")
    for r in all_figures["ours"]["false_accepts"]:
        print(f"  OURS ACCEPTED A WRONG PAIR: {r['antiderivative']} | {r['integrand']}")
    write_readme(section)


if __name__ == "__main__":
    main()
