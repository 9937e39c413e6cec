"""Named rules that throw a draw away: every rejected draw says which rule it broke.

Random trees often collapse (x - x), lose the variable, blow up (exp(exp(exp(x)))), are complex on the
whole real line (asin(x**2 + 3)), or print to something too long for an exercise. Each of these is a rule
with a name, so the generator's rejection counts can be reported and tuned, and a test can show each one.

All checks are cheap and bounded: structural tests, one print, a whitelist re-parse, and mpmath values at
a handful of fixed points (no simplification, no solving).
"""

from __future__ import annotations

from enum import StrEnum

import mpmath
import sympy

from pipeline.families.shared.memo import derivative, printed
from validators.numeric import EvaluationError, UnsupportedError, evaluate
from validators.parse import ParseError, parse_math

SAMPLE_POINTS: tuple[float, ...] = (0.13, 0.31, 0.52, 0.74, 0.93, 1.17, 1.63, 2.29, 2.87)
"""Where an integrand must be real and finite (enough of them): a positive stretch of the real line."""
PARAMETER_VALUES: tuple[float, ...] = (1.3, 0.8, 1.7, 2.1)
MIN_REAL_POINTS = 3
MAX_MAGNITUDE = 1e9
"""Bigger values at these points mean a function of a growing function (exp(exp(x**3))): numeric checks
would lose every other term of the integrand beside it."""
HARD_MAX_CHARS = 2000


class Degeneracy(StrEnum):
    """Why a draw was thrown away and redrawn."""

    CONSTANT_FACTOR = "constant_factor"
    """u, v, F or G does not depend on the variable."""
    NO_TRANSCENDENTAL = "no_transcendental"
    """v has no transcendental function left (exp(log(w)) collapses to w)."""
    TRIVIAL_DERIVATIVE = "trivial_derivative"
    """The integrand does not depend on the variable (or is 0)."""
    NOT_FINITE = "not_finite"
    """The expression contains zoo, nan or oo."""
    NOT_REAL = "not_real"
    """The integrand is not real and finite at enough points of the positive real axis."""
    OVERFLOW = "overflow"
    """The integrand reaches huge values on (0, 3]: a growing function of a growing function."""
    TOO_DEEP = "too_deep"
    """More stacked transcendental functions than the level allows."""
    TOO_LONG = "too_long"
    """The printed integrand is longer than the level allows."""
    NOT_ROUND_TRIPPABLE = "not_round_trippable"
    """The whitelist parser does not read the printed expression back as the same function."""
    TABLE_INTEGRAND = "table_integrand"
    """Every term of the integrand is a constant times a power of one elementary function of a linear
    argument (2*sin(x + 1), 1 - tanh(x)**2) or is algebraic: a table integral, no parts needed."""
    COLLAPSED_PRODUCT = "collapsed_product"
    """u*v cancels down to factors of u alone or v alone (u = 1/x, v = x*tanh(x) gives tanh(x))."""
    CONSTANT_FUNCTION = "constant_function"
    """A function applied to a constant (acos(-3/4), log(3)): a number in disguise."""
    INVERSE_COMPOSITION = "inverse_composition"
    """A function applied to its inverse (log(exp(w)), asin(sin(w)), sqrt(w**2)): it collapses on paper."""
    SYMPY_ERROR = "sympy_error"
    """SymPy raised while building or differentiating the draw (e.g. "Invalid NaN comparison" inside
    cosh(...)'s assumptions): the draw is unusable, whatever it was."""
    CHAIN_FAILED = "chain_failed"
    """classic: the integration-by-parts chain could not be built for these coefficients."""


class Rejected(Exception):  # noqa: N818 (a control-flow signal, not an error)
    """A draw broke ``rule``; the caller redraws.

    ``detail`` (a text, an expression, or a function returning either) is printed only when the message
    is read: the sampler keeps just ``rule``, and printing the expressions of every rejected draw was ~5%
    of product reversal's time (3.8 rejected draws per problem)."""

    def __init__(self, rule: Degeneracy, detail: object = "") -> None:
        super().__init__(rule)
        self.rule = rule
        self.detail = detail

    def __str__(self) -> str:
        text = self.detail() if callable(self.detail) else self.detail
        text = text if isinstance(text, str) else str(text)
        return f"{self.rule}: {text}" if text else str(self.rule)


def require(condition: bool, rule: Degeneracy, detail: object = "") -> None:
    """Raise ``Rejected(rule)`` unless ``condition``. ``detail`` is printed only if the message is read:
    pass the expression (or a function returning the text), not ``str(expr)`` — printing every passing
    draw's expressions was ~25% of the generator's time."""
    if not condition:
        raise Rejected(rule, detail)


_INVERSES: dict[type, type] = {
    sympy.log: sympy.exp,
    sympy.asin: sympy.sin,
    sympy.acos: sympy.cos,
    sympy.atan: sympy.tan,
    sympy.asinh: sympy.sinh,
    sympy.acosh: sympy.cosh,
    sympy.atanh: sympy.tanh,
}


