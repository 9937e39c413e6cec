"""Rewards for process supervision and RL: correctness, step validity, format and efficiency, any family.

* ``components``: the formulas, pure and instant (weights, combination, compressed size, efficiency);
* ``scoring``: the checks of one completion, by its family, run in a killable worker under a time limit;
* ``trl``: the same rewards as TRL reward functions ``f(prompts, completions, **kwargs) -> list[float]``;
* ``paths``: the rewards of the solution paths already in a dataset (for DPO margins and the card).

Usage with TRL::

    from pipeline.rewards import combined_reward, correctness_reward
    GRPOTrainer(model, reward_funcs=[combined_reward], train_dataset=load_dataset(...)["train"], ...)

Names are imported on first use (PEP 562), so that a family can use ``pipeline.rewards.components``
without importing the registry that imports it.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "RewardComponents": "components",
    "RewardWeights": "components",
    "combine": "components",
    "compressed_size": "components",
    "efficiency_scores": "components",
    "format_score": "components",
    "step_validity": "components",
    "PathReward": "paths",
    "proved_correct": "paths",
    "score_paths": "paths",
    "solution_paths": "paths",
    "SolutionScore": "scoring",
    "score_completion": "scoring",
    "verify_final": "scoring",
    "combined_reward": "trl",
    "configure_rewards": "trl",
    "correctness_reward": "trl",
    "efficiency_reward": "trl",
    "format_reward": "trl",
    "make_combined_reward": "trl",
    "score_completions": "trl",
    "step_validity_reward": "trl",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"pipeline.rewards.{_EXPORTS[name]}"), name)
