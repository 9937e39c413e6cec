"""Benchmark: the problem generator, per construction, and the default config at scale.

Run: ``.venv/bin/python benchmarks/bench_generator.py`` (or ``make bench``); ``--quick`` for a small run.
For each construction (the default difficulty mix, one construction at a time):

* **problems/s per core**: ``sample_problem`` in this one process, rejected draws included;
* **survive validation**: the symbolic teacher's derive/reverse/solve answers pass every check, run in a
  ``CheckPool`` under a time limit as in a real run (``pipeline/families/teacher_check.py``);
* **needs parts**: SymPy's ``integral_steps`` (killable workers, hard limit) uses a parts rule, cannot
  solve, or finds nothing within the limit (``pipeline/families/ibp/generator/needs_parts.py``); the
  share of decided measurements (timeouts left out) is shown too;
* the redraws per problem by rule.

A baseline row measures the same needs-parts share on the derivatives of random trees (Lample &
Charton's backward method, no construction). Then the default config at scale: ``revsynth sample``'s
code path for N problems (duplicates skipped in index order), the mix it gives, and needs-parts on a
random subset. Writes ``benchmarks/README.md`` under "## Generator" (other sections are kept).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sympy  # noqa: E402
from readme_section import replace_section  # noqa: E402  (benchmarks/, the script folder)

from pipeline.core.problem import Problem  # noqa: E402
from pipeline.families.ibp.generator.needs_parts import (  # noqa: E402
    NEEDS_PARTS,
    PartsVerdict,
    measure_with_pool,
    needs_parts_share,
)
from pipeline.families.ibp.generator.rules import Rejected, check_real_values, check_tree_expression  # noqa: E402
from pipeline.families.ibp.generator.settings import (  # noqa: E402
    Construction,
    GeneratorConfig,
    Level,
    ProblemsVersion,
)
from pipeline.families.ibp.generator.trees import sample_tree, to_sympy  # noqa: E402
from pipeline.families.ibp.sampler import sample_problem  # noqa: E402
from pipeline.families.teacher_check import teacher_failure as validation_failure  # noqa: E402
from validators.limits import CheckPool  # noqa: E402

SEED = 2024
WORKERS = 2
VALIDATION_TIMEOUT_S = 60.0
NEEDS_PARTS_TIMEOUT_S = 10.0
PRELOAD = ("sympy", "validators.parse", "pipeline.families.ibp.sampler", "pipeline.families.teacher_check")


PROBLEMS_VERSION = ProblemsVersion.V2026_11_28
"""``--problems-version``: which draws the per-construction rows use."""


def sample_construction(construction: Construction, count: int) -> tuple[list[Problem], float]:
    """``count`` problems of one construction, drawn in this process; (problems, CPU seconds)."""
    config = GeneratorConfig(constructions={construction: 1}, problems_version=PROBLEMS_VERSION)
    sample_problem(SEED, 10**6, config=config)  # warm SymPy's caches, as a long-running worker would be
    started = time.process_time()  # CPU time: the 2 cores are shared with other jobs
    problems = [sample_problem(SEED, index, config=config) for index in range(count)]
    return problems, time.process_time() - started


def survival(problems: list[Problem], pool: CheckPool) -> tuple[float, Counter[str]]:
    futures = [pool.submit(validation_failure, p, timeout_s=VALIDATION_TIMEOUT_S) for p in problems]
    failures: Counter[str] = Counter()
    for future in futures:
        try:
            failure = future.result()
        except Exception as error:  # a limit (timeout, memory) is a failure to survive, named
            failure = f"limit:{getattr(error, 'kind', type(error).__name__)}"
        if failure:
            failures[failure] += 1
    return 1 - sum(failures.values()) / len(problems), failures


def backward_baseline(count: int) -> list[str]:
    """Derivatives of random trees (medium-level sizes), with only the sanity rules applied."""
    rng = random.Random(SEED)
    config = GeneratorConfig()
    level = config.levels[Level.MEDIUM]
    x = sympy.Symbol("x")
    found: list[str] = []
    while len(found) < count:
        big_f = to_sympy(sample_tree(rng, rng.randint(*level.operators), config.trees, None, x))
        try:
            check_tree_expression(big_f, x)
            g = sympy.diff(big_f, x)
            if not g.has(x) or g.has(sympy.zoo, sympy.nan) or len(sympy.sstr(g)) > level.max_integrand_chars:
                continue
            check_real_values(g, x)
        except Rejected:
            continue
        found.append(sympy.sstr(g))
    return found


def needs_parts_row(verdicts: list[PartsVerdict]) -> tuple[str, str, str]:
    decided = [v for v in verdicts if v is not PartsVerdict.TIMEOUT]
    counts = Counter(verdicts)
    share = needs_parts_share(verdicts)
    decided_share = needs_parts_share(decided) if decided else 0.0
    detail = ", ".join(f"{v.value} {counts[v]}" for v in PartsVerdict if counts[v])
    return f"{share:.1%}", f"{decided_share:.1%} of {len(decided)}", detail


def per_construction(count: int, pool: CheckPool) -> list[str]:
    lines = [
        f"Per construction: {count} problems each (seed {SEED}, default difficulty mix, problems_version "
        f"{PROBLEMS_VERSION.value}); problems per CPU-second in one process; validation in {WORKERS} "
        f"workers ({VALIDATION_TIMEOUT_S:g} s limit); "
        f"needs-parts with `integral_steps` ({NEEDS_PARTS_TIMEOUT_S:g} s limit, a timeout counts as "
        f'"cannot solve").',
        "",
        "| construction | problems/s per core | survive validation | needs parts "
        "| needs parts (decided only) | SymPy verdicts | redraws per problem (top rules) |",
        "|---|---|---|---|---|---|---|",
    ]
    notes = []
    for construction in Construction:
        problems, seconds = sample_construction(construction, count)
        share, failures = survival(problems, pool)
        integrands = [p.details.integrand for p in problems]
        verdicts = measure_with_pool(integrands, pool, timeout_s=NEEDS_PARTS_TIMEOUT_S)
        redraws: Counter[str] = Counter()
        for problem in problems:
            redraws.update(problem.rejected_draws)  # one entry per redrawn draft
        top = ", ".join(f"{rule} {n / count:.2f}" for rule, n in redraws.most_common(3)) or "none"
        needs, decided, detail = needs_parts_row(verdicts)
        lines.append(
            f"| {construction.value} | {count / seconds:.1f} | {share:.1%} | {needs} | {decided} "
            f"| {detail} | {sum(redraws.values()) / count:.2f} ({top}) |"
        )
        if failures:
            notes.append(f"{construction.value} validation failures: {dict(failures)}")
        print(lines[-1], flush=True)
    baseline = backward_baseline(count)
    needs, decided, detail = needs_parts_row(
        measure_with_pool(baseline, pool, timeout_s=NEEDS_PARTS_TIMEOUT_S)
    )
    baseline_name = "baseline: derivative of a random tree (no construction)"
    lines.append(f"| {baseline_name} | - | - | {needs} | {decided} | {detail} | - |")
    print(lines[-1], flush=True)
    return lines + ([""] + [f"- {note}" for note in notes] if notes else [])


def at_scale(count: int, measured: int, pool_workers: int) -> list[str]:
    from pipeline.cli.problems import sample_problems
    from pipeline.families.ibp.generator.hardness import measure_needs_parts
    from pipeline.families.shared.stats import compute_stats, flatten

    started = time.perf_counter()
    problems, skipped = sample_problems(ROOT / "configs" / "ibp.yaml", count, workers=pool_workers)
    seconds = time.perf_counter() - started
    rows = [flatten(p.model_dump()) for p in problems]
    stats = compute_stats(rows)
    report = measure_needs_parts(
        rows, measured, seed=SEED, workers=pool_workers, timeout_s=NEEDS_PARTS_TIMEOUT_S
    )
    verdicts = report.verdicts
    timeouts = verdicts.get(PartsVerdict.TIMEOUT.value, 0)
    decided = report.measured - timeouts - verdicts.get(PartsVerdict.UNREADABLE.value, 0)
    decided_needing = sum(
        n for v, n in verdicts.items() if v in {x.value for x in NEEDS_PARTS} and v != "timeout"
    )
    failed = sum(n for k, n in skipped.items() if k != "duplicate")
    return [
        f"Default config (`configs/ibp.yaml`, seed from the config) at scale: "
        f"`revsynth sample --count {count}` code path, {pool_workers} workers, {seconds:.0f} s "
        f"({count / seconds:.1f} problems/s).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| problems written | {stats.problems} |",
        f"| distinct canonical integrands | {stats.distinct_canonical} (duplicates in the output: "
        f"{stats.duplicate_canonical}) |",
        f"| duplicates skipped while sampling | {skipped.get('duplicate', 0)} |",
        f"| indices that failed (limit or error) | {failed} |",
        f"| constructions | {stats.constructions} |",
        f"| difficulty levels | {stats.difficulty} |",
        f"| parts applications | {stats.parts_applications} |",
        f"| splits | {stats.splits} (a canonical integrand in two splits: {stats.splits_share_canonical}) |",
        f"| integrand length (chars) | {stats.length_summary} |",
        f"| needs parts (random {report.measured}, {NEEDS_PARTS_TIMEOUT_S:g} s limit) "
        f"| **{report.share:.1%}** |",
        f"| needs parts by construction | {report.by_construction} |",
        f"| needs parts, decided only (timeouts left out) | {decided_needing / decided:.1%} of {decided} |"
        if decided
        else "| needs parts, decided only | - |",
        f"| SymPy verdicts | {verdicts} |",
    ]


INTRO = (
    "`make bench` → `benchmarks/bench_generator.py`: problems generated per second per core for each\n"
    "construction, the share the symbolic teacher's answers carry through validation, and the share\n"
    "that needs integration by parts (SymPy's `integral_steps` uses a parts rule, cannot solve it, or\n"
    "finds nothing within the limit).\n\n"
)


def write_readme(section: str) -> None:
    """Replace (or add) the "## Generator" section of benchmarks/README.md, keeping the others."""
    replace_section("Generator", INTRO + section + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for trying the bench out")
    parser.add_argument("--per-construction", type=int, default=None)
    parser.add_argument("--scale", type=int, default=None, help="problems sampled from the default config")
    parser.add_argument("--measured", type=int, default=None, help="of which measured for needs-parts")
    parser.add_argument(
        "--problems-version",
        default=ProblemsVersion.V2026_11_28.value,
        choices=[v.value for v in ProblemsVersion],
        help="sampler.problems_version of the per-construction rows",
    )
    parser.add_argument("--no-readme", action="store_true", help="print only, leave benchmarks/README.md")
    args = parser.parse_args()
    global PROBLEMS_VERSION
    PROBLEMS_VERSION = ProblemsVersion(args.problems_version)
    per = args.per_construction or (20 if args.quick else 150)
    scale = args.scale if args.scale is not None else (200 if args.quick else 10_000)
    measured = args.measured or (50 if args.quick else 500)
    with CheckPool(workers=WORKERS, timeout_s=VALIDATION_TIMEOUT_S, preload=PRELOAD) as pool:
        lines = per_construction(per, pool)
    if scale:
        lines += [""] + at_scale(scale, measured, WORKERS)
    section = "\n".join(lines)
    print(section)
    if not args.no_readme:
        write_readme(section)


if __name__ == "__main__":
    main()
