"""Plain-TeX spellings models still write: ``{x^3 \\over 3}``, ``\\log_e x``, ``+ \\mathcal{C}``.

Why: each has one meaning as rendered, and refusing it labels a true claim ``unverifiable``. ``\\over``
divides its whole enclosing group (TeX's rule: ``{a + b \\over c}`` renders (a + b)/c), so the group is
rewritten ``\\frac{a + b}{c}``; a group whose ``\\over`` shares it with an ``=``, a second ``\\over`` (TeX's
"ambiguous" error) or an unmatched ``\\left``/``\\right`` is left as it is, and the screen refuses it.
``\\log_e`` is the natural log. A typeface letter (``\\mathcal{C}``, ``\\mathbb{K}``) is that letter: as a
term of a result it is the constant of integration, which d/dx removes.
"""

from __future__ import annotations

import re

__all__ = ["plain_tex_rewritten"]

_OVER = re.compile(r"\\over(?![A-Za-z])")
_LOG_E = re.compile(r"\\log\s*_\s*(?:e|\{\s*e\s*\})(?![A-Za-z])")
_TYPEFACE_LETTER = re.compile(r"\\math(?:cal|bb|scr|frak)\s*\{\s*([A-Za-z])\s*\}")


def plain_tex_rewritten(text: str) -> str:
    """``text`` with each ``\\over`` group a ``\\frac``, ``\\log_e`` as ``\\ln``, typeface letters bare."""
    text = _TYPEFACE_LETTER.sub(r"\1", _LOG_E.sub(r"\\ln", text))
    for _ in range(text.count("\\over")):
        match = next((m for m in _OVER.finditer(text)), None)
        if match is None:
            break
        rewritten = _one_over(text, match.start(), match.end())
        if rewritten is None:
            break  # left for the screen to refuse (it names \over)
        text = rewritten
    return text


def _one_over(text: str, start: int, end: int) -> str | None:
    """The innermost group around the ``\\over`` at ``start:end`` written as ``\\frac{num}{den}``."""
    open_index = _unmatched_before(text, start)
    close_index = _unmatched_after(text, end)
    if (open_index is None) != (close_index is None):
        return None
    left = 0 if open_index is None else open_index + 1
    right = len(text) if close_index is None else close_index
    numerator, denominator = text[left:start], text[end:right]
    for part in (numerator, denominator):
        if _OVER.search(part) or "=" in _top_level(part) or _fences_unbalanced(part) or not part.strip():
            return None
    fraction = f"\\frac{{{numerator.strip()}}}{{{denominator.strip()}}}"
    if open_index is None:
        return fraction
    before = text[:open_index].rstrip()
    if before.endswith(("^", "_", "}")) or re.search(r"\\[A-Za-z]+$", before):
        return f"{text[:open_index]}{{{fraction}}}{text[close_index + 1 :]}"  # a command's or power's group
    return f"{text[:open_index]}({fraction}){text[close_index + 1 :]}"  # a plain group: brackets, not a set


def _unmatched_before(text: str, index: int) -> int | None:
    depth = 0
    for i in range(index - 1, -1, -1):
        if text[i] == "}" and not _escaped(text, i):
            depth += 1
        elif text[i] == "{" and not _escaped(text, i):
            if depth == 0:
                return i
            depth -= 1
    return None


def _unmatched_after(text: str, index: int) -> int | None:
    depth = 0
    for i in range(index, len(text)):
        if text[i] == "{" and not _escaped(text, i):
            depth += 1
        elif text[i] == "}" and not _escaped(text, i):
            if depth == 0:
                return i
            depth -= 1
    return None


def _escaped(text: str, i: int) -> bool:
    return i > 0 and text[i - 1] == "\\"


def _top_level(part: str) -> str:
    """``part`` without its brace groups (an ``=`` inside ``\\frac{..}{..}`` is not the group's)."""
    out, depth = [], 0
    for char in part:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char not in "{}":
            out.append(char)
    return "".join(out)


def _fences_unbalanced(part: str) -> bool:
    return len(re.findall(r"\\left(?![A-Za-z])", part)) != len(re.findall(r"\\right(?![A-Za-z])", part))