def check_tree_expression(expr: sympy.Expr, x: sympy.Symbol) -> None:
    """Rules for a random tree once it is a SymPy expression: no disguised numbers, no collapsing pairs."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Function):
            require(node.has(x), Degeneracy.CONSTANT_FUNCTION, node)
            inner = node.args[0]
            require(
                not isinstance(inner, _INVERSES.get(node.func, ())) and not _is_exp(inner, node.func),
                Degeneracy.INVERSE_COMPOSITION,
                node,
            )
        elif node.is_Pow and node.exp.is_Rational and not node.exp.is_Integer:
            require(node.base.has(x), Degeneracy.CONSTANT_FUNCTION, node)
            base = node.base
            collapses = base.is_Pow and base.exp.is_Integer and (base.exp * node.exp).is_Integer
            require(not collapses, Degeneracy.INVERSE_COMPOSITION, node)


def _is_exp(inner: sympy.Expr, func: type) -> bool:
    """log(E**w) spelled as a power of E."""
    return func is sympy.log and inner.is_Pow and inner.base == sympy.E


def check_integrand(g: sympy.Expr, x: sympy.Symbol, max_chars: int) -> str:
    """Apply the rules every integrand must pass; return its printed form."""
    require(not g.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo), Degeneracy.NOT_FINITE)
    require(g != 0 and g.has(x), Degeneracy.TRIVIAL_DERIVATIVE)
    require(any(f.has(x) for f in g.atoms(sympy.Function)), Degeneracy.NO_TRANSCENDENTAL, "integrand")
    require(not is_table_integrand(g, x), Degeneracy.TABLE_INTEGRAND, g)
    text = printed(g)
    require(len(text) <= min(max_chars, HARD_MAX_CHARS), Degeneracy.TOO_LONG, lambda: f"{len(text)} chars")
    check_real_values(g, x)
    return text


_TABLE_FUNCTIONS = (sympy.exp, sympy.sin, sympy.cos, sympy.tan, sympy.sinh, sympy.cosh, sympy.tanh)
"""Functions whose powers of a linear argument integrate without parts (log, asin, atan need parts)."""


def is_table_integrand(g: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether every term of g is c * (power of) one table function of a linear argument, or algebraic."""
    for term in sympy.Add.make_args(g):
        _, core = term.as_independent(x, as_Add=False)
        if core == 1 or not any(f.has(x) for f in core.atoms(sympy.Function)):
            continue
        base = core.base if core.is_Pow and core.exp.is_Integer else core
        if not (isinstance(base, _TABLE_FUNCTIONS) and _is_linear(base.args[0], x)):
            return False
    return True


def _is_linear(w: sympy.Expr, x: sympy.Symbol) -> bool:
    slope = derivative(w, x)
    return slope != 0 and not slope.has(x)


def check_real_values(g: sympy.Expr, x: sympy.Symbol) -> None:
    """Enough sample points where g is real, finite and not huge (parameters at fixed positive values)."""
    env = {x: mpmath.mpf(0)}
    others = sorted(g.free_symbols - {x}, key=lambda s: s.name)
    for symbol, value in zip(
        others, PARAMETER_VALUES * (1 + len(others) // len(PARAMETER_VALUES)), strict=False
    ):
        env[symbol] = mpmath.mpf(value)
    real = 0
    with mpmath.workdps(20):
        for point in SAMPLE_POINTS:
            env[x] = mpmath.mpf(point)
            try:
                value = evaluate(g, env)
            except EvaluationError:
                continue
            except UnsupportedError as err:
                raise Rejected(Degeneracy.NOT_REAL, str(err)) from None
            magnitude = abs(value)
            require(
                magnitude < MAX_MAGNITUDE,
                Degeneracy.OVERFLOW,
                lambda point=point, magnitude=magnitude: f"|g({point})| = {mpmath.nstr(magnitude, 3)}",
            )
            if abs(mpmath.im(value)) <= 1e-12 * max(1, magnitude):
                real += 1
    require(
        real >= MIN_REAL_POINTS, Degeneracy.NOT_REAL, lambda: f"real at {real} of {len(SAMPLE_POINTS)} points"
    )


def check_reads_back(exprs: dict[str, sympy.Expr], x: sympy.Symbol) -> None:
    """Every later stage reads these strings with the whitelist parser: make sure it can."""
    for name, expr in exprs.items():
        require(reads_back(expr, x), Degeneracy.NOT_ROUND_TRIPPABLE, name)


def reads_back(expr: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the whitelist parser reads the printed expr back as the same function.

    Not always the same tree: the printer writes 3*(x**2 + 1)*cosh(x) and reading it distributes the 3, so
    a structural mismatch is settled by expanding the difference (cheap at these sizes).
    """
    try:
        parsed = parse_math(printed(expr), str(x))
    except ParseError:
        return False
    if parsed == expr:
        return True
    try:
        return sympy.expand(parsed - expr) == 0
    except Exception:  # SymPy raises many types; an expression we cannot compare is not kept
        return False
