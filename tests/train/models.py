"""Tiny randomly initialised models built from configs: training runs in seconds on a CPU, offline."""

from __future__ import annotations

import torch
from transformers import LlamaConfig, LlamaForCausalLM, LlamaForTokenClassification, PreTrainedTokenizerFast


def tiny_config(tokenizer: PreTrainedTokenizerFast, **extra: object) -> LlamaConfig:
    """A 2-layer Llama with hidden size 64 over ``tokenizer``'s vocabulary (~0.2M parameters)."""
    return LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=2048,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=True,
        **extra,
    )


def tiny_causal_lm(tokenizer: PreTrainedTokenizerFast, seed: int = 0) -> LlamaForCausalLM:
    """A policy for SFT, DPO and GRPO; seeded so a run's losses repeat."""
    torch.manual_seed(seed)
    model = LlamaForCausalLM(tiny_config(tokenizer))
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    return model


def tiny_step_classifier(tokenizer: PreTrainedTokenizerFast, seed: int = 0) -> LlamaForTokenClassification:
    """A step-tag PRM: two classes (0 = "-", 1 = "+") scored at every token, trained only at the tags."""
    torch.manual_seed(seed)
    return LlamaForTokenClassification(tiny_config(tokenizer, num_labels=2))
