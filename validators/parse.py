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
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import sympy
from sympy.core.function import AppliedUndef


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
    LATEX = "latex"


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
    max_exponent: int = 1000  # |n| of any numeric exponent
    max_result_bits: int = 10_000  # size of any number built (2**10000 has ~3000 digits)


DEFAULT_LIMITS = ParseLimits()

_SYMBOL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}")
_MAX_FLOAT_EXPONENT = 308  # decimal exponent of a float literal, as for IEEE doubles
_MAX_ROOT_BASE_BITS = 1024  # root extraction of bigger integers (perfect-power search) gets slow
_MAX_GROWING_ARG = 1000  # gamma(n), n! for numeric n are computed exactly by SymPy
_MAX_DERIVATIVE_ORDER = 10

_CONSTANTS: dict[str, sympy.Expr] = {
    "pi": sympy.pi,
    "E": sympy.E,
    "e": sympy.E,
    "I": sympy.I,
    "oo": sympy.oo,
}

# fmt: off
_UNARY_FUNCTIONS = (
    "exp", "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth", "asech", "acsch",
    "Abs", "sign", "erf", "erfc", "erfi", "Ei", "Si", "Ci", "Shi", "Chi", "li", "Li",
    "gamma", "loggamma", "factorial", "digamma", "fresnels", "fresnelc", "airyai", "airybi",
    "elliptic_k", "sinc",
)
# Special functions of several arguments, as published antiderivatives use them: name -> argument counts.
_SPECIAL_FUNCTIONS = {
    "polylog": (2,), "LambertW": (1, 2), "besselj": (2,), "bessely": (2,), "besseli": (2,), "besselk": (2,),
    "uppergamma": (2,), "lowergamma": (2,), "expint": (2,), "elliptic_f": (2,), "elliptic_e": (1, 2),
    "elliptic_pi": (2, 3), "zeta": (1, 2), "polygamma": (2,), "erf2": (2,), "lerchphi": (3,),
}
_ALIASES = {
    "ln": "log", "abs": "Abs", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arccot": "acot",
    "arcsec": "asec", "arccsc": "acsc", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "arccoth": "acoth", "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh", "arcoth": "acoth",
}
# fmt: on
# name -> (SymPy callable, allowed argument counts). Canonical SymPy names come first: the LaTeX path maps
# SymPy classes back to the first name that uses them.
_FUNCTIONS: dict[str, tuple[Callable[..., sympy.Expr], tuple[int, ...]]] = {
    "log": (sympy.log, (1, 2)),
    "atan2": (sympy.atan2, (2,)),
    **{name: (getattr(sympy, name), (1,)) for name in _UNARY_FUNCTIONS},
    **{name: (getattr(sympy, name), arities) for name, arities in _SPECIAL_FUNCTIONS.items()},
}
_FUNCTIONS |= {alias: (_FUNCTIONS[target][0], (1,)) for alias, target in _ALIASES.items()}
# Functions SymPy may evaluate exactly (and slowly) for numeric arguments: refuse large numbers in them.
_GROWING = frozenset(
    {"gamma", "loggamma", "factorial", "digamma", "polygamma", "zeta", "polylog"}
) | frozenset(_SPECIAL_FUNCTIONS)
_POWER_FORMS = {"sqrt": (1,), "cbrt": (1,), "root": (2,)}  # built through the guarded power
_CALCULUS_FORMS = {
    "Integral": "Integral",
    "integrate": "Integral",
    "Derivative": "Derivative",
    "diff": "Derivative",
}
_COMPARISONS = {ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge, ast.Eq: sympy.Eq,
                ast.NotEq: sympy.Ne}  # fmt: skip
