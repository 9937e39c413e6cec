"""Relations a step states beside a change of variable ("dt = 6 dx", "x dx = dt/2", "dx = 2t dt"), read
from its prose: every one is a claim to check, and a differential the reader cannot read as one makes the
step's substitution unverifiable (it is never passed as checked).

The words around a relation are prose in many languages, so what ends a relation, what starts its left
factor and which words act on it ("half dt", "plus one", "up to a constant factor") are written down here,
in one place; ``validators.variables`` reads the definitions themselves.
"""

from __future__ import annotations

import re

import sympy

from validators.math_language import ALL_FUNCTION_NAMES, GREEK_NAMES
from validators.parse import ParseError, parse_math, parse_with_differential

__all__ = [
    "ACTING_WORD",
    "GREEK_PATTERN",
    "GREEK_VARIABLES",
    "RELATION_STOP",
    "STOP_WORDS",
    "balanced",
    "stated_derivatives",
]

# A substitution variable is one letter or a Greek name (theta = x/2, \\theta = x/2, θ = x/2).
GREEK_VARIABLES = GREEK_NAMES - {"pi", "lambda"}
GREEK_PATTERN = "|".join(sorted(GREEK_VARIABLES, key=len, reverse=True))
# What ends a definition or a relation in prose: punctuation, connectives (in the languages answers come in)
STOP_WORDS = (
    r"(?<!\\),|;|:|\.\s|\.$|\bso\b|\band\b|\bthen\b|\bwhich\b|\bwhere\b|\bwith\b|\bgives\b|\bhence\b|\bthus\b"
    r"|\bwe\b|\bi\.e\.|→|=>|…|\$|\\\)|\\\]"
    # Spanish, French, German connectives; "y", "et", "und" only before another assignment ("w^2 y dx = ")
    r"|\b(?:entonces|luego|así|donc|alors|d'où|dann|also|quindi|dunque|cioè|da cui|então|logo|temos|portanto"
    r"|тогда|значит|откуда|получаем|toh|aur|isliye)\b|です|とおくと|とおく|なので|よって|より|،|؛|\sو\s|إذن"
    r"|\\Rightarrow|⇒|\\implies|\s#"  # "w = sp.sqrt(x)  # x = w**2": a code comment ends a definition
    r"|\s\((?=\s*\\?[A-Za-z]+\s*=)"  # "x = sen t (t = arcsen x)": a bracket holding another relation
    r"|\s(?:y|et|und|e)\s(?=(?:\\mathrm\{d\}|d)?[A-Za-z]\s*=|[^,;=]{0,40}=)"
)
RELATION_STOP = re.compile(STOP_WORDS)  # where a relation's right side ends
_DIFFERENTIAL = re.compile(rf"(?<![A-Za-z\\])d ?\\?({GREEK_PATTERN}|[A-Za-z])\s*=\s*")


def stated_derivatives(
    text: str, name: str, variable: str, *, inverse: bool
) -> tuple[tuple[sympy.Expr, ...], bool]:
    """Every dt/dx the text states, from "dt = 6 dx", "dx = dt/6" or "x dx = dt/2" (dx/dt for an inverse
    substitution), in order, each once — one false among true ones is a false claim (round 27's "so dt =
    2 dx, i.e. dx = 2 dt" had only its first relation checked) — and whether the text speaks of dt
    anywhere else, outside every relation read and every integral ("so dt/dx = x", "dt is x dx": round
    29's false relations, unread, passed unchecked)."""
    found: list[sympy.Expr] = []
    covered: list[tuple[int, int]] = []
    unread_member = False
    for match in _DIFFERENTIAL.finditer(text):
        lhs = match.group(1)
        if lhs not in (name, variable):
            continue
        factor, begin = _left_factor(text, match.start(), name, variable)
        if factor is None:
            continue
        other = variable if lhs == name else name
        stop = RELATION_STOP.search(text, match.end())
        end = stop.start() if stop else len(text)
        # "dx = dt/cos(t)**2 = (1 + tan(t)**2) dt": every member after the first is a relation too
        members = _without_aside(balanced(text[match.end() : end].strip())).split("=")
        ratios = [_only_in(_differential_ratio(m.strip(), other, variable), name, variable) for m in members]
        if ratios[0] is None or factor == 0:
            continue
        covered.append((begin, end))
        for ratio in ratios:
            if ratio is None:
                unread_member = True
                continue
            ratio = ratio / factor  # factor * d(lhs) = ratio * d(other)
            dt_dx = ratio if lhs == name else 1 / ratio
            stated = 1 / dt_dx if inverse else dt_dx
            if not any(sympy.expand(stated - known) == 0 for known in found):
                found.append(stated)
    return tuple(found), unread_member or _speaks_of_differential(text, name, variable, covered)


