"""Parse untrusted math text (SymPy syntax, plain math or LaTeX) into SymPy, never evaluating it as Python.

Model output is hostile until proven otherwise, and ``sympify``/``parse_expr`` run ``eval``. So the SymPy
path reads the text with ``ast.parse`` and builds every SymPy object itself from a whitelist; the LaTeX path
lets ``latex2sympy2_extended`` parse (its ANTLR grammar does not eval) and then *rebuilds* the result through
the same whitelist, so both paths accept exactly the same language and give the same (evaluated) trees.
Plain math (``2x e^(2x)``, ``x sin x``, ``sin^2(x)``, ``ln|x|``, ``√(x+1)``, ``∫ x dx``) is first rewritten
into SymPy syntax token by token (``validators.parse_plain``), which only makes the implicit explicit.

The language, in one place:

* numbers: integers up to ``max_int_digits`` digits; decimals are the exact rationals they write
  (``0.1`` is 1/10), so a rounded 1/3 is exactly not 1/3; e-notation is refused (``5e-1 x`` is 5e − x
  to a reader of math, x/2 to Python);
* constants ``pi``/``π``, ``E``, ``I``, ``oo``; a bare ``e`` is Euler's number (models write ``e**x``),
  unless ``e`` is the variable;
* symbols: ``[A-Za-z][A-Za-z0-9_]{0,15}`` that are not function names, Python keywords or builtins, always
  plain ``sympy.Symbol(name)`` (no assumptions), so ``parse_math("x") == Symbol("x")``; ``+ C``,
  ``+ constant`` are kept; a glued name is cut into known pieces when that is unambiguous
  (``xe`` is x*e, ``xsin`` is x*sin; ``validators.parse_names``);
* ``+ - * / **`` (``^`` is read as power) and the functions in ``math_language``, with ``hyper``,
  ``hyp2f1``, ``meijerg``, ``appellf1`` as SymPy objects; ``Integral(h, x)`` / ``integrate`` / ``∫ h dx``
  and ``Derivative(h, x)`` / ``diff`` stay unevaluated (solution steps keep unfinished integrals);
  ``Piecewise`` with whitelisted conditions is read; definite integrals and ``floor``/``ceiling`` (whose
  evaluation can hang) are refused;
* a field may be labelled (``F(x) =``, ``du =``, ``v' =``) and may end in a differential (``2x dx``,
  ``\\,\\mathrm{d}x``), which is dropped (``parse_with_differential`` reports its variable); a ``dx``
  anywhere else is refused;
* Wolfram calls (``Sin[4 x]``, ``Integrate[f, x]``, ``C[1]``) when each has its one meaning
  (``validators.parse_wolfram``); words with one meaning: ``Let u = ...``/``then du = ...`` around a label,
  a trailing LIATE note (``x (algebraic)``), ``integral of h dx``, and ``dx/x^2`` as a whole field;
* what has two plausible readings is refused as ``AMBIGUOUS`` rather than guessed: ``e^2x`` (``2^3x``,
  ``e^ax``, ``e^½x``), ``1/2x``, ``x^1/2``, ``sin^-2(x)``, a glued name with two equally short cuts, a
  power right after a superscript or a caret tower in a text that writes superscripts (``x^2³``,
  ``x^√5²``: a tower or a second power?), TeX's double superscript, ``∛x`` (the real cube root or the
  principal one?), a module's name the language does not know (``np.euler_gamma``);
* LaTeX: ``\\log`` without a base is the natural log (calculus convention, same as SymPy's ``log``);
  ``a\\frac{b}{c}`` is a product, not a mixed number; ``x^10`` means ``x^{10}``; a bare ``/`` binds like
  a product, as in plain text.

Resource bounds are checked *before* anything big is built: text length, bracket and tree depth, node
count, literal sizes, and the size of every numeric power. Parsing is still SymPy work, so callers run it
under the time limits of ``validators.limits`` like every other SymPy call.

This module is the public entry point (the order of the steps and the choice of reader). The parts:
``validators.parse_refusals`` (bounds, refusal reasons, ``ParseError``), ``validators.parse_text`` (clean-up,
labels, differentials), ``validators.math_language`` (the whitelist and the one builder),
``validators.sympy_reader`` with ``parse_plain``/``parse_render``/``parse_names`` (SymPy syntax and plain
math) and ``validators.latex_reader`` with ``parse_latex_text``/``parse_latex_division`` (LaTeX).
"""

from __future__ import annotations

import functools
import html
import re

import sympy

