"""The parser's language in one place: the whitelist of names and functions, and the one builder.

Both readers (SymPy syntax and LaTeX) hand every vetted part to ``ExpressionBuilder``, so what is accepted
and how large anything may grow are defined once, and both paths give the same (evaluated) trees.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Callable, Sequence

import sympy

from validators.lost_values import only_numbers_merged, singular_places, vanished_without_value
from validators.parse_refusals import ParseError, ParseLimits, ParseRefusal
from validators.sign_split import max_min_as_abs, sign_patterns

# What a variable or free symbol may be called (also checked for the integration variable).
SYMBOL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}")
MAX_FLOAT_EXPONENT = 308  # decimal exponent of a float literal, as for IEEE doubles
_MAX_ROOT_BASE_BITS = 1024  # root extraction of bigger integers (perfect-power search) gets slow
_MAX_GROWING_ARG = 1000  # gamma(n), n! for numeric n are computed exactly by SymPy
_MAX_DERIVATIVE_ORDER = 10
_MAX_TUPLE = 8  # parameters in each list of hyper/meijerg

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
    "elliptic_k", "sinc", "exp_polar", "polar_lift", "unpolarify",
)
# Special functions of several arguments, as published antiderivatives use them: name -> argument counts.
_SPECIAL_FUNCTIONS = {
    "polylog": (2,), "LambertW": (1, 2), "besselj": (2,), "bessely": (2,), "besseli": (2,), "besselk": (2,),
    "uppergamma": (2,), "lowergamma": (2,), "expint": (2,), "elliptic_f": (2,), "elliptic_e": (1, 2),
    "elliptic_pi": (2, 3), "zeta": (1, 2), "polygamma": (2,), "erf2": (2,), "lerchphi": (3,),
    "appellf1": (6,),
    # Max/Min of continuous arguments are continuous (no jump for the numeric check to miss, unlike
    # Heaviside, which stays out); non-holomorphic, so checked at real points only (validators.numeric)
    "Max": (2, 3, 4), "Min": (2, 3, 4),
    # steps: piecewise constant (derivative 0 wherever it exists), as sympy.integrate prints
    # 2*atan(tan(x/2)/3)/3 + 2*pi*floor((x + pi)/(2*pi))/3; non-holomorphic, real points only
    "floor": (1,), "ceiling": (1,),
}
# Functions whose parameters are lists, as SymPy prints them: name -> argument counts.
TUPLE_FUNCTIONS = {"hyper": (3,), "meijerg": (3, 5), "hyp2f1": (4,)}
_ALIASES = {
    "ln": "log", "abs": "Abs", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arccot": "acot",
    "arcsec": "asec", "arccsc": "acsc", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "arccoth": "acoth", "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh", "arcoth": "acoth",
    "arcsech": "asech", "arccsch": "acsch",
    # the notation of Russian and East European textbooks (and of models trained on them)
    "tg": "tan", "ctg": "cot", "arctg": "atan", "arcctg": "acot",
    # Italian and Portuguese: cotg, arccotg (sen, arcsen below)
    "cotg": "cot", "arccotg": "acot",
    # Spanish and French textbooks: sen, arcsen, senh; Arctan, sh, ch, argsh (called with brackets)
    "sen": "sin", "arcsen": "asin", "senh": "sinh", "arcsenh": "asinh", "Arcsin": "asin", "Arccos": "acos",
    "Arctan": "atan", "sh": "sinh", "ch": "cosh", "th": "tanh", "argsh": "asinh", "argch": "acosh",
    "argth": "atanh",
}
# Functions that may be written without brackets (``sin x``) or glued to other names (``xsin(x)``).
ELEMENTARY_FUNCTIONS = frozenset({
    "exp", "log", "ln", "sqrt", "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot",
    "asec", "acsc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth",
    "asech", "acsch", "arcsin", "arccos", "arctan", "arccot", "arcsec", "arccsc", "arcsinh", "arccosh",
    "arctanh", "arccoth", "arcsech", "arccsch", "arsinh", "arcosh", "artanh", "arcoth",
    # the Romance and East European spellings, also bare and as powers (sen^2(t), tg x)
    "sen", "senh", "arcsen", "tg", "ctg", "cotg", "arctg", "arcctg", "arccotg",
})
# f^-1 written for the inverse function (sin^{-1}(x) is asin(x)).
INVERSES = {
    name: "a" + name for name in ("sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth",
                                 "sech", "csch")
}
GREEK_NAMES = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi",
    "chi", "psi", "omega", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
})
# Words kept as one symbol (the constant of integration): never split into letters.
WORD_SYMBOLS = frozenset({"const", "constant"})
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
# Logs to a fixed base, as Python and C spell them: log10(x) is log(x)/log(10).
_FUNCTIONS |= {
    "log10": (lambda a: sympy.log(a, 10), (1,)),
    "log2": (lambda a: sympy.log(a, 2), (1,)),
}
# Functions SymPy may evaluate exactly (and slowly) for numeric arguments: refuse large numbers in them.
_GROWING = frozenset(
    {"gamma", "loggamma", "factorial", "digamma", "polygamma", "zeta", "polylog"}
) | frozenset(_SPECIAL_FUNCTIONS)
# built through the guarded power; pow(a, b) is a**b in Python, C, JavaScript (Math.pow), Excel
# radical3 is the plain reader's ∛: SymPy's cbrt(u) is the principal root by definition, the radical is not
_POWER_FORMS = {"sqrt": (1,), "cbrt": (1,), "radical3": (1,), "root": (2,), "pow": (2,)}
# Calls kept unevaluated (solution steps hold unfinished integrals): name -> SymPy class name.
CALCULUS_FORMS = {
    "Integral": "Integral",
    "integrate": "Integral",
    "Derivative": "Derivative",
    "diff": "Derivative",
}
# Known SymPy forms that are refused outright: their evaluation can hang or they are not antiderivatives.
REFUSED_FORMS = frozenset({"Sum", "Product", "Limit", "Subs", "Lambda"})
# Every name the language accepts as a call.
ALL_FUNCTION_NAMES = (
    frozenset(_FUNCTIONS) | frozenset(_POWER_FORMS) | frozenset(CALCULUS_FORMS) | frozenset(TUPLE_FUNCTIONS)
)
RESERVED_NAMES = (frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)) | {
    "nan",
    "zoo",
    "inf",
    "infinity",
}
CONSTANT_NAMES = frozenset(_CONSTANTS)
# A differential (dx, dt, d theta) standing where a factor should be: never read as a symbol.
_DIFFERENTIAL_NAME = re.compile(r"d(?:[A-Za-z]|" + "|".join(sorted(GREEK_NAMES)) + ")")
# SymPy function class -> the language name for it, so the LaTeX reader can rebuild converted calls.
CLASS_NAMES: dict[type, str] = {}
for _name, (_cls, _) in _FUNCTIONS.items():
    CLASS_NAMES.setdefault(_cls, _name)  # type: ignore[arg-type]


class ExpressionBuilder:
    """Makes SymPy objects from already-vetted parts, refusing anything that would grow too large.

    Both readers (Python AST and LaTeX tree) build through this one class, so the language and its bounds
    are defined once.
    """

    def __init__(self, variable: str, limits: ParseLimits, stacked_powers: bool = False) -> None:
        self.variable = variable
        self.limits = limits
        # the text writes powers that become carets (x², <sup>, MATLAB's .^): a tower of carets is then
        # refused (``validators.sympy_reader``); a caret tower alone (E^x^3) is x^(b^c), as in math
        self.stacked_powers = stacked_powers

    def name(self, name: str) -> sympy.Expr:
        if name == self.variable:
            return sympy.Symbol(name)
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in ALL_FUNCTION_NAMES or name in REFUSED_FORMS:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"function {name!r} used without arguments")
        if name in RESERVED_NAMES or not SYMBOL_NAME.fullmatch(name):
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"name {name[:40]!r} is not allowed")
        if _DIFFERENTIAL_NAME.fullmatch(name) or name == "d" + self.variable:
            raise ParseError(
                ParseRefusal.NOT_AN_EXPRESSION,
                f"{name!r} inside the expression: only a differential at the end of a field is read",
            )
        return sympy.Symbol(name)

    def integer(self, value: int) -> sympy.Integer:
        if abs(value) >= 10**self.limits.max_int_digits:
            raise ParseError(
                ParseRefusal.LITERAL_TOO_LARGE, f"integer with more than {self.limits.max_int_digits} digits"
            )
        return sympy.Integer(value)

    def decimal(self, text: str) -> sympy.Rational:
        """A decimal literal as the exact rational it writes: ``0.1`` is 1/10, ``1e-30`` is 10**-30."""
        match = re.fullmatch(r"(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?", text)
        if match is None or not (match[1] or match[2]):
            raise ParseError(ParseRefusal.SYNTAX, f"bad number {text[:40]!r}")
        digits = (match[1] + match[2]).lstrip("0")
        if len(digits) > self.limits.max_int_digits or len(match[3] or "") > 6:
            raise ParseError(ParseRefusal.LITERAL_TOO_LARGE, f"number {text[:40]!r} is too long")
        if abs(int(match[3] or 0)) > MAX_FLOAT_EXPONENT:
            raise ParseError(
                ParseRefusal.LITERAL_TOO_LARGE, f"exponent of {text[:40]!r} beyond 1e{MAX_FLOAT_EXPONENT}"
            )
        exponent = int(match[3] or 0) - len(match[2])
        mantissa = int(match[1] + match[2])
        if exponent >= 0:
            return sympy.Integer(mantissa * 10**exponent)
        return sympy.Rational(mantissa, 10**-exponent)

    def add(self, terms: Sequence[sympy.Expr]) -> sympy.Expr:
        result = sympy.Add(*terms)
        merged = sum(len(sympy.Add.make_args(t)) for t in terms) > len(sympy.Add.make_args(result))
        if merged and not only_numbers_merged(terms, result, sympy.Add.make_args):
            self._nothing_lost(terms, result)  # T - T is 0
        return self._checked(result)

    def mul(self, factors: Sequence[sympy.Expr]) -> sympy.Expr:
        # Mul merges numeric roots (sqrt(a)*sqrt(b) -> sqrt(a*b)) and would search the product for powers.
        root_bits = sum(
            number_bits(f.base) for f in factors if f.is_Pow and f.base.is_Rational and not f.exp.is_Integer
        )
        if root_bits > _MAX_ROOT_BASE_BITS:
            raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "product of roots of large numbers")
        if any(_disguised(base, self.variable) for base in _cancelled_bases(factors)):
            # SymPy would cancel (sin(x)**2 + cos(x)**2 - 1)/(sin(x)**2 + cos(x)**2 - 1) to 1 at once
            raise ParseError(
                ParseRefusal.NOT_AN_EXPRESSION,
                "a constant in disguise cancelled against itself: it may be 0, and then there is no value",
            )
        result = sympy.Mul(*factors)
        merged = sum(len(sympy.Mul.make_args(f)) for f in factors) > len(sympy.Mul.make_args(result))
        if merged and not only_numbers_merged(factors, result, sympy.Mul.make_args):
            self._nothing_lost(factors, result)  # 0*T is 0, T/T is 1
        return self._checked(result)

    def neg(self, value: sympy.Expr) -> sympy.Expr:
        return self.mul([sympy.S.NegativeOne, value])

    def div(self, numerator: sympy.Expr, denominator: sympy.Expr) -> sympy.Expr:
        return self.mul([numerator, self.pow(denominator, sympy.S.NegativeOne)])

    def pow(self, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        if exponent.is_Number and exponent < 0 and zero_on_an_interval(base, self.variable):
            # SymPy would cancel (x + Abs(x))/(x + Abs(x)) to 1 at once, and the answer's missing values
            # (every x <= 0) would never be seen
            raise ParseError(
                ParseRefusal.NOT_AN_EXPRESSION, "a denominator that is 0 on a whole interval: no value there"
            )
        if exponent.is_Number:
            symbolic = exponent.is_Integer and not base.is_Number
            bound = self.limits.max_symbolic_exponent if symbolic else self.limits.max_exponent
            if abs(exponent) > bound:
                raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, f"exponent beyond {bound}")
            if base.is_Number and base.is_finite:
                if base.is_Rational and not exponent.is_Integer and number_bits(base) > _MAX_ROOT_BASE_BITS:
                    raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "root of a very large number")
                if number_bits(base) * abs(float(exponent)) > self.limits.max_result_bits:
                    raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "numeric power too large")
        result = sympy.Pow(base, exponent)
        if not (result.is_Pow and result.base == base and result.exp == exponent):
            self._nothing_lost((base, exponent), result)  # T**0 is 1
        return self._checked(result)

    def call(self, name: str, args: Sequence[sympy.Expr]) -> sympy.Expr:
        if name in REFUSED_FORMS:
            raise ParseError(ParseRefusal.FORBIDDEN, f"{name} is not supported")
        if name in CALCULUS_FORMS:
            return self._calculus(CALCULUS_FORMS[name], args)
        if name in TUPLE_FUNCTIONS:
            return self.call_with_lists(name, args)
        arities = _POWER_FORMS.get(name) or (_FUNCTIONS[name][1] if name in _FUNCTIONS else None)
        if arities is None:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"unknown function {name[:40]!r}")
        if len(args) not in arities:
            raise ParseError(
                ParseRefusal.SYNTAX, f"{name} takes {' or '.join(map(str, arities))} argument(s)"
            )
        if name == "sqrt":
            return self.pow(args[0], sympy.S.Half)
        if name == "radical3":
            self.one_odd_root(args[0])
        if name in ("cbrt", "radical3"):
            return self.pow(args[0], sympy.Rational(1, 3))
        if name == "root":
            return self.pow(args[0], self.pow(args[1], sympy.S.NegativeOne))
        if name == "pow":
            return self.pow(args[0], args[1])
        if name in _GROWING and any(a.is_Number and abs(a) > _MAX_GROWING_ARG for a in args):
            raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, f"{name} of a large number")
        function = _FUNCTIONS[name][0]
        result = function(*args)
        if result.func is not function or result.args != tuple(args):
            self._nothing_lost(args, result, function)  # exp(log(T)) is T
        return self._checked(result)

    def one_odd_root(self, radicand: sympy.Expr) -> None:
        """∛u or \\sqrt[3]{u} of a u that may be negative for real x: the real cube root (the radical's
        meaning on paper) or SymPy's principal one (x**(1/3), cbrt(u))? Refused (a round-36 adversary's ∛x,
        a true antiderivative of 1/(3|x|^(2/3)), was read as the principal root and rejected)."""
        x = sympy.Symbol(self.variable)
        real = radicand.xreplace({x: sympy.Symbol(self.variable, real=True)})
        if not (real.is_nonnegative or real.is_nonpositive is False and real.is_real):
            raise ParseError(
                ParseRefusal.AMBIGUOUS, "an odd root of what may be negative: the real root or SymPy's?"
            )

    def call_with_lists(self, name: str, args: Sequence[object]) -> sympy.Expr:
        """``hyper(ap, bq, z)``, ``hyp2f1(a, b, c, z)``, ``meijerg((an, ap), (bm, bq), z)`` (or 5 arguments).

        ``args`` are expressions or tuples of them (tuples of tuples for the 3-argument ``meijerg``), already
        built through this builder; the result stays unevaluated, as SymPy constructs it.
        """
        arities = TUPLE_FUNCTIONS[name]
        if len(args) not in arities:
            raise ParseError(ParseRefusal.SYNTAX, f"{name} takes {' or '.join(map(str, arities))} arguments")
        *lists, z = args
        if name == "hyp2f1":
            lists = [tuple(lists[:2]), (lists[2],)]
        elif name == "meijerg" and len(lists) == 2:
            lists = [part for pair in lists for part in _pair(pair)]
        if not all(isinstance(part, tuple) for part in lists) or isinstance(z, tuple):
            raise ParseError(ParseRefusal.SYNTAX, f"{name}: parameters are lists, the argument is not")
        for part in lists:
            if len(part) > _MAX_TUPLE or not all(isinstance(p, sympy.Expr) for p in part):
                raise ParseError(ParseRefusal.FORBIDDEN, f"{name}: lists of at most {_MAX_TUPLE} expressions")
            if any(p.is_Number and abs(p) > _MAX_GROWING_ARG for p in part):
                raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, f"{name} with a large parameter")
        if name == "meijerg":
            return self._checked(sympy.meijerg(lists[:2], lists[2:], z))
        return self._checked(sympy.hyper(*lists, z))

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

    def _nothing_lost(self, parts: Sequence[sympy.Expr], result: sympy.Expr, head: object = None) -> None:
        """Refuse a text whose tree lost, while SymPy built it, a part that may have no value on an
        interval (``validators.lost_values``): the tree would not be the function the text writes."""
        x = sympy.Symbol(self.variable)
        given = set().union(*(singular_places(p, x) for p in parts if isinstance(p, sympy.Basic)))
        if isinstance(head, sympy.FunctionClass) and any(
            isinstance(p, sympy.Basic) and p.has(x) for p in parts
        ):
            given |= singular_places(head(*parts, evaluate=False), x)
        if vanished_without_value(given, result, x):
            raise ParseError(
                ParseRefusal.NOT_AN_EXPRESSION,
                "SymPy would drop a part that may have no value on an interval (T - T, 0*T, T**0)",
            )

    def _checked(self, result: sympy.Expr) -> sympy.Expr:
        # Children were checked when built; only numbers SymPy just made (at this node) can be new.
        for part in (result, *result.args):
            if part.is_Number and part.is_finite and number_bits(part) > self.limits.max_result_bits:
                raise ParseError(ParseRefusal.EXPONENT_TOO_LARGE, "number too large")
        return result


def _pair(value: object) -> tuple[object, object]:
    if not (isinstance(value, tuple) and len(value) == 2):
        raise ParseError(ParseRefusal.SYNTAX, "meijerg takes ((a1, ..), (a2, ..)), ((b1, ..), (b2, ..)), z")
    return value[0], value[1]


def number_bits(number: sympy.Expr) -> int:
    """Binary size of a finite number: bits of numerator/denominator, or the magnitude of a float."""
    if number.is_Rational:
        return max(abs(number.p).bit_length(), number.q.bit_length())
    if number.is_Float:
        _sign, mantissa, exponent, bitcount = number._mpf_
        return abs(exponent + bitcount) if mantissa else 0
    return 0


def _cancelled_bases(factors: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    """Sums that stand in the product with powers of both signs: SymPy cancels them while building."""
    signs: dict[sympy.Expr, set[bool]] = {}
    for factor in factors:
        base, exponent = factor.as_base_exp()
        if base.is_Add and exponent.is_Number and exponent != 0:
            signs.setdefault(base, set()).add(bool(exponent > 0))
    return [base for base, seen in signs.items() if len(seen) == 2]


def _disguised(base: sympy.Expr, variable: str) -> bool:
    """A constant in disguise (``sin(x)**2 + cos(x)**2 - 1``, ``atan(x) + atan(1/x) - pi/2``: derivative 0
    by algebra, its value possibly 0 on an interval)."""
    from validators.hidden_constants import disguised_constant  # lazy: it needs the exact route

    return disguised_constant(base, sympy.Symbol(variable))


def zero_on_an_interval(base: sympy.Expr, variable: str) -> bool:
    """Is ``base`` 0 on a whole interval of real x, by algebra? ``x + Abs(x)`` is (every x <= 0),
    ``1 - sign(x - 3)`` is (x > 3), ``x - sqrt(x**2)`` is (x >= 0, where sqrt(x**2) is Abs(x) for real
    x), ``Max(0, x) - x`` is (x >= 0). Max/Min become their Abs forms and each choice of the Abs/sign
    values is tried (``validators.sign_split.sign_patterns``, a sign 0 where its argument is): an exact 0
    for one of them is 0 wherever the arguments have those signs. Too many signs to try: True (refused)."""
    x, real = sympy.Symbol(variable), sympy.Symbol(variable, real=True)
    base = max_min_as_abs(base.xreplace({x: real}))
    if not base.has(sympy.Abs, sympy.sign):
        return False
    patterns = sign_patterns([base], real)
    if patterns is None:
        return _has_real_signs(base)  # too many to try, or an argument not known to be real
    cases, _plain = patterns
    return any(sympy.expand(case) == 0 for (case,) in cases)


def _has_real_signs(base: sympy.Expr) -> bool:
    """Past the pattern cap: refuse when the signs are of real arguments (they could all vanish at
    once); an Abs of a complex argument is not split, and is not a sign switch on the real line."""
    return any(node.args[0].is_extended_real for node in base.atoms(sympy.Abs, sympy.sign))