_RELATIONS = {"Eq": sympy.Eq, "Ne": sympy.Ne, "Lt": sympy.Lt, "Le": sympy.Le, "Gt": sympy.Gt, "Ge": sympy.Ge}
_REFUSED_FORMS = frozenset({"floor", "ceiling", "Sum", "Product", "Limit", "Subs", "Lambda"})
_ALL_FUNCTION_NAMES = frozenset(_FUNCTIONS) | frozenset(_POWER_FORMS) | frozenset(_CALCULUS_FORMS)
_RESERVED_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | {"nan", "zoo", "inf", "infinity"}
_CLASS_NAMES: dict[type, str] = {}
for _name, (_cls, _) in _FUNCTIONS.items():
    _CLASS_NAMES.setdefault(_cls, _name)  # type: ignore[arg-type]


class _Builder:
    """Makes SymPy objects from already-vetted parts, refusing anything that would grow too large.

    Both readers (Python AST and LaTeX tree) build through this one class, so the language and its bounds
    are defined once.
    """

    def __init__(self, variable: str, limits: ParseLimits) -> None:
        self.variable = variable
        self.limits = limits

    def name(self, name: str) -> sympy.Expr:
        if name == self.variable:
            return sympy.Symbol(name)
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in _ALL_FUNCTION_NAMES or name in _REFUSED_FORMS:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"function {name!r} used without arguments")
        if name in _RESERVED_NAMES or not _SYMBOL_NAME.fullmatch(name):
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"name {name[:40]!r} is not allowed")
        return sympy.Symbol(name)

    def integer(self, value: int) -> sympy.Integer:
        if abs(value) >= 10**self.limits.max_int_digits:
            raise ParseError(
                ParseRefusal.LITERAL_TOO_LARGE, f"integer with more than {self.limits.max_int_digits} digits"
            )
        return sympy.Integer(value)

    def float_literal(self, text: str) -> sympy.Float:
        match = re.fullmatch(r"(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?", text)
        if match is None or not (match[1] or match[2]):
            raise ParseError(ParseRefusal.SYNTAX, f"bad number {text[:40]!r}")
        digits = (match[1] + match[2]).lstrip("0")
        if len(digits) > self.limits.max_int_digits or len(match[3] or "") > 6:
            raise ParseError(ParseRefusal.LITERAL_TOO_LARGE, f"number {text[:40]!r} is too long")
        if abs(int(match[3] or 0)) > _MAX_FLOAT_EXPONENT:
            raise ParseError(
                ParseRefusal.LITERAL_TOO_LARGE, f"exponent of {text[:40]!r} beyond 1e{_MAX_FLOAT_EXPONENT}"
            )
        return sympy.Float(text)

    def add(self, terms: Sequence[sympy.Expr]) -> sympy.Expr:
        return self._checked(sympy.Add(*terms))

    def mul(self, factors: Sequence[sympy.Expr]) -> sympy.Expr:
        # Mul merges numeric roots (sqrt(a)*sqrt(b) -> sqrt(a*b)) and would search the product for powers.
        root_bits = sum(
            _bits(f.base) for f in factors if f.is_Pow and f.base.is_Rational and not f.exp.is_Integer
        )
        if root_bits > _MAX_ROOT_BASE_BITS:
            raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "product of roots of large numbers")
        return self._checked(sympy.Mul(*factors))

    def neg(self, value: sympy.Expr) -> sympy.Expr:
        return self.mul([sympy.S.NegativeOne, value])

    def div(self, numerator: sympy.Expr, denominator: sympy.Expr) -> sympy.Expr:
        return self.mul([numerator, self.pow(denominator, sympy.S.NegativeOne)])

    def pow(self, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        if exponent.is_Number:
            if abs(exponent) > self.limits.max_exponent:
                raise ParseError(
                    ParseRefusal.EXPONENT_TOO_LARGE, f"exponent beyond {self.limits.max_exponent}"
                )
            if base.is_Number and base.is_finite:
                if base.is_Rational and not exponent.is_Integer and _bits(base) > _MAX_ROOT_BASE_BITS:
                    raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "root of a very large number")
                if _bits(base) * abs(float(exponent)) > self.limits.max_result_bits:
                    raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "numeric power too large")
        return self._checked(sympy.Pow(base, exponent))

    def call(self, name: str, args: Sequence[sympy.Expr]) -> sympy.Expr:
        if name in _REFUSED_FORMS:
            raise ParseError(ParseRefusal.FORBIDDEN, f"{name} is not supported")
        if name in _CALCULUS_FORMS:
            return self._calculus(_CALCULUS_FORMS[name], args)
        arities = _POWER_FORMS.get(name) or (_FUNCTIONS[name][1] if name in _FUNCTIONS else None)
        if arities is None:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"unknown function {name[:40]!r}")
        if len(args) not in arities:
            raise ParseError(
                ParseRefusal.SYNTAX, f"{name} takes {' or '.join(map(str, arities))} argument(s)"
            )
        if name == "sqrt":
            return self.pow(args[0], sympy.S.Half)
        if name == "cbrt":
            return self.pow(args[0], sympy.Rational(1, 3))
        if name == "root":
            return self.pow(args[0], self.pow(args[1], sympy.S.NegativeOne))
        if name in _GROWING and any(a.is_Number and abs(a) > _MAX_GROWING_ARG for a in args):
            raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, f"{name} of a large number")
        return self._checked(_FUNCTIONS[name][0](*args))

    def _calculus(self, kind: str, args: Sequence[sympy.Expr]) -> sympy.Expr:
        """``Integral(h[, x[, x..]])``, ``Derivative(h[, x[, n]])``: unevaluated, indefinite, named variables.

        Repeated integration is allowed because SymPy merges ``Integral(Integral(h, x), x)`` into it.
        """
        if not 1 <= len(args) <= (4 if kind == "Integral" else 3):
            raise ParseError(ParseRefusal.FORBIDDEN, f"too many arguments for {kind}")
        body = args[0]
        variables = args[1:] or [sympy.Symbol(self.variable)]
        if kind == "Integral":
            if not all(isinstance(var, sympy.Symbol) for var in variables):
                raise ParseError(ParseRefusal.FORBIDDEN, "Integral variables must be names (no limits)")
            return sympy.Integral(body, *variables)
        var = variables[0]
        if not isinstance(var, sympy.Symbol):
            raise ParseError(ParseRefusal.FORBIDDEN, "Derivative variable must be a name")
        order = args[2] if len(args) == 3 else sympy.S.One
        if not (order.is_Integer and 1 <= order <= _MAX_DERIVATIVE_ORDER):
            raise ParseError(ParseRefusal.FORBIDDEN, f"derivative order must be 1..{_MAX_DERIVATIVE_ORDER}")
        return sympy.Derivative(body, (var, int(order)))

    def _checked(self, result: sympy.Expr) -> sympy.Expr:
        # Children were checked when built; only numbers SymPy just made (at this node) can be new.
        for part in (result, *result.args):
            if part.is_Number and part.is_finite and _bits(part) > self.limits.max_result_bits:
                raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "number too large")
        return result


def _bits(number: sympy.Expr) -> int:
    """Binary size of a finite number: bits of numerator/denominator, or the magnitude of a float."""
    if number.is_Rational:
        return max(abs(number.p).bit_length(), number.q.bit_length())
    if number.is_Float:
        _sign, mantissa, exponent, bitcount = number._mpf_
        return abs(exponent + bitcount) if mantissa else 0
    return 0


# ---------------------------------------------------------------------------------------------- SymPy syntax

_UNICODE = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/", "²": "^2", "³": "^3"})
_TOKEN = re.compile(
    r"(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_]\w*)|(?P<other>.)", re.S
)


def _insert_implicit_products(text: str) -> str:
    """``2x`` -> ``2*x``, ``2(x+1)`` -> ``2*(x+1)``, ``)(``/``)x``/``)2`` -> ``)*...``; only when adjacent."""
    out: list[str] = []
    previous = ""
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match[0]
        current = kind if kind != "other" else token
        if (previous == "num" and current in ("name", "(")) or (
            previous == ")" and current in ("name", "num", "(")
        ):
            out.append("*")
        out.append(token)
        previous = current
    return "".join(out)


class _AstReader:
    """Builds SymPy from a Python expression AST, node by node, accepting only the whitelisted shapes."""

    def __init__(self, source: str, builder: _Builder, limits: ParseLimits) -> None:
        self.source = source
        self.builder = builder
        self.limits = limits

    def read(self, node: ast.AST, depth: int = 0) -> sympy.Expr:
        if depth > self.limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"nested deeper than {self.limits.max_depth}")
        b, down = self.builder, depth + 1
        if isinstance(node, ast.BinOp) and type(node.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div):
            return self._chain(node, down)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return b.pow(self.read(node.left, down), self.read(node.right, down))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.read(node.operand, down)
            return b.neg(operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return self._call(node, down)
        if isinstance(node, ast.Name):
            return b.name(node.id)
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Compare | ast.BoolOp) or (
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        ):
            raise ParseError(
                ParseRefusal.NOT_AN_EXPRESSION, f"{type(node).__name__} is a condition, not an expression"
            )
        what = type(node.op).__name__ if isinstance(node, ast.BinOp | ast.UnaryOp) else type(node).__name__
        raise ParseError(ParseRefusal.FORBIDDEN, f"{what} is not allowed")

    def _chain(self, node: ast.BinOp, down: int) -> sympy.Expr:
        """Read a left-leaning ``a - b + c`` (or ``a * b / c``) as one flat sum (product): one level deep.

        Flat, because a long sum is long, not deep, and SymPy builds ``Add(*terms)`` in one go.
        """
        is_sum = isinstance(node.op, ast.Add | ast.Sub)
        family, inverse = ((ast.Add, ast.Sub), ast.Sub) if is_sum else ((ast.Mult, ast.Div), ast.Div)
        operands: list[tuple[bool, ast.expr]] = []  # (inverted?, operand), last one first
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, family):
            operands.append((isinstance(current.op, inverse), current.right))
            current = current.left
        operands.append((False, current))
        b = self.builder
        parts = [(inverted, self.read(operand, down)) for inverted, operand in reversed(operands)]
        if is_sum:
            return b.add([b.neg(p) if inverted else p for inverted, p in parts])
        return b.mul([b.pow(p, sympy.S.NegativeOne) if inverted else p for inverted, p in parts])

    def _call(self, node: ast.Call, down: int) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            raise ParseError(
                ParseRefusal.FORBIDDEN, f"call of {type(node.func).__name__} (only named functions)"
            )
        name = node.func.id
        if name == "Piecewise":
            return self._piecewise(node, down)
        if name in _REFUSED_FORMS:
            raise ParseError(ParseRefusal.FORBIDDEN, f"{name} is not supported")
        if name not in _ALL_FUNCTION_NAMES:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"unknown function {name[:40]!r}")
        if node.keywords:
            raise ParseError(ParseRefusal.FORBIDDEN, "keyword arguments are not allowed")
        args: list[ast.expr] = list(node.args)
        if _CALCULUS_FORMS.get(name) == "Derivative" and len(args) == 2 and isinstance(args[1], ast.Tuple):
            args = [args[0], *args[1].elts]  # Derivative(h, (x, n)), as sympy prints it
        return self.builder.call(name, [self.read(arg, down) for arg in args])

    def _piecewise(self, node: ast.Call, down: int) -> sympy.Expr:
        """``Piecewise((expr, condition), ...)`` as SymPy prints it (CAS antiderivatives often are)."""
        if node.keywords or not node.args or len(node.args) > 8:
            raise ParseError(ParseRefusal.FORBIDDEN, "Piecewise takes 1 to 8 (expression, condition) pairs")
        pieces = []
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise ParseError(
                    ParseRefusal.FORBIDDEN, "each Piecewise piece is an (expression, condition) pair"
                )
            pieces.append((self.read(arg.elts[0], down), self._condition(arg.elts[1], down)))
        try:
            return sympy.Piecewise(*pieces)
        except (TypeError, ValueError) as err:
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, _first_line(err)) from None

    def _condition(self, node: ast.expr, down: int) -> sympy.Basic:
        """A Piecewise condition: True, a comparison, or And/Or/Not/Eq/Ne of conditions."""
        if down > self.limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"nested deeper than {self.limits.max_depth}")
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node, ast.Name) and node.id in ("True", "False"):
            return sympy.true if node.id == "True" else sympy.false
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARISONS:
            lhs, rhs = self.read(node.left, down + 1), self.read(node.comparators[0], down + 1)
            return _COMPARISONS[type(node.ops[0])](lhs, rhs)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            name, args = node.func.id, node.args
            if name in ("And", "Or") and args:
                return getattr(sympy, name)(*(self._condition(a, down + 1) for a in args))
            if name == "Not" and len(args) == 1:
                return sympy.Not(self._condition(args[0], down + 1))
            if name in _RELATIONS and len(args) == 2:
                return _RELATIONS[name](self.read(args[0], down + 1), self.read(args[1], down + 1))
        raise ParseError(
            ParseRefusal.FORBIDDEN, "a Piecewise condition must be a comparison or And/Or/Not of them"
        )

    def _constant(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool):
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "a boolean is not an expression")
        if isinstance(value, int):
            return self.builder.integer(value)
        if isinstance(value, float):
            return self.builder.float_literal(ast.get_source_segment(self.source, node) or "")
        raise ParseError(ParseRefusal.FORBIDDEN, f"{type(value).__name__} constant is not allowed")


