"""What the GRPO test needs besides the trainer: a warm-started policy and spies on revsynth's rewards.

A randomly initialised policy writes noise, which every verifier scores 0, so GRPO would see no signal and
a broken reward path would look the same as a working one. As in practice (GRPO starts from an SFT'd
model), the policy first learns to answer a few of the export's own problems ("Answer: <F> + C") with a
short SFT; its sampled completions then differ, and only revsynth's verifier says which are right.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasets import Dataset
from transformers import PreTrainedModel, PreTrainedTokenizerFast
from trl import SFTConfig, SFTTrainer

from tests.train.models import tiny_causal_lm


def shortest_answers(rows: list[dict], n: int) -> list[dict]:
    """The ``n`` grpo rows with the shortest reference answers: the few tokens a tiny policy can learn."""
    return sorted(rows, key=lambda row: (len(row["reference_answer"]), row["problem_id"]))[:n]


def warm_started_policy(
    rows: list[dict], tokenizer: PreTrainedTokenizerFast, folder: Path, steps: int
) -> PreTrainedModel:
    """A tiny policy SFT'd on the rows' reference answers, in the layout the family's check reads."""
    dataset = Dataset.from_list(
        [
            {
                "prompt": row["prompt"],
                "completion": [{"role": "assistant", "content": f"Answer: {row['reference_answer']} + C"}],
            }
            for row in rows
        ]
    )
    args = SFTConfig(
        output_dir=str(folder),
        max_steps=steps,
        per_device_train_batch_size=len(rows),
        learning_rate=5e-3,
        lr_scheduler_type="constant",
        logging_steps=steps,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        use_cpu=True,
        seed=0,
    )
    trainer = SFTTrainer(
        model=tiny_causal_lm(tokenizer), args=args, train_dataset=dataset, processing_class=tokenizer
    )
    trainer.train()
    return trainer.model


@dataclass
class RewardSpy:
    """Wraps revsynth's reward functions unchanged, recording what TRL passed and what they returned."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def wrap(self, reward: Callable[..., list[float]]) -> Callable[..., list[float]]:
        """The same function under the same name (TRL logs rewards by ``__name__``), recorded."""

        @functools.wraps(reward)
        def recorded(prompts: Any = None, completions: Any = (), **kwargs: Any) -> list[float]:
            rewards = reward(prompts=prompts, completions=completions, **kwargs)
            self.calls.append(
                {
                    "name": reward.__name__,
                    "columns": sorted(kwargs),
                    "n": len(completions),
                    "rewards": rewards,
                }
            )
            return rewards

        return recorded

    def rewards(self, name: str) -> list[float]:
        """Every reward one function returned, over the whole run."""
        return [r for call in self.calls if call["name"] == name for r in call["rewards"]]
