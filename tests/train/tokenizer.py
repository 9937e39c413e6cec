"""A tokenizer trained on the exported text itself: no hub download, and every export's text must go
through it (a chat template for the conversational exports, the PRM's step tag as one token).
"""

from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast

PAD, EOS, BOS = "<pad>", "<|im_end|>", "<|im_start|>"
STEP_TAG = "ки"  # Math-Shepherd's step tag, the default of revsynth's step-tag PRM export

# ChatML, the layout most chat models use; the trainers apply it to the exports' messages.
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def train_tokenizer(texts: Iterable[str], vocab_size: int = 2048) -> PreTrainedTokenizerFast:
    """Byte-level BPE learnt from ``texts``, wrapped as the fast tokenizer every trainer accepts.

    Byte-level so any character a model may generate can be encoded; the step tag is a special token so
    the PRM finds exactly one position per step."""
    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[PAD, BOS, EOS, STEP_TAG],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    core.train_from_iterator(texts, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token=PAD,
        eos_token=EOS,
        bos_token=BOS,
        additional_special_tokens=[STEP_TAG],
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def export_texts(rows_by_format: dict[str, list[dict]]) -> list[str]:
    """Every string in the exported rows (messages, prompts, completions, inputs), for training the BPE."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for rows in rows_by_format.values():
        for row in rows:
            walk(
                {
                    k: row[k]
                    for k in ("messages", "prompt", "chosen", "rejected", "completions", "input")
                    if k in row
                }
            )
    return texts
