"""Parse untrusted math text (SymPy syntax or LaTeX) into SymPy, without ever evaluating it as Python.

Model output is hostile until proven otherwise, and ``sympify``/``parse_expr`` run ``eval``. So the SymPy
path reads the text with ``ast.parse`` and builds every SymPy object itself from a whitelist; the LaTeX path
lets ``latex2sympy2_extended`` parse (its ANTLR grammar does not eval) and then *rebuilds* the result through
the same whitelist, so both paths accept exactly the same language and give the same (evaluated) trees.

The language, in one place:

* numbers: integers up to ``max_int_digits`` digits, decimal floats (``sympy.Float`` from the literal text);
* constants ``pi``, ``E``, ``I``, ``oo``; a bare ``e`` is Euler's number (models write ``e**x``), unless
  ``e`` is the variable;
* symbols: ``[A-Za-z][A-Za-z0-9_]{0,15}`` that are not function names, Python keywords or builtins, always
  plain ``sympy.Symbol(name)`` (no assumptions), so ``parse_math("x") == Symbol("x")``; ``+ C`` is kept;
* ``+ - * / **`` (``^`` is read as power) and the functions in ``_FUNCTIONS``; ``Integral(h, x)`` /
  ``integrate`` and ``Derivative(h, x)`` / ``diff`` stay unevaluated (solution steps keep unfinished
  integrals); definite integrals, ``Piecewise`` and ``floor``/``ceiling`` (whose evaluation can hang)
  are refused;
* LaTeX: ``\\log`` without a base is the natural log (calculus convention, same as SymPy's ``log``);
  ``a\\frac{b}{c}`` is a product, not a mixed number; ``x^10`` means ``x^{10}``.

Resource bounds are checked *before* anything big is built: text length, bracket and tree depth, node
count, literal sizes, and the size of every numeric power. Parsing is still SymPy work, so callers run it
under the time limits of ``validators.limits`` like every other SymPy call.

This module is the public entry point (text clean-up, ``F(x) = ...`` and the choice of reader). The parts:
``validators.parse_refusals`` (bounds, refusal reasons, ``ParseError``), ``validators.math_language`` (the
whitelist and the one builder), ``validators.sympy_reader`` and ``validators.latex_reader`` (the two front
ends).
"""

from __future__ import annotations

import re

import sympy

from validators.latex_reader import parse_latex
from validators.math_language import SYMBOL_NAME, ExpressionBuilder
from validators.parse_refusals import DEFAULT_LIMITS, ParseError, ParseLimits, ParseRefusal, first_line
from validators.sympy_reader import parse_sympy_syntax

__all__ = ["DEFAULT_LIMITS", "ParseError", "ParseLimits", "ParseRefusal", "parse_math", "to_sympy_syntax"]

_UNICODE = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/", "²": "^2", "³": "^3"})
_WRAPPERS = ((r"\(", r"\)"), (r"\[", r"\]"), ("$$", "$$"), ("$", "$"))
_LHS_LABEL = re.compile(r"[A-Za-z](?:_\{?\w+\}?)?(?:'|\\prime|\^\{?\\prime\}?)*(?:\s*\(\s*[A-Za-z]\w*\s*\))?")
_LHS_CALCULUS = ("\\int", "∫", "integrate", "Integral", "\\frac{d", "d/d", "Derivative", "diff")
_NOT_ASSIGNMENT = "=<>!:"


