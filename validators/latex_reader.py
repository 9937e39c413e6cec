"""The LaTeX front end: normalise, screen, let ``latex2sympy2_extended`` parse, then rebuild the tree.

The converter's ANTLR grammar does not eval, but it evaluates eagerly and reads some model LaTeX in ways we
do not mean. So the text is first rewritten into the subset the grammar reads our way, screened for what
it would evaluate, named calls (``\\mathrm{erf}(x - 1)``) are parsed separately behind placeholders, and
the converter's result is *rebuilt* through ``ExpressionBuilder`` so both front ends accept one language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy
from sympy.core.function import AppliedUndef

from validators.math_language import (
    ALL_FUNCTION_NAMES,
    CLASS_NAMES,
    MAX_FLOAT_EXPONENT,
    WORD_SYMBOLS,
    ExpressionBuilder,
    number_bits,
)
from validators.parse_latex_text import (
    LATEX_COMMAND,
    LATEX_COMMANDS,
    LATEX_NATIVE_FUNCTIONS,
    closing_brace,
    fraction_slots,
    normalize_latex,
    skip_spaces,
)
from validators.parse_refusals import ParseError, ParseLimits, ParseRefusal, first_line
from validators.parse_text import closing_bracket

_LATEX_WRAPPED_NAME = re.compile(r"\\(?:mathrm|text)\{(\w+)\}")
_MANGLED_WORD = re.compile(r"math\{(\w+)\}")  # what the grammar makes of \mathrm{constant}
# A bar with a subscript, first or after its superscript (|_{0}^{1}, |^{1}_{0}); |x|^{2} is a power of |x|.
_EVALUATION_BAR = re.compile(r"(\||\\vert|\\rvert)\s*(_|\^\s*(\{[^{}]*\}|\w)\s*_)")


_NUMBERS_SIDE_BY_SIDE = re.compile(r"\d(?:\s|\\[,;:! ]|~)+\d")


_E_NOTATION = re.compile(r"\d\.?\d*E[-+]?\d")
# A native function command without a bracket after it (and its powers); the brackets _UNBRACKETED_ARGUMENT
# adds to the plain forms (\sin x \cdot x) are in the text already.
_BARE_CALL = re.compile(
    r"\\(" + "|".join(sorted(LATEX_NATIVE_FUNCTIONS - {"sqrt"}, key=len, reverse=True)) + r")(?![A-Za-z])"
    r"(?:\s*[\^_]\s*(?:\{[^{}]*\}|\w))*(?=\s*[^\s(^_])"
)
# The argument a reader gives a function written without brackets: a number, letters (Greek ones too), each
# with its power (\sin 2x, \sin x^{2}, \sin \pi x), or one group (\sin{x}, \ln|x|, \cos\frac{x}{2}).
# Letters are glued (\ln x \, x^{2} is no argument "x x^{2}": the space ends it); a Greek command takes a
# space after it (\pi x).
_POWER = r"(?:\s*\^\s*(?:\{[^{}]*\}|\w))?"
_SIMPLE_ARGUMENT = re.compile(
    r"(?:\d+(?:\.\d+)?|\.\d+)?\s*(?:(?:[A-Za-z]|\\(?:pi|theta|alpha|beta|omega|phi|lambda|mu)(?![A-Za-z])\s*)"
    + _POWER
    + r")*"
)
# What may follow such an argument: the end, a closing bracket, a sum, an equation, a comma, another function
_FUNCTION_COMMANDS = "|".join(sorted(LATEX_NATIVE_FUNCTIONS, key=len, reverse=True))
_ARGUMENT_ENDS = re.compile(
    r"\s*(?:$|[)}\]+\-=,]|\\(?:" + _FUNCTION_COMMANDS + r")(?![A-Za-z])"
    r"|\\mathrm\{(?:" + "|".join(sorted(ALL_FUNCTION_NAMES, key=len, reverse=True)) + r")\}"
    r"|d\s*[A-Za-z](?![A-Za-z]))"  # ... or an integral's differential (\mathrm{const} is a name: round 50)
)


def _function_swallows(text: str) -> str | None:
    """The name of a function written without brackets whose argument does not plainly end: a reader takes
    its argument as the next number-and-letters (or the next group), and the converter's grammar takes
    everything up to the next sum, so any product after it is in or out: ``\\sin{x} \\cdot x``, ``\\sin x
    \\left|x\\right|``, ``\\cos x \\frac{x}{2}``, ``\\ln x (x+1)``, ``\\sin -x \\cdot x`` (rounds 44 and 46).
    The plain forms before an explicit product (``\\sin x \\cdot x``) have their brackets already
    (``_UNBRACKETED_ARGUMENT``)."""
    for match in _BARE_CALL.finditer(text):
        i = skip_spaces(text, match.end())
        group = _group_end(text, i)
        end = group if group is not None else _SIMPLE_ARGUMENT.match(text, i).end()
        closing_bar = text.startswith("|", skip_spaces(text, end)) and text.count("|", 0, end) % 2 == 1
        if end == i or not (_ARGUMENT_ENDS.match(text, end) or closing_bar):
            return match[1]
    return None


def _group_end(text: str, i: int) -> int | None:
    """The end of a brace group, a bar group or a fraction starting at ``i``, or None."""
    if text.startswith("{", i):
        return closing_brace(text, i) + 1
    if text.startswith("|", i):
        close = text.find("|", i + 1)
        return None if close < 0 else close + 1
    root = re.match(r"\\sqrt\s*(?:\[[^\[\]]*\]\s*)?(?=\{)", text[i:])  # \sin\sqrt{x}
    if root is not None:
        return closing_brace(text, i + root.end()) + 1
    fraction = re.match(r"\\[dtc]?frac\s*(?=\{)", text[i:])
    found = fraction_slots(text, i + fraction.end()) if fraction is not None else None
    return None if found is None else found[2] + 1


def _double_superscript(text: str) -> bool:
    """A superscript right after a superscript (x^\\pi^{2}, x^{{{2}}}^{3}, x^{2}{}^{3}, x^\\frac{1}{2}^3):
    TeX's "double superscript" error, which the converter reads as a tower or a second power (round 34's
    x^\\pi², round 36's braces nested three deep). Each ``^``'s argument is skipped as TeX reads it: a
    brace group at any depth, a command with its brace groups, or one character."""
    for caret in re.finditer(r"\^", text):
        i = skip_spaces(text, caret.end())
        if text.startswith("\\", i):
            i = re.match(r"\\[A-Za-z]+|\\.?", text[i:]).end() + i
            while (after := skip_spaces(text, i)) < len(text) and text[after] in "{[":
                close = text.find("]", after) if text[after] == "[" else closing_brace(text, after)
                i = (close if close >= 0 else len(text)) + 1
        elif i < len(text) and text[i] == "{":
            i = closing_brace(text, i) + 1
        else:
            i += 1
        i = skip_spaces(text, i)
        while (empty := re.match(r"\{\s*\}\s*", text[i:])) is not None:  # x^{2}{}{}^{3}
            i += empty.end()
        if text.startswith("^", i):
            return True
    return False


def _screen_latex(text: str, limits: ParseLimits) -> None:
    """Refuse what the LaTeX converter would evaluate eagerly (matrices, sums, evaluation bars, powers)."""
    for command in LATEX_COMMAND.findall(text):
        if command not in LATEX_COMMANDS:
            raise ParseError(ParseRefusal.FORBIDDEN, f"LaTeX command \\{command[:30]} is not allowed")
    if _NUMBERS_SIDE_BY_SIDE.search(text):  # the converter adds them: "2 3" is 5, "x*2 3" is 5x
        raise ParseError(ParseRefusal.AMBIGUOUS, "two numbers side by side (2 3: 23, 2·3 or 2 + 3?)")
    if _E_NOTATION.search(text):  # the converter reads 5E-1 as 0.5, where E alone is Euler's e (round 44)
        raise ParseError(ParseRefusal.AMBIGUOUS, "a number in E-notation or Euler's e (5E-1: 0.5 or 5e - 1?)")
    if (swallowed := _function_swallows(text)) is not None:
        raise ParseError(
            ParseRefusal.AMBIGUOUS, f"\\{swallowed} without brackets: how far does its argument go?"
        )
    if _double_superscript(text):
        raise ParseError(ParseRefusal.AMBIGUOUS, "a superscript right after another (x^{2}^{3}: a tower?)")
    if _EVALUATION_BAR.search(text):
        raise ParseError(ParseRefusal.FORBIDDEN, "evaluation bars |_{...} are not allowed")
    if re.search(rf"\d{{{limits.max_int_digits + 1},}}", text):
        raise ParseError(
            ParseRefusal.LITERAL_TOO_LARGE, f"number with more than {limits.max_int_digits} digits"
        )
    for exponent in re.findall(r"\^\s*\{?\s*[-+]?\s*(\d+)", text):
        # the builder applies the exact bound (lower for a number's power); this only keeps the text cheap
        if int(exponent) > max(limits.max_exponent, limits.max_symbolic_exponent):
            raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, f"exponent beyond {limits.max_exponent}")


class _LatexTreeReader:
    """Rebuilds the converter's (unevaluated) SymPy tree through the builder, refusing what is not ours."""

    def __init__(
        self, builder: ExpressionBuilder, limits: ParseLimits, calls: dict[str, sympy.Expr] | None = None
    ) -> None:
        self.builder = builder
        self.limits = limits
        self.calls = calls or {}

    def read(self, expr: object, depth: int = 0) -> sympy.Expr:
        if depth > self.limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"nested deeper than {self.limits.max_depth}")
        b, down = self.builder, depth + 1
        if not isinstance(expr, sympy.Expr) or isinstance(expr, sympy.Tuple | sympy.UnevaluatedExpr):
            kind = ParseRefusal.NOT_AN_EXPRESSION if depth == 0 else ParseRefusal.FORBIDDEN
            raise ParseError(kind, f"{type(expr).__name__} is not allowed in an expression")
        if isinstance(expr, sympy.Symbol):
            placeholder = _PLACEHOLDER_NAME.fullmatch(expr.name)
            if placeholder and placeholder[1] in self.calls:
                return self.calls[placeholder[1]]
            word = _MANGLED_WORD.fullmatch(expr.name)
            return b.name(word[1] if word and word[1] in WORD_SYMBOLS else expr.name)
        if expr.is_Integer:
            return b.integer(int(expr))
        if expr.is_Rational:
            return b.div(b.integer(expr.p), b.integer(expr.q))
        if expr.is_Float:  # the grammar's Float of a literal keeps its digits: read back as they were written
            if number_bits(expr) > 4 * MAX_FLOAT_EXPONENT:
                raise ParseError(ParseRefusal.LITERAL_TOO_LARGE, "float too large")
            magnitude = b.decimal(str(abs(expr)).replace("e+", "e"))
            return b.neg(magnitude) if expr < 0 else magnitude
        if expr in (sympy.pi, sympy.E, sympy.I, sympy.oo, -sympy.oo):
            return expr
        if expr in (sympy.zoo, sympy.nan):
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "undefined value (division by zero?)")
        if expr.is_Atom:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"{type(expr).__name__} is not allowed")
        args = [self.read(arg, down) for arg in self._operands(expr)]
        if isinstance(expr, sympy.Add):
            return b.add(args)
        if isinstance(expr, sympy.Mul):
            return b.mul(args)
        if isinstance(expr, sympy.Pow):
            return b.pow(*args)
        return b.call(self._function_name(expr), args)

    def _operands(self, expr: sympy.Expr) -> Sequence[object]:
        if isinstance(expr, sympy.Integral):
            if len(expr.limits) != 1 or len(expr.limits[0]) != 1:
                raise ParseError(ParseRefusal.FORBIDDEN, "only indefinite integrals in one variable")
            return (expr.function, expr.limits[0][0])
        if isinstance(expr, sympy.Derivative):
            if len(expr.variable_count) != 1:
                raise ParseError(ParseRefusal.FORBIDDEN, "only derivatives in one variable")
            return (expr.expr, *expr.variable_count[0])
        return expr.args

    def _function_name(self, expr: sympy.Expr) -> str:
        if isinstance(expr, sympy.Integral | sympy.Derivative):
            return type(expr).__name__
        if isinstance(expr, AppliedUndef):
            name = str(expr.func.__name__)
            wrapped = _LATEX_WRAPPED_NAME.fullmatch(name)
            return wrapped[1] if wrapped else name
        if type(expr) in CLASS_NAMES:
            return CLASS_NAMES[type(expr)]
        raise ParseError(ParseRefusal.FORBIDDEN, f"{type(expr).__name__} is not allowed")


