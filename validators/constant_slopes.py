"""A singular place's argument whose slope is 0 on a piece is constant there: a window the parts' own forms
do not show.

``validators.piece_forms`` knows |u|, roots of perfect powers, ``acos(cos(p))`` and the like. Other
compositions are windows too: ``acos(2*p**2 - 1) - 2*acos(p)`` is 0 for p in [0, 1] (a fourteenth
adversary's find), ``asin(3*p - 4*p**3) - 3*asin(p)`` on [-1/2, 1/2], ``acos(-cos(p)) + p - pi`` on a period.
Each is analytic where its inverse functions are, except where an argument touches a branch point, and its
*slope* shows it: the slope of acos(w) is -w'/sqrt(1 - w**2), and 1 - w**2 holds a square (here 4*p**2*(1 -
p**2)), so the slope's forms are analytic expressions one of which is 0. So an argument (or a factor of
it) with a part the forms do not know is differentiated, in x (or, free of x, in each parameter), and a
form of its slope that is 0 — by algebra, or to rounding noise at one of a few points out to 1.2e6 —
marks it as constant on a piece, with a constant no point pins down: the answer may have no value there.
Only ever withholds a proof or a numeric "equal".
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import sympy

from validators.lost_values import ENTIRE_FUNCTIONS
from validators.numeric import EvaluationError, UnsupportedError, evaluate_with_magnitude
from validators.piece_forms import piece_forms

__all__ = [
    "EVALUATION_FAILURES",
    "PRECISIONS",
    "constant_somewhere",
    "is_noise",
    "point",
    "unknown_parts",
]

MAX_OPS = 120  # larger arguments are not differentiated (their slope is left to the value check)
_XS = (
    "0.6180339887", "2.2360679775", "-0.6180339887", "-2.2360679775", "13.4641016", "-13.4641016",
    "47.3205081", "-47.3205081", "301.662479", "-301.662479", "11003.1622", "-11003.1622",
    "1200017.32", "-1200017.32",
)  # fmt: skip
_MOVED = mpmath.mpf(10) ** -8
# log(sqrt(exp(2*x) + 1) - exp(x)) at x = 301: terms of 1e131 cancel to a true 1e-131, rounding noise at 40
# and 90 digits alike (a sixteenth adversary's correct pair): such points get more digits, or say nothing
_HUGE = mpmath.mpf(10) ** 25
_MAX_DIGITS = 400
# An exact 0 at both precisions may be a true 1e-262 (1 - tanh(x)**2 at x = -301; log(tanh(x) + 1) is a
# seventh adversary's correct pair): it counts only if still 0 at _MAX_DIGITS, and only within _NEAR, where
# that many digits resolve such a saturation (e**(-2*|x|)); farther out only noise that moves counts.
_NEAR = 400
_PARAMETERS = ("1.3247179572", "-0.7548776662", "2.1544346900")
PRECISIONS = (40, 90)
EVALUATION_FAILURES = (
    EvaluationError, UnsupportedError, ValueError, ZeroDivisionError, OverflowError, RecursionError,
)  # fmt: skip


def point(form: sympy.Expr, v: sympy.Symbol, value: str) -> dict:
    """``v`` at ``value`` and every other symbol of ``form`` at one of three fixed parameter values."""
    others = sorted(form.free_symbols - {v}, key=str)
    return {v: mpmath.mpf(value)} | {
        s: mpmath.mpf(_PARAMETERS[i % len(_PARAMETERS)]) for i, s in enumerate(others)
    }


def is_noise(value, magnitude, dps: int) -> bool:
    """Is ``value`` rounding noise at ``dps`` digits beside terms of size ``magnitude``?"""
    with mpmath.workdps(dps):
        return abs(value) <= max(magnitude, 1) * mpmath.mpf(10) ** (10 - dps)


_ALGEBRA = "algebra"


def constant_somewhere(
    argument: sympy.Expr, x: sympy.Symbol, bad_value: Callable[[sympy.Expr, dict], bool]
) -> str | None:
    """Why ``argument`` (or a factor of it) may be constant, with a bad value, on a piece of the line, or
    None. Where the slope is seen to vanish at a point, the constant is the value there, and
    ``bad_value(node, point)`` judges it (``log(Abs(x + sqrt(x**2 - 1)))`` is log 1 on all of (-1, 1): a
    value); where it vanishes by algebra, no point pins the piece down and the answer is marked."""
    factors = sympy.Mul.make_args(argument) if argument.is_Mul else ()
    for node in (argument, *factors):
        if node.is_Atom or not node.free_symbols or sympy.count_ops(node) > MAX_OPS:
            continue
        variables = [x] if node.has(x) else sorted(node.free_symbols, key=str)
        found = [_where_slope_vanishes(node, v) for v in variables]
        if not all(found):
            continue
        if _ALGEBRA in found or any(bad_value(node, point) for point in found[0]):
            return f"{str(node)[:60]} has slope 0 on a piece: constant there, and may have no value"
    return None


_KNOWN_PIECES = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, sympy.floor, sympy.ceiling)


def unknown_parts(argument: sympy.Expr) -> bool:
    """Does ``argument`` hold a part that is neither entire nor a switch whose forms are exact (an inverse
    function, a root, a logarithm, a pole)? Only then can its slope show a window its forms do not."""
    for node in sympy.preorder_traversal(argument):
        if node.is_Atom or node.is_Add or node.is_Mul or isinstance(node, _KNOWN_PIECES):
            continue
        if node.is_Pow and node.exp.is_Integer and node.exp > 0:
            continue
        if node.func in ENTIRE_FUNCTIONS:
            continue
        return True
    return False


def _where_slope_vanishes(node: sympy.Expr, v: sympy.Symbol) -> list[dict] | str:
    """The points of ``_XS`` where a form of the slope of ``node`` in v vanishes (empty: nowhere seen), or
    ``_ALGEBRA`` when a form is 0 by algebra (or there are too many forms to look at)."""
    try:
        slope = sympy.diff(node, v)
    except Exception:  # SymPy raises many types; no slope, no finding
        return []
    if slope == 0:
        return _ALGEBRA
    forms = piece_forms(slope)
    if forms is None or any(form == 0 for form in forms):
        return _ALGEBRA
    points = []
    for form in forms:
        vanishing, evaluated = _vanishing_points(form, v)
        near = [p for p in vanishing if abs(p[v]) <= _NEAR]
        if near and len(near) == evaluated:
            return _ALGEBRA  # 0 wherever it has a value: an analytic 0, on a piece no point shows
        points += vanishing
    return points


def _vanishing_points(form: sympy.Expr, v: sympy.Symbol) -> tuple[list[dict], int]:
    """The points of ``_XS`` where ``form`` is 0 — rounding noise that moves with the precision, or exactly
    0 at both. An analytic form 0 at a point not chosen for it is 0 everywhere; a form the pieces left as
    it is (a product of roots the forms do not split: ``sqrt(-a - 9)*sqrt(-a - 7)`` beside ``sqrt((a +
    8)**2 - 1)``) is 0 on its window, which the far points reach (a fifteenth adversary's parameter window
    at a <= -9). An honest value that is merely tiny (``exp(-x**2)`` at x = 47) is the same at both
    precisions, so not noise. Also how many points within _NEAR had a value at all."""
    points, evaluated = [], 0
    for value in _XS:
        env = point(form, v, value)
        precisions = _precisions_for(form, env)
        if precisions is None:
            continue
        near = abs(mpmath.mpf(value)) <= _NEAR
        evaluated += near
        seen = []
        for dps in precisions:
            with mpmath.workdps(dps):
                try:
                    (result,), magnitude = evaluate_with_magnitude([form], env)
                except EVALUATION_FAILURES:
                    break
                if not is_noise(result, magnitude, dps):
                    break
                seen.append(result)
        if len(seen) == 2:
            low, high = seen
            if low == high == 0:
                if near and _still_zero(form, env):
                    points.append(env)
            elif abs(low - high) > _MOVED * max(abs(low), abs(high)):
                points.append(env)
    return points, evaluated


def _still_zero(form: sympy.Expr, env: dict) -> bool:
    with mpmath.workdps(_MAX_DIGITS):
        try:
            (result,), magnitude = evaluate_with_magnitude([form], env)
        except EVALUATION_FAILURES:
            return False
        return is_noise(result, magnitude, _MAX_DIGITS)


def _precisions_for(form: sympy.Expr, env: dict) -> tuple[int, int] | None:
    """The two precisions that can tell 0 from a value here: 40 and 90 digits, or — where terms pass 1e25
    and would cancel below them (``log(sqrt(exp(2*x) + 1) - exp(x))`` at x = 301, a true 1e-131 beside
    terms of 1e131; or a window scaled by exp(60), a seventeenth adversary's) — enough digits beyond the
    terms' size; None where that is more than 400 (no opinion at this point) or there is no value."""
    with mpmath.workdps(PRECISIONS[0]):
        try:
            _, magnitude = evaluate_with_magnitude([form], env)
        except EVALUATION_FAILURES:
            return None
    if magnitude <= _HUGE:
        return PRECISIONS
    digits = int(mpmath.log10(magnitude)) + 2 * PRECISIONS[0]
    return None if digits > _MAX_DIGITS else (digits, digits + 50)
