"""GRPO on the ``grpo`` export with TRL's GRPOTrainer, scored by revsynth's own TRL reward functions."""

from __future__ import annotations

import pytest
from datasets import Dataset
from trl import GRPOConfig, GRPOTrainer

from pipeline.rewards.trl import configure_rewards, correctness_reward, format_reward, step_validity_reward
from tests.train.grpo_setup import RewardSpy, shortest_answers, warm_started_policy
from tests.train.history import all_finite, series

pytestmark = pytest.mark.train

PROBLEMS = 4
WARMUP_STEPS = 30  # measured: 15 leaves every answer wrong, 60 every answer right (no advantage)
STEPS = 6
REWARDS = (correctness_reward, format_reward, step_validity_reward)


def test_grpo_rewards_come_from_the_verifier(exports, tokenizer, figures, tmp_path):
    rows = shortest_answers(exports.rows("grpo"), PROBLEMS)
    policy = warm_started_policy(rows, tokenizer, tmp_path / "warmup", WARMUP_STEPS)
    spy = RewardSpy()
    args = GRPOConfig(
        output_dir=str(tmp_path / "grpo"),
        max_steps=STEPS,
        per_device_train_batch_size=4,
        num_generations=2,
        max_completion_length=24,
        temperature=1.0,
        beta=0.0,
        learning_rate=1e-3,
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        use_cpu=True,
        dataloader_num_workers=0,
        seed=0,
    )
    runtime = configure_rewards(workers=1)
    try:
        trainer = GRPOTrainer(
            model=policy,
            reward_funcs=[spy.wrap(reward) for reward in REWARDS],
            args=args,
            train_dataset=Dataset.from_list(rows),  # every column: the rewards read integrand and family
            processing_class=tokenizer,
        )
        trainer.train()
    finally:
        runtime.close()

    correct = spy.rewards("correctness_reward")
    formatted = spy.rewards("format_reward")
    logged = series(trainer, "rewards/correctness_reward/mean")
    figures["grpo"] = {
        "problems": len(rows),
        "steps": trainer.state.global_step,
        "completions_scored": len(correct),
        "correctness_mean": sum(correct) / len(correct),
        "correctness_by_step": logged,
        "format_mean": sum(formatted) / len(formatted),
        "step_validity_mean": sum(spy.rewards("step_validity_reward")) / len(correct),
        "loss": series(trainer, "loss"),
    }
    assert trainer.state.global_step == STEPS
    assert all_finite(series(trainer, "loss"))
    assert {call["name"] for call in spy.calls} == {reward.__name__ for reward in REWARDS}
    assert all({"family", "integrand", "variable"} <= set(call["columns"]) for call in spy.calls)
    assert all(len(call["rewards"]) == call["n"] for call in spy.calls)
    assert len(logged) == STEPS and all_finite(logged)
    assert any(r > 0 for r in correct), "no sampled completion was verified correct: the reward path is dead"
    assert any(r > 0 for r in formatted)
    # What TRL logged is what revsynth's function returned (TRL's mean per step, over equal-sized steps).
    assert abs(sum(logged) / len(logged) - sum(correct) / len(correct)) < 1e-6
