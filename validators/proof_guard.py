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

Only ever withholds a proof: it adds no acceptance. It has a time budget (``BUDGET_S``); past it, the points
not yet evaluated are not looked at. Answers with no singular place whose argument is more
than a symbol (``x*exp(x)``, ``x*log(x) - x``) are not evaluated: they cannot lack a value on an interval.
"""

from __future__ import annotations

import functools
import time

import mpmath
import sympy

from validators.hidden_constants import place_arguments, singular_arguments, vanishing_constant
from validators.numeric import EvaluationError, UnsupportedError, evaluate, evaluate_with_magnitude

__all__ = ["no_value_point", "proof_withheld"]

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
    if not singular_arguments(answer) or answer.has(*_SLOW):
        return None
    try:
        return _first_point_without_value(answer, reference, x)
    except _CannotSay:
        return None


def _points(x: sympy.Symbol, parameters: list[sympy.Symbol]) -> list[dict]:
    """The ten x values, parameters cycled through the five values; with parameters, one more point for
    each value of a wider grid (a window of the parameter between the five is still seen)."""
    points = []
    for i, value in enumerate(_XS):
        env = {x: mpmath.mpf(value)}
        points.append(
            env | {p: mpmath.mpf(_PARAMETERS[(i + k) % len(_PARAMETERS)]) for k, p in enumerate(parameters)}
        )
    for i, value in enumerate(_PARAMETER_GRID if parameters else ()):
        env = {x: mpmath.mpf(_XS[i % len(_XS)])}
        points.append(env | {p: mpmath.mpf(value) * (1 + k / 7) for k, p in enumerate(parameters)})
    return points


def _first_point_without_value(answer: sympy.Expr, reference: sympy.Expr, x: sympy.Symbol) -> str | None:
    bound = set().union(*(i.bound_symbols for i in answer.atoms(sympy.Integral, sympy.Subs)))
    parameters = sorted((answer.free_symbols | reference.free_symbols) - {x} - bound, key=str)
    arguments = place_arguments(answer)
    deadline = time.perf_counter() + BUDGET_S
    for env in _points(x, parameters):
        if time.perf_counter() > deadline:
            return None  # slow special functions (lowergamma far out): the points seen so far had values
        with mpmath.workdps(_LOW):
            reference_value = _value(reference, env)
        if reference_value is None or isinstance(reference_value, mpmath.mpc) and reference_value.imag != 0:
            continue  # the reference has no real value here: nothing to answer for
        where = ", ".join(f"{s} = {mpmath.nstr(v, 6)}" for s, v in env.items())
        with mpmath.workdps(_LOW):
            low = _value(answer, env)
        with mpmath.workdps(_HIGH):
            high = _value(answer, env)
        if low is None or high is None or abs(low - high) > _MOVED * max(1, abs(high)):
            return f"the answer has no value at {where} (the reference is real there)"
        if (zero := _vanishing_argument(arguments, env)) is not None:
            return f"{str(zero)[:60]}, an argument of a singular place or switch, is 0 at {where}"
    return None


def _vanishing_argument(arguments: list[sympy.Expr], env: dict) -> sympy.Expr | None:
    """An argument that is 0 here (rounding noise at both precisions, against its own terms): the algebra
    took it as a generic value (log(2*u) - log(u) is log 2, sign(u)**2 is 1), and at 0 it is not one.
    ``acos(cos(x - 3)) - x + 3`` is 0 on all of [3, 3 + pi]; 2u then computes exactly as twice the noise,
    so the answer's value looks stable, but u itself does not."""
    for argument in arguments:
        if all(_is_noise(argument, env, dps) for dps in (_LOW, _HIGH)):
            return argument
    return None


def _is_noise(expr: sympy.Expr, env: dict, dps: int) -> bool:
    with mpmath.workdps(dps):
        try:
            (value,), magnitude = evaluate_with_magnitude([expr], env)
        except (EvaluationError, UnsupportedError, ValueError, ZeroDivisionError, OverflowError):
            return False
        return abs(value) <= magnitude * mpmath.mpf(10) ** (10 - dps)


class _CannotSay(Exception):
    """The tree cannot be evaluated at all (a pending Integral): this guard has nothing to say."""


def _value(expr: sympy.Expr, env: dict) -> mpmath.mpf | mpmath.mpc | None:
    try:
        value = evaluate(expr, env)
    except (UnsupportedError, RecursionError) as err:
        raise _CannotSay from err
    except (EvaluationError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if mpmath.isfinite(value) else None
