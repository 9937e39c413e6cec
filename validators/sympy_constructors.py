"""SymPy's constructor spellings (``srepr`` output and models imitating it), read without evaluating anything.

Models that answer in SymPy write ``Rational(1, 3)*x**3``, ``Integer(-3)``, ``Float('0.5')``,
``Symbol('x')`` and whole ``srepr`` trees (``Mul(Rational(-1, 2), cos(Mul(Integer(2), Symbol('x'))))``).
Each has exactly one meaning, so refusing them loses true claims:

* the atoms with literal arguments are rewritten in the text to the plain spelling of the same value
  (``(1/3)``, ``(-3)``, ``(0.5)``, ``(x)``); ``Symbol`` only for a name the reader keeps whole (one
  letter, a Greek name, a letter with a numeric subscript such as ``C1``), never for a name it would cut
  (``Symbol('xe')`` is one symbol, ``xe`` would be x*e) nor for one it reads as a constant
  (``Symbol('E')``, ``Symbol('I')``) — those stay unread;
* ``Add``, ``Mul`` and ``Pow`` take expressions, so the AST reader builds them (``build_constructor``)
  through the same guarded builder as ``+``, ``*`` and ``**``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy

from validators.math_language import CONSTANT_NAMES, GREEK_NAMES, RESERVED_NAMES, ExpressionBuilder
from validators.parse_refusals import ParseError, ParseRefusal

__all__ = ["CONSTRUCTORS", "build_constructor", "constructor_atoms"]

CONSTRUCTORS = frozenset({"Add", "Mul", "Pow"})
_NOT_PLAIN_NAMES = CONSTANT_NAMES | RESERVED_NAMES
_INT = r"[+-]?\s*\d{1,40}"
_DECIMAL = r"[+-]?\d{1,40}(?:\.\d{0,40})?"
_GREEK = "|".join(sorted(GREEK_NAMES, key=len, reverse=True))
_NAME = "(?:" + _GREEK + r"|[A-Za-z](?:_?\d{1,3})?)"
_ATOMS = re.compile(
    r"(?<![\w.])(?:"
    rf"Rational\(\s*(?P<p>{_INT})\s*,\s*(?P<r>{_INT})\s*\)"
    rf"|Integer\(\s*(?P<n>{_INT})\s*\)"
    rf"|Float\(\s*(?:(?P<fq>['\"])(?P<f>{_DECIMAL})(?P=fq)|(?P<g>{_DECIMAL}))\s*\)"
    rf"|Symbol\(\s*(?P<sq>['\"])(?P<s>{_NAME})(?P=sq)\s*\)"
    r")"
)


def constructor_atoms(text: str) -> str:
    """``Rational(p, q)``, ``Integer(n)``, ``Float('d')``, ``Symbol('x')`` as the plain spelling of their
    value, bracketed so that a power or a product around them means what it meant."""
    return _ATOMS.sub(_plain, text) if "(" in text else text


def _plain(match: re.Match) -> str:
    if match["p"] is not None:
        return f"(({_compact(match['p'])})/({_compact(match['r'])}))"
    if match["n"] is not None:
        return f"({_compact(match['n'])})"
    if match["s"] is not None:  # Symbol('E') or Symbol('I') is a symbol, not the constant the name reads as
        return match[0] if match["s"] in _NOT_PLAIN_NAMES else f"({match['s']})"
    return f"({match['f'] or match['g']})"


def _compact(number: str) -> str:
    return re.sub(r"\s+", "", number)


def build_constructor(builder: ExpressionBuilder, name: str, args: Sequence[sympy.Expr]) -> sympy.Expr:
    """``Add(a, b, ...)``, ``Mul(a, b, ...)`` or ``Pow(a, b)``, built as ``a + b``, ``a*b``, ``a**b``."""
    if name == "Pow":
        if len(args) != 2:
            raise ParseError(ParseRefusal.FORBIDDEN, "Pow takes a base and an exponent")
        return builder.pow(args[0], args[1])
    if not args:
        raise ParseError(ParseRefusal.FORBIDDEN, f"{name} of nothing")
    return builder.add(list(args)) if name == "Add" else builder.mul(list(args))
