"""A function's bracketed argument in braces: ``\\log{\\left(x \\right)}^{3}`` is (log x)^3, as it looks.

SymPy's own LaTeX printer writes log(x)**3 as ``\\log{\\left(x \\right)}^{3}`` (and models trained on its
output write ``\\ln{(x)}^2``). TeX puts that exponent on the brace group, so it is printed after the
closing bracket, exactly like ``\\log(x)^{3}``, which is read as (log x)^3; the LaTeX grammar instead took
the group as the argument and the exponent inside it, log(x**3), a different function. A true claim
read that way gets a false ``incorrect`` label. The braces around a group that is one bracket pair are
dropped, so the reading is the one the reader sees: ``\\log\\left(x \\right)^{3}``.
"""

from __future__ import annotations

import re

from validators.math_language import ELEMENTARY_FUNCTIONS
from validators.parse_refusals import ParseError, ParseRefusal

__all__ = ["function_groups_unbraced"]

# A function command, optionally with its power (\sin^{2}, \ln^2).
_FUNCTION = re.compile(
    r"\\(?:operatorname\s*\{\s*(?P<op>[A-Za-z]+)\s*\}|(?P<name>[A-Za-z]+))(?P<power>\s*\^\s*(?:\{[^{}]*\}|-?\w))?\s*"
)
_LEFT = re.compile(r"\\left\s*([(\[])|([(\[])")


def function_groups_unbraced(text: str) -> str:
    """``text`` with ``\\f{\\left( a \\right)}``, ``\\f{( a )}`` and ``\\f\\left[ a \\right]`` written
    ``\\f\\left( a \\right)``: the argument's brackets as the reader knows them, whatever follows."""
    chars, position = list(text), 0
    for match in _FUNCTION.finditer(text):
        name = match["op"] or match["name"]
        if match.start() < position or name == "sqrt" or name not in ELEMENTARY_FUNCTIONS:
            continue
        start = match.end()
        if text.startswith("{", start):
            close = _closing_brace(text, start + 1)
            if close is None:
                continue
            if _bracket_pair(text, start + 1, close) is None:
                _refuse_two_readings(text[start + 1 : close], name)
                continue
            chars[start] = chars[close] = ""
            start += 1
        pair = _bracket_pair(text, start, len(text), whole=False)
        if pair is not None and text[pair[0]] == "[":
            chars[pair[0]], chars[pair[1]] = "(", ")"
        position = start
    return "".join(chars)


def _refuse_two_readings(group: str, name: str) -> None:
    """``\\sin{(x)+1}`` shows sin(x)+1 and the grammar reads sin(x+1); ``\\exp{(x)^{2}}`` shows exp(x)²
    and reads exp(x²); ``\\sin{x+1}`` shows "sin x+1". A group that opens with a bracket pair and goes on,
    or holds a sum, has two readings: refused (a round-23 adversary's wrong answers were read the other
    way)."""
    inner = group.strip()
    pair = _bracket_pair(inner, 0, len(inner), whole=False)
    depth, summed = 0, False
    for index, char in enumerate(inner):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char in "+-" and depth == 0 and index > 0:
            summed = True
    if pair is not None or summed:
        raise ParseError(ParseRefusal.AMBIGUOUS, f"\\{name}{{{inner[:30]}}}: the argument or the function?")


def _closing_brace(text: str, start: int) -> int | None:
    """Index of the ``}`` closing the brace opened just before ``start``, or None."""
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "{" and text[index - 1] != "\\":
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return None


def _bracket_pair(text: str, start: int, end: int, whole: bool = True) -> tuple[int, int] | None:
    """Indices of the opening and closing bracket of the pair that begins ``text[start:end]`` (after
    spaces, ``\\left`` allowed), or None; with ``whole``, only if nothing but spaces follows it."""
    while start < end and text[start].isspace():
        start += 1
    opener = _LEFT.match(text, start, end)
    if opener is None:
        return None
    open_index = opener.end() - 1
    depth = 0
    for index in range(open_index, end):
        if text[index] in "([":
            depth += 1
        elif text[index] in ")]":
            depth -= 1
            if depth == 0:
                if whole and text[index + 1 : end].strip():
                    return None
                return open_index, index
    return None