def parse_math(text: str, variable: str = "x", limits: ParseLimits = DEFAULT_LIMITS) -> sympy.Expr:
    """Parse SymPy syntax or LaTeX into a SymPy expression, or raise ``ParseError`` (and nothing else).

    ``variable`` is the integration variable: always ``Symbol(variable)``, and the default variable of a
    one-argument ``Integral(h)``/``Derivative(h)``.
    """
    if not SYMBOL_NAME.fullmatch(variable):
        raise ValueError(f"variable must be a plain name, got {variable!r}")
    try:
        if not isinstance(text, str):
            raise ParseError(ParseRefusal.SYNTAX, f"expected text, got {type(text).__name__}")
        if len(text) > limits.max_chars:
            raise ParseError(ParseRefusal.TOO_LONG, f"{len(text)} characters, more than {limits.max_chars}")
        text = _unwrap(_restore_json_escapes(text).translate(_UNICODE))
        body = _right_hand_side(text)
        if not body.strip():
            raise ParseError(ParseRefusal.EMPTY, "no expression")
        if _bracket_depth(body) > limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"brackets nested deeper than {limits.max_depth}")
        result = _parse_either(
            body, any(c in text for c in "\\{}|"), ExpressionBuilder(variable, limits), limits
        )
        if result.has(sympy.zoo, sympy.nan):
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "undefined value (division by zero?)")
        return result
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(ParseRefusal.TOO_DEEP, "too deeply nested") from None
    except MemoryError:
        raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "out of memory while building") from None
    except Exception as exc:  # SymPy refusing a combination (TypeError, ValueError, ...) is a bad expression
        raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, first_line(exc)) from None


_JSON_ESCAPED_COMMAND = re.compile(r"[\b\f\t\r\n](?=[a-zA-Z])")
_JSON_ESCAPES = {"\b": "\\b", "\f": "\\f", "\t": "\\t", "\r": "\\r", "\n": "\\n"}


def _restore_json_escapes(text: str) -> str:
    """Undo what JSON did to LaTeX written with single backslashes.

    A model writing ``"\\frac"`` inside a JSON string means the LaTeX command, but JSON decodes it to a form
    feed followed by ``rac`` (likewise ``\\theta``, ``\\beta``, ``\\nabla``, ``\\right``). A control character
    directly followed by a letter never occurs in real math, so it is read back as backslash + letter.
    """
    return _JSON_ESCAPED_COMMAND.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _parse_either(
    body: str, looks_latex: bool, builder: ExpressionBuilder, limits: ParseLimits
) -> sympy.Expr:
    """LaTeX if it looks like LaTeX; else SymPy syntax, and LaTeX when that is not even Python syntax.

    The fallback reads what models write half-way between the two (``x^2 sin(x)``, ``x e^x - e^x``);
    refusals for any other reason than syntax stand.
    """
    if looks_latex:
        return parse_latex(body, builder, limits)
    try:
        return parse_sympy_syntax(body, builder, limits)
    except ParseError as syntax_error:
        if syntax_error.reason is not ParseRefusal.SYNTAX:
            raise
        try:
            return parse_latex(body, builder, limits)
        except ParseError:
            raise syntax_error from None


def to_sympy_syntax(expr: sympy.Expr) -> str:
    """Canonical SymPy-syntax text for ``expr``; ``parse_math`` reads it back to the same expression.

    Holds for expressions in the language whose numbers fit the parse limits (an integer printed with more
    than ``max_int_digits`` digits is refused on the way back).
    """
    return sympy.sstr(expr)


def _unwrap(text: str) -> str:
    """Strip ``$...$``, ``\\(...\\)``, ``\\[...\\]`` and a final full stop."""
    text = text.strip()
    for opening, closing in _WRAPPERS:
        if text.startswith(opening) and text.endswith(closing) and len(text) >= len(opening) + len(closing):
            text = text[len(opening) : len(text) - len(closing)].strip()
            break
    if text.endswith((".", ",")) and not text[-2:-1].isdigit():
        text = text[:-1].rstrip()
    return text


def _right_hand_side(text: str) -> str:
    """``F(x) = ...`` / ``\\int g\\,dx = ...`` -> the right side; other equations are refused."""
    depth, cuts = 0, []
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "=" and depth == 0:
            around = text[i - 1 : i] + text[i + 1 : i + 2]
            if not any(c in _NOT_ASSIGNMENT for c in around):
                cuts.append(i)
    if not cuts:
        return text
    if len(cuts) > 1:
        raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "more than one '='")
    left = text[: cuts[0]].strip()
    if not (_LHS_LABEL.fullmatch(left) or any(marker in left for marker in _LHS_CALCULUS)):
        raise ParseError(
            ParseRefusal.NOT_AN_EXPRESSION, f"an equation, and {left[:40]!r} is not a name for it"
        )
    return text[cuts[0] + 1 :]


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest
