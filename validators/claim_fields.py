"""The fields of a solution's claims as read: an expression, its differential, and what a chain says.

A step's result may be a chain (``L = R``, ``A = B = C``), name the integral it works on (``∫ h dx = R``,
``2I = R``, ``J = R`` with J an integral the explanations name) or use I for an integral rather than the
imaginary unit. ``validators.solution_labels`` labels claims; this module turns field texts into what each
claim is about, so that a member is checked against the integral it names and a multiple on the left
divides the right side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy

from validators.named_integrals import name_key, spellings
from validators.parse import (
    ParseError,
    ParseRefusal,
    labelled_as_derivative,
    parse_chain,
    parse_with_differential,
)

__all__ = [
    "Field",
    "as_named_integral",
    "integral_multiple",
    "left_integral_claims",
    "named_left_side",
    "read_field",
    "read_result",
    "unwrap_integral",
]


@dataclass
class Field:
    expr: sympy.Expr | None
    differential: str | None = None
    error: ParseError | None = None
    ambiguous: bool = False  # holds I, which may be the imaginary unit or the integral called I
    earlier: tuple[Field, ...] = ()  # a chain's earlier members ("L = R": L), each a claim of its own
    integral: Field | None = None  # the integrand a chain member is claimed to integrate, when not the step's


# A parts field whose label names a derivative: "v'(x) = sin(x)", "v′ = ...", "v^{\prime} = ...", "v_x = ...".
# Dropped like "v =", its right side would pass for v itself (a round-62 adversary's false v).
_PRIMED_LABEL = re.compile(
    r"^\s*(?:\$|\\\(|\\\[)?\s*(?:let\s+)?[A-Za-z]{1,2}\s*(?:'|′|″|\^\s*\{?\s*\\prime|_\s*\{?\s*[a-z]\s*\}?)"
    r"[^=]{0,12}=(?!=)",
    re.I,
)


def read_field(text: str, variable: str) -> Field:
    try:
        if isinstance(text, str) and _PRIMED_LABEL.match(text):
            raise ParseError(ParseRefusal.AMBIGUOUS, "the field is labelled as a derivative (v'(x) = ...)")
        expr, differential = parse_with_differential(text, variable)
    except ParseError as err:
        return Field(None, error=err)
    return Field(expr, differential)


def read_result(text: str, variable: str) -> Field:
    """A step's result; a chain ``L = R`` (L with a pending integral) is R, with L kept to be checked too.
    A result labelled as a derivative (``F'(x) = R``) is no claim about the integral: refused."""
    try:
        if labelled_as_derivative(text):
            raise ParseError(ParseRefusal.AMBIGUOUS, "the result is labelled as a derivative (F'(x) = ...)")
        members = parse_chain(text, variable)
    except ParseError as err:
        return Field(None, error=err)
    *earlier, (expr, differential) = members
    return Field(expr, differential, earlier=tuple(Field(e, d) for e, d in earlier))


def as_named_integral(
    field: Field, named: dict[str, sympy.Expr], unread: frozenset[str] = frozenset()
) -> Field:
    """In a problem without complex numbers, an ``I`` in a claim is the integral the explanations call I
    ("Let I = ∫ e^x sin x dx"), not the imaginary unit, and a ``J`` (``I_1`` ...) the one they call J;
    an ``I`` with no such definition cannot be read either way (``Field.ambiguous``), and is never
    labelled incorrect."""
    earlier = tuple(as_named_integral(member, named, unread) for member in field.earlier)
    if field.expr is None:
        return replace(field, earlier=earlier)
    if unread & {s.name for s in field.expr.free_symbols}:  # "Let K denote ∫ ...": K is no constant
        return Field(field.expr, field.differential, ambiguous=True, earlier=earlier)
    names = {
        sympy.Symbol(spelled): integral
        for name, integral in named.items()
        if name != "I"
        for spelled in spellings(name)
    }
    expr = field.expr.xreplace(names) if names else field.expr
    if not expr.has(sympy.I):
        return replace(field, expr=expr, earlier=earlier)
    if "I" not in named:
        return Field(expr, field.differential, ambiguous=True, earlier=earlier)
    return Field(expr.xreplace({sympy.I: named["I"]}), field.differential, earlier=earlier)


_NAME_ON_THE_LEFT = re.compile(
    r"\s*(?:\$|\\\(|\\\[)?\s*([IJK](?:_?\{?[0-9]\}?|[₀-₉])?)\s*(?:\(\s*[a-z]\s*\))?\s*(?:=|:=)(?!=)"
)


def named_left_side(field: Field, text: str, named: dict[str, sympy.Expr], variable: str) -> Field:
    """``J = R`` (``I = A = B``) with J an integral the explanations name: J is no label but the integral
    on the left, which R integrates (read as a label, R was checked against the step's integrand field,
    and a claim about another integral passed or failed on the wrong one: a round-22 adversary)."""
    match = _NAME_ON_THE_LEFT.match(text or "")
    if match is None or field.expr is None:
        return field
    name = name_key(match[1])
    if name not in named or (field.earlier and field.earlier[0].expr == named[name]):
        return field
    if name == "I" and field.earlier and field.earlier[0].expr == sympy.I:
        return field  # already a member (2I = R is read as a chain): as_named_integral replaces it
    return replace(field, earlier=(Field(named[name], variable), *field.earlier))


def integral_multiple(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Integral] | None:
    """(c, ∫ h dv) when ``expr`` is a nonzero rational c times one indefinite integral, else None: the
    left side that names what a chain integrates (``2∫ h dx = R``, ``I = ...`` once I is read)."""
    coefficient, rest = expr.as_coeff_Mul()
    lone = isinstance(rest, sympy.Integral) and len(rest.limits) == 1 and len(rest.limits[0]) == 1
    return (coefficient, rest) if lone and coefficient.is_Rational and coefficient != 0 else None


def left_integral_claims(field: Field) -> Field:
    """``∫ h dx = R`` claims R integrates h: the left integral, not the step's integrand field, is what R
    is checked against (a wrong left integral over a right side that fits the field had been labelled
    correct; a right side that integrates a sub-integral, wrong). ``2I = R`` (I the integral) or
    ``2∫ h dx = R`` claims R is twice an antiderivative of h, so every later member is checked divided by
    2. The left side itself, c times the integral, claims nothing more."""
    if not field.earlier or field.earlier[0].expr is None:
        return field
    named = integral_multiple(field.earlier[0].expr)
    if named is None:
        return field
    coefficient, rest = named
    integral = Field(rest.function, rest.limits[0][0].name)
    members = [
        replace(
            member,
            expr=None if member.expr is None else member.expr / coefficient,
            earlier=(),
            integral=integral,
        )
        for member in (*field.earlier[1:], field)
    ]
    return replace(members[-1], earlier=tuple(members[:-1]))


def unwrap_integral(field: Field) -> Field:
    """An integrand field written as a whole integral ("∫ x e^x dx") means its body, in its variable."""
    expr = field.expr
    if isinstance(expr, sympy.Integral) and len(expr.limits) == 1 and len(expr.limits[0]) == 1:
        return Field(expr.function, expr.limits[0][0].name)
    return field