def _parse_sympy_syntax(text: str, builder: _Builder, limits: ParseLimits) -> sympy.Expr:
    source = _insert_implicit_products(text.replace("π", "pi").replace("^", "**"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise ParseError(ParseRefusal.SYNTAX, f"{getattr(exc, 'msg', None) or exc}"[:120]) from None
    except (RecursionError, MemoryError):
        raise ParseError(ParseRefusal.TOO_DEEP, "too deeply nested for the Python parser") from None
    nodes = sum(1 for n in ast.walk(tree) if isinstance(n, ast.expr))
    if nodes > limits.max_nodes:
        raise ParseError(ParseRefusal.TOO_LONG, f"{nodes} nodes, more than {limits.max_nodes}")
    return _AstReader(source.strip(), builder, limits).read(tree.body)


# --------------------------------------------------------------------------------------------------- LaTeX

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
            if m[1] in _ALL_FUNCTION_NAMES and m[1] not in _LATEX_NATIVE_FUNCTIONS
            else m[0]
        ),
        text,
    )
    text = _unwrap_braced_arguments(text)
    text = re.sub(r"(\d)\s*(\\[dtc]?frac)(?![A-Za-z])", r"\1\\cdot\2", text)  # 2\frac{1}{2} is 2*(1/2)
    text = text.replace("**", "^")
    return re.sub(r"\^\s*(-?\d+(?:\.\d+)?)", r"^{\1}", text)  # x^10 means x^{10}, x^-1 means x^{-1}


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
        depth, i = 0, match.end() - 1
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
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
        self, builder: _Builder, limits: ParseLimits, calls: dict[str, sympy.Expr] | None = None
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
            if _bits(expr) > 4 * _MAX_FLOAT_EXPONENT:
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
        if type(expr) in _CLASS_NAMES:
            return _CLASS_NAMES[type(expr)]
        raise ParseError(ParseRefusal.FORBIDDEN, f"{type(expr).__name__} is not allowed")


