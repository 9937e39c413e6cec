"""Square brackets used for grouping in plain text: ``x / 5 [ cos ( 2 ln x ) + 2 sin ( 2 ln x ) ] + C``.

Textbooks (and OCR of them) group with square brackets where Python would read a subscript or a list, so
the field is refused although it has one meaning. A ``[`` is grouping when what stands before it cannot be
subscripted or called (a number, a closing bracket, an operator, the start, or a name with a space between:
``x / 5 [``) and the brackets hold a sum. Kept as they are: ``[x]`` (also the integer part in Indian
textbooks), ``x[1]`` (a name glued to it: a subscript, refused as before), lists after ``(`` or ``,``
(``hyper([1/2], [3/2], x)``), Wolfram calls (rewritten before this), and any bracket whose partner is
missing or crossed with a round one.
"""

from __future__ import annotations

import re

__all__ = ["square_brackets_as_grouping"]

_GROUPING_BEFORE = re.compile(r"(?:^|[\d)\]+\-*/^·×]|[A-Za-z_]\s)\s*$")


def square_brackets_as_grouping(text: str) -> str:
    """``text`` with each matched pair of grouping square brackets made round; lists and subscripts kept."""
    if "[" not in text:
        return text
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if char in "([":
            stack.append((char, i))
        elif char in ")]":
            if not stack or stack[-1][0] != {")": "(", "]": "["}[char]:
                return text  # unbalanced or crossed: leave the reader to refuse it
            opener, start = stack.pop()
            if opener == "[":
                pairs[start] = i
    if stack:
        return text
    chars = list(text)
    for start, end in pairs.items():
        if _GROUPING_BEFORE.search(text[:start]) and _is_sum(text[start + 1 : end]):
            chars[start], chars[end] = "(", ")"
    return "".join(chars)


def _is_sum(inside: str) -> bool:
    """A top-level + or - between terms: what grouping brackets are for. ``[x]`` alone is also the integer
    part in Indian textbooks, so a bracket around one term is not read at all."""
    depth = 0
    for k, char in enumerate(inside):
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0 and char in "+-" and inside[:k].strip() and inside[:k].rstrip()[-1] not in "*/^(,":
            return True
    return False
