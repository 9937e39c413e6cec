"""Before a symbolic proof is taken: is there a reason not to take it? Does the answer have its values?

F' - g = 0 by algebra says nothing where F has no value, and every adversary since the eighth found a new
way to hide "no value" from the algebra: a constant in disguise under a pole (``1/(exp(sin(x)**2) *
exp(cos(x)**2) - E)``, which SymEngine's rewriting hides from the disguise test), a sign of rounding noise
(``sign(asinh(sinh(x)) - x)``), a parameter window (``log(sqrt(a**2) - a)``, no value for a > 0), a
special function at a singular number SymPy leaves alone (``expint(1, 0)``). Rules for each shape keep
losing to the next shape, so a proof is also withheld when the answer, *evaluated*, has no value at a
real point where the reference is real: at thirty points spread over the line (and parameter values of
both signs), at two precisions, a value that raises, is not finite, or moves with the precision (rounding
noise under a pole or a log) is no value. The numeric path then decides, and it evaluates the answer at
every point of its own plan.

Only ever withholds a proof: it adds no acceptance. It has a budget of CPU time (``BUDGET_S``); past it,
the proof is withheld (the numeric path decides): points not yet evaluated may be the ones without a value,
and a wall-clock budget had let a loaded machine accept a round-16 answer the guard rejects when idle.
Answers with no singular place whose argument is more than a symbol (``x*exp(x)``, ``x*log(x) - x``) are
not evaluated: they cannot lack a value on an interval.
Answers whose singular places all have an argument built from entire functions, with no switch or piece
anywhere (``log(x**2 + 1)*x``, ``exp(x)/(2*x + 3)``, ``log(exp(sin(x)**2)*exp(cos(x)**2))``), are evaluated
at a few points only: such an argument is analytic, so it is either one constant on the whole line (seen at
any point) or meets a singular value at isolated points only (no interval without a value).
"""

from __future__ import annotations

import functools
import time

import mpmath
import sympy

from validators.constant_pieces import constant_piece
from validators.hidden_constants import entire_built, place_arguments, singular_arguments, vanishing_constant
from validators.lost_values import ENTIRE_FUNCTIONS
from validators.numeric import EvaluationError, UnsupportedError, evaluate_with_magnitude

__all__ = ["no_value_point", "proof_withheld"]

# Points with a real reference looked at when every singular place has an entire argument (one would do).
_ISOLATED_POINTS = 3
# Functions analytic on the complex plane but for isolated points and branch cuts: with an entire argument
# their value is missing at isolated real points at most, unless the argument is constant.
_ANALYTIC_PLACES = frozenset(
    {
        sympy.log, sympy.tan, sympy.cot, sympy.sec, sympy.csc, sympy.tanh, sympy.coth, sympy.sech, sympy.csch,
        sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.asec, sympy.acsc, sympy.asinh, sympy.acosh,
        sympy.atanh, sympy.acoth, sympy.gamma,
    }
)  # fmt: skip
# Parameters stay below 7 in size: special functions of a large order (lowergamma(n + 1, x) at n = 37)
# can take mpmath half a minute and end in a RecursionError.
# Real points spread over both half-lines, none at a small rational (where written answers switch): the
# first ten first (most answers without a value somewhere show it near the origin), then filling the gaps.
# gaps of at most 1.6 up to |x| = 11, at most 5.8 up to 40
_XS = (
    "0.7183", "-0.4142", "1.618", "-1.291", "2.646", "-3.162", "0.2361", "-7.389", "13.46", "-23.14",
    "3.873", "-2.236", "5.099", "-4.583", "6.325", "-5.831", "7.937", "-8.944", "9.487", "-10.77",
    "11.31", "-12.65", "15.87", "-17.32", "18.97", "21.54", "-27.39", "29.66", "34.64", "-39.05",
)  # fmt: skip
_PARAMETERS = ("1.3183", "-0.8414", "2.4495", "-2.2361", "0.5772")
_PARAMETER_GRID = (
    "0.0517", "-0.3029", "1.7321", "-1.118", "0.8862", "-1.6487", "3.3166", "-3.6056", "5.1962", "-6.7082",
    "4.899", "-5.5678", "6.245", "-0.0211", "2.1972", "-4.4721",
)  # fmt: skip
# Functions mpmath may take minutes on at some arguments (a lowergamma of order 6 at x = -39): an answer
# holding one is not evaluated here (the numeric path, under its time limit, still evaluates its plan).
_SLOW = (
    sympy.lowergamma, sympy.uppergamma, sympy.expint, sympy.hyper, sympy.meijerg, sympy.appellf1,
    sympy.lerchphi, sympy.polylog, sympy.zeta, sympy.polygamma, sympy.besselj, sympy.bessely, sympy.besseli,
    sympy.besselk, sympy.elliptic_k, sympy.elliptic_f, sympy.elliptic_e, sympy.elliptic_pi,
)  # fmt: skip
_LOW, _HIGH = 40, 90
# Seconds for the whole evaluation; past it the points left are not looked at (the guard only withholds, so
# running out takes nothing away that the other rules give; the numeric path still evaluates its plan).
BUDGET_S = 0.5
# Relative change between the two precisions that counts as "moves": rounding noise under a pole or a log
# moves by orders of magnitude (1/1e-40 against 1/1e-90, log(1e-40) against log(1e-90)); an honest value
# that loses digits to cancellation (log(tanh(x) + 1) at x = -23) moves by far less than this.
_MOVED = mpmath.mpf(10) ** -8


