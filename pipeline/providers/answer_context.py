"""Every text of a model's answer that may name a letter, for the step checks: the whole answer, in pieces.

Why: a step checker reads letters by what the answer says they are, and a definition can stand anywhere
the model wrote it. Round 47 put "Let c = x sin x" in the prose before the JSON block and in keys the
schema ignores (``"where": "C_1 = x^2 e^x"``); round 49, after those were read, in a JSON5 comment, the first
of two duplicate keys, a second JSON block, a ``\\boxed{...}`` in the prose, and past a length cut. Each
time c stayed a constant of integration and a false claim was labelled correct. Reading places one by one
loses to the next place, so the checks get the *whole* text, split where JSON and lines break it (quotes,
line ends; long lines in overlapping windows, never cut off), and only the pieces that mention a letter a
name or constant could be (C, c, K, I, J, with an index or not) and are not the value of a field the
schema reads (``"result": "c + cos(x)"`` is the claim, checked as such, not a definition of c). An answer
model that declares an ``unread_text`` field gets them there (set by ``parse_answer``, never by the model,
and not in the schema), so a stored record keeps them and a re-check from the record sees the same texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from validators.named_integrals import may_name_a_letter

FIELD = "unread_text"
WINDOW = 1_500
OVERLAP = 300  # a definition is a clause: any clause shorter than this is whole in some window

# JSON's own boundaries (between a key and its value, between values, at brackets) and line ends; a quote
# in prose is no boundary ('the step "x**2*exp(x) - K" has K = 2e^x' is one piece: round 53)
_BREAKS = re.compile(r'\\n|\r?\n|"\s*[:,]\s*"|"\s*[\]}]+|[\[{]+\s*"')


def unread_texts(text: str, read: Iterable[str] = ()) -> list[str]:
    """The pieces of ``text`` that mention a name letter, in order, but for the values in ``read`` (the
    fields the schema reads, as parsed or as JSON writes them)."""
    read = list(read)
    known = {v.strip() for v in read} | {json.dumps(v, ensure_ascii=False)[1:-1].strip() for v in read}
    pieces: list[str] = []
    for piece in _BREAKS.split(text):
        piece = piece.strip(' \t,:{}[]"')
        if piece in known:
            continue
        for start in range(0, max(len(piece) - OVERLAP, 1), WINDOW - OVERLAP):
            window = piece[start : start + WINDOW]
            if may_name_a_letter(window):  # 𝑐 is c, C₁ is C1, К is K, "that last letter" (rounds 53, 57)
                pieces.append(window)
    return pieces


def read_values(value: object) -> list[str]:
    """Every string in a parsed answer (``model_dump()``), at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in read_values(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in read_values(item)]
    return []
