"""The card's account of distinct paths and of row lengths against trainers' usual limits."""

from __future__ import annotations

import json
import re
import sys
import types

import pytest

from pipeline.exports import export_dataset
from pipeline.exports.card import _table as table
from pipeline.exports.card import write_card
from pipeline.exports.card_lengths import CHARS_PER_TOKEN, lengths, lengths_section, percentile, proxy_tokens
from pipeline.exports.source import read_dataset
from tests.pipeline.exports.multipath import multipath_dataset


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        (range(1, 101), 0.5, 50),
        (range(1, 101), 0.9, 90),
        (range(1, 101), 0.99, 99),
        ([7], 0.99, 7),
        ([3, 1, 2], 0.5, 2),  # order does not matter
        ([10, 20], 0.5, 10),  # nearest rank: a value that occurs, never an interpolation
    ],
)
def test_percentiles_are_nearest_rank(values, q, expected):
    assert percentile(list(values), q) == expected


def test_the_share_over_each_limit_counts_rows_strictly_longer():
    found = lengths([100, 512, 513, 1024, 3000])
    assert found.over == {512: 3 / 5, 1024: 1 / 5, 2048: 1 / 5}
    assert (found.rows, found.max) == (5, 3000)
    assert lengths([]) is None


def test_the_proxy_rounds_up():
    assert proxy_tokens("abc") == 1 and proxy_tokens("abcd") == 2 and CHARS_PER_TOKEN == 3.0


def table_row(card: str, name: str) -> list[str]:
    line = next(line for line in card.splitlines() if line.startswith(f"| {name} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


@pytest.fixture
def folder(tmp_path):
    import shutil

    shutil.copytree(multipath_dataset(), tmp_path / "out")
    return tmp_path / "out"


def test_the_card_counts_distinct_paths_and_the_rows_each_export_writes(folder, tmp_path):
    card = write_card(folder).read_text()
    manifest = export_dataset(folder, "prm", tmp_path / "prm", test_fraction=0.0)
    rows = [json.loads(line) for line in (tmp_path / "prm" / "train.jsonl").read_text().splitlines()]
    assert table_row(card, "prm")[1] == str(len(rows))
    longest = max(proxy_tokens(row["input"]) for row in rows)
    assert table_row(card, "prm")[5] == str(longest)
    accepted = [json.loads(line) for line in (folder / "accepted.jsonl").read_text().splitlines()]
    paths = sum(len(r["solutions"]) for r in accepted)
    distinct = paths - manifest.skipped.get("prm:duplicate_path", 0)  # no rejected problems in this run
    assert f"Solution paths of accepted problems: {paths}, of which {distinct} distinct texts" in card
    assert "estimated at 3 characters per token" in card


def test_a_tokenizer_named_in_the_config_counts_the_tokens(folder, tmp_path, monkeypatch):
    """transformers is optional: a stand-in module shows the card uses the named tokenizer when it loads."""

    class Words:
        def __call__(self, text, add_special_tokens=False):
            return {"input_ids": text.split()}

    fake = types.ModuleType("transformers")
    fake.AutoTokenizer = types.SimpleNamespace(from_pretrained=lambda name: Words())
    monkeypatch.setitem(sys.modules, "transformers", fake)
    section = lengths_section(read_dataset(folder, with_rejected=True), "words", table)
    assert "counted with the tokenizer `words`" in "\n".join(section)
    manifest = export_dataset(folder, "grpo", tmp_path / "grpo", test_fraction=0.0)
    prompts = [json.loads(line)["prompt"] for line in (tmp_path / "grpo" / manifest.files["train"]).open()]
    words = max(len("\n".join(turn["content"] for turn in prompt).split()) for prompt in prompts)
    assert table_row(section[-1], "grpo")[5] == str(words)


def test_a_tokenizer_that_cannot_load_falls_back_to_the_estimate_and_says_why(folder, monkeypatch):
    monkeypatch.setitem(sys.modules, "transformers", None)  # as without transformers installed
    from pipeline.exports.card_lengths import counter

    count, how = counter("some/model")
    assert count("abcdef") == 2
    assert re.search(r"estimated at 3 characters per token \(tokenizer 'some/model' not loaded", how)
