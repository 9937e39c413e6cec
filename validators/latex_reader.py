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
    ExpressionBuilder,
    number_bits,
)
from validators.parse_refusals import ParseError, ParseLimits, ParseRefusal, first_line

# fmt: off
_LATEX_NATIVE_FUNCTIONS = frozenset({
    "sin", "cos", "tan", "csc", "sec", "cot", "arcsin", "arccos", "arctan", "arccsc", "arcsec", "arccot",
    "sinh", "cosh", "tanh", "arsinh", "arcosh", "artanh", "arcsinh", "arccosh", "arctanh", "log", "ln", "exp",
    "sqrt",
})
_GREEK = frozenset({
    "alpha", "beta", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi",
    "omega", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
})
_LATEX_COMMANDS = _LATEX_NATIVE_FUNCTIONS | _GREEK | {
    "frac", "dfrac", "tfrac", "cfrac", "sqrt", "int", "cdot", "times", "div", "infty", "mathrm", "boxed",
    "lvert", "rvert", "vert",
}
# fmt: on
_LATEX_FENCES = re.compile(r"\\(?:left|right)\s*\.|\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])")
_LATEX_SPACING = re.compile(r"\\(?:displaystyle|textstyle|limits|nolimits|quad|qquad)(?![A-Za-z])|\\[,;:! ]")
_LATEX_NAMED = re.compile(
    r"\\(?:operatorname|mathrm|textrm|text|mathit|textit|mathbf|boldsymbol)\s*\{\s*([A-Za-z0-9]+)\s*\}"
)
_LATEX_BARE_FUNCTION = re.compile(
    r"(?<![\\A-Za-z{])(arcsin|arccos|arctan|sinh|cosh|tanh|sin|cos|tan|cot|sec|csc|ln|log|exp)(?![A-Za-z])"
)
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_LATEX_WRAPPED_NAME = re.compile(r"\\(?:mathrm|text)\{(\w+)\}")


def _normalize_latex(text: str) -> str:
    """Rewrite the LaTeX that models write into the subset the grammar reads the way we mean it."""
    text = _LATEX_FENCES.sub("", text)
    text = _LATEX_SPACING.sub(" ", text)
    text = _LATEX_NAMED.sub(lambda m: m[1] if len(m[1]) == 1 else rf"\mathrm{{{m[1]}}}", text)
    text = _LATEX_BARE_FUNCTION.sub(r"\\\1", text)
    text = re.sub(r"\\log(?!\s*_)(?![A-Za-z])", r"\\ln", text)  # natural log, as in calculus
    # \Gamma and \erf-like commands the grammar lacks become named functions (checked by the builder).
    text = re.sub(r"\\Gamma(?![A-Za-z])", r"\\mathrm{gamma}", text)
    text = _LATEX_COMMAND.sub(
        lambda m: (
            rf"\mathrm{{{m[1]}}}"
            if m[1] in ALL_FUNCTION_NAMES and m[1] not in _LATEX_NATIVE_FUNCTIONS
            else m[0]
        ),
        text,
    )
    text = _unwrap_braced_arguments(text)
    text = re.sub(r"(\d)\s*(\\[dtc]?frac)(?![A-Za-z])", r"\1\\cdot\2", text)  # 2\frac{1}{2} is 2*(1/2)
    text = text.replace("**", "^")
    return re.sub(r"\^\s*(-?\d+(?:\.\d+)?)", r"^{\1}", text)  # x^10 means x^{10}, x^-1 means x^{-1}


def _closing_paren(text: str, open_index: int) -> int:
    """Index of the ``)`` matching the ``(`` at ``open_index``; ``len(text)`` if it is never closed."""
    depth = 0
    for i in range(open_index, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


_BRACED_ARGUMENT = re.compile(r"\\mathrm\{[A-Za-z]+\}\s*\{\s*\(")


def _unwrap_braced_arguments(text: str) -> str:
    """``\\mathrm{erf}{(x - 1)}`` (SymPy's own LaTeX for named functions) becomes ``\\mathrm{erf}(x - 1)``.

    The grammar reads a braced group after a named function as a product, so the call is unwrapped when
    the braces hold exactly one parenthesised argument.
    """
    out, start = [], 0
    for match in _BRACED_ARGUMENT.finditer(text):
        if match.start() < start:
            continue
        brace = text.index("{", text.index("}", match.start()) + 1)
        i = _closing_paren(text, match.end() - 1)
        close = i + 1
        while close < len(text) and text[close] == " ":
            close += 1
        if i < len(text) and close < len(text) and text[close] == "}":
            out.append(text[start:brace] + text[brace + 1 : i + 1])
            start = close + 1
    out.append(text[start:])
    return "".join(out)


def _screen_latex(text: str, limits: ParseLimits) -> None:
    """Refuse what the LaTeX converter would evaluate eagerly (matrices, sums, evaluation bars, powers)."""
    for command in _LATEX_COMMAND.findall(text):
        if command not in _LATEX_COMMANDS:
            raise ParseError(ParseRefusal.FORBIDDEN, f"LaTeX command \\{command[:30]} is not allowed")
    if re.search(r"(\||\\vert|\\rvert)\s*[_^]", text):
        raise ParseError(ParseRefusal.FORBIDDEN, "evaluation bars |_{...} are not allowed")
    if re.search(rf"\d{{{limits.max_int_digits + 1},}}", text):
        raise ParseError(
            ParseRefusal.LITERAL_TOO_LARGE, f"number with more than {limits.max_int_digits} digits"
        )
    for exponent in re.findall(r"\^\s*\{?\s*[-+]?\s*(\d+)", text):
        if int(exponent) > limits.max_exponent:
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
            return b.name(expr.name)
        if expr.is_Integer:
            return b.integer(int(expr))
        if expr.is_Rational:
            return b.div(b.integer(expr.p), b.integer(expr.q))
        if expr.is_Float:
            if number_bits(expr) > 4 * MAX_FLOAT_EXPONENT:
                raise ParseError(ParseRefusal.LITERAL_TOO_LARGE, "float too large")
            return expr
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
    text = _normalize_latex(text)
    _screen_latex(text, limits)
    text, calls = _extract_named_calls(text, builder, limits)
    return _convert_latex(text, builder, limits, calls)


def _convert_latex(
    text: str, builder: ExpressionBuilder, limits: ParseLimits, calls: dict[str, sympy.Expr] | None = None
) -> sympy.Expr:
    from latex2sympy2_extended import latex2sympy  # imported lazily: ANTLR start-up is not free
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    config = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)
    try:
        converted = latex2sympy(text, normalization_config=None, conversion_config=config)
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
        i = _closing_paren(text, match.end() - 1)
        if i >= len(text) or len(calls) > limits.max_nodes:
            raise ParseError(ParseRefusal.LATEX, f"unbalanced brackets after \\mathrm{{{match[1]}}}")
        key = str(len(calls))
        calls[key] = _convert_latex(text[match.end() : i], builder, limits, calls)
        text = f"{text[: match.end()]}P_{{{key}}}{text[i:]}"
    return text, calls