def parse_latex(text: str, builder: ExpressionBuilder, limits: ParseLimits) -> sympy.Expr:
    """Read LaTeX through the converter and rebuild it with ``builder``, or raise ``ParseError``.

    Normalising comes before screening so the screen sees the commands the grammar will actually read.
    """
    text = normalize_latex(text, builder.variable)
    _screen_latex(text, limits)
    _odd_roots_checked(text, builder, limits)
    text, calls = _extract_named_calls(text, builder, limits)
    return _convert_latex(text, builder, limits, calls)


_ODD_ROOT = re.compile(r"\\sqrt\s*\[\s*(\d+)\s*\]\s*\{")


def _odd_roots_checked(text: str, builder: ExpressionBuilder, limits: ParseLimits) -> None:
    """``\\sqrt[3]{u}`` is read as u**(1/3), which says nothing of the radical: each odd root's radicand is
    read alone and refused, as ∛u is, when it may be negative (``ExpressionBuilder.one_odd_root``)."""
    for match in _ODD_ROOT.finditer(text):
        if int(match[1]) % 2 == 0:
            continue
        close = closing_brace(text, match.end() - 1)
        try:
            radicand = _convert_latex(text[match.end() : close], builder, limits)
        except ParseError:
            continue  # read (or refused) with the whole text
        builder.one_odd_root(radicand)


