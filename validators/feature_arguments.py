"""Which arguments of a tree are worth solving for features, and how narrow a feature of one can be.

Why a module of its own: reading a tree for the places where something happens (an exp argument's peak,
a switch's zero, a Piecewise condition, a pole or branch point) is pure tree work, apart from the numeric
solving and scanning in ``validators.features``; ``validators.parameter_points`` reads the same switches
for parameters.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import mpmath
import sympy

from validators.free_symbols import free_symbols
from validators.numeric import EvaluationError, UnsupportedError, evaluate

__all__ = ["NARROW", "SWITCHES", "interesting_arguments", "narrowness", "relations_of"]

NARROW = 20  # a number this large (or 1/NARROW this small) can make a feature narrower than sampling
# Functions whose value jumps or kinks where their argument is 0: sampled right beside it too.
SWITCHES = (sympy.Heaviside, sympy.Abs, sympy.sign, sympy.DiracDelta, sympy.floor, sympy.ceiling, sympy.frac)


def interesting_arguments(
    exprs: Sequence[sympy.Basic], xs: frozenset[sympy.Symbol]
) -> list[tuple[str, sympy.Expr]]:
    """(kind, argument) pairs worth solving, each once, in a stable order."""
    seen: dict[tuple[str, sympy.Basic], None] = {}

    def add(kind: str, argument: sympy.Basic) -> None:
        if isinstance(argument, sympy.Expr) and free_symbols(argument) & xs:
            seen.setdefault((kind, argument), None)

    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if not (free_symbols(node) & xs):
                continue
            if isinstance(node, sympy.exp):
                add("peak", node.args[0])
                add("zero", node.args[0])  # where exp(A) crosses 1: the wall of 1/(1 + exp(k*(x - a)))
            elif isinstance(node, sympy.Pow):
                base, exponent = node.args
                if exponent.is_Integer and exponent > 0 and exponent % 2 == 0:
                    add("zero", base)  # where B**2 is least: the peak of exp(-k*(tanh(...) - 1/2)**2)
                if free_symbols(exponent) & xs:
                    add("peak", exponent)
                elif not (exponent.is_Integer and exponent > 0):
                    add("zero", base)  # a pole or a branch point
            elif isinstance(node, sympy.Piecewise):
                for _piece, condition in node.args:
                    for relation in relations_of(condition):
                        add("condition", relation.lhs - relation.rhs)  # a switch, always scanned
            elif isinstance(node, sympy.Max | sympy.Min):
                for a, b in itertools.combinations(node.args, 2):
                    add("switch", a - b)
            elif isinstance(node, sympy.Function):
                kind = "switch" if isinstance(node, SWITCHES) else "zero"
                for argument in node.args:
                    add(kind, argument)
                if isinstance(node, sympy.floor | sympy.ceiling):  # it steps at every integer: 1 and -1 too
                    add("switch", node.args[0] - 1)
                    add("switch", node.args[0] + 1)
    return list(seen)


def relations_of(condition: sympy.Basic) -> list[sympy.core.relational.Relational]:
    if isinstance(condition, sympy.core.relational.Relational):
        return [condition]
    return [r for arg in getattr(condition, "args", ()) for r in relations_of(arg)]


def narrowness(expr: sympy.Basic, xs: frozenset[sympy.Symbol], env: Mapping) -> float:
    """How narrow a feature of ``expr`` can be: its largest number (or 1/its smallest), when that is at
    least NARROW, else 0. Numbers count as literals (10**6*(x - a)**2, Abs(x - 7) < 10**-3) and as
    constant subtrees (exp(exp(5))*cos(x)**2 has only the literal 5)."""
    sizes = [abs(n) for n in expr.atoms(sympy.Number) if n.is_finite and n != 0]
    for constant in _constant_subtrees(expr, xs):
        try:
            with mpmath.workdps(15):
                sizes.append(abs(evaluate(constant, env)))
        except (EvaluationError, UnsupportedError, OverflowError, ValueError):
            return float("inf")  # too large to evaluate is large
    best = 0.0
    for size in sizes:
        if size == 0:
            continue
        reach = max(float(mpmath.mpf(size)), float(1 / mpmath.mpf(size)))
        if reach >= NARROW:
            best = max(best, reach)
    return max(best, _amplified(expr, xs))


HIGH_POWER = 8
AMPLIFIED = 1e6


def _amplified(expr: sympy.Basic, xs: frozenset[sympy.Symbol]) -> float:
    """Large numbers made by x itself: ``(x**2 + 1)**19`` is 1e39 at x = 10, ``exp(x**2)`` e**100, so
    ``1 - (x**2 + 1)**19*(x - 10 + sin(x)/2)**2`` is positive only in a 1e-19 window, though every
    literal in it is small. A high power counts as 10**(n/4), an exp of a non-linear argument as 1e6."""
    best = 0.0
    for node in sympy.preorder_traversal(expr):
        if not (free_symbols(node) & xs):
            continue
        if isinstance(node, sympy.Pow) and node.exp.is_Integer and abs(node.exp) >= HIGH_POWER:
            best = max(best, 10.0 ** min(abs(int(node.exp)) / 4, 300))
        elif isinstance(node, sympy.exp | sympy.sinh | sympy.cosh):
            argument = node.args[0]
            (x, *more) = xs
            linear = not more and argument.is_polynomial(x) and sympy.degree(argument, x) <= 1
            if not linear:
                best = max(best, AMPLIFIED)
    return best


def _constant_subtrees(expr: sympy.Basic, xs: frozenset[sympy.Symbol]) -> list[sympy.Expr]:
    """Maximal subtrees without x that are not plain numbers (exp(exp(5)), sqrt(2)*pi ...)."""
    if not (free_symbols(expr) & xs):
        return [expr] if isinstance(expr, sympy.Expr) and not isinstance(expr, sympy.Number) else []
    return [c for arg in expr.args for c in _constant_subtrees(arg, xs)]
