"""Glued names (``xsin``, ``xe``, ``ex``, ``cosx``): an unknown name read as a product of known pieces.

Models write ``xe^x`` and ``xsin(x)``; read as Python, ``xe`` is one (wrong) symbol. A name that is not
itself known is cut into pieces — the variable, ``e``, ``pi``, elementary function names and single
letters — choosing the cut with the fewest pieces. The cut is taken only when it is the only one with that
few pieces, when it uses something known (the variable, ``e``, ``pi`` or a function) and when at most one
piece is another single letter (a parameter: ``ax``, ``kx``, ``Ce``). A name that mentions the variable, ``e``
or a function but cannot be cut that way (``where``, ``xyz``) is refused rather than read wrongly; one
that mentions none of them (``uv``, ``alpha``, ``const``) stays one symbol, as it always was.
"""

from __future__ import annotations

import functools
import re
import string

from validators.math_language import (
    ALL_FUNCTION_NAMES,
    CONSTANT_NAMES,
    ELEMENTARY_FUNCTIONS,
    GREEK_NAMES,
    REFUSED_FORMS,
    RESERVED_NAMES,
    WORD_SYMBOLS,
)
from validators.parse_refusals import ParseError, ParseRefusal
from validators.sympy_constructors import CONSTRUCTORS

MAX_SPLIT = 16  # longer glued names are not cut (the language's names have at most 16 characters)
# Calls the SymPy-syntax reader knows besides the functions (Piecewise and its conditions).
CALL_NAMES = (
    ALL_FUNCTION_NAMES
    | REFUSED_FORMS
    | CONSTRUCTORS
    | {"Piecewise", "Eq", "Ne", "Lt", "Le", "Gt", "Ge", "And", "Or", "Not"}
)
_DIFFERENTIAL = re.compile(r"d(?:[A-Za-z]|" + "|".join(sorted(GREEK_NAMES)) + ")")
_GLUED_NUMBER = re.compile(r"([A-Za-z]+)(\d+)([A-Za-z]*)")


def is_differential(name: str, variable: str) -> bool:
    """``dx``, ``dt``, ``dtheta`` or ``d`` + the variable."""
    return bool(_DIFFERENTIAL.fullmatch(name)) or name == "d" + variable


def is_known(name: str, variable: str) -> bool:
    """A name read as it is, never cut: the variable, constants, functions, Greek letters, reserved words."""
    return (
        name == variable
        or name in CONSTANT_NAMES
        or name in CALL_NAMES
        or name in GREEK_NAMES
        or name in WORD_SYMBOLS
        or name in RESERVED_NAMES
    )


def split_name(name: str, variable: str) -> list[str] | None:
    """The pieces of a glued name (``["x", "sin"]``), ``None`` to keep it as one name, or ``ParseError``.

    Names with digits are cut only around a function (``sin2x`` is ``sin``, ``2``, ``x``; ``ln2`` is ``ln``,
    ``2``; ``C1`` stays); one gluing a number to the variable, ``e`` or ``pi`` (``x2``, ``e2x``) is refused.
    """
    if len(name) < 2 or is_known(name, variable) or is_differential(name, variable):
        return None
    head, underscore, _ = name.partition("_")
    if underscore and head in ALL_FUNCTION_NAMES:
        # log_2 x is a base-2 log to a reader, a symbol log_2 times x to a Python name: refuse, never guess
        raise ParseError(
            ParseRefusal.UNKNOWN_NAME,
            f"{name[:40]!r}: a subscript on a function name; write log(x, 2) for a log to base 2",
        )
    if not name.isalpha():
        glued = _GLUED_NUMBER.fullmatch(name)
        if glued is None:  # log10(x), atan2, C1 are names (or unknown functions)
            return None
        head = split_name(glued[1], variable) or [glued[1]]
        if head[-1] in ELEMENTARY_FUNCTIONS and glued[3]:  # sin2x is sin(2x)
            tail = split_name(glued[3], variable) or [glued[3]]
            return [*head, glued[2], *tail]
        if head[-1] in ("ln", "log"):  # ln2 is ln(2), xln2 is x*ln(2) (sin2 could be sin squared)
            return [*head, glued[2]]
        if _mentions_anchor(name, variable):
            # x2 may be x*2, x**2 or x_2; e2x may be e**2*x or e**(2x): one symbol would be a fourth reading
            raise ParseError(
                ParseRefusal.AMBIGUOUS,
                f"{name[:40]!r}: a number glued to a name is ambiguous (a product, a power, a subscript?); "
                "use * or brackets",
            )
        return None
    if len(name) > MAX_SPLIT:
        return None
    pieces = _best_cut(name, variable)
    if pieces is not None:
        anchors = sum(1 for p in pieces if _is_anchor(p, variable))
        if anchors and len(pieces) - anchors <= 1:
            return pieces
    if _mentions_anchor(name, variable):
        raise ParseError(
            ParseRefusal.UNKNOWN_NAME,
            f"cannot read {name!r}: not a name of the language, nor a product of known names",
        )
    return None


@functools.lru_cache(maxsize=64)
def _pieces(variable: str) -> frozenset[str]:
    letters = set(string.ascii_letters)
    named = {"pi", *ELEMENTARY_FUNCTIONS} | ({variable} if variable.isalpha() else set())
    return frozenset((letters - {"d"}) | named)


def _is_anchor(piece: str, variable: str) -> bool:
    return piece in (variable, "e", "pi") or piece in ELEMENTARY_FUNCTIONS


def _mentions_anchor(name: str, variable: str) -> bool:
    return any(known in name for known in (variable, "e", "pi", *ELEMENTARY_FUNCTIONS))


def _best_cut(name: str, variable: str) -> list[str] | None:
    """The cut of ``name`` into pieces with the fewest pieces; ``ParseError`` if two cuts tie."""
    pieces = _pieces(variable)
    longest = max(len(p) for p in pieces)
    # best[j]: (pieces, number of distinct cuts with that many (capped at 2), last piece) for name[:j]
    best: list[tuple[float, int, str]] = [(0, 1, "")] + [(float("inf"), 0, "")] * len(name)
    for end in range(1, len(name) + 1):
        for size in range(1, min(longest, end) + 1):
            piece = name[end - size : end]
            if piece not in pieces or best[end - size][1] == 0:
                continue
            count, ways = best[end - size][0] + 1, best[end - size][1]
            if count < best[end][0]:
                best[end] = (count, ways, piece)
            elif count == best[end][0]:
                best[end] = (count, min(2, best[end][1] + ways), best[end][2])
    if best[-1][1] == 0:
        return None
    if best[-1][1] > 1:
        raise ParseError(ParseRefusal.AMBIGUOUS, f"{name!r} can be cut into known names in more than one way")
    cut, end = [], len(name)
    while end:
        piece = best[end][2]
        cut.append(piece)
        end -= len(piece)
    return cut[::-1]
