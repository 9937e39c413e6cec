"""Rewards for process supervision and RL: correctness, step validity, format and efficiency.

* ``components``: the formulas, pure and instant (weights, combination, compressed size, efficiency);
* ``scoring``: the SymPy checks of one solution, run in a killable worker under a hard time limit;
* ``trl``: the same rewards as TRL reward functions ``f(prompts, completions, **kwargs) -> list[float]``;
* ``paths``: the rewards of the solution paths already in a dataset (for DPO margins and the card);
* ``solution_text``: the text layout of a solution, written by the exports and read by the rewards.

Usage with TRL::

    from pipeline.rewards import combined_reward, correctness_reward
    GRPOTrainer(model, reward_funcs=[combined_reward], train_dataset=load_dataset(...)["train"], ...)
"""

from pipeline.rewards.components import (
    RewardComponents,
    RewardWeights,
    combine,
    compressed_size,
    efficiency_scores,
    format_score,
    step_validity,
)
from pipeline.rewards.paths import PathReward, proved_correct, score_paths, solution_paths
from pipeline.rewards.scoring import FinalAnswerVerdict, SolutionScore, score_solution, verify_final_answer
from pipeline.rewards.solution_text import SolutionText, read_solution, render_solution, solution_chunks
from pipeline.rewards.trl import (
    combined_reward,
    configure_rewards,
    correctness_reward,
    efficiency_reward,
    format_reward,
    make_combined_reward,
    score_completions,
    step_validity_reward,
)

__all__ = [
    "FinalAnswerVerdict",
    "PathReward",
    "RewardComponents",
    "RewardWeights",
    "SolutionScore",
    "SolutionText",
    "combine",
    "combined_reward",
    "compressed_size",
    "configure_rewards",
    "correctness_reward",
    "efficiency_reward",
    "efficiency_scores",
    "format_reward",
    "format_score",
    "make_combined_reward",
    "proved_correct",
    "read_solution",
    "render_solution",
    "score_completions",
    "score_paths",
    "score_solution",
    "solution_chunks",
    "solution_paths",
    "step_validity",
    "step_validity_reward",
    "verify_final_answer",
]
