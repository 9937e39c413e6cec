"""A singular place's argument whose slope is 0 on a piece is constant there: a window the parts' own forms
do not show.

``validators.piece_forms`` knows |u|, roots of perfect powers, ``acos(cos(p))`` and the like. Other
compositions are windows too: ``acos(2*p**2 - 1) - 2*acos(p)`` is 0 for p in [0, 1] (a fourteenth
adversary's find), ``asin(3*p - 4*p**3) - 3*asin(p)`` on [-1/2, 1/2], ``acos(-cos(p)) + p - pi`` on a period.
Each is analytic where its inverse functions are, except where an argument touches a branch point, and its
*slope* shows it: the slope of acos(w) is -w'/sqrt(1 - w**2), and 1 - w**2 holds a square (here 4*p**2*(1 -
p**2)), so the slope's forms are analytic expressions one of which is 0. So an argument (or a factor of
it) with a part the forms do not know is differentiated, in x (or, free of x, in each parameter), and a
form of its slope that is 0 — by algebra, or to rounding noise at two points, the form being analytic —
marks it as constant on a piece, with a constant no point pins down: the answer may have no value there.
Only ever withholds a proof or a numeric "equal".
"""

from __future__ import annotations

import mpmath
import sympy

from validators.numeric import EvaluationError, UnsupportedError, evaluate_with_magnitude
from validators.piece_forms import piece_forms

__all__ = ["constant_somewhere"]

MAX_OPS = 120  # larger arguments are not differentiated (their slope is left to the value check)
_XS = ("0.6180339887", "2.2360679775")
_PARAMETERS = ("1.3247179572", "-0.7548776662", "2.1544346900")
_PRECISIONS = (40, 90)
_FAILURES = (EvaluationError, UnsupportedError, ValueError, ZeroDivisionError, OverflowError, RecursionError)


def constant_somewhere(argument: sympy.Expr, x: sympy.Symbol) -> str | None:
    """Why ``argument`` (or a factor of it) may be constant on a piece of the line, or None."""
    factors = sympy.Mul.make_args(argument) if argument.is_Mul else ()
    for node in (argument, *factors):
        if node.is_Atom or not node.free_symbols or sympy.count_ops(node) > MAX_OPS:
            continue
        variables = [x] if node.has(x) else sorted(node.free_symbols, key=str)
        if all(_slope_vanishes_somewhere(node, v) for v in variables):
            return f"{str(node)[:60]} has slope 0 on a piece: constant there, and may have no value"
    return None


def _slope_vanishes_somewhere(node: sympy.Expr, v: sympy.Symbol) -> bool:
    try:
        slope = sympy.diff(node, v)
    except Exception:  # SymPy raises many types; no slope, no finding
        return False
    if slope == 0:
        return True
    forms = piece_forms(slope)
    if forms is None:
        return True  # too many pieces to look at: nothing is taken unexamined
    return any(form == 0 or _zero_at_two_points(form, v) for form in forms)


def _zero_at_two_points(form: sympy.Expr, v: sympy.Symbol) -> bool:
    """Rounding noise of 0 at two points and two precisions (the form is analytic: then it is 0)."""
    others = sorted(form.free_symbols - {v}, key=str)
    for value in _XS:
        env = {v: mpmath.mpf(value)} | {s: mpmath.mpf(_PARAMETERS[i % 3]) for i, s in enumerate(others)}
        for dps in _PRECISIONS:
            with mpmath.workdps(dps):
                try:
                    (result,), magnitude = evaluate_with_magnitude([form], env)
                except _FAILURES:
                    return False
                if abs(result) > max(magnitude, 1) * mpmath.mpf(10) ** (10 - dps):
                    return False
    return True
