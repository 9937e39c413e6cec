"""A step-tag PRM trained on the ``prm`` export as token classification with ``transformers.Trainer``.

As Math-Shepherd-style PRMs are trained: each step ends in the tag, the tag's position carries the step's
label ("+" / "-") and every other position is -100, so only the tags are scored.
"""

from __future__ import annotations

import pytest
import torch
from datasets import Dataset
from transformers import DataCollatorForTokenClassification, Trainer, TrainingArguments

from tests.train.history import all_finite, head_tail, series
from tests.train.models import tiny_step_classifier
from tests.train.prm_data import IGNORE, step_tag_features

pytestmark = pytest.mark.train

STEPS = 100  # ~15 s: the tiny model fits the train tags well past the majority baseline
MAX_LENGTH = 2048


def features(rows: list[dict], tokenizer) -> Dataset:
    """Step-tag rows (`revsynth export --format prm`) as token-classification features."""
    return Dataset.from_list([step_tag_features(r, tokenizer, MAX_LENGTH) for r in rows])


def tag_accuracy(trainer: Trainer, dataset: Dataset) -> float:
    """Share of step tags whose predicted class is their label, over ``dataset``."""
    output = trainer.predict(dataset)
    predicted, labels = torch.tensor(output.predictions).argmax(-1), torch.tensor(output.label_ids)
    at_tags = labels != IGNORE
    return float((predicted[at_tags] == labels[at_tags]).float().mean())


def test_prm_learns_step_labels_at_the_tags(exports, tokenizer, figures, tmp_path):
    rows = exports.rows("prm")
    values = [v for row in rows for v in row["value"]]
    assert set(values) == {"+", "-"}, "the prm export needs both good and bad steps"
    train = features(rows, tokenizer)
    labelled = sum(sum(label != IGNORE for label in row["labels"]) for row in train)
    assert labelled == len(values), "every step label must sit on exactly one tag token"

    args = TrainingArguments(
        output_dir=str(tmp_path),
        max_steps=STEPS,
        per_device_train_batch_size=8,
        learning_rate=3e-3,
        lr_scheduler_type="constant",
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        use_cpu=True,
        dataloader_num_workers=0,
        seed=0,
    )
    trainer = Trainer(
        model=tiny_step_classifier(tokenizer),
        args=args,
        train_dataset=train,
        data_collator=DataCollatorForTokenClassification(tokenizer, label_pad_token_id=IGNORE),
    )
    trainer.train()

    losses = series(trainer, "loss")
    first, last = head_tail(losses)
    majority = max(values.count("+"), values.count("-")) / len(values)
    accuracy = tag_accuracy(trainer, train)
    held_out = exports.rows("prm", "test")
    figures["prm"] = {
        "rows": len(rows),
        "step_tags": len(values),
        "negative_share": values.count("-") / len(values),
        "steps": trainer.state.global_step,
        "loss_first3": first,
        "loss_last3": last,
        "train_tag_accuracy": accuracy,
        "majority_baseline": majority,
        "test_tag_accuracy": tag_accuracy(trainer, features(held_out, tokenizer)),  # reported, not asserted
    }
    assert trainer.state.global_step == STEPS
    assert all_finite(losses)
    assert last < 0.8 * first, f"PRM loss did not go down: {first:.3f} -> {last:.3f}"
    assert accuracy >= majority, "the PRM does worse than always answering the majority label"
