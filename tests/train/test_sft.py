"""SFT on the ``sft`` export with TRL's SFTTrainer: the conversational rows train a tiny model."""

from __future__ import annotations

import pytest
from datasets import Dataset
from trl import SFTConfig, SFTTrainer

from tests.train.history import all_finite, head_tail, series
from tests.train.models import tiny_causal_lm

pytestmark = pytest.mark.train

STEPS = 40


def test_sft_loss_goes_down(exports, tokenizer, figures, tmp_path):
    rows = exports.rows("sft")
    dataset = Dataset.from_list([{"messages": row["messages"]} for row in rows])
    args = SFTConfig(
        output_dir=str(tmp_path),
        max_steps=STEPS,
        per_device_train_batch_size=4,
        learning_rate=5e-3,
        lr_scheduler_type="constant",
        max_length=1024,
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        use_cpu=True,
        dataloader_num_workers=0,
        seed=0,
    )
    trainer = SFTTrainer(
        model=tiny_causal_lm(tokenizer), args=args, train_dataset=dataset, processing_class=tokenizer
    )
    trainer.train()

    losses = series(trainer, "loss")
    first, last = head_tail(losses)
    figures["sft"] = {
        "rows": len(rows),
        "steps": trainer.state.global_step,
        "loss_first3": first,
        "loss_last3": last,
    }
    assert trainer.state.global_step == STEPS
    assert all_finite(losses)
    assert last < 0.8 * first, f"SFT loss did not go down: {first:.3f} -> {last:.3f}"
