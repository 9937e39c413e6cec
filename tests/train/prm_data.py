"""The step-tag PRM layout (Math-Shepherd / OpenRLHF): ``{"input": "<problem> <step1> ки <step2> ки ...",
"value": ["+", "-", ...]}``, one label per tag, turned into token-classification features.

A step-tag PRM is trained as token classification: the label of a step sits on its tag token and every
other position is -100, so the loss is taken at the tags only.
"""

from __future__ import annotations

from transformers import PreTrainedTokenizerFast

from tests.train.tokenizer import STEP_TAG

GOOD, BAD = "+", "-"
IGNORE = -100


def step_tag_features(
    row: dict, tokenizer: PreTrainedTokenizerFast, max_length: int, tag: str = STEP_TAG
) -> dict[str, list[int]]:
    """``input_ids``, ``attention_mask`` and ``labels`` (1 for "+", 0 for "-" at each tag, -100 elsewhere).

    Raises when the tags found and the labels given disagree (a step text holding the tag, or truncation
    cutting steps off): a silent mismatch would train each label on the wrong step."""
    tag_id = tokenizer.convert_tokens_to_ids(tag)
    encoded = tokenizer(row["input"], truncation=True, max_length=max_length)
    ids = encoded["input_ids"]
    positions = [i for i, token in enumerate(ids) if token == tag_id]
    if len(positions) != len(row["value"]):
        raise ValueError(f"{len(positions)} step tags in the tokenized input but {len(row['value'])} labels")
    labels = [IGNORE] * len(ids)
    for position, value in zip(positions, row["value"], strict=True):
        if value not in (GOOD, BAD):
            raise ValueError(f"step label {value!r} is neither {GOOD!r} nor {BAD!r}")
        labels[position] = int(value == GOOD)
    return {"input_ids": ids, "attention_mask": encoded["attention_mask"], "labels": labels}
