"""Regression harness for the math parser: every text it is given, read the same before and after a change.

A speed-up of ``validators.parse`` must not change a single reading, so this script (1) collects the
calls the parser really gets, by wrapping its public functions while the checks run, (2) records what
each call returns (``srepr`` of the expression and the differential, or the refusal's reason and detail)
and (3) compares a later run with that record byte for byte. It also reports the parser's CPU time over
the calls (``time.process_time``), each call read once, cold (caches cleared).

Run (the files are large and belong in /tmp, not in git)::

    .venv/bin/python benchmarks/parse_regression.py collect /tmp/parse_calls.json [samples]
    .venv/bin/python benchmarks/parse_regression.py record  /tmp/parse_calls.json /tmp/parse_baseline.json
    .venv/bin/python benchmarks/parse_regression.py compare /tmp/parse_calls.json /tmp/parse_baseline.json
    .venv/bin/python benchmarks/parse_regression.py profile /tmp/parse_calls.json [sort key]

``PARSE_ROOT=/tmp/base`` times (and records) the parser of another checkout, e.g. ``git archive`` of the
commit before a change. ``--warm`` also reads every call a second time (caches filled) and checks it
reads the same.

``collect`` gathers (a) every field of every real answer (``benchmarks/corpus/real_answers*``), read
directly and as the solve check reads it (``check_solve`` on the extracted answer); (b) the integrand
and antiderivative texts of the near-miss and validator corpora; (c) the derive and solve checks of
``samples`` generated samples (default 100), as ``benchmarks/profile_sample.py`` runs them.
"""

from __future__ import annotations

import contextlib
import cProfile
import dataclasses
import json
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if os.environ.get("PARSE_ROOT"):  # the parser of another checkout (the commit before a change), for timing
    sys.path.insert(0, os.environ["PARSE_ROOT"])

import sympy  # noqa: E402

from validators import parse  # noqa: E402
from validators.parse_refusals import ParseError, ParseLimits  # noqa: E402

Call = tuple[str, str, str, dict[str, int]]  # (function, text, variable, limits)


class _Recorder:
    """Wraps the public parse functions (wherever they were imported) and keeps each distinct call."""

    def __init__(self) -> None:
        self.calls: dict[Call, None] = {}
        self.originals = {name: getattr(parse, name) for name in ("parse_with_differential", "parse_chain")}

    def _wrap(self, name: str) -> Callable[..., Any]:
        original = self.originals[name]

        def wrapper(text, variable="x", limits=parse.DEFAULT_LIMITS):
            if isinstance(text, str) and isinstance(limits, ParseLimits):
                key = (name, text, variable, tuple(sorted(dataclasses.asdict(limits).items())))
                self.calls.setdefault(key, None)  # type: ignore[arg-type]
            return original(text, variable, limits)

        return wrapper

    def __enter__(self) -> _Recorder:
        wrappers = {name: self._wrap(name) for name in self.originals}  # parse_math calls the first
        for module in list(sys.modules.values()):
            for name, original in self.originals.items():
                if getattr(module, name, None) is original:
                    setattr(module, name, wrappers[name])
        return self

    def __exit__(self, *exc: object) -> None:
        for module in list(sys.modules.values()):
            for name, original in self.originals.items():
                current = getattr(module, name, None)
                if getattr(current, "__name__", "") == "wrapper":
                    setattr(module, name, original)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _read_directly(text: str, variable: str) -> None:
    for function in (parse.parse_with_differential, parse.parse_chain):
        with contextlib.suppress(ParseError, ValueError):
            function(text, variable)


def _real_answers() -> None:
    from pipeline.families.ibp.answers import SolveAnswer
    from pipeline.families.ibp.checks import check_solve
    from pipeline.providers.json_extract import AnswerFormatError, find_json_objects, parse_answer
    from pipeline.run.problems_file import ProblemSpec, problem_from_spec

    for folder in sorted((ROOT / "benchmarks/corpus").glob("real_answers*")):
        rows = [json.loads(line) for line in (folder / "problems.jsonl").read_text().splitlines() if line]
        specs = {row["id"]: ProblemSpec(**row) for row in rows}
        problems = {}
        for style in sorted(folder.glob("*.jsonl")):
            if style.name == "problems.jsonl":
                continue
            for i, line in enumerate(style.read_text().splitlines()):
                row = json.loads(line)
                pid = row["problem_id"]
                if pid not in problems:
                    problems[pid] = problem_from_spec(specs[pid], i, 0, "ibp", "x", {"train": 1.0})
                problem = problems[pid]
                try:
                    for candidate in find_json_objects(row["answer"]):
                        for text in _strings(candidate):
                            _read_directly(text, problem.variable)
                    answer = parse_answer(row["answer"], SolveAnswer)
                except AnswerFormatError:
                    continue
                check_solve(answer, problem)
            print(f"  {style.relative_to(ROOT)}", file=sys.stderr, flush=True)