def proof_withheld(answer: sympy.Expr, reference: sympy.Expr, x: sympy.Symbol) -> str | None:
    """Why a proof that ``answer`` matches ``reference`` must not be taken, or None."""
    hidden = vanishing_constant([answer, reference], x)
    if hidden is not None:
        return f"a constant in disguise at a singular place: {str(hidden)[:80]}"
    return no_value_point(answer, reference, x)


@functools.lru_cache(maxsize=2048)
def no_value_point(answer: sympy.Expr, reference: sympy.Expr, x: sympy.Symbol) -> str | None:
    """A real point (with its parameter values) where ``answer`` has no value and ``reference`` is real,
    as text, or None. Numeric "equal" needs this too: the numeric path differentiates F along its tree,
    and a part free of x (``log(sqrt(a**2) - a)``, no value for a > 0) has slope 0 without a value."""
    if not singular_arguments(answer):
        return None
    if (piece := constant_piece(answer, x)) is not None:
        return piece
    answer = _pending_as_symbols(answer, x)
    if any(node.free_symbols for node in answer.atoms(*_SLOW)):
        return None
    try:
        return _first_point_without_value(answer, reference, x)
    except _CannotSay:
        return None


def _pending_as_symbols(answer: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """``answer`` with each pending integral (or Subs) holding x as a symbol of its own, given values like
    a parameter: ``Integral(exp(x), x) + log((sin(x)**2 + cos(x)**2 - 1)**2)``, a step's claim, has no
    value anywhere, and its integral's value has nothing to do with that (a thirteenth adversary's find)."""
    pending = [node for node in answer.atoms(sympy.Integral, sympy.Subs) if node.has(x)]
    if not pending:
        return answer
    return answer.xreplace({node: sympy.Dummy(f"pending{i}") for i, node in enumerate(pending)})


@functools.lru_cache(maxsize=256)
def _points(x: sympy.Symbol, parameters: tuple[sympy.Symbol, ...]) -> tuple[dict, ...]:
    """The x values, parameters cycled through the five values; with parameters, one more point for
    each value of a wider grid (a window of the parameter between the five is still seen). Made once per
    set of symbols, at double precision whatever the caller's (the evaluator copies a point, never
    changes it)."""
    points = []
    with mpmath.workprec(53):
        for i, value in enumerate(_XS):
            env = {x: mpmath.mpf(value)}
            cycled = {
                p: mpmath.mpf(_PARAMETERS[(i + k) % len(_PARAMETERS)]) for k, p in enumerate(parameters)
            }
            points.append(env | cycled)
        for i, value in enumerate(_PARAMETER_GRID if parameters else ()):
            env = {x: mpmath.mpf(_XS[i % len(_XS)])}
            points.append(env | {p: mpmath.mpf(value) * (1 + k / 7) for k, p in enumerate(parameters)})
    return tuple(points)


def _first_point_without_value(answer: sympy.Expr, reference: sympy.Expr, x: sympy.Symbol) -> str | None:
    bound = set().union(*(i.bound_symbols for i in answer.atoms(sympy.Integral, sympy.Subs)))
    parameters = tuple(sorted((answer.free_symbols | reference.free_symbols) - {x} - bound, key=str))
    arguments = place_arguments(answer)
    left = _ISOLATED_POINTS if isolated_singularities_only(answer) else None
    deadline = time.process_time() + BUDGET_S  # CPU time: a loaded machine must not see fewer points
    for env in _points(x, parameters):
        if left == 0:
            return None
        if time.process_time() > deadline:  # fail closed: the points not seen may be the ones without a value
            return f"the value check ran out of its {BUDGET_S} s budget before every point was seen"
        if not _real_at(reference, env):
            continue  # the reference has no real value here: nothing to answer for
        left = None if left is None else left - 1
        where = ", ".join(f"{s} = {mpmath.nstr(v, 6)}" for s, v in env.items())
        trace: list = []
        with mpmath.workdps(_LOW):
            low = _value(answer, env, trace)
        with mpmath.workdps(_HIGH):
            high = _value(answer, env)
        if low is None or high is None or abs(low - high) > _MOVED * max(1, abs(high)):
            return f"the answer has no value at {where} (the reference is real there)"
        if (zero := _vanishing_argument(arguments, env, trace[0].cache)) is not None:
            return f"{str(zero)[:60]}, an argument of a singular place or switch, is 0 at {where}"
    return None


@functools.lru_cache(maxsize=2048)
def isolated_singularities_only(answer: sympy.Expr) -> bool:
    """Is every singular place of ``answer`` an analytic function (or power) of entire arguments, with no
    switch, piece or pending integral anywhere? Then the answer lacks a value at isolated points at most,
    unless an argument is constant, and a constant argument shows at any point."""
    for node in sympy.preorder_traversal(answer):
        if node.is_Atom or node.is_Add or node.is_Mul or node.func in ENTIRE_FUNCTIONS:
            continue
        if node.is_Pow and node.exp.is_Integer and node.exp > 0:
            continue
        if not (node.is_Pow or node.func in _ANALYTIC_PLACES) or not all(map(entire_built, node.args)):
            return False
    return True


def _vanishing_argument(
    arguments: list[sympy.Expr], env: dict, seen: dict | None = None
) -> sympy.Expr | None:
    """An argument that is 0 here (rounding noise at both precisions, against its own terms): the algebra
    took it as a generic value (log(2*u) - log(u) is log 2, sign(u)**2 is 1), and at 0 it is not one.
    ``acos(cos(x - 3)) - x + 3`` is 0 on all of [3, 3 + pi]; 2u then computes exactly as twice the noise,
    so the answer's value looks stable, but u itself does not. ``seen`` holds the values of the answer's
    subtrees at the lower precision (the answer was just evaluated there): read, not computed again."""
    for argument in arguments:
        if seen is not None and _is_noise_seen(argument, seen) is False:
            continue
        if all(_is_noise(argument, env, dps) for dps in (_LOW, _HIGH)):
            return argument
    return None


def _is_noise_seen(expr: sympy.Expr, seen: dict) -> bool | None:
    """``_is_noise`` at the lower precision from values already computed, or None when a subtree was not
    computed (an argument inside a piece not taken at this point)."""
    value = seen.get(expr)
    if value is None:
        return None
    magnitude = mpmath.mpf(0)
    for node in sympy.preorder_traversal(expr):
        node_value = seen.get(node)
        if node_value is None:
            return None
        if not isinstance(node_value, bool):
            magnitude = max(magnitude, abs(node_value))
    with mpmath.workdps(_LOW):
        return abs(value) <= magnitude * mpmath.mpf(10) ** (10 - _LOW)


def _is_noise(expr: sympy.Expr, env: dict, dps: int) -> bool:
    with mpmath.workdps(dps):
        try:
            (value,), magnitude = evaluate_with_magnitude([expr], env)
        except (EvaluationError, UnsupportedError, ValueError, ZeroDivisionError, OverflowError):
            return False
        return abs(value) <= magnitude * mpmath.mpf(10) ** (10 - dps)


def _real_at(reference: sympy.Expr, env: dict) -> bool:
    """Has the reference a real value here? An imaginary part of rounding noise counts as real:
    ``x*(sqrt(3) + I)**3/(8*I)`` is x, and computes with an imaginary part of 1e-42 (a fourteenth
    adversary's find: read as never real, it switched this check off)."""
    with mpmath.workdps(_LOW):
        try:
            (value,), magnitude = evaluate_with_magnitude([reference], env)
        except (UnsupportedError, RecursionError) as err:
            raise _CannotSay from err
        except (EvaluationError, ValueError, ZeroDivisionError, OverflowError):
            return False
        if not mpmath.isfinite(value):
            return False
        return not isinstance(value, mpmath.mpc) or abs(value.imag) <= max(magnitude, 1) * mpmath.mpf(10) ** (
            10 - _LOW
        )


class _CannotSay(Exception):
    """The tree cannot be evaluated at all (a pending Integral): this guard has nothing to say."""


def _value(expr: sympy.Expr, env: dict, trace: list | None = None) -> mpmath.mpf | mpmath.mpc | None:
    try:
        (value,), _ = evaluate_with_magnitude([expr], env, trace=trace)
    except (UnsupportedError, RecursionError) as err:
        raise _CannotSay from err
    except (EvaluationError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if mpmath.isfinite(value) else None