def _without_aside(rhs: str) -> str:
    """ "3x dx (differentiating both sides)", "2t dt (t ≥ 0)": a bracket after the relation holding a
    condition, or words none of which acts on a value, is no part of it ("(over 2)" is kept, and refused)."""
    aside = re.search(r"\s*\(([^()]*)\)\s*$", rhs)
    if aside is None:
        return rhs
    inner = aside[1]
    condition = re.search(r"[≥≤<>≠]|\\[gl]eq?\b", inner)
    words = (
        re.search(r"[A-Za-z]{3,}", inner) and not re.search(r"\d", inner) and not ACTING_WORD.search(inner)
    )
    return rhs[: aside.start()] if condition or words else rhs


# Words that act on an expression or are numbers: prose holding one beside a definition or a relation
# may change it ("t = x^2 plus one", "half dt = 2 dx": a round-37 adversary's, read as t = x^2, dt = 2 dx).
ACTING_WORD = re.compile(
    r"\b(?:over|times|half|halved|twice|double|doubled|triple|tripled|thrice|divided|multiplied|minus|plus"
    r"|less|more|add|added|subtract|subtracted|sign|negative|opposite|reciprocal|inverse|squared|cubed"
    r"|square|cube|root|power|quarter|third|thirds|fifth|zero|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|hundred|thousand|sum|difference|product|quotient|ratio|factor|factors|proportional|multiple"
    r"|scaled?|approximately|roughly|constant"
    # the same in the languages answers come in: Spanish, French, German, Portuguese, Italian
    r"|más|menos|por|veces|mitad|medio|media|doble|uno|una|dos|tres|cuatro|cinco|moins|fois|moitié|demi"
    r"|un|une|deux|trois|quatre|cinq|mal|Hälfte|halb|halbe|doppelt|eins|zwei|drei|vier|fünf|mais|vezes"
    r"|metade|dobro|um|dois|três|quatro|meno|volte|metà|mezzo|due|tre)\b",
    re.I,
)


# t' (any prime: ' ′ ’ ʹ), ∂t, "the derivative (differential) of t": t's derivative in other words
_OTHER_DERIVATIVE = (
    r"(?<![A-Za-z\\]){letter}\s*['′’ʹ]|∂\s*{letter}(?![A-Za-z])"
    r"|\b(?:derivative|differential)\s+of\s+{letter}\b"
    r"|(?<![A-Za-z\\])d\s*\(\s*{letter}\s*\)|d\s*/\s*d\s*[A-Za-z]\s*\(?\s*{letter}(?![A-Za-z])|\\frac\s*\{{\s*d\s*\}}\s*\{{\s*d\s*[A-Za-z]\s*\}}\s*\(?\s*{letter}(?![A-Za-z])"
)


# An integral's sign in the clause before a d<name>: then the d<name> is the integral's (AsciiMath's "int")
_INTEGRAL_IN_CLAUSE = re.compile(
    r"∫|\\int(?![A-Za-z])|Integral\(|integrate\(|\bintegral\s+of\b|(?<![\w\\])int\s", re.I
)


