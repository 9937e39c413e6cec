"""Baseline of the final check on RUBI's published antiderivatives (``benchmarks/corpus/rubi.jsonl``).

Run: ``.venv/bin/python benchmarks/bench_rubi_corpus.py`` (2 workers, 10 s hard limit per pair; about
half an hour). The corpus is written by ``benchmarks/make_rubi_corpus.py``; its labels come from an
independent numeric check (see there).

Every pair goes through ``check_final_antiderivative(antiderivative, integrand, "x")`` in a
``CheckPool(workers=2, timeout_s=10)``, the checker unchanged. Writes the verdict of every pair to
``out/rubi_verdicts.jsonl`` (git-ignored) and the figures to ``benchmarks/corpus/rubi_baseline.md``.
"""

from __future__ import annotations

import collections
import concurrent.futures
import datetime
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pebble import ProcessExpired  # noqa: E402

from validators.equivalence import Reason  # noqa: E402
from validators.final import check_final_antiderivative  # noqa: E402
from validators.limits import CheckPool  # noqa: E402
from validators.parse import ParseError, parse_math  # noqa: E402

CORPUS = ROOT / "benchmarks" / "corpus" / "rubi.jsonl"
VERDICTS = ROOT / "out" / "rubi_verdicts.jsonl"
REPORT = ROOT / "benchmarks" / "corpus" / "rubi_baseline.md"
LIMIT_S = 10.0
WORKERS = 2


def check_one(antiderivative: str, integrand: str) -> tuple[dict, float, str]:
    """The verdict, the seconds it took in the worker, and which side a parse error came from."""
    started = time.perf_counter()
    verdict = check_final_antiderivative(antiderivative, integrand, "x")
    seconds = time.perf_counter() - started
    side = ""
    if verdict.reason == Reason.PARSE:
        try:
            parse_math(antiderivative, "x")
            side = "integrand"
        except ParseError:
            side = "antiderivative"
    return verdict.model_dump(mode="json"), seconds, side


def run(rows: list[dict]) -> list[dict]:
    out: list[dict] = []
    with CheckPool(workers=WORKERS, timeout_s=LIMIT_S) as pool:
        futures = [pool.submit(check_one, r["antiderivative"], r["integrand"]) for r in rows]
        for i, (row, future) in enumerate(zip(rows, futures, strict=True)):
            record = {"index": i, "label": row["label"], "source": row["source"]}
            try:
                verdict, seconds, side = future.result()
                record.update(
                    ok=verdict["ok"], reason=verdict["reason"], detail=verdict["detail"],
                    method=verdict["method"], seconds=seconds, parse_side=side,
                )  # fmt: skip
            except concurrent.futures.TimeoutError:
                record.update(
                    ok=False, reason="timeout", detail="", method="", seconds=LIMIT_S, parse_side=""
                )
            except ProcessExpired as err:
                record.update(ok=False, reason="worker_crashed", detail=str(err), method="", seconds=LIMIT_S,
                              parse_side="")  # fmt: skip
            except Exception as err:  # noqa: BLE001 - any other failure of the task is a rejection
                record.update(ok=False, reason=f"exception:{type(err).__name__}", detail=str(err)[:200],
                              method="", seconds=0.0, parse_side="")  # fmt: skip
            out.append(record)
            if i % 500 == 0:
                print(f"  {i}/{len(rows)}", flush=True)
    return out


def parse_category(record: dict) -> str:
    """``parse_error`` with the first words of its detail (names and numbers left out)."""
    detail = record["detail"]
    head = detail.split(":", 1)
    reason = head[0].strip()
    rest = head[1].strip() if len(head) > 1 else ""
    if reason == "unknown_name":
        name = re.search(r"'([^']*)'", rest)
        kind = rest.split("'")[0].strip() or "name"
        return f"unknown_name: {kind} ({name[1] if name else '?'})"
    words = re.sub(r"'[^']*'|\d+", "…", rest).split()
    return f"{reason}: {' '.join(words[:6])}"


def refused_names(records: list[dict]) -> collections.Counter:
    names: collections.Counter = collections.Counter()
    for r in records:
        if r["reason"] == "parse_error" and r["detail"].startswith("unknown_name"):
            found = re.search(r"'([^']*)'", r["detail"])
            names[found[1] if found else r["detail"][:60]] += 1
    return names


def short(text: str, n: int = 90) -> str:
    text = text.replace("|", "\\|")
    return text if len(text) <= n else text[: n - 1] + "…"


