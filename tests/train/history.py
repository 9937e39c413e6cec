"""What a trainer logged, read back from ``trainer.state.log_history`` for the assertions and the report."""

from __future__ import annotations

import math

from transformers import Trainer


def series(trainer: Trainer, key: str) -> list[float]:
    """One logged metric, in step order (training logs only, not the final summary)."""
    return [
        float(entry[key])
        for entry in trainer.state.log_history
        if key in entry and "train_runtime" not in entry
    ]


def head_tail(values: list[float], window: int = 3) -> tuple[float, float]:
    """Mean of the first and of the last ``window`` values: steadier than one noisy step each."""
    if len(values) < 2 * window:
        raise ValueError(f"need at least {2 * window} logged values, got {len(values)}")
    return sum(values[:window]) / window, sum(values[-window:]) / window


def all_finite(values: list[float]) -> bool:
    """True when every value is a real number (no NaN or infinity), and there is at least one."""
    return bool(values) and all(math.isfinite(v) for v in values)
