"""A clause of prose after the expression: ``x^2/2 + C, where C is a constant`` is ``x^2/2 + C``.

Models close a field with a remark on the constant or the domain, in English or their own language
(``+ C، حيث C ثابت التكامل``, ``+ C，其中 C 为常数``, ``+ C, где C — константа``); read whole, the field was
refused and a true final left unchecked. The remark is dropped only when it is clearly one: it follows a
comma or semicolon outside every bracket (Latin, Arabic or CJK), and it opens with a clause word or with
a letter of a script no expression is written in. The claim is then the expression before it, as stated.
"""

from __future__ import annotations

import re

from validators.parse_text import top_level

__all__ = ["prose_tail_out"]

_SEPARATORS = frozenset(",;،؛，；、")
_CLAUSE_WORDS = (
    "where", "with", "for", "when", "here", "assuming", "since", "as", "because", "valid", "which", "and",
    "wobei", "mit", "für", "où", "avec", "pour", "donde", "con", "para", "dove", "per", "onde", "em",
    "где", "при",
)  # fmt: skip
_CLAUSE = re.compile(
    r"\s*(?:(?:" + "|".join(_CLAUSE_WORDS) + r")\b|C\s+(?:is|being)\b"
    r"|[\u0400-\u04FF\u0590-\u06FF\u0900-\u097F\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF])",
    re.IGNORECASE,
)


def prose_tail_out(text: str) -> str:
    """``text`` without a trailing clause of prose (unchanged when there is none)."""
    for index, char in top_level(text):
        if char in _SEPARATORS and index > 0 and _CLAUSE.match(text, index + 1):
            head = text[:index].rstrip()
            if head:
                return head
    return text
