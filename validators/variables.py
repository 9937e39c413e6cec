"""Changes of variable inside a solution: find them, check them, and carry claims between variables.

Models substitute mid-solution ("Let t = 6x + 2, so dt = 6 dx") and then write steps in t, pending
integrals as ``Integral(h, t)``, parts choices in t, and finally substitute back. A checker that reads
such a claim as if t were a constant with respect to x labels true steps wrong. So:

* ``find_substitutions`` reads every explanation for definitions ``t = phi(x)`` (or ``x = psi(t)``, or
  ``phi(x) = t`` as in "Put √ x = t": ``validators.definition_sides``) of a name the claims use, and the
  differential relation stated with it (``dt = 6 dx``, ``dx = dt/6``), which is itself a claim to check;
* ``to_x`` rewrites an expression through ``t = phi(x)``: ``Integral(h(t), t)`` becomes
  ``Integral(h(phi(x))*phi'(x), x)`` (the same integral, in x) and t becomes phi(x); ``to_t`` does the
  same through ``x = psi(t)``. A claim is then checked in the one variable it can be written in.

Pure and family-free: works on any substitution variable other than the problem's own that is one letter or
a Greek name (``theta``, ``\\theta``, ``θ``).
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass, replace

import sympy

from validators.definition_sides import has_stray_word, is_whole_left_side, reversed_definitions
from validators.math_language import ALL_FUNCTION_NAMES, GREEK_NAMES
from validators.parse import ParseError, parse_math, parse_with_differential
from validators.parse_notations import other_notations
from validators.parse_text import FULL_WIDTH, greek_letters_as_names, normalize_spaces

__all__ = [
    "GREEK_VARIABLES",
    "Substitution",
    "find_substitutions",
    "names_in",
    "to_t",
    "to_x",
]

# A substitution variable is one letter or a Greek name (theta = x/2, \\theta = x/2, θ = x/2).
GREEK_VARIABLES = GREEK_NAMES - {"pi", "lambda"}
_GREEK = "|".join(sorted(GREEK_VARIABLES, key=len, reverse=True))
_DEFINITION = re.compile(rf"(?:(?<![A-Za-z\\_])([A-Za-z])|(?<![A-Za-z_])\\?({_GREEK}))\s*(?::=|≔|≡|=)\s*")
_STOP_WORDS = (
    r"(?<!\\),|;|:|\.\s|\.$|\bso\b|\band\b|\bthen\b|\bwhich\b|\bwhere\b|\bwith\b|\bgives\b|\bhence\b|\bthus\b"
    r"|\bwe\b|\bi\.e\.|→|=>|…|\$|\\\)|\\\]"
    # Spanish, French, German connectives; "y", "et", "und" only before another assignment ("w^2 y dx = ")
    r"|\b(?:entonces|luego|así|donc|alors|d'où|dann|also|quindi|dunque|cioè|da cui|então|logo|temos|portanto"
    r"|тогда|значит|откуда|получаем|toh|aur|isliye)\b|です|とおくと|とおく|なので|よって|より|،|؛|\sو\s|إذن"
    r"|\\Rightarrow|⇒|\\implies|\s#"  # "w = sp.sqrt(x)  # x = w**2": a code comment ends a definition
    r"|\s\((?=\s*\\?[A-Za-z]+\s*=)"  # "x = sen t (t = arcsen x)": a bracket holding another relation
    r"|\s(?:y|et|und|e)\s(?=(?:\\mathrm\{d\}|d)?[A-Za-z]\s*=|[^,;=]{0,40}=)"
)
_STOP = re.compile(_STOP_WORDS + rf"|\bd(?:[a-z]|{_GREEK})\b")
RELATION_STOP = re.compile(_STOP_WORDS)  # where a relation's right side ends
_DIFFERENTIAL = re.compile(rf"(?<![A-Za-z\\])d ?\\?({_GREEK}|[A-Za-z])\s*=\s*")
MAX_TRIMS = 8
_WORD = re.compile(r"[(\[]?[^\W\d_]")  # a word (or a bracket and a word), never a number or an operator


@dataclass(frozen=True)
class Substitution:
    """A change of variable stated in step ``step``: ``name = definition`` (in x, or x = psi(name)).

    ``inverse`` is True for ``x = psi(t)``. ``stated_derivative`` is the dt/dx (or dx/dt for an inverse)
    the text claims alongside, when it states one.
    """

    name: str
    definition: sympy.Expr
    step: int
    inverse: bool = False
    stated_derivative: sympy.Expr | None = None
    text: str = ""
    also_stated: tuple[sympy.Expr, ...] = ()  # further relations the same text states ("i.e. dx = dt/2")
    ambiguous: bool = False  # the step defines the name twice, two different ways: neither is read
    unread_relation: bool = False  # the text speaks of d<name> in a relation not read ("dt/dx = x")
    other_way: sympy.Expr | None = None  # psi(t) for a forward substitution (or phi(x) for an inverse one)

    @property
    def phi(self) -> sympy.Expr | None:
        """t as a function of x, if known."""
        return self.other_way if self.inverse else self.definition

    @property
    def psi(self) -> sympy.Expr | None:
        """x as a function of t, if known."""
        return self.definition if self.inverse else self.other_way


def names_in(expr: sympy.Basic) -> set[str]:
    """Names of the free symbols and of the integration variables of every Integral in ``expr``.

    A new set each call (callers extend it); the walk is remembered per tree, which a solution's labels
    ask about again and again."""
    return set(_names_in(expr))


@functools.lru_cache(maxsize=4096)
def _names_in(expr: sympy.Basic) -> frozenset[str]:
    names = {s.name for s in expr.free_symbols}
    for integral in expr.atoms(sympy.Integral):
        names.update(limit[0].name for limit in integral.limits)
    return frozenset(names)


def find_substitutions(explanations: list[str], used: set[str], variable: str = "x") -> list[Substitution]:
    """Definitions of names in ``used`` (other than ``variable``) stated in the explanations: in each step
    the first one of a name wins; a later step's definition of the same name is kept only when it says
    something else (``validators.solution_labels`` applies each in the steps it governs)."""
    found: dict[tuple[str, int], Substitution] = {}
    texts = [_readable(text) for text in explanations]
    for step, text in enumerate(texts):
        for match in _DEFINITION.finditer(text):
            name = match.group(1) or match.group(2)
            if not is_whole_left_side(text, match.start()):
                continue  # the x of "Put √ x = t" or of "x^3 d x = t dt/2"
            if name == variable:
                sub = _inverse_definition(text, match, used, variable, step)
            elif name in used:
                sub = _forward_definition(text, match, name, variable, step)
            else:
                continue
            _keep_first(found, sub, variable)
        for name, definition, at, inverse in reversed_definitions(
            text, used, variable, _GREEK, RELATION_STOP
        ):
            stated, unread = _stated_derivatives(text, name, variable, inverse=inverse)
            first, rest = _first_and_rest(stated)
            snippet = _snippet(text, at)
            sub = Substitution(
                name, definition, step, inverse, first, snippet, also_stated=rest, unread_relation=unread
            )
            _keep_first(found, sub, variable)
    _later_mentions(found, texts, used, variable)
    return _restatements_dropped([_with_linear_inverse(sub, variable) for sub in found.values()])


_UPRIGHT_D = re.compile(  # \mathrm{d}x, {\rm d}x
    r"(?:\\(?:mathrm|operatorname|text|rm|mathit)\s*\{\s*d\s*\}|\{\s*\\(?:rm|mathrm)\s+d\s*\})\s*(?=\\?[A-Za-z])"
)


def _readable(text: str | None) -> str:
    """An explanation as the definitions are read from it: 𝑡 is t, Markdown's `t = sqrt(x)` code spans
    lose their backticks, "令 w = x^3，则 dw" its full-width punctuation, and an upright LaTeX d is d
    ("$\\mathrm{d}x = 2t\\,\\mathrm{d}t$": a round-21 writer's relation was not read)."""
    text = _UPRIGHT_D.sub("d", normalize_spaces((text or "").replace("`", " ")))
    with contextlib.suppress(ParseError):  # prose the notation readers refuse (%c beside a C): as written
        text = other_notations(text)
    return greek_letters_as_names(text.translate(FULL_WIDTH))


_DEFINING_WORDS = r"(?:(?:re-?)?(?:take|let|put|set|make|choose|define|write|call|use|name)|now)"


def _later_mentions(
    found: dict[tuple[str, int], Substitution], texts: list[str], used: set[str], variable: str
) -> None:
    """Steps that speak of a letter defined in an earlier step without defining it again: a relation
    they state ("Since dt = x dx", two steps after t = x^2) is checked against the definition in force,
    one they state unreadably flagged, and words that redefine it in a phrasing not read ("now take t to
    be x^2 + 1 instead", "let t equal ...") leave it with no reading in that step (round 31)."""
    for step, text in enumerate(texts):
        for name in used - {variable}:
            if (name, step) in found:
                continue
            earlier = [sub for (n, k), sub in found.items() if n == name and k < step]
            if not earlier:
                continue
            current = max(earlier, key=lambda sub: sub.step)
            letter = re.escape(name)
            redefined = re.search(
                rf"\b{_DEFINING_WORDS}\s+{letter}\b|(?<![A-Za-z\\]){letter}\s+(?:to\s+be|be(?:ing)?|is|equals?|denotes?|means|stands\s+for)\b",
                text,
                re.IGNORECASE,
            )
            stated, unread = _stated_derivatives(text, name, variable, inverse=current.inverse)
            if redefined:
                found[name, step] = replace(
                    current, step=step, ambiguous=True, stated_derivative=None, also_stated=()
                )
            elif stated or unread:
                first, rest = _first_and_rest(stated)
                found[name, step] = replace(
                    current, step=step, stated_derivative=first, also_stated=rest, unread_relation=unread
                )


def _keep_first(found: dict[tuple[str, int], Substitution], sub: Substitution | None, variable: str) -> None:
    """The first definition of a name in a step stands; a later one the other way round completes it
    ("t = log(x), so x = e^t"). One that says something else ("Rather than t = x^2, put t = 1 + x^2",
    "t = e^x ... e^t = x") leaves the name with no one meaning in that step: ``ambiguous`` (the first had
    won, and a claim true only for the rejected definition was labelled correct: round 27)."""
    if sub is None:
        return
    first = found.get((sub.name, sub.step))
    if first is None:
        found[sub.name, sub.step] = sub
    elif first.ambiguous or _same_definition(first, sub):
        return
    elif first.other_way is None and first.inverse != sub.inverse and _inverse_pair(first, sub, variable):
        found[sub.name, sub.step] = replace(first, other_way=sub.definition)
    else:
        found[sub.name, sub.step] = replace(first, ambiguous=True)


_PROBES = (0.2137, 0.4561, 0.8329)  # inside every inverse function's principal branch (asin(sin t) = t)


def _inverse_pair(first: Substitution, other: Substitution, variable: str) -> bool:
    """Do t = phi(x) and x = psi(t) undo each other: phi(psi(t)) = t at every probe? (t = 2x beside x = t^2
    agrees at t = 1/2 only; t = e^x beside e^t = x nowhere.) A probe that cannot be evaluated: yes."""
    forward, backward = (first, other) if not first.inverse else (other, first)
    t, x = sympy.Symbol(forward.name), sympy.Symbol(variable)
    for probe in _PROBES:
        try:
            value = complex(sympy.N(forward.definition.subs(x, backward.definition).subs(t, probe), 30))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(value - probe) > 1e-9 * (1 + abs(probe)):
            return False
    return True


def _restatements_dropped(subs: list[Substitution]) -> list[Substitution]:
    """A later step's definition that states the one in force again ("substituting back t = 2x") is
    the same substitution, not a new one: only definitions that change what a name means are kept."""
    kept: list[Substitution] = []
    for sub in sorted(subs, key=lambda sub: sub.step):
        current = next((k for k in reversed(kept) if k.name == sub.name), None)
        stating = sub.stated_derivative is not None or sub.unread_relation or sub.ambiguous
        if current is None or not _same_definition(current, sub) or stating:
            kept.append(sub)  # a restatement with a relation keeps it, to be checked (round 29)
    return kept


def _same_definition(a: Substitution, b: Substitution) -> bool:
    """Do both say the same thing? t = phi(x) either way round, compared exactly."""
    for first, second in ((a, b), (b, a)):
        if first.inverse == second.inverse and sympy.expand(first.definition - second.definition) == 0:
            return True
        crossed = first.inverse != second.inverse and first.other_way is not None
        if crossed and sympy.expand(first.other_way - second.definition) == 0:
            return True
    return False


def _with_linear_inverse(sub: Substitution, variable: str) -> Substitution:
    """t = a*x + b also gives x = (t - b)/a (and the other way round), exactly."""
    if sub.other_way is not None:
        return sub
    own = sympy.Symbol(variable if not sub.inverse else sub.name)
    other = sympy.Symbol(sub.name if not sub.inverse else variable)
    slope = sympy.diff(sub.definition, own)
    if slope.has(own) or slope == 0:
        return sub
    intercept = sub.definition.subs(own, 0)
    return replace(sub, other_way=(other - intercept) / slope)


def _forward_definition(
    text: str, match: re.Match, name: str, variable: str, step: int
) -> Substitution | None:
    definition = _expression_after(text, match.end(), variable)
    if definition is None or variable not in {s.name for s in definition.free_symbols}:
        return None
    if name in {s.name for s in definition.free_symbols}:
        return None
    stated, unread = _stated_derivatives(text, name, variable, inverse=False)
    first, rest = _first_and_rest(stated)
    snippet = match.group(0) + _snippet(text, match.end())
    return Substitution(
        name, definition, step, False, first, snippet, also_stated=rest, unread_relation=unread
    )


def _inverse_definition(
    text: str, match: re.Match, used: set[str], variable: str, step: int
) -> Substitution | None:
    definition = _expression_after(text, match.end(), variable)
    if definition is None:
        return None
    names = {s.name for s in definition.free_symbols} & (used - {variable})
    if len(names) != 1 or variable in {s.name for s in definition.free_symbols}:
        return None
    (name,) = names
    stated, unread = _stated_derivatives(text, name, variable, inverse=True)
    first, rest = _first_and_rest(stated)
    snippet = match.group(0) + _snippet(text, match.end())
    return Substitution(
        name, definition, step, True, first, snippet, also_stated=rest, unread_relation=unread
    )


def _first_and_rest(stated: tuple[sympy.Expr, ...]) -> tuple[sympy.Expr | None, tuple[sympy.Expr, ...]]:
    return (stated[0], stated[1:]) if stated else (None, ())


def _expression_after(text: str, start: int, variable: str) -> sympy.Expr | None:
    """The longest prefix of the text after ``=`` (up to a stop word) that parses as an expression."""
    stop = _STOP.search(text, start)
    candidate = balanced(text[start : stop.start() if stop else len(text)].strip())
    for _ in range(MAX_TRIMS):
        if not candidate:
            return None
        try:
            expr = parse_math(candidate, variable)
        except ParseError:
            expr = None
        if expr is not None and (" " not in candidate or not has_stray_word(expr)):
            return expr  # a word read as a factor ("t = √ x back") is trimmed like an unreadable one
        if " " not in candidate:
            return None
        candidate, dropped = candidate.rsplit(None, 1)
        if not _WORD.match(dropped) or candidate.rstrip()[-1:] in "+-*/^=" or _ACTING_WORD.search(dropped):
            return None  # "x^2 + 9，则", "x^2 plus one": a trim that drops math would define something else
    return None


def _stated_derivatives(
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
        re.search(r"[A-Za-z]{3,}", inner) and not re.search(r"\d", inner) and not _ACTING_WORD.search(inner)
    )
    return rhs[: aside.start()] if condition or words else rhs


# Words that act on an expression or are numbers: prose holding one beside a definition or a relation
# may change it ("t = x^2 plus one", "half dt = 2 dx": a round-37 adversary's, read as t = x^2, dt = 2 dx).
_ACTING_WORD = re.compile(
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
    if _ACTING_WORD.search(" ".join(re.findall(r"[^\W\d_]+", before)[-3:])):  # "half dt", "la mitad de dt"
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


def _snippet(text: str, start: int) -> str:
    return text[start : start + 60].split("\n", 1)[0]


def to_x(expr: sympy.Expr, sub: Substitution, x: sympy.Symbol) -> sympy.Expr:
    """``expr`` (in the substitution's variable) rewritten in x through t = phi(x) (``sub.phi`` known)."""
    t = sympy.Symbol(sub.name)
    phi = sub.phi
    dphi = sympy.diff(phi, x)
    integrals = {
        i: sympy.Integral(i.function.subs(t, phi) * dphi, x)
        for i in expr.atoms(sympy.Integral)
        if len(i.limits) == 1 and i.limits[0][0] == t
    }
    return expr.xreplace(integrals).subs(t, phi)


def to_t(expr: sympy.Expr, sub: Substitution, x: sympy.Symbol) -> sympy.Expr:
    """``expr`` (in x) rewritten in t through x = psi(t) (``sub.psi`` known)."""
    t = sympy.Symbol(sub.name)
    psi = sub.psi
    dpsi = sympy.diff(psi, t)
    integrals = {
        i: sympy.Integral(i.function.subs(x, psi) * dpsi, t)
        for i in expr.atoms(sympy.Integral)
        if len(i.limits) == 1 and i.limits[0][0] == x
    }
    return expr.xreplace(integrals).subs(x, psi)
