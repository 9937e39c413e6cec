"""The dataset card's account of what the data is worth training on: how many distinct paths each problem
has, and how long the exported rows are against the sequence limits trainers are usually run with.

Several paths per problem only help when they differ: the card counts, per problem, the distinct texts
among its paths (the exports keep one row per distinct text). A row longer than the trainer's
``max_length`` is truncated, which for a PRM silently drops the labels of its last steps, so the card gives
the p50/p90/p99/max length of the rows of the ``sft``, ``prm`` and ``grpo`` exports and the share of rows
over 512, 1,024 and 2,048 tokens.

Tokens are counted with the tokenizer ``runtime.card_tokenizer`` names (``transformers``, imported only
then; it is not a dependency of revsynth). Without one, lengths are estimated at ``CHARS_PER_TOKEN`` = 3
characters per token. That ratio is an assumption, not a measurement: ~4 characters per token is the usual
figure for English prose, and these rows are mostly SymPy expressions, where operators, parentheses and
digits are split finer by BPE tokenizers; 3 errs towards counting too many tokens, so a row the card says
fits is unlikely to be cut. Chat-template tokens (a few per turn) are not counted either way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from pipeline.exports.context import BuildContext
from pipeline.exports.formats import BUILDERS
from pipeline.exports.source import DatasetFolder, accepted_problems, problems_with_paths
from pipeline.rewards.paths import solution_text

CHARS_PER_TOKEN = 3.0
LIMITS = (512, 1024, 2048)
FORMATS = ("sft", "prm", "grpo")


@dataclass(frozen=True)
class Lengths:
    """Token lengths of one format's rows."""

    rows: int
    p50: int
    p90: int
    p99: int
    max: int
    over: dict[int, float]
    """limit -> share of rows longer than it."""


def percentile(values: Sequence[int], q: float) -> int:
    """The nearest-rank percentile: the smallest value at least ``q`` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def lengths(counts: Sequence[int]) -> Lengths | None:
    if not counts:
        return None
    over = {limit: sum(n > limit for n in counts) / len(counts) for limit in LIMITS}
    p50, p90, p99 = (percentile(counts, q) for q in (0.5, 0.9, 0.99))
    return Lengths(len(counts), p50, p90, p99, max(counts), over)


def proxy_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def counter(tokenizer: str | None) -> tuple[Callable[[str], int], str]:
    """A token counter and how it counts: the named tokenizer, or the characters-per-token estimate."""
    estimate = f"estimated at {CHARS_PER_TOKEN:g} characters per token"
    if tokenizer:
        try:
            from transformers import AutoTokenizer  # optional: only when a tokenizer is named

            loaded = AutoTokenizer.from_pretrained(tokenizer)
        except Exception as err:  # noqa: BLE001 - not installed, not found offline: fall back, say why
            return proxy_tokens, f"{estimate} (tokenizer {tokenizer!r} not loaded: {err})"[:300]

        def count(text: str) -> int:
            return len(loaded(text, add_special_tokens=False)["input_ids"])

        return count, f"counted with the tokenizer `{tokenizer}`"
    return proxy_tokens, f"{estimate} (no `runtime.card_tokenizer` named)"


def row_text(export_format: str, row: BaseModel) -> str:
    """What a trainer tokenises of a row: every message of a conversation, a step-tag input."""
    if export_format == "sft":
        return "\n".join(turn.content for turn in row.messages)
    if export_format == "grpo":
        return "\n".join(turn.content for turn in row.prompt)
    return row.input


def export_lengths(folder: DatasetFolder, count: Callable[[str], int]) -> dict[str, Lengths | None]:
    """Token lengths of the rows each of ``FORMATS`` would export, with their default options."""
    found = {}
    for export_format in FORMATS:
        ctx = BuildContext(export_format)
        records = problems_with_paths(folder) if export_format == "prm" else accepted_problems(folder)
        rows = [row for record in records for row in BUILDERS[export_format](record, ctx)]
        found[export_format] = lengths([count(row_text(export_format, row)) for row in rows])
    return found


def distinct_paths(folder: DatasetFolder) -> tuple[Counter, int, int]:
    """(problems by number of distinct path texts, paths, distinct paths) over the accepted problems."""
    per_problem: Counter = Counter()
    paths = distinct = 0
    for record in accepted_problems(folder):
        texts = {solution_text(record.family, s, record.variable) for s in record.solutions}
        per_problem[len(texts)] += 1
        paths += len(record.solutions)
        distinct += len(texts)
    return per_problem, paths, distinct


def lengths_section(folder: DatasetFolder, tokenizer: str | None, table: Callable) -> list[str]:
    """The card's section on distinct paths and row lengths."""
    per_problem, paths, distinct = distinct_paths(folder)
    spread = ", ".join(f"{k} distinct: {n} problems" for k, n in sorted(per_problem.items())) or "none"
    count, how = counter(tokenizer)
    rows = []
    for export_format, found in export_lengths(folder, count).items():
        if found is None:
            rows.append((export_format, 0, "-", "-", "-", "-", "-", "-", "-"))
            continue
        shares = (f"{found.over[limit]:.1%}" for limit in LIMITS)
        rows.append((export_format, found.rows, found.p50, found.p90, found.p99, found.max, *shares))
    header = ("export", "rows", "p50", "p90", "p99", "max", *(f"> {limit:,}" for limit in LIMITS))
    return [
        "## Paths worth training on",
        f"Solution paths of accepted problems: {paths}, of which {distinct} distinct texts ({spread}); "
        "the exports keep one row per distinct text of a problem.",
        f"Token lengths of the exported rows, {how}:",
        table(header, rows),
    ]