from validators.latex_reader import parse_latex
from validators.math_language import SYMBOL_NAME, ExpressionBuilder
from validators.parse_brackets import square_brackets_as_grouping
from validators.parse_code_notes import code_comment_out, decimal_commas
from validators.parse_integral_order import calculator_integrals, differential_first_integrals
from validators.parse_latex_bars import evaluation_bars
from validators.parse_latex_groups import function_groups_unbraced
from validators.parse_latex_over import plain_tex_rewritten
from validators.parse_latex_text import differentials_out_of_fractions
from validators.parse_notations import other_notations
from validators.parse_prose_tail import prose_tail_out
from validators.parse_refusals import DEFAULT_LIMITS, ParseError, ParseLimits, ParseRefusal, first_line
from validators.parse_text import (
    bracket_depth,
    calculus_sides,
    code_spellings,
    equation_members,
    names_a_derivative,
    normalize_spaces,
    normalize_unicode,
    restore_json_escapes,
    right_hand_side,
    split_differential,
    unwrap,
    words_out,
)
from validators.parse_wolfram import wolfram_calls
from validators.sympy_constructors import constructor_atoms
from validators.sympy_reader import parse_sympy_syntax

__all__ = [
    "DEFAULT_LIMITS",
    "ParseError",
    "ParseLimits",
    "ParseRefusal",
    "labelled_as_derivative",
    "parse_chain",
    "parse_math",
    "parse_with_differential",
    "to_sympy_syntax",
]


def parse_math(text: str, variable: str = "x", limits: ParseLimits = DEFAULT_LIMITS) -> sympy.Expr:
    """Parse SymPy syntax, plain math or LaTeX into a SymPy expression, or raise ``ParseError`` (only that).

    ``variable`` is the integration variable: always ``Symbol(variable)``, and the default variable of a
    one-argument ``Integral(h)``/``Derivative(h)``. A trailing differential (``sin(x) dx``) is dropped;
    ``parse_with_differential`` also says which variable it named.
    """
    return parse_with_differential(text, variable, limits)[0]


def parse_with_differential(
    text: str, variable: str = "x", limits: ParseLimits = DEFAULT_LIMITS
) -> tuple[sympy.Expr, str | None]:
    """Like ``parse_math``, and the name of the trailing differential's variable (``"x"``, ``"t"``) or None.

    ``du = 2x dx`` is ``(2*x, "x")``, ``dv = dx`` is ``(1, "x")``, ``x**2/2`` is ``(x**2/2, None)``; the
    ``dx`` of an integral (``∫ x dx``, ``\\int x\\,dx``) belongs to the integral and is not reported.
    """
    if not SYMBOL_NAME.fullmatch(variable):
        raise ValueError(f"variable must be a plain name, got {variable!r}")
    if isinstance(text, str) and len(text) <= limits.max_chars:
        return _reread(_parse_cached(text, variable, limits))
    return _parse_with_differential(text, variable, limits)


PARSE_CACHE_SIZE = 4096
_Reading = tuple[sympy.Expr, str | None]
# Refusals that depend on the moment (the stack depth or the memory left when the text was read): not cached.
_MOMENTARY = (ParseRefusal.TOO_DEEP, ParseRefusal.EXPONENT_TOO_LARGE)


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse_cached(text: str, variable: str, limits: ParseLimits) -> _Reading | ParseError:
    """One sample's checks read the same texts again and again (~44 parses, ~24 distinct), and a solve
    answer's fields once by the field reader and again as chains; SymPy trees are immutable and a reading
    is a function of (text, variable, limits) alone, so a reading — or a refusal — can be handed out twice."""
    try:
        return _parse_with_differential(text, variable, limits)
    except ParseError as err:
        if err.reason in _MOMENTARY:
            raise
        return ParseError(err.reason, err.detail)  # without the traceback (and the trees its frames hold)


def _reread(cached: _Reading | ParseError) -> _Reading:
    """A cached reading, or its refusal raised afresh (a raised exception carries its traceback along)."""
    if isinstance(cached, ParseError):
        raise ParseError(cached.reason, cached.detail)
    return cached


# Spellings of a power that become a caret before reading: superscripts, HTML's <sup>, MATLAB's .^
_STACKED_POWER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁿ⁽⁾]|<\s*sup\b|\.\^", re.IGNORECASE)
_MAPLE_INT = re.compile(r"(?<![\w.])[iI]nt\(")
_ASCIIMATH_INT = re.compile(r"(?<![\w.\\])int\s+(?![(\s=+*/^)-])")