def _speaks_of_differential(text: str, name: str, variable: str, covered: list[tuple[int, int]]) -> bool:
    """A d<name> outside the relations read and not the differential of an integral in its clause, or a
    derivative of the letter in other words ("t' = 1/2", "the derivative of t is x": round 33)."""
    letter = re.escape(name)
    if re.search(_OTHER_DERIVATIVE.format(letter=letter), text, re.IGNORECASE):
        return True
    for match in re.finditer(
        rf"(?<![A-Za-z\\])(?:d|\\mathrm\{{d\}})\s?{re.escape(name)}(?![A-Za-z0-9_])", text
    ):
        if any(begin <= match.start() < end for begin, end in covered):
            continue
        clause = re.split(
            r"[=.;\n]|(?<!\\),|\b(?:since|as|because|where|with|so|is|means|and|then|hence|i\.e\.)\b",
            text[: match.start()],
        )[-1]
        if _INTEGRAL_IN_CLAUSE.search(clause):
            continue
        if text[: match.start()].rstrip().endswith(("d/", "\\frac{d}{")):  # d/dt tan(t): an operator
            continue
        if _differential_of_a_part(text[: match.start()], name, variable):
            continue
        return True
    return False


def _differential_of_a_part(before: str, name: str, variable: str) -> bool:
    """The d<name> ends the right side of another letter's differential: "dv = e^(t/2) dt", "du = 2 dt"
    (parts written in t), no relation between t and x."""
    relation = re.search(r"(?<![A-Za-z\\])d\s?([A-Za-z])\s*=[^=.;\n]*$", before)
    return relation is not None and relation[1] not in (name, variable)


def _after_a_word(before: str) -> bool:
    """Prose right before the differential ("x = t^2 och dx = 2t dt"): a word of two letters or more that
    no expression spells (not a function name), so the differential is a whole left side."""
    word = re.search(r"([^\W\d_]{2,})[\s\\,;:~]*$", before)
    if word is None or not word[1].isalpha():  # x⁵: a power, not a word
        return False
    if ACTING_WORD.search(" ".join(re.findall(r"[^\W\d_]+", before)[-3:])):  # "half dt", "la mitad de dt"
        return False
    return word[1] not in ALL_FUNCTION_NAMES and word[1].lower() not in ("ln", "lg", "tg")


_FACTOR_START = re.compile(
    r"(?:^|(?<!\\)[$;:\[]|\.\s|(?<![\w^\\)\]])\(|\\[(\[]|(?<!\\),(?!\d)|\b(?:so|also|then|and|hence|thus|i\.e\."
    r"|giving|gives|with|where|since|have|get|is|that|means|which|yields|dann|und|donc|alors|entonces|então"
    r"|quindi|och|dvs|dus|więc|así(?:\s+que)?|luego|pues|por\s+lo\s+tanto|logo|portanto|daher|somit)(?!\w))",
    re.IGNORECASE,
)


def _left_factor(text: str, start: int, name: str, variable: str) -> tuple[sympy.Expr | None, int]:
    """(1, start) when the differential at ``start`` is a whole left side ("so dx = dt/2"); (the factor
    before it, where it begins) when that is one expression in x or t after a clause's start ("hence
    x dx = dt/2": x); (None, start) otherwise."""
    if _whole_left_side(text, start) or _after_a_word(text[:start]):
        return sympy.Integer(1), start
    offset = max(0, start - 60)
    window = text[offset:start]
    begins = [m.end() for m in _FACTOR_START.finditer(window)]
    if not begins:
        return None, start
    chunk = re.sub(r"(?:\\[,;!: ]|~)+", " ", window[begins[-1] :]).split("=")[-1].strip()
    try:
        factor = parse_math(chunk, variable) if chunk else None
    except ParseError:
        return None, start
    if factor is None or not {s.name for s in factor.free_symbols} <= {name, variable}:
        return None, start  # "so that x dx": a word read as a factor is no factor
    return factor, offset + begins[-1] + window[begins[-1] :].rfind("=") + 1


