"""Two habits of code-flavoured and non-English answers inside a math field: a trailing code comment and
decimal commas.

``-math.exp(-2*x)/2  # same v`` and ``x  # dv = dx`` (a Qwen-coder-like answer of round 11) carry a Python
comment after the value; read whole, the comment's words are unknown names or its ``=`` makes the field an
equation. A ``#`` ends the value, with or without white space before it, also written as an HTML entity
(LaTeX writes a literal hash as ``\\#``, which stays). In a LaTeX field a ``%`` starts a TeX comment, which a
reader never sees: the field is refused (``%e`` and ``%pi`` are Maxima's only outside LaTeX).

``0,5·x^2`` and ``e^(0,25x)`` (a Russian tutor of round 11) are decimal commas. A comma between digits is
read as a decimal point only where it cannot be anything else: outside the brackets of every call (so
``Rational(1,3)`` and ``hyper((1,2), ...)`` keep their commas), and with one or two digits after it or a 0
before it (``1,000`` may be a thousand: left as it is, so refused).
"""

from __future__ import annotations

import html
import re

from validators.parse_prose_tail import is_remark  # the one rule for remarks on the constant
from validators.parse_refusals import ParseError, ParseRefusal

__all__ = ["code_comment_out", "decimal_commas"]

_LATEX_COMMAND = re.compile(r"\\[A-Za-z]|[{}]")  # a command or a brace: LaTeX (Maxima has neither)
_TEX_COMMENT = re.compile(r"(?<!\\)%")
# with or without a space before it ("cos(x)# plus x", round 62); not the # of an HTML entity (&#8203;)
_COMMENT = re.compile(r"(?<![\\&])\s*#[^\n]*$")
# Words of a note on the choice (LIATE and the like): a comment of these alone says nothing about the value.
_ANNOTATION_WORDS = frozenset(
    {
        "trig", "trigonometric", "inverse", "algebraic", "algebra", "logarithmic", "log", "exponential",
        "exp", "polynomial", "hyperbolic", "as", "u", "dv", "du", "v", "same", "again", "choose", "chosen",
        "choice", "by", "parts", "liate", "rule", "step", "first", "second", "third", "part", "the", "for",
        "of",
    }
)  # fmt: skip
_DECIMAL = re.compile(r"(?<![\w.])(\d+),(\d{1,2})(?![\d,])|(?<![\w.])(0),(\d+)(?![\d,])")


def code_comment_out(text: str) -> str:
    """``text`` without a trailing ``  # ...`` comment that is a remark on the constant (``# C is the
    constant of integration``), a note on the choice made only of its closed vocabulary (``# inverse trig``,
    ``# same v``) or empty. Anything else may carry a claim or act on the value (``# du = dx/x^2``,
    ``# i.e. (x + 1)*e^x``, ``# thrice``, ``# mal drei``: round-22, 24 and 25 adversaries' false claims,
    unchecked while such comments were dropped): the field is refused (a parts field's ``# du = ...`` is
    cut off as a companion before, and checked)."""
    if "&" in text and "#" in html.unescape(text):  # &#35;, &num;, &#x23;: a hash once rendered (round 62)
        text = text.replace("&#35;", "#").replace("&num;", "#").replace("&#x23;", "#").replace("&#X23;", "#")
        if "#" not in text:  # another spelling of it: refused rather than read past
            raise ParseError(ParseRefusal.FORBIDDEN, "a hash written as an HTML entity")
    if "%" in text and _LATEX_COMMAND.search(text) and _TEX_COMMENT.search(text):
        raise ParseError(ParseRefusal.AMBIGUOUS, "a % in a LaTeX field: a TeX comment, or Maxima's %e?")
    if "#" not in text:
        return text
    match = _COMMENT.search(text)
    if match is None:
        return text
    note = match.group(0).strip().lstrip("#").strip()
    words = re.findall(r"\S+", note)
    lowered = [word.lower().strip(".,:;()") for word in words]
    annotation = all(word in _ANNOTATION_WORDS for word in lowered)  # "# same v", "# log as u"
    if annotation and "same" in lowered and "as" in lowered:  # "# same as dv": v equals dv (round 27)
        annotation = False
    if not note or is_remark(note) or annotation:
        return text[: match.start()]
    raise ParseError(ParseRefusal.FORBIDDEN, f"a code comment that may say something: # {note[:40]}")


def decimal_commas(text: str) -> str:
    """``text`` with decimal commas outside every call's brackets as decimal points."""
    if "," not in text:
        return text
    out, start = [], 0
    for match in _DECIMAL.finditer(text):
        if _inside_a_call(text, match.start()):
            continue
        whole, fraction = (match[1], match[2]) if match[1] is not None else (match[3], match[4])
        out.append(text[start : match.start()] + f"{whole}.{fraction}")
        start = match.end()
    return "".join(out) + text[start:]


def _inside_a_call(text: str, index: int) -> bool:
    """Is ``index`` inside the brackets of a call (an opening bracket right after a name)?"""
    stack: list[bool] = []
    for i, char in enumerate(text[:index]):
        if char in "([{":
            stack.append(i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"))
        elif char in ")]}" and stack:
            stack.pop()
    return any(stack)
