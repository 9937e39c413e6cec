"""Which side of an ``=`` in an explanation is a substitution's name, and what the other side really holds.

A definition misread is worse than one not read: the steps written in its letter are then checked against
the wrong change of variable, and true steps come out incorrect. Textbooks and code write definitions in
ways the plain ``t = phi(x)`` reading gets wrong:

* ``Put √ x = t`` (the expression first): the ``x = t`` in it is not a definition of x, since x is not the
  whole left side; the whole ``√ x = t`` is read the other way round, as t = √x;
* ``Putting t = √ x back ,``: the trailing word is prose, not a factor ``back`` of the definition;
* ``w = sp.sqrt(x)  # x = w**2``: a code comment ends the definition (``validators.variables`` stops there);
* ``Put sin t = x`` (a function of the new letter first): the ``t = x`` in it is no definition of t (read so,
  every step in t is checked against t = x); the whole relation is read as the inverse x = sin t.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import sympy

from validators.math_language import ELEMENTARY_FUNCTIONS, GREEK_NAMES
from validators.parse import ParseError, parse_math

__all__ = ["has_stray_word", "is_whole_left_side", "reversed_definitions"]

MAX_LEADING_WORDS = 4
# Right before a name that is only part of a left side: a root, a power, a product, a quotient, a number
# or a closing bracket ("√ x = t", "2 x = t", "(x + 1) x = t"), or a lone differential d ("d x = dt/2").
_INSIDE_LEFT_SIDE = re.compile(r"(?:[√^*/)\]}0-9]|(?<![A-Za-z])d)\s*$")
# ... or a function applied to it ("sin t = x", "\\ln t = x"): the name is its argument, not the left side.
_FUNCTION_BEFORE = re.compile(r"(?<![A-Za-z])\\?([A-Za-z]+)\s*\(?\s*$")
_WORD = re.compile(r"[^\W\d_]+$")


def is_whole_left_side(text: str, start: int) -> bool:
    """Is the name at ``start`` the whole left side of its ``=``? Not in ``√ x = t``, ``d x = ...`` nor
    ``sin t = x``."""
    before = text[max(0, start - 12) : start]
    function = _FUNCTION_BEFORE.search(before)
    return not (_INSIDE_LEFT_SIDE.search(before) or (function and function[1] in ELEMENTARY_FUNCTIONS))


def has_stray_word(expr: sympy.Expr) -> bool:
    """A free name longer than a letter that is not Greek ("back" in t = back*sqrt(x)): a word of prose
    taken for a factor, which no definition of a substitution holds."""
    return any(len(s.name) > 1 and s.name not in GREEK_NAMES for s in expr.free_symbols)


def reversed_definitions(
    text: str, names: set[str], variable: str, greek: str, stop: re.Pattern[str]
) -> Iterator[tuple[str, sympy.Expr, int, bool]]:
    """(name, definition, position, inverse) for each relation whose right side is a lone name that ends it:
    ``<expression in x> = t`` with t in ``names`` ("Put √ x = t , so ..."), read as t = phi(x), and
    ``<expression in t> = x`` ("Put sin t = x"), read as the inverse x = psi(t). The left side is read back
    to the previous stop, leading words of prose ("Put", "Taking") dropped."""
    pattern = re.compile(rf"=\s*\\?({greek}|[A-Za-z])(?![\w(^*/])\s*")
    for match in pattern.finditer(text):
        name = match.group(1)
        if name not in names and name != variable:
            continue
        rest = text[match.end() :]
        if rest.strip() and not stop.match(text, match.end()):
            continue
        begin = max((m.end() for m in stop.finditer(text, 0, match.start())), default=0)
        left = text[begin : match.start()].strip()
        if name != variable:
            expr = _leading_words_dropped(left, name, variable)
            if expr is not None:
                yield name, expr, match.start(), False
            continue
        for own in names - {variable}:
            expr = _leading_words_dropped(left, variable, own)
            if expr is not None and not ({s.name for s in expr.free_symbols} & (names - {own})):
                yield own, expr, match.start(), True
                break


def _leading_words_dropped(left: str, name: str, variable: str) -> sympy.Expr | None:
    """The left side parsed as an expression in x free of ``name`` and of words, once the fewest leading
    words are dropped ("Put √ x" is √x, not P*u*t*√x)."""
    for _ in range(MAX_LEADING_WORDS):
        if not left or "=" in left:
            return None
        try:
            expr = parse_math(left, variable)
        except ParseError:
            expr = None
        if expr is not None:
            symbols = {s.name for s in expr.free_symbols}
            if variable in symbols and name not in symbols and not has_stray_word(expr):
                return expr
        first, _, rest = left.partition(" ")
        if not _WORD.match(first) or not rest:
            return None  # never drop math: "2 x" without its 2 says something else
        left = rest.strip()
    return None