def _convert_latex(
    text: str, builder: ExpressionBuilder, limits: ParseLimits, calls: dict[str, sympy.Expr] | None = None
) -> sympy.Expr:
    from validators.latex_antlr import latex_to_sympy  # imported lazily: ANTLR start-up is not free

    try:
        converted = latex_to_sympy(text)
    except (RecursionError, MemoryError):
        raise ParseError(ParseRefusal.TOO_DEEP, "too deeply nested for the LaTeX parser") from None
    except Exception as exc:  # the converter raises bare Exception (and others) for every syntax error
        raise ParseError(ParseRefusal.LATEX, first_line(exc)) from None
    return _LatexTreeReader(builder, limits, calls).read(converted)


_NAMED_CALL = re.compile(r"\\mathrm\{([A-Za-z]+)\}\s*\(")
_PLACEHOLDER_NAME = re.compile(r"P_\{?(\d+)\}?")


def _extract_named_calls(
    text: str, builder: ExpressionBuilder, limits: ParseLimits
) -> tuple[str, dict[str, sympy.Expr]]:
    """Parse the argument of every ``\\mathrm{name}(...)`` call on its own, leaving a placeholder.

    The LaTeX grammar reads ``\\mathrm{erf}(x)`` as a call but ``\\mathrm{erf}(x - 1)`` as a product of a
    symbol and a bracket. Each argument is therefore converted separately (rightmost call first, so inner
    calls are done before the calls around them) and the call is left as ``\\mathrm{erf}(P_{k})``.
    """
    if "P_" in text:  # a user's own P_1 would collide with the placeholders
        return text, {}
    calls: dict[str, sympy.Expr] = {}
    for match in reversed(list(_NAMED_CALL.finditer(text))):
        i = closing_bracket(text, match.end() - 1)
        if i >= len(text) or len(calls) > limits.max_nodes:
            raise ParseError(ParseRefusal.LATEX, f"unbalanced brackets after \\mathrm{{{match[1]}}}")
        key = str(len(calls))
        calls[key] = _convert_latex(text[match.end() : i], builder, limits, calls)
        text = f"{text[: match.end()]}P_{{{key}}}{text[i:]}"
    return text, calls
