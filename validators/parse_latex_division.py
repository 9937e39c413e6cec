"""A bare ``/`` in LaTeX, made to mean what it means in plain text.

The converter's grammar binds juxtaposition tighter than ``/`` and lets a function swallow a division:
``x^{2}/2 \\ln x`` comes out as x**2/(2*log(x)), ``1/2 e^{2x}`` as exp(-2*x)/2 and ``\\ln x/x`` as log(1).
So ``a/b`` becomes ``a \\cdot \\frac{1}{b}`` with ``b`` one atom (a number, a letter, a bracket, a command
with its arguments, with its powers): the division then binds like a product, and a function written
without brackets stops at it, as in plain text (``\\ln x/x`` is ln(x)/x). A factor glued to the
denominator (``1/2x``) could be above or below the line and is refused, as in plain text.
"""

from __future__ import annotations

import re

from validators.parse_refusals import ParseError, ParseRefusal

_TWO_ARGUMENTS = frozenset({"frac", "dfrac", "tfrac", "cfrac", "binom"})
_NO_ARGUMENT = re.compile(r"\\(?:cdot|times|div|right|left)(?![A-Za-z])")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_CLOSERS = {"{": "}", "(": ")", "[": "]"}
_MAX_SLASHES = 64


def rewrite_divisions(text: str, functions: frozenset[str]) -> str:
    """Every bare ``/`` as a product with ``\\frac{1}{...}``; ``functions``: commands taking an argument."""
    if text.count("/") > _MAX_SLASHES:
        raise ParseError(ParseRefusal.TOO_LONG, f"more than {_MAX_SLASHES} '/'")
    while (slash := text.find("/")) >= 0:
        end = _atom_end(text, _skip_spaces(text, slash + 1, sign=True), functions)
        if end is None:
            raise ParseError(ParseRefusal.LATEX, "nothing to divide by after '/'")
        after = text[end : end + 1]
        command_glued = after == "\\" and not _NO_ARGUMENT.match(text, end)
        if after and (after.isalnum() or after in "({" or command_glued):
            raise ParseError(
                ParseRefusal.AMBIGUOUS,
                f"{text[slash : end + 1]!r}: is what follows the denominator above or below the line? "
                "use \\frac or brackets",
            )
        denominator = text[slash + 1 : end].strip()
        text = f"{text[:slash]} \\cdot \\frac{{1}}{{{denominator}}}{text[end:]}"
    return text


def _skip_spaces(text: str, i: int, sign: bool = False) -> int:
    while i < len(text) and (text[i] == " " or (sign and text[i] in "+-")):
        i += 1
    return i


def _atom_end(text: str, i: int, functions: frozenset[str], depth: int = 0) -> int | None:
    """Index after the atom starting at ``i`` (with its powers and subscripts), or None if there is none."""
    if i >= len(text) or depth > 20:
        return None
    char = text[i]
    if char.isdigit() or (char == "." and text[i + 1 : i + 2].isdigit()):
        end = re.match(r"\d*\.?\d*", text[i:]).end() + i  # type: ignore[union-attr]
    elif char.isalpha():
        end = i + 1
    elif char in _CLOSERS:
        end = _group_end(text, i)
    elif (command := _COMMAND.match(text, i)) is not None:
        end = _command_end(text, command, functions, depth)
    else:
        return None
    while end is not None and end < len(text) and text[end] in "^_":
        end = _atom_end(text, _skip_spaces(text, end + 1), frozenset(), depth + 1)
    return end


def _command_end(text: str, command: re.Match[str], functions: frozenset[str], depth: int) -> int | None:
    name, end = command[1], command.end()
    if name in _TWO_ARGUMENTS:
        for _ in range(2):
            end = _skip_spaces(text, end)
            if end >= len(text) or text[end] != "{":
                return None
            end = _group_end(text, end)
        return end
    if name == "sqrt":
        end = _skip_spaces(text, end)
        if text[end : end + 1] == "[":
            end = _skip_spaces(text, _group_end(text, end))
        if text[end : end + 1] == "{":
            return _group_end(text, end)
        return _atom_end(text, end, functions, depth + 1)
    if name == "mathrm":
        end = _group_end(text, end) if text[end : end + 1] == "{" else end
        return _group_end(text, end) if text[end : end + 1] == "(" else end
    if name in functions:  # \ln 2, \sin^{2} x: the function with its argument
        end = _skip_spaces(text, end)
        while end < len(text) and text[end] in "^_":
            end = _atom_end(text, _skip_spaces(text, end + 1), frozenset(), depth + 1) or len(text)
        return _atom_end(text, _skip_spaces(text, end), functions, depth + 1)
    return end


def _group_end(text: str, i: int) -> int:
    opener, closer, depth = text[i], _CLOSERS[text[i]], 0
    for j in range(i, len(text)):
        depth += 1 if text[j] == opener else -1 if text[j] == closer else 0
        if depth == 0:
            return j + 1
    return len(text)
