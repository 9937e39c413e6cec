"""``sympy.diff`` without ``Derivative``'s per-node overhead, giving the very same expression.

Why: ``sympy.diff(expr, x)`` builds a ``Derivative`` at every node of ``expr`` (each node's
``_eval_derivative`` calls ``arg.diff(x)``), and each one re-checks the free symbols, asks ``is_zero`` of
its result (assumption queries over the whole sub-result) and walks the sub-result again looking for
unevaluated derivatives. That overhead, not the derivative rules, was most of the generator's and the
teacher's differentiation time.

``exact_diff`` runs the same rules SymPy runs, in the same order, with the same constructors
(``Add._eval_derivative``, the Leibniz rule of ``Mul._eval_derivative_n_times``, ``Pow._eval_derivative``
and ``Function._eval_derivative`` with ``fdiff``), only calling itself instead of ``.diff`` on the
arguments. Any node whose class differentiates differently (``Abs``, ``Piecewise``, ``Integral``, ...)
is handed to ``sympy.diff``; a result holding an unevaluated ``Derivative`` is recomputed by
``sympy.diff`` as a whole (SymPy canonicalises those). ``tests/pipeline/families/test_exact_diff.py``
compares the two on every derivative the generator and teacher take for a run's first problems.
"""

from __future__ import annotations

import sympy
from sympy.core.basic import Basic
from sympy.core.function import ArgumentIndexError, Function
from sympy.functions.elementary.exponential import log
from sympy.ntheory.multinomial import multinomial_coefficients_iterator

__all__ = ["exact_diff"]


def exact_diff(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """The same expression as ``sympy.diff(expr, x)`` for a Symbol ``x`` (see the module docstring)."""
    if not isinstance(x, sympy.Symbol) or not isinstance(expr, sympy.Expr):
        return sympy.diff(expr, x)
    result = _diff(expr, x)
    if result.has(sympy.Derivative):
        return sympy.diff(expr, x)
    return result


def _diff(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    if x not in expr.free_symbols:
        return sympy.S.Zero
    if expr == x:
        return sympy.S.One
    kind = type(expr)
    if kind is sympy.Add:
        return sympy.Add(*[_diff(a, x) for a in expr.args])
    if kind is sympy.Mul:
        return _mul(expr, x)
    if kind is sympy.Pow:
        base, exponent = expr.args
        dbase = _diff(base, x)
        dexp = _diff(exponent, x)
        return expr * (dexp * log(base) + dbase * exponent / base)
    if _function_rule(kind):
        return _function(expr, x)
    return sympy.diff(expr, x)


def _mul(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """``Mul._eval_derivative_n_times(x, 1)``: the Leibniz rule, terms in the same order."""
    args = expr.args
    terms = []
    for kvals, c in multinomial_coefficients_iterator(len(args), 1):
        p = sympy.Mul(*[_diff(arg, x) if k else arg for k, arg in zip(kvals, args, strict=True)])
        terms.append(c * p)
    return sympy.Add(*terms)


def _function(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """``Function._eval_derivative``: the chain rule through ``fdiff``."""
    terms = []
    for i, arg in enumerate(expr.args, start=1):
        da = _diff(arg, x)
        if da.is_zero:
            continue
        try:
            df = expr.fdiff(i)
        except ArgumentIndexError:
            df = Function.fdiff(expr, i)
        terms.append(df * da)
    return sympy.Add(*terms)


_FUNCTION_RULE: dict[type, bool] = {}


def _function_rule(kind: type) -> bool:
    """Whether ``kind`` differentiates by the plain chain rule (sin, exp, log, atan ...: not Abs)."""
    known = _FUNCTION_RULE.get(kind)
    if known is None:
        known = (
            issubclass(kind, Function)
            and kind._eval_derivative is Function._eval_derivative
            and kind._eval_derivative_n_times is Basic._eval_derivative_n_times
        )
        _FUNCTION_RULE[kind] = known
    return known