def _parse_latex(text: str, builder: _Builder, limits: ParseLimits) -> sympy.Expr:

    text = _normalize_latex(text)
    _screen_latex(text, limits)
    text, calls = _extract_named_calls(text, builder, limits)
    return _convert_latex(text, builder, limits, calls)


def _convert_latex(
    text: str, builder: _Builder, limits: ParseLimits, calls: dict[str, sympy.Expr] | None = None
) -> sympy.Expr:
    from latex2sympy2_extended import latex2sympy  # imported lazily: ANTLR start-up is not free
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig

    config = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)
    try:
        converted = latex2sympy(text, normalization_config=None, conversion_config=config)
    except (RecursionError, MemoryError):
        raise ParseError(ParseRefusal.TOO_DEEP, "too deeply nested for the LaTeX parser") from None
    except Exception as exc:  # the converter raises bare Exception (and others) for every syntax error
        raise ParseError(ParseRefusal.LATEX, _first_line(exc)) from None
    return _LatexTreeReader(builder, limits, calls).read(converted)


_NAMED_CALL = re.compile(r"\\mathrm\{([A-Za-z]+)\}\s*\(")
_PLACEHOLDER_NAME = re.compile(r"P_\{?(\d+)\}?")


def _extract_named_calls(
    text: str, builder: _Builder, limits: ParseLimits
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
        depth, i = 0, match.end() - 1
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        if i >= len(text) or len(calls) > limits.max_nodes:
            raise ParseError(ParseRefusal.LATEX, f"unbalanced brackets after \\mathrm{{{match[1]}}}")
        key = str(len(calls))
        calls[key] = _convert_latex(text[match.end() : i], builder, limits, calls)
        text = f"{text[: match.end()]}P_{{{key}}}{text[i:]}"
    return text, calls


# -------------------------------------------------------------------------------------------------- public

_WRAPPERS = ((r"\(", r"\)"), (r"\[", r"\]"), ("$$", "$$"), ("$", "$"))
_LHS_LABEL = re.compile(r"[A-Za-z](?:_\{?\w+\}?)?(?:'|\\prime|\^\{?\\prime\}?)*(?:\s*\(\s*[A-Za-z]\w*\s*\))?")
_LHS_CALCULUS = ("\\int", "∫", "integrate", "Integral", "\\frac{d", "d/d", "Derivative", "diff")
_NOT_ASSIGNMENT = "=<>!:"


def parse_math(text: str, variable: str = "x", limits: ParseLimits = DEFAULT_LIMITS) -> sympy.Expr:
    """Parse SymPy syntax or LaTeX into a SymPy expression, or raise ``ParseError`` (and nothing else).

    ``variable`` is the integration variable: always ``Symbol(variable)``, and the default variable of a
    one-argument ``Integral(h)``/``Derivative(h)``.
    """
    if not _SYMBOL_NAME.fullmatch(variable):
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
        result = _parse_either(body, any(c in text for c in "\\{}|"), _Builder(variable, limits), limits)
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
        raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, _first_line(exc)) from None


