"""The step-tag features themselves: labels land on the tags and nowhere else, and a mismatch is loud."""

from __future__ import annotations

import pytest

from tests.train.prm_data import IGNORE, step_tag_features
from tests.train.tokenizer import STEP_TAG, train_tokenizer

pytestmark = pytest.mark.train


@pytest.fixture(scope="module")
def small_tokenizer():
    return train_tokenizer(
        ["Find the integral of x*exp(x).", "Step 1: u = x; dv = exp(x) dx"], vocab_size=300
    )


def test_labels_sit_on_the_tags_only(small_tokenizer):
    row = {"input": f"Find x. Step 1: u = x {STEP_TAG} Step 2: v = 1 {STEP_TAG}", "value": ["+", "-"]}
    features = step_tag_features(row, small_tokenizer, max_length=512)
    tag_id = small_tokenizer.convert_tokens_to_ids(STEP_TAG)
    at_tags = [
        label
        for token, label in zip(features["input_ids"], features["labels"], strict=True)
        if token == tag_id
    ]
    elsewhere = {
        label
        for token, label in zip(features["input_ids"], features["labels"], strict=True)
        if token != tag_id
    }
    assert at_tags == [1, 0] and elsewhere == {IGNORE}


def test_a_tag_in_a_step_or_a_truncated_step_is_an_error(small_tokenizer):
    with pytest.raises(ValueError, match="2 step tags"):
        step_tag_features({"input": f"a {STEP_TAG} b {STEP_TAG}", "value": ["+"]}, small_tokenizer, 512)
    with pytest.raises(ValueError, match="0 step tags"):
        step_tag_features({"input": "x " * 50 + STEP_TAG, "value": ["+"]}, small_tokenizer, max_length=8)
