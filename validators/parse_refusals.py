"""What the math parser refuses, and why: its resource bounds, refusal reasons and its one error type.

These live apart from the readers so that every part of the parser (and every caller) speaks the same
refusal vocabulary, and so that ``ParseError`` can be pickled back from worker processes without pulling
in a reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ParseRefusal(StrEnum):
    """Why a text was refused; every refusal has one."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    TOO_DEEP = "too_deep"
    SYNTAX = "syntax"
    UNKNOWN_NAME = "unknown_name"
    FORBIDDEN = "forbidden"
    LITERAL_TOO_LARGE = "literal_too_large"
    EXPONENT_TOO_LARGE = "exponent_too_large"  # any number that would grow too big: powers, factorials
    NOT_AN_EXPRESSION = "not_an_expression"
    AMBIGUOUS = "ambiguous"  # written so that two readings are plausible (e^2x, sin^-2(x), a glued name)
    LATEX = "latex"
    CHAIN = "chain"  # "x e^x - ∫ e^x dx = x e^x - e^x": two claims, read member by member (parse_chain)


class ParseError(ValueError):
    """The text is not a safe expression of the language; ``reason`` says why, ``detail`` where."""

    def __init__(self, reason: ParseRefusal, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[ParseRefusal, str]]:
        # Parsing runs in worker processes: the error must survive pickling with its reason intact.
        return (ParseError, (self.reason, self.detail))


@dataclass(frozen=True)
class ParseLimits:
    """Bounds that keep parsing cheap whatever the input."""

    max_chars: int = 4000
    max_depth: int = 60  # nesting of brackets / of the tree (chains like a+b+c count once)
    max_nodes: int = 2000
    max_int_digits: int = 30
    max_exponent: int = 1000  # |n| of a numeric exponent of a number (2**1000), or a non-integer one
    # |n| of an integer exponent of a non-number: x**1001/1001 is a CAS form, cheap to build, differentiate
    # and evaluate (mpmath has no exponent range). Kept at 2000: the numeric check's evidence printing fails
    # on values beyond 10**4300 (Python's int-to-str limit), which x**n reaches at |x| ~ 10**(4300/n)
    max_symbolic_exponent: int = 2000
    max_result_bits: int = 10_000  # size of any number built (2**10000 has ~3000 digits)


DEFAULT_LIMITS = ParseLimits()


def first_line(exc: BaseException) -> str:
    """A short ``Type: first line`` for a refusal detail: foreign errors can be huge or unprintable."""
    try:
        message = str(exc).strip().splitlines()
    except Exception:  # a message that cannot even be printed
        message = []
    return f"{type(exc).__name__}: {message[0] if message else ''}"[:160]