def write_report(rows: list[dict], records: list[dict], wall: float, started_at: str, state: str) -> str:
    labels = collections.Counter(r["label"] for r in rows)
    lines = [
        "# rubi.jsonl: baseline of the current checker",
        "",
        f"Date: {started_at} UTC. Corpus: `benchmarks/corpus/rubi.jsonl`, {len(rows)} pairs: "
        + ", ".join(f"{n} {k}" for k, n in labels.most_common())
        + " (labels from the independent numeric check of `benchmarks/make_rubi_corpus.py`).",
        "",
        "```bash",
        "cd /work/main && PYTHONDONTWRITEBYTECODE=1 .venv/bin/python benchmarks/bench_rubi_corpus.py",
        "```",
        "",
        'Checker: `validators.final.check_final_antiderivative(antiderivative, integrand, "x")`, unchanged, '
        f"in `CheckPool(workers={WORKERS}, timeout_s={LIMIT_S:g})`; the working tree's `validators/` at that "
        f"time (`sha256sum validators/*.py | sha256sum`: `{state[:8]}…`). Wall time {wall:.0f} s. "
        "Per-pair verdicts: `out/rubi_verdicts.jsonl` (git-ignored).",
        "",
        "## Accepted and rejected, by label",
        "",
        "| label | pairs | accepted | rejected | accepted % |",
        "|---|---|---|---|---|",
    ]
    for label in ("correct", "region_only", "wrong"):
        group = [r for r in records if r["label"] == label]
        if not group:
            continue
        ok = sum(r["ok"] for r in group)
        lines.append(f"| {label} | {len(group)} | {ok} | {len(group) - ok} | {100 * ok / len(group):.1f} % |")
    lines += ["", "## Why `correct` pairs were rejected", "", "| verdict reason | pairs |", "|---|---|"]
    rejected = [r for r in records if r["label"] == "correct" and not r["ok"]]
    for reason, n in collections.Counter(r["reason"] for r in rejected).most_common():
        lines.append(f"| {reason} | {n} |")
    parse_errors = [r for r in rejected if r["reason"] == "parse_error"]
    if parse_errors:
        lines += ["", "`parse_error` by its detail's first words, and the side refused:", ""]
        lines += ["| detail | antiderivative | integrand |", "|---|---|---|"]
        cats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for r in parse_errors:
            cats[parse_category(r)][r["parse_side"]] += 1
        for cat, sides in sorted(cats.items(), key=lambda kv: -sum(kv[1].values())):
            lines.append(f"| {short(cat, 100)} | {sides['antiderivative']} | {sides['integrand']} |")
    names = refused_names(records)
    if names:
        lines += ["", "Names the parser refused (all labels, pairs):", ""]
        lines.append(", ".join(f"`{k}` {n}" for k, n in names.most_common()))
    for reason in ("not_equivalent", "undecided", "unsupported", "error"):
        group = [r for r in rejected if r["reason"] == reason]
        if group:
            lines += ["", f"`{reason}` details (first words):", ""]
            number = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
            details = collections.Counter(
                " ".join(re.sub(number, "…", r["detail"]).split()[:8]) for r in group
            )
            lines += [f"- {short(d, 120)}: {n}" for d, n in details.most_common(8)]
    lines += ["", "## Examples of each rejection of a `correct` pair", ""]
    groups: dict[str, list[dict]] = collections.defaultdict(list)
    for r in rejected:
        key = parse_category(r) if r["reason"] == "parse_error" else r["reason"]
        groups[key].append(r)
    for key, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"- **{short(key, 100)}** ({len(group)}):")
        for r in group[:3]:
            row = rows[r["index"]]
            lines.append(
                f"  - {row['source']}: g = `{short(row['integrand'], 80)}`, "
                f"F = `{short(row['antiderivative'], 120)}`; {short(r['detail'], 120) or r['reason']}"
            )
    accepted_other = [r for r in records if r["label"] in ("region_only", "wrong") and r["ok"]]
    if accepted_other:
        lines += ["", "`region_only` / `wrong` pairs the checker accepted (first 5):", ""]
        for r in accepted_other[:5]:
            row = rows[r["index"]]
            lines.append(
                f"- {row['label']}, {row['source']}: g = `{short(row['integrand'], 80)}`, "
                f"F = `{short(row['antiderivative'], 100)}` ({short(row['note'], 140)}); "
                f"checker: {short(r['detail'], 80)}"
            )
    lines += [
        "",
        "## By file (correct pairs: accepted / total)",
        "",
        "| file | accepted | total |",
        "|---|---|---|",
    ]
    by_file: dict[str, list[bool]] = collections.defaultdict(list)
    for r in records:
        if r["label"] == "correct":
            by_file[r["source"].split(":")[1]].append(r["ok"])
    for name, oks in sorted(by_file.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"| {name} | {sum(oks)} | {len(oks)} |")
    lines += [
        "",
        "## The 15 slowest pairs",
        "",
        "Seconds in the worker (a timeout counts as the limit).",
        "",
        "| s | label | verdict | source | integrand |",
        "|---|---|---|---|---|",
    ]
    for r in sorted(records, key=lambda r: -r["seconds"])[:15]:
        row = rows[r["index"]]
        verdict = "accepted" if r["ok"] else r["reason"]
        integrand = short(row["integrand"], 70)
        lines.append(f"| {r['seconds']:.1f} | {r['label']} | {verdict} | {row['source']} | `{integrand}` |")
    seconds = sorted(r["seconds"] for r in records)
    if seconds:
        at = lambda q: seconds[int(q * (len(seconds) - 1))]  # noqa: E731
        lines += ["", f"Median {1000 * at(0.5):.0f} ms per pair; p90 {at(0.9):.2f} s; p99 {at(0.99):.2f} s."]
    return "\n".join(lines) + "\n"


def main() -> int:
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    state = hashlib.sha256(
        "".join(
            f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(ROOT)}\n"
            for p in sorted((ROOT / "validators").glob("*.py"))
        ).encode()
    ).hexdigest()
    started_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")
    t0 = time.time()
    records = run(rows)
    wall = time.time() - t0
    VERDICTS.parent.mkdir(parents=True, exist_ok=True)
    with VERDICTS.open("w") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    REPORT.write_text(write_report(rows, records, wall, started_at, state))
    print(REPORT.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
