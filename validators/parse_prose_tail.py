"""A remark after the expression: ``x^2/2 + C, where C is a constant`` is ``x^2/2 + C``.

Models close a field with a remark on the constant, in English or their own language (``+ C، حيث C ثابت
التكامل``, ``+ C，其中 C 为常数``, ``+ C (C là hằng số tùy ý)``); read whole, the field was refused and a true
final left unchecked. A remark is dropped only when it carries no mathematics at all: it follows a comma
or semicolon outside every bracket (Latin, Arabic or CJK), or is a final bracket, and it holds nothing but
words and at most the one-letter name of the constant. A clause with an equation, a comparison, a number or
the variable in it (``, where du = 2 dx``, ``, since ∫ e^x dx = e^x``, ``, for x > 0``) may be a claim or a
condition: it stays, and the field is read, or refused, whole (a step-checker adversary's round 20 passed
false claims through such clauses when they were dropped).
"""

from __future__ import annotations

import re
import unicodedata

from validators.parse_text import top_level

__all__ = ["prose_tail_out"]

_SEPARATORS = frozenset(",;،؛，；、")
# A remark: words of two or more letters (any script), the constant's one-letter name or a one-letter word
# of prose (a, e, o, à, ý: not Greek), spaces and prose punctuation. Nothing an expression, a condition or
# an equation is made of: no digit, operator, relation or bracket, and no other single letter (x, t, u).
_REMARK = re.compile(
    r"(?:[^\W\d_]{2,}|(?<![^\W\d_])(?:[CcKkaAeEoO]|[^\W\d_A-Za-z\u0370-\u03FF])(?![^\W\d_])|[\s.,;:!'’\"—–-])+"
)
_FINAL_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
# A remark after a comma opens with a clause word, the constant's name or a word in another script; one in
# a final bracket speaks of the constant. "x**3 (trust me)", "x; import os" stay unread.
_CLAUSE_WORDS = (
    "where", "with", "for", "when", "here", "assuming", "since", "as", "because", "which", "and", "being",
    "wobei", "mit", "für", "où", "avec", "pour", "donde", "con", "para", "dove", "per", "onde", "em",
)  # fmt: skip
_OPENER = re.compile(
    r"\s*(?:(?:" + "|".join(_CLAUSE_WORDS) + r")\b|[CcK]\b|[^\W\d_A-Za-z\u0370-\u03FF])", re.I
)
_CONSTANT_WORDS = re.compile(
    r"\b[CcK]\b|constant|arbitrary|integration|konstante|costante|constante|константа|постоянная"
    r"|hằng|常数|常數|定数|상수|ثابت",
    re.I,
)


def prose_tail_out(text: str) -> str:
    """``text`` without a trailing remark that carries no mathematics (unchanged when there is none)."""
    bracket = _FINAL_BRACKET.search(text)
    if bracket and _is_remark(bracket[1]) and _CONSTANT_WORDS.search(bracket[1]):
        head = text[: bracket.start()].rstrip()
        if head:
            return head
    for index, char in top_level(text):
        if char in _SEPARATORS and index > 0:
            tail = text[index + 1 :]
            if _OPENER.match(tail) and _is_remark(tail) and text[:index].strip():
                return text[:index].rstrip()
    return text


def _is_remark(tail: str) -> bool:
    tail = unicodedata.normalize("NFC", tail)  # "hằng" with combining marks is one word
    return bool(_REMARK.fullmatch(tail)) and len(re.findall(r"[^\W\d_]{2,}", tail)) >= 2
