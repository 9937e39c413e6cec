"""A remark on the constant after the expression: ``x^2/2 + C, where C is a constant`` is ``x^2/2 + C``.

Models close a field with a remark on the constant of integration, in English or their own language
(``+ C، حيث C ثابت التكامل``, ``+ C，其中 C 为常数``, ``+ C (C là hằng số tùy ý)``); read whole, the field was
refused and a true final left unchecked. But words can carry value too (``x**2, with everything divided by
two``, ``-cos(x), with the sign reversed``: a round-23 adversary's wrong answers, accepted while any clause
of words was dropped), so a remark is dropped only when *every* word of it is from a closed vocabulary of
remarks on the constant (``where``, ``C``, ``is``, ``an``, ``arbitrary``, ``constant``, ``of``,
``integration`` and their counterparts in the languages models answer in), and it names the constant. It
follows a comma or semicolon outside every bracket (Latin, Arabic or CJK) or is a final bracket. Anything
else stays, and the field is read, or refused, whole.
"""

from __future__ import annotations

import re
import unicodedata

from validators.parse_text import top_level

__all__ = ["is_remark", "prose_tail_out"]

_SEPARATORS = frozenset(",;،؛，；、")
_FINAL_BRACKET = re.compile(r"\s+\(([^()]*)\)\s*$")  # after a space: sin(C) is no remark
# Words a remark on the constant is made of (lower case); nothing that could scale, shift or negate.
_VOCABULARY = frozenset(
    " ".join(
        (
            "where with here and is denotes being an a the any some arbitrary real constant constants of",
            "integration plus for all",
            "donde con es una un constante arbitraria cualquiera de integración",
            "où avec est une constante arbitraire quelconque d intégration",
            "wobei mit ist eine beliebige konstante integrationskonstante der",
            "dove è costante qualsiasi di integrazione",
            "onde com é uma um arbitrária qualquer integração",
            "где произвольная постоянная константа интегрирования есть",
            "là hằng số tùy ý bất kỳ tích phân",
            "حيث ثابت التكامل اختياري",
        )
    ).split()
)
_CJK_VOCABULARY = (
    "其中",
    "为",
    "為",
    "是",
    "任意",
    "积分",
    "積分",
    "常数",
    "常數",
    "定数",
    "任意定数",
    "ここで",
    "は",
    "積分定数",
)
# A remark names the constant with a word: "(a c)" is parameters, not a remark (a round-25 adversary).
_CONSTANT_WORDS = re.compile(
    r"constant|konstante|costante|постоянная|константа|hằng|常数|常數|定数|ثابت", re.I
)
_CONSTANT_NAMES = frozenset({"C", "K"})
_WORD = re.compile(r"[^\W\d_]+")


def prose_tail_out(text: str) -> str:
    """``text`` without a trailing remark on the constant (unchanged when there is none)."""
    bracket = _FINAL_BRACKET.search(text)
    if bracket and is_remark(bracket[1]) and text[: bracket.start()].strip():
        return text[: bracket.start()].rstrip()
    for index, char in top_level(text):
        if char in _SEPARATORS and index > 0 and is_remark(text[index + 1 :]) and text[:index].strip():
            return text[:index].rstrip()
    return text


def is_remark(tail: str) -> bool:
    """Is ``tail`` a remark on the constant and nothing else (every word from the closed vocabulary)?"""
    tail = unicodedata.normalize("NFC", tail)  # "hằng" with combining marks is one word
    if not _CONSTANT_WORDS.search(tail) or re.search(r"[0-9=<>≠≤≥+*/^()\[\]{}|√∫]", tail):
        return False
    pieces = 0
    for piece in _CJK_VOCABULARY:
        pieces += tail.count(piece)
        tail = tail.replace(piece, " ")
    rest = re.sub(r"[\s.,;:!'’\"—–\-،؛，；、。]", " ", tail)
    words = _WORD.findall(rest)
    known = all(word in _CONSTANT_NAMES or word.lower() in _VOCABULARY for word in words)
    return len(words) + pieces >= 2 and known
