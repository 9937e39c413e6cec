"""Integrals the explanations give a name (I, J, K, I₁): what each name means, and which names cannot be read.

Cyclic integrations by parts are classically written with I for the integral that comes back, and J or K
for its partner; a claim ``e^x sin x - e^x cos x - I`` means that integral, not the imaginary unit, and
``x sin x + cos x + K`` after "Let K denote ∫ sin x dx" is no antiderivative with a constant K. So a name
is read only when one definition says plainly which integral it is. A name the explanations speak of as
an integral that no definition pins down (defined twice, in a phrasing not read, or with words after it
that may act on it: "∫ e^x cos x dx times two") is *unread*: a claim that uses it is unverifiable, never
correct (K would otherwise be a constant of integration) and never incorrect. So is a constant's letter
the explanations give a value ("here c = 2").
"""

from __future__ import annotations

import re

import sympy

from validators.parse import ParseError, parse_math
from validators.variables import RELATION_STOP, balanced

__all__ = ["named_integrals", "spellings", "unread_names"]

_NAME = r"(?<![A-Za-z\\_])([IJK])(?:_?\{?([0-9])\}?|([₀-₉]))?"
_NAMED_INTEGRAL = re.compile(
    _NAME + r"\s*(?:=|:=|≔|\bdenotes?\b|\bbe\b|\bis\b|\bstands?\s+for\b)\s*(?=∫|\\int|Integral|integrate)"
)
_WRITE_FOR = re.compile(r"\b(?:write|use|call)\s+" + _NAME + r"\s+for\s+(?=∫|\\int|Integral|integrate)", re.I)
# Any mention of a name with an integral near it in the same clause ("call it K", "K, the integral ∫ ...").
_MENTION = re.compile(_NAME + r"(?![A-Za-z0-9_])")
_INTEGRAL_NEAR = re.compile(r"∫|\\int(?![A-Za-z])|\bintegral\b|\bintegrate\(|\bintégrale\b", re.I)
_CLAUSE_END = re.compile(r"[.;\n]")
_NEAR = 40
# Words that may follow a definition's integral without acting on it ("∫ e^x cos x dx instead").
_HARMLESS_AFTER = frozenset(
    {"instead", "again", "here", "now", "itself", "then", "below", "above", "too", "also", "first",
     "for", "short", "be", "our", "this", "call", "it", "denote", "we", "let", "brevity", "from", "on",
     "as", "before", "the", "original", "integral", "given"}
)  # fmt: skip
# Words after a stop word (", with", "so") that act on the value just defined ("with the sign flipped").
_ACTING = re.compile(
    r"\b(?:sign|flip\w*|negat\w*|opposite|minus|times|twice|double\w*|half|halved|thrice|triple\w*|"
    r"multipl\w*|divid\w*|squared|cubed|revers\w*|plus|scaled|less|more)\b",
    re.I,
)
_ASSIGNED_CONSTANT = re.compile(
    r"(?<![\w\\])([cCkK](?:_?[0-9])?)\s*(?:=|:=)\s*-?\d+(?:[./]\d+)?(?![\w(^*]|\.\d)"
)
MAX_TRIMS = 8


def _name(match: re.Match[str]) -> str:
    return match[1] + (match[2] or (str("₀₁₂₃₄₅₆₇₈₉".index(match[3])) if match[3] else ""))


def spellings(name: str) -> tuple[str, ...]:
    """The symbol names a claim may spell ``name`` with: K1, K_1 (K₁ reads as K_1)."""
    return (name,) if len(name) == 1 else (name, f"{name[0]}_{name[1:]}")


def named_integrals(explanations: list[str], variable: str = "x") -> dict[str, sympy.Expr]:
    """The integrals explanations name I, J, K, I_1 ("Let I = ∫ e^(2x) sin x dx", "Let K denote ∫ ...",
    "write K for ∫ ..."), by name; a name defined as two different integrals, or with words after the
    integral that may act on it, is left out (see ``unread_names``)."""
    named: dict[str, set[sympy.Expr | None]] = {}
    for text in explanations:
        text = text or ""
        for match in [*_NAMED_INTEGRAL.finditer(text), *_WRITE_FOR.finditer(text)]:
            named.setdefault(_name(match), set()).add(_definition(text, match.end(), variable))
    return {name: next(iter(found)) for name, found in named.items() if len(found) == 1 and None not in found}


def unread_names(explanations: list[str], named: dict[str, sympy.Expr]) -> frozenset[str]:
    """Symbol names a claim may not be read with: integral names spoken of but not pinned down by one
    definition, and constant letters the explanations give a value."""
    unread: set[str] = set()
    for text in explanations:
        text = text or ""
        for match in _MENTION.finditer(text):
            name = _name(match)
            if name not in named and _spoken_of_as_integral(text, match):
                unread.update(spellings(name))
        for match in _ASSIGNED_CONSTANT.finditer(text):
            unread.update(spellings(match[1].replace("_", "")))
    return frozenset(unread)


def _spoken_of_as_integral(text: str, match: re.Match[str]) -> bool:
    """An integral within the same clause, and the name not a term added on ("+ K" is a constant)."""
    if re.search(r"[+\-−]\s*$", text[: match.start()]):
        return False
    start = max(0, match.start() - _NEAR)
    before = _CLAUSE_END.split(text[start : match.start()])[-1]
    after = _CLAUSE_END.split(text[match.end() : match.end() + _NEAR])[0]
    return bool(_INTEGRAL_NEAR.search(before) or _INTEGRAL_NEAR.search(after))


def _definition(text: str, start: int, variable: str) -> sympy.Expr | None:
    """The integral a definition at ``start`` gives, or None when it cannot be read or words that may act
    on it follow ("∫ e^x cos x dx times two", ", with the sign flipped")."""
    stop = RELATION_STOP.search(text, start + 1)
    candidate = balanced(text[start : stop.start() if stop else len(text)].strip())
    rest = text[stop.start() : stop.start() + 60] if stop else ""
    if _ACTING.search(_CLAUSE_END.split(rest)[0] if rest else ""):
        return None
    for _ in range(MAX_TRIMS):
        try:
            expr = parse_math(candidate, variable)
        except ParseError:
            expr = None
        if isinstance(expr, sympy.Integral):
            return expr
        head, _, last = candidate.rpartition(" ")
        if not head or last.lower().strip(".,:;()") not in _HARMLESS_AFTER:
            return None
        candidate = head.rstrip()
    return None