def _parse_with_differential(text, variable: str, limits: ParseLimits) -> tuple[sympy.Expr, str | None]:
    try:
        if not isinstance(text, str):
            raise ParseError(ParseRefusal.SYNTAX, f"expected text, got {type(text).__name__}")
        if len(text) > limits.max_chars:
            raise ParseError(ParseRefusal.TOO_LONG, f"{len(text)} characters, more than {limits.max_chars}")
        original = text
        text = _cleaned(text)
        looks_latex = any(c in text for c in "\\{}")
        if not looks_latex:  # Maple's int(f, x) and inert Int(f, x): one meaning, an indefinite integral
            text = _MAPLE_INT.sub("Integral(", constructor_atoms(code_spellings(calculator_integrals(text))))
            text = _ASCIIMATH_INT.sub("∫ ", square_brackets_as_grouping(text))  # AsciiMath: int x^2 dx
        text = normalize_unicode(text, looks_latex)
        if looks_latex:  # \frac{dx}{x} holds its differential in the numerator: move it to the end
            text = differentials_out_of_fractions(
                evaluation_bars(function_groups_unbraced(plain_tex_rewritten(text)))
            )
        text = differential_first_integrals(text, looks_latex)
        _no_chain(text, variable, limits)
        body, differential = split_differential(right_hand_side(text), variable)
        if not body.strip():
            raise ParseError(ParseRefusal.EMPTY, "no expression")
        if bracket_depth(body) > limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"brackets nested deeper than {limits.max_depth}")
        rendered = html.unescape(original) if "&" in original else original  # &sup2; is ²
        builder = ExpressionBuilder(variable, limits, stacked_powers=bool(_STACKED_POWER.search(rendered)))
        result = _parse_either(body, looks_latex, builder, limits)
        if result.has(sympy.zoo, sympy.nan):
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "undefined value (division by zero?)")
        return result, differential
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(ParseRefusal.TOO_DEEP, "too deeply nested") from None
    except MemoryError:
        raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "out of memory while building") from None
    except Exception as exc:  # SymPy refusing a combination (TypeError, ValueError, ...) is a bad expression
        raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, first_line(exc)) from None


def _cleaned(text: str) -> str:
    """Escapes, spaces, $...$ wrappers, words with one meaning and Wolfram calls, before any reading."""
    text = other_notations(code_comment_out(normalize_spaces(restore_json_escapes(text))))
    return decimal_commas(wolfram_calls(words_out(prose_tail_out(unwrap(normalize_spaces(text))))))


def _no_chain(text: str, variable: str, limits: ParseLimits) -> None:
    """``\\int x e^x\\,dx = ...`` names the integral; ``x e^x - \\int e^x\\,dx = x e^x - e^x`` makes two
    claims (the left side is one too), and reading only the right one would pass a false left side as
    checked. So a left side with an integral must be that integral alone: ``2∫ g dx = R`` is a chain too
    (R is twice an antiderivative; ``validators.solution_labels`` divides it by 2)."""
    sides = calculus_sides(text)
    if sides is None:
        return
    try:
        expr = parse_with_differential(sides[0], variable, limits)[0]
    except ParseError:  # "x e^x - e^x, since ∫ e^x dx = e^x": the right side alone is no reading of it
        raise ParseError(
            ParseRefusal.NOT_AN_EXPRESSION, "an equation whose left side, holding an integral, cannot be read"
        ) from None
    coefficient, rest = expr.as_coeff_Mul()
    if not isinstance(rest, sympy.Integral | sympy.Derivative):
        raise ParseError(
            ParseRefusal.CHAIN, "a chain: the left side is a claim of its own, read by parse_chain"
        )
    if coefficient != 1:  # 2∫ g dx = R: R is twice an antiderivative, no value of the integral
        raise ParseError(ParseRefusal.CHAIN, "a chain: the left side is a multiple of the integral")


def labelled_as_derivative(text: str) -> bool:
    """Whether an answer opens with a label naming a derivative (``F'(x) = R``, ``dy/dx = R``): R is then
    not offered as the antiderivative, whatever it is (``validators.final`` refuses such a final)."""
    return isinstance(text, str) and _labelled_as_derivative(text)


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)  # a pure function of the text, asked of each field again
def _labelled_as_derivative(text: str) -> bool:
    try:
        text = _cleaned(text)
        return names_a_derivative(normalize_unicode(text, any(c in text for c in "\\{}")))
    except ParseError:
        return False  # the reading refuses it anyway


def parse_chain(
    text: str, variable: str = "x", limits: ParseLimits = DEFAULT_LIMITS
) -> list[tuple[sympy.Expr, str | None]]:
    """Every member of a chain ``A = B = ...`` in order, when it is one (a member with a pending integral
    is a claim of its own, and so is each of several ``=``); a lone integral on the left (``∫ h dx = R``,
    the integral the step works on) is kept as the first member, so the caller checks R against *that*
    integral; otherwise the one reading of ``parse_with_differential``. Raises ParseError as it does."""
    try:
        reading = parse_with_differential(text, variable, limits)
    except ParseError as err:
        if err.reason is not ParseRefusal.CHAIN:
            raise
        members = equation_members(_cleaned(text))
        if members is None:  # pragma: no cover - the refusal above found these members in the same text
            raise
        return [parse_with_differential(member, variable, limits) for member in members]
    sides = calculus_sides(_cleaned(text))
    if sides is None:
        return [reading]
    return [parse_with_differential(sides[0], variable, limits), reading]


def _parse_either(
    body: str, looks_latex: bool, builder: ExpressionBuilder, limits: ParseLimits
) -> sympy.Expr:
    """LaTeX if it looks like LaTeX; else SymPy syntax / plain math, and LaTeX when that is not even syntax.

    Refusals for any other reason than syntax stand.
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