_JSON_ESCAPED_COMMAND = re.compile(r"[\b\f\t\r\n](?=[a-zA-Z])")
_JSON_ESCAPES = {"\b": "\\b", "\f": "\\f", "\t": "\\t", "\r": "\\r", "\n": "\\n"}


def _restore_json_escapes(text: str) -> str:
    """Undo what JSON did to LaTeX written with single backslashes.

    A model writing ``"\\frac"`` inside a JSON string means the LaTeX command, but JSON decodes it to a form
    feed followed by ``rac`` (likewise ``\\theta``, ``\\beta``, ``\\nabla``, ``\\right``). A control character
    directly followed by a letter never occurs in real math, so it is read back as backslash + letter.
    """
    return _JSON_ESCAPED_COMMAND.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _parse_either(body: str, looks_latex: bool, builder: _Builder, limits: ParseLimits) -> sympy.Expr:
    """LaTeX if it looks like LaTeX; else SymPy syntax, and LaTeX when that is not even Python syntax.

    The fallback reads what models write half-way between the two (``x^2 sin(x)``, ``x e^x - e^x``);
    refusals for any other reason than syntax stand.
    """
    if looks_latex:
        return _parse_latex(body, builder, limits)
    try:
        return _parse_sympy_syntax(body, builder, limits)
    except ParseError as syntax_error:
        if syntax_error.reason is not ParseRefusal.SYNTAX:
            raise
        try:
            return _parse_latex(body, builder, limits)
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


def _first_line(exc: BaseException) -> str:
    try:
        message = str(exc).strip().splitlines()
    except Exception:  # a message that cannot even be printed
        message = []
    return f"{type(exc).__name__}: {message[0] if message else ''}"[:160]
