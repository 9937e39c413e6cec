"""DPO on the ``dpo`` export with TRL's DPOTrainer: verified-correct paths preferred to flawed ones."""

from __future__ import annotations

import pytest
import torch
from datasets import Dataset
from trl import DPOConfig, DPOTrainer

from tests.train.history import all_finite, head_tail, series
from tests.train.models import tiny_causal_lm

pytestmark = pytest.mark.train

STEPS = 20


def test_dpo_prefers_the_verified_path(exports, tokenizer, figures, tmp_path):
    rows = exports.rows("dpo")
    assert rows, "the dpo export is empty: the config must plant flawed paths"
    assert all(row["chosen"] != row["rejected"] for row in rows)
    dataset = Dataset.from_list([{k: row[k] for k in ("prompt", "chosen", "rejected")} for row in rows])
    args = DPOConfig(
        output_dir=str(tmp_path),
        max_steps=STEPS,
        per_device_train_batch_size=4,
        learning_rate=1e-3,
        lr_scheduler_type="constant",
        beta=0.1,
        max_length=1024,
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        use_cpu=True,
        dataloader_num_workers=0,
        seed=0,
    )
    # The reference is the same seeded initialisation as the policy (TRL would otherwise load it by name).
    policy, reference = tiny_causal_lm(tokenizer, seed=0), tiny_causal_lm(tokenizer, seed=0)
    assert torch.equal(policy.lm_head.weight, reference.lm_head.weight)
    trainer = DPOTrainer(
        model=policy, ref_model=reference, args=args, train_dataset=dataset, processing_class=tokenizer
    )
    trainer.train()

    losses = series(trainer, "loss")
    margins = series(trainer, "rewards/margins")
    first, last = head_tail(losses)
    figures["dpo"] = {
        "rows": len(rows),
        "steps": trainer.state.global_step,
        "loss_first3": first,
        "loss_last3": last,
        "margin_last3": head_tail(margins)[1],
    }
    assert trainer.state.global_step == STEPS
    assert all_finite(losses) and all_finite(margins)
    assert last < first, f"DPO loss did not go down: {first:.3f} -> {last:.3f}"
    assert head_tail(margins)[1] > 0, "the chosen (verified) paths are not preferred after training"
