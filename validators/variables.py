"""Changes of variable inside a solution: find them, check them, and carry claims between variables.

Models substitute mid-solution ("Let t = 6x + 2, so dt = 6 dx") and then write steps in t, pending
integrals as ``Integral(h, t)``, parts choices in t, and finally substitute back. A checker that reads
such a claim as if t were a constant with respect to x labels true steps wrong. So:

* ``find_substitutions`` reads every explanation for definitions ``t = phi(x)`` (or ``x = psi(t)``, or
  ``phi(x) = t`` as in "Put √ x = t": ``validators.definition_sides``) of a name the claims use, and the
  differential relation stated with it (``dt = 6 dx``, ``dx = dt/6``), which is itself a claim to check
  (read by ``validators.relations``);
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
from validators.parse import ParseError, parse_math
from validators.parse_notations import other_notations
from validators.parse_text import FULL_WIDTH, greek_letters_as_names, normalize_spaces
from validators.relations import (
    ACTING_WORD,
    GREEK_VARIABLES,
    RELATION_STOP,
    STOP_WORDS,
    balanced,
    stated_derivatives,
)
from validators.relations import GREEK_PATTERN as _GREEK

__all__ = [
    "GREEK_VARIABLES",
    "Substitution",
    "find_substitutions",
    "names_in",
    "to_t",
    "to_x",
]

_DEFINITION = re.compile(rf"(?:(?<![A-Za-z\\_])([A-Za-z])|(?<![A-Za-z_])\\?({_GREEK}))\s*(?::=|≔|≡|=)\s*")
_STOP = re.compile(STOP_WORDS + rf"|\bd(?:[a-z]|{_GREEK})\b")
MAX_TRIMS = 8
MAX_READINGS = 4  # definitions of one name in one step tried one by one (past this: no more are kept)
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
    # an ambiguous name's definitions as the step states them, each read alone (empty: a rival unread)
    readings: tuple[Substitution, ...] = ()

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
            stated, unread = stated_derivatives(text, name, variable, inverse=inverse)
            first, rest = _first_and_rest(stated)
            snippet = _snippet(text, at)
            sub = Substitution(
                name, definition, step, inverse, first, snippet, also_stated=rest, unread_relation=unread
            )
            _keep_first(found, sub, variable)
    _later_mentions(found, texts, used, variable)
    completed = [
        replace(sub, readings=tuple(_with_linear_inverse(r, variable) for r in sub.readings))
        for sub in found.values()
    ]
    return _restatements_dropped([_with_linear_inverse(sub, variable) for sub in completed])


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
            stated, unread = stated_derivatives(text, name, variable, inverse=current.inverse)
            if redefined:
                found[name, step] = replace(  # the new meaning is not read: no readings to try
                    current, step=step, ambiguous=True, stated_derivative=None, also_stated=(), readings=()
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
    won, and a claim true only for the rejected definition was labelled correct: round 27). Each
    definition is kept in ``readings``: a claim false under every one of them is false whichever the
    writer meant (round 29's "t = x^2/2 ... x^2 = t, so x^3 dx = t dt")."""
    if sub is None:
        return
    first = found.get((sub.name, sub.step))
    if first is None:
        found[sub.name, sub.step] = sub
    elif first.ambiguous:
        known = first.readings and any(_same_definition(reading, sub) for reading in first.readings)
        if first.readings and len(first.readings) < MAX_READINGS and not known:
            found[sub.name, sub.step] = replace(first, readings=(*first.readings, sub))
    elif _same_definition(first, sub):
        return
    elif first.other_way is None and first.inverse != sub.inverse and _inverse_pair(first, sub, variable):
        found[sub.name, sub.step] = replace(first, other_way=sub.definition)
    else:
        found[sub.name, sub.step] = replace(first, ambiguous=True, readings=(first, sub))


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
    stated, unread = stated_derivatives(text, name, variable, inverse=False)
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
    stated, unread = stated_derivatives(text, name, variable, inverse=True)
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
        if not _WORD.match(dropped) or candidate.rstrip()[-1:] in "+-*/^=" or ACTING_WORD.search(dropped):
            return None  # "x^2 + 9，则", "x^2 plus one": a trim that drops math would define something else
    return None


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
