"""Fixtures of the training tests (``make test-train``): one offline dataset, its exports, one tokenizer.

These tests need the ``train`` extra (torch, transformers, trl) and are collected only when ``-m train``
asks for them, so ``make test`` neither imports torch nor fails without the extra. Kept light at import:
torch and the trainers load inside the fixtures and tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.train.exports import FORMATS, Exports, make_exports

# No hub is reachable: anything that tries one must fail at once, not after a timeout.
for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# One thread: on 2 shared cores, two OpenMP threads spin against other processes and a step of these tiny
# models takes 10x longer (measured: 0.1 s CPU per SFT step alone, 1-5 s wall with 2 threads under load).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("WANDB_DISABLED", "true")

FIGURES: dict[str, dict] = {}


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip this folder unless the run selects the ``train`` marker (``make test-train``)."""
    expression = config.getoption("markexpr") or ""
    wanted = "train" in expression.replace("not train", "")
    return None if wanted else True


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print each trainer's figures (steps, losses, rewards); also to $TRAIN_REPORT as JSON if set."""
    if not FIGURES:
        return
    terminalreporter.section("training figures")
    for name, figures in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{name}: {json.dumps(figures)}")
    if os.environ.get("TRAIN_REPORT"):
        Path(os.environ["TRAIN_REPORT"]).write_text(json.dumps(FIGURES, indent=2) + "\n")


@pytest.fixture(scope="session")
def figures() -> dict[str, dict]:
    """Where each test records its figures for the summary."""
    return FIGURES


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    """One small offline dataset (configs/ibp.yaml, symbolic teacher) and its sft/dpo/grpo/prm exports."""
    return make_exports(tmp_path_factory.mktemp("train-loop"))


@pytest.fixture(scope="session")
def tokenizer(exports: Exports):
    """A BPE tokenizer trained on every exported text, with a chat template and the PRM step tag."""
    import torch

    from tests.train.tokenizer import export_texts, train_tokenizer

    torch.set_num_threads(1)
    rows = {fmt: exports.rows(fmt) for fmt in FORMATS}
    return train_tokenizer(export_texts(rows))