def _near_misses() -> None:
    files = [*sorted((ROOT / "benchmarks/corpus").glob("near_misses*.jsonl")),
             *sorted((ROOT / "validators/corpus").glob("*.jsonl"))]  # fmt: skip
    for path in files:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for field in ("integrand", "antiderivative"):
                if isinstance(row.get(field), str):
                    _read_directly(row[field], row.get("variable", "x"))


def _samples(count: int) -> None:
    from pipeline.families import get_family
    from pipeline.run.loading import load_run

    cfg = load_run(str(ROOT / "configs/ibp.yaml")).config
    family = get_family(cfg.family)
    for index in range(count):
        problem = family.sample(cfg.seed, index, cfg.variable, cfg.sampler)
        answers: dict = {}
        for spec in family.stages:
            path = family.paths[0] if spec.paths else None
            answer = spec.teach(problem, spec.inputs(problem, answers), path, None)
            answers[spec.name] = answer
            spec.check(answer, problem)


def collect(out: Path, samples: int) -> None:
    with _Recorder() as recorder:
        _near_misses()
        print(f"near misses: {len(recorder.calls)} calls", file=sys.stderr, flush=True)
        _samples(samples)
        print(f"+ samples: {len(recorder.calls)} calls", file=sys.stderr, flush=True)
        _real_answers()
        print(f"+ real answers: {len(recorder.calls)} calls", file=sys.stderr, flush=True)
    rows = [{"function": f, "text": t, "variable": v, "limits": dict(lim)} for f, t, v, lim in recorder.calls]
    out.write_text(json.dumps(rows, ensure_ascii=False))


_CPU = [0.0]  # CPU seconds spent inside the parse calls (not in srepr)


def _reading(row: dict[str, Any]) -> str:
    function = getattr(parse, row["function"])
    limits = ParseLimits(**row["limits"])
    start = time.process_time()
    try:
        result = function(row["text"], row["variable"], limits)
    except ParseError as err:
        return f"refused {err.reason.value}: {err.detail}"
    except Exception as exc:  # noqa: BLE001 - any other outcome is recorded too
        return f"raised {type(exc).__name__}: {exc}"
    finally:
        _CPU[0] += time.process_time() - start
    readings = result if isinstance(result, list) else [result]
    return " | ".join(f"{sympy.srepr(expr)} d={differential}" for expr, differential in readings)


def _clear_caches() -> None:
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("validators.parse") or module is parse:
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()


def readings(rows: list[dict[str, Any]], warm: bool) -> tuple[list[str], float, float]:
    """Each call's reading, cold; CPU seconds of all calls, and of a second, warm pass (with ``warm``,
    which must read every call the same)."""
    _clear_caches()
    sympy.core.cache.clear_cache()
    _CPU[0] = 0.0
    results = [_reading(row) for row in rows]
    cold = _CPU[0]
    if not warm:
        return results, cold, 0.0
    _CPU[0] = 0.0
    warm_results = [_reading(row) for row in rows]
    seconds = _CPU[0]
    mismatched = [i for i, (a, b) in enumerate(zip(results, warm_results, strict=True)) if a != b]
    if mismatched:
        print(f"warm pass differs from the cold one at {len(mismatched)} calls", file=sys.stderr)
        results[mismatched[0]] += " (warm pass differs)"
    return results, cold, seconds


def main() -> int:
    command, calls_path = sys.argv[1], Path(sys.argv[2])
    if command == "collect":
        collect(calls_path, int(sys.argv[3]) if len(sys.argv) > 3 else 100)
        return 0
    rows = json.loads(calls_path.read_text())
    for _ in range(2):  # import and warm the converter first, so the timing is the parser's own work
        _reading({"function": "parse_with_differential", "text": r"\frac{x}{2}", "variable": "x",
                  "limits": dataclasses.asdict(parse.DEFAULT_LIMITS)})  # fmt: skip
    if command == "profile":  # where the parser's CPU goes, over all calls (cProfile, cumulative)
        profiler = cProfile.Profile()
        profiler.enable()
        readings(rows, warm=False)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(sys.argv[3] if len(sys.argv) > 3 else "cumulative").print_stats(60)
        return 0
    results, cold, warm = readings(rows, warm="--warm" in sys.argv)
    print(f"{len(rows)} calls: cold {1000 * cold:.0f} CPU ms ({1000 * cold / len(rows):.3f} ms/call), "
          f"warm {1000 * warm:.0f} CPU ms")  # fmt: skip
    baseline_path = Path(sys.argv[3])
    if command == "record":
        baseline_path.write_text(json.dumps(results, ensure_ascii=False))
        return 0
    baseline = json.loads(baseline_path.read_text())
    if len(baseline) != len(results):
        print(f"baseline has {len(baseline)} readings, this run {len(results)}")
        return 1
    mismatches = [i for i, (a, b) in enumerate(zip(baseline, results, strict=True)) if a != b]
    for i in mismatches[:20]:
        print(f"MISMATCH {rows[i]['function']}({rows[i]['text']!r}, {rows[i]['variable']!r})")
        print(f"  before: {baseline[i][:300]}\n  after:  {results[i][:300]}")
    print(f"compared {len(results)} calls: {len(mismatches)} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
