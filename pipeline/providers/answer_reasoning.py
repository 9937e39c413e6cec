"""An answer's reasoning block, the model's scratchpad: what it wrote before its final answer.

Why: reasoning models (R1-style ``<think>``, ``<thinking>``, ``<reasoning>``) draft JSON, find a slip and
write the final answer after the block. The final answer is what the model gives; a draft it corrected in
its reasoning is not a second answer that disagrees with it (``answer_doubts.mark_disagreements``).
"""

from __future__ import annotations

import re

__all__ = ["final_part"]

_REASONING = re.compile(r"<(think|thinking|reasoning)>.*?</\1\s*>", re.S | re.I)
_REASONING_END = re.compile(r"</(?:think|thinking|reasoning)\s*>", re.I)


def final_part(text: str) -> str:
    """``text`` without its reasoning: closed ``<think>`` blocks, and all before a lone closing tag (servers
    that strip the opening one)."""
    cut = _REASONING.sub(" ", text)
    ends = list(_REASONING_END.finditer(cut))
    return cut[ends[-1].end() :] if ends else cut
