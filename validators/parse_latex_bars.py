"""Evaluation bars: ``\\left. (\\sin w - w\\cos w) \\right|_{w = x^3}`` is the bracket with x^3 put in for w.

Models substituting back after a change of variable write the result in the new variable and a bar with
the substitution (a round-7 answer: ``\\frac{1}{3} \\left. \\left( \\sin w - w \\cos w \\right)
\\right|_{w = x^{3}}``). Read without it, the claim is refused (unverifiable); read as the bracket alone, it
would be a claim in w about an integral in x (labelled wrong). So the bar is applied: the one-letter name
is replaced, token by token (never inside a command name such as ``\\wedge``), by the bracketed value.
Only a bar that closes a ``\\left.`` and ends the text is read; any other bar is left for the reader to
refuse.
"""

from __future__ import annotations

import re

__all__ = ["evaluation_bars"]

_BAR = re.compile(
    r"\\right\s*\|\s*_\s*\{\s*(?P<name>[A-Za-z])\s*=\s*(?P<value>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*$"
)
_LEFT_DOT = re.compile(r"\\left\s*\.")
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]")


def evaluation_bars(text: str) -> str:
    """``text`` with a final ``\\left. B \\right|_{w = V}`` read as ``\\left( B[w := V] \\right)``."""
    bar = _BAR.search(text)
    if bar is None:
        return text
    opening = _matching_left_dot(text, bar.start())
    if opening is None:
        return text
    name, value = bar["name"], bar["value"].strip()
    inner = text[opening.end() : bar.start()]
    put_in = _TOKEN.sub(lambda m: f"\\left({value}\\right)" if m[0] == name else m[0], inner)
    return f"{text[: opening.start()]}\\left({put_in}\\right)"


def _matching_left_dot(text: str, end: int) -> re.Match[str] | None:
    """The ``\\left.`` that the ``\\right`` at ``end`` closes (``\\left`` / ``\\right`` pairs between them
    balanced), or None."""
    depth = 0
    for token in reversed(list(re.finditer(r"\\left(?![A-Za-z])|\\right(?![A-Za-z])", text[:end]))):
        if token[0] == "\\right":
            depth += 1
        elif depth:
            depth -= 1
        else:
            dot = _LEFT_DOT.match(text, token.start())
            return dot
    return None