_BEFORE_RELATION = re.compile(
    r"(?:^|[$(\[{,;:=、]|\b(?:so|then|and|hence|thus|giving|gives|i\.e\.|with|where|since|get|have|is|or|now|also|entonces|luego|y|donc|alors|et|und|dann|e|quindi|poniamo|cioè|então|temos|logo|тогда|значит|и|toh|aur|isliye)|则|即|所以|于是|得|故|那么|و|إذن|،|\\Rightarrow|⇒|\\implies|=>|->|→)$",
    re.IGNORECASE,
)
_SPACING = re.compile(r"(?:\s|\\[,;!: ]|~)+$")


def _whole_left_side(text: str, start: int) -> bool:
    """Is the differential at ``start`` a whole left side ("so dx = dt/2"), not the end of a product
    ("x^3 dx = t dt/2", which says something else about dx)? Unknown words before it: not read."""
    before = _SPACING.sub("", text[max(0, start - 40) : start])
    return bool(_BEFORE_RELATION.search(before))


def balanced(text: str) -> str:
    """Drop closing brackets that close something opened before the snippet ("(so dx = dt/3)")."""
    while (
        text
        and text[-1] in ")]}"
        and text.count(text[-1]) > text.count({")": "(", "]": "[", "}": "{"}[text[-1]])
    ):
        text = text[:-1].rstrip()
    return text


def _only_in(ratio: sympy.Expr | None, name: str, variable: str) -> sympy.Expr | None:
    """A ratio in the two letters alone; words read as symbols ("x dx (up to a constant factor)" is
    a*constant*factor*to*up*x: a round-41 adversary's true relation was checked as that) are no reading."""
    if ratio is None or not {s.name for s in ratio.free_symbols} <= {name, variable}:
        return None
    return ratio


def _differential_ratio(rhs: str, other: str, variable: str) -> sympy.Expr | None:
    """R from "R d<other>", "-d<other>" or "d<other>/D" (R = 1/D); None if the text is not of that shape."""
    if bare := re.fullmatch(rf"([-+−]?)\s*d\s?{other}", rhs):
        return sympy.Integer(-1 if bare[1] in ("-", "−") else 1)
    over = re.fullmatch(rf"([-+−]?)\s*d{other}\s*/\s*(.+)", rhs)
    try:
        if over:
            return (-1 if over[1] in ("-", "−") else 1) / parse_math(over[2], variable)
        expr, differential = parse_with_differential(rhs, variable)
    except (ParseError, ZeroDivisionError):
        return _differential_as_a_factor(rhs, other, variable)
    return expr if differential == other else None


_MARK = "Z_9"  # stands for the differential while the rest is read (a text holding Z_9 is not read)


def _differential_as_a_factor(rhs: str, other: str, variable: str) -> sympy.Expr | None:
    """R from a product holding d<other> once as a plain factor anywhere ("4 (t/2) e^(-t) (dt/2)": a
    round-1 answer's chain, unread after round 33 made every member of a chain a relation); None when
    d<other> is in a denominator, a power, a function or a sum."""
    spots = list(re.finditer(rf"(?<![A-Za-z\\])d\s?{other}(?![A-Za-z0-9_])", rhs))
    if len(spots) != 1 or _MARK in rhs:
        return None
    marked = f"{rhs[: spots[0].start()]} {_MARK} {rhs[spots[0].end() :]}"
    try:
        expr = parse_math(marked, variable)
    except ParseError:
        return None
    mark = sympy.Symbol(_MARK)
    if not (expr == mark or expr.is_Mul and expr.as_powers_dict().get(mark) == 1):
        return None
    ratio = expr / mark
    return None if ratio.has(mark) else ratio
