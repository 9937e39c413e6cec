"""Integrals written differential first, as physicists write them: ``∫dx (e^{8x}/8)``, ``∫ dx/(1+x^2)``.

Read left to right, ``∫dx (h)`` is ``(∫ 1 dx)·h`` — x·h, a different function — and ``∫ dx/x`` is x/x: a
true claim so written was labelled unverifiable or, worse, incorrect. The notation means ``∫ h dx`` and
``∫ 1/x dx``, but only where the integrand's extent is plain. So only two shapes are read: the
differential followed by one bracketed group, or by ``/`` and one group or one plain token, and then
nothing that could still belong to the integrand (the end, ``+``, ``-``, ``=``, ``,`` or a closing
bracket). ``∫ dx`` followed by anything else (``∫ dx x e^x``, ``∫dx (x) e^x``) is refused as ambiguous;
a bare ``∫ dx`` (``∫ dx = x + C``) is ∫ 1 dx and stays as written.
"""

from __future__ import annotations

import re

from validators.parse_refusals import ParseError, ParseRefusal

_SPACING = r"(?:\s|\\[,;:! ]|\\quad|\\qquad)*"
_D = r"(?:d|\\mathrm\{d\}|\\text\{d\}|\\operatorname\{d\}|\{\\rm\s*d\})"
_HEAD = re.compile(rf"(∫|\\int(?![A-Za-z])){_SPACING}({_D}\s?([A-Za-z])(?![A-Za-z0-9_]))")
_SKIP = re.compile(_SPACING)
_TOKEN = re.compile(r"[A-Za-z0-9.]+")
_ENDS = ("+", "-", "=", ",", ")", "]", "}", "\\right", "\\}")
_OPENS = {"(": ")", "[": "]", "{": "}"}


def differential_first_integrals(text: str, latex: bool) -> str:
    """``∫ dx (h)`` -> ``∫ (h) dx`` and ``∫ dx/(g)`` -> ``∫ 1/(g) dx`` (LaTeX: ``\\frac{1}{g}``); refused
    when the integrand's extent is not plain. Other integrals are left as they are."""
    start = 0
    while (head := _HEAD.search(text, start)) is not None:
        sign, differential = head[1], head[2]
        after = _SKIP.match(text, head.end()).end()
        if _ends_here(text, after):
            start = head.end()  # ∫ dx alone: ∫ 1 dx
            continue
        if text.startswith("/", after):
            group_start = _SKIP.match(text, after + 1).end()
            group_end = _group_end(text, group_start)
            if group_end is None and (token := _TOKEN.match(text, group_start)) is not None:
                group_end = token.end()
            body = None if group_end is None else text[group_start:group_end]
            body = None if body is None else (f"\\frac{{1}}{{{body}}}" if latex else f"1/({body})")
        else:
            group_end = _group_end(text, after)
            body = None if group_end is None else text[after:group_end]
        if body is None or not _ends_here(text, _SKIP.match(text, group_end).end()):
            raise ParseError(
                ParseRefusal.AMBIGUOUS,
                f"{text[head.start() : head.end() + 12]!r}: an integral written differential first must "
                f"be followed by one bracketed integrand (∫ dx (h)) or a division (∫ dx/(g)); write ∫ h dx",
            )
        replacement = f"{sign} {body} {differential}"
        text = text[: head.start()] + replacement + text[group_end:]
        start = head.start() + len(sign)  # the body may hold an integral of its own
    return text


def _ends_here(text: str, i: int) -> bool:
    """Whether nothing at ``i`` can continue an integrand (the end, a sign, ``=``, a closing bracket)."""
    return i >= len(text) or text.startswith(_ENDS, i)


def _group_end(text: str, i: int) -> int | None:
    """Index just past the bracket group opening at ``i``: ``(…)``, ``[…]``, ``{…}``, ``\\left(…\\right)``."""
    opening = "\\left" if text.startswith("\\left", i) else ""
    j = i + len(opening)
    if j >= len(text) or text[j] not in _OPENS:
        return None
    open_char, close_char = text[j], _OPENS[text[j]]
    depth = 0
    for k in range(j, len(text)):
        depth += (text[k] == open_char) - (text[k] == close_char)
        if depth == 0:
            return k + 1
    return None


_CALCULATOR_INTEGRAL = re.compile(r"∫\s*\(")


def calculator_integrals(text: str) -> str:
    """A calculator's ``∫(h, x)`` (TI-89, Derive) -> ``Integral(h, x)``: the sign with one bracket whose
    last top-level comma is followed by one variable letter. Other uses of the sign are left as written
    (``∫(x) dx`` is the usual integral of a bracket)."""
    start = 0
    while (match := _CALCULATOR_INTEGRAL.search(text, start)) is not None:
        close = _group_end(text, match.end() - 1)
        start = match.end()
        if close is None:
            continue
        inside = text[match.end() : close - 1]
        depth, comma = 0, None
        for i, char in enumerate(inside):
            depth += (char in "([{") - (char in ")]}")
            if char == "," and depth == 0:
                comma = i
        if comma is not None and re.fullmatch(r"\s*[A-Za-z]\s*", inside[comma + 1 :]):
            text = f"{text[: match.start()]}Integral({inside}){text[close:]}"
    return text
