"""Can the argument of a singular place be constant on a whole piece of the line? Then the answer may have
no value there, whatever the algebra proves.

An argument built from analytic parts is constant on an interval only if it is constant everywhere (one
evaluation sees it: ``validators.proof_guard``). What makes a *window* is a part that is analytic only
piece by piece: ``sqrt((x - 45)**2)`` is x - 45 on one side of 45 and 45 - x on the other, so
``sqrt((x - 45)**2) - x + 45`` is 0 on all of x >= 45, and ``log(2*u) - log(u)`` (log 2 by algebra) has no
value there. Every adversary from the tenth on built such windows (``acos(cos(x - 3)) - x + 3``, a sum of
two ``|x - c|``, ``((x - 50)**3)**(1/3)``, the same in a parameter) and placed them where no sample
point falls (x >= 10**6, a parameter a >= 7, inside a sine): points cannot see all of them, the forms can.

So each such part is replaced by its forms (``validators.piece_forms``: the analytic expression it is on
each piece), and a form that is *constant* marks the answer when the constant may be a bad one:

* any subexpression of a place's argument whose form is constant and 0 (``u`` in ``log(u*(x**2 + 1))``);
* the argument itself, when the place has no value (or a jump) at that constant: log or a pole at 0,
  atanh at 1, tan at pi/2, a sign at 0, a floor at an integer;
* a constant holding a piece constant (a multiple of 2*pi the forms cannot pin down) always.

"Constant" is free of x after expanding, or — the form being analytic — the same value at two points to
rounding noise (``sin(x)**2 + cos(x)**2 - 1 + |x - 45| - x + 45``); "bad" is judged at 40 and 90 digits:
rounding noise of 0 at both, or a value of the place that is missing or moves between them. Only ever
withholds a proof or a numeric "equal" (``proof_guard.no_value_point``). Forms that no x can make cost only
a proof not taken; parts the forms do not recognise (``acos(2*cos(x)**2 - 1)``) keep their own form and are
left to the value check.
"""

from __future__ import annotations

import functools

import mpmath
import sympy

from validators.constant_slopes import EVALUATION_FAILURES, PRECISIONS, is_noise, point, unknown_parts
from validators.constant_slopes import constant_somewhere as _constant_somewhere
from validators.hidden_constants import entire_built, places_of
from validators.numeric import evaluate_with_magnitude
from validators.piece_forms import PIECE_CONSTANT, has_pieces, piece_forms

__all__ = ["constant_piece"]

# Subexpressions of one answer examined; past it the answer is marked (nothing is taken unexamined).
MAX_EXAMINED = 200
_MOVED = mpmath.mpf(10) ** -8
# Two points for "the same value everywhere" and the parameters' values (an analytic form: any will do).
_XS = ("0.6180339887", "2.2360679775")
_UNKNOWN = "unknown"


def constant_piece(answer: sympy.Expr, x: sympy.Symbol) -> str | None:
    """Why ``answer`` may have no value on a whole interval (see the module's docstring), or None."""
    return _constant_piece(answer, x)


@functools.lru_cache(maxsize=2048)
def _constant_piece(answer: sympy.Expr, x: sympy.Symbol) -> str | None:
    examined = 0
    for place in answer.atoms(sympy.Pow, sympy.Function):
        for argument in places_of(place):
            if argument.is_Atom or not argument.free_symbols:
                continue
            if not has_pieces(argument):
                if entire_built(argument):  # one constant everywhere, or none: its values at two points
                    if _bad_constant(argument, x, place, argument):
                        return f"{str(argument)[:60]} is constant, where {place.func.__name__} has no value"
                elif (moving := _constant_somewhere(argument, x, _judge(place, argument))) is not None:
                    return moving
                continue
            judge = _judge(place, argument)
            moving = _constant_somewhere(argument, x, judge) if unknown_parts(argument) else None
            if moving is not None:
                return moving  # a known piece beside an unknown one does not hide the slope (round 15)
            for node in sympy.preorder_traversal(argument):
                if node.is_Atom or not has_pieces(node):
                    continue
                examined += 1
                if examined > MAX_EXAMINED:
                    return "too many parts made of pieces to examine"
                forms = piece_forms(node)
                if forms is None:
                    return f"too many pieces to examine in {str(node)[:60]}"
                for form in forms:
                    if _bad_constant(form, x, place if node == argument else None, argument):
                        return f"{str(node)[:60]} is {str(form)[:40]} on a piece: no value there"
    return None


def _judge(place: sympy.Basic, argument: sympy.Basic):
    """Is the value of ``node`` at a point, where it is constant, a bad one: 0, or (for the argument
    itself) a value where ``place`` has none?"""

    def bad_value(node: sympy.Expr, env: dict) -> bool:
        values = _values(node, env)
        if values is None:
            return True
        if all(is_noise(v, size, dps) for (v, size), dps in zip(values, PRECISIONS, strict=True)):
            return True
        return node == argument and _no_value_at(place, argument, [v for v, _ in values])

    return bad_value


def _bad_constant(
    form: sympy.Expr, x: sympy.Symbol, place: sympy.Basic | None, argument: sympy.Basic
) -> bool:
    """Is ``form`` constant, with a value that is 0 (``place`` None) or where ``place`` has no value?"""
    values = _constant_values(form, x)
    if values is None:
        return False
    if values == _UNKNOWN:
        return True
    if all(is_noise(v, size, dps) for (v, size), dps in zip(values, PRECISIONS, strict=True)):
        return True
    if place is None:
        return False
    return _no_value_at(place, argument, [value for value, _ in values])


def _constant_values(form: sympy.Expr, x: sympy.Symbol):
    """None if ``form`` is not constant in x; ``_UNKNOWN`` if its constant holds a piece constant; else
    (value, magnitude) at each precision."""
    if form.has(x) and sympy.count_ops(form) <= 60:
        form = sympy.expand(form)
    if any(s.name.startswith(PIECE_CONSTANT) for s in form.free_symbols):
        return None if form.has(x) and not _same_everywhere(form, x) else _UNKNOWN
    if form.has(x) and not _same_everywhere(form, x):
        return None
    return _values(form, point(form, x, _XS[0]))


def _same_everywhere(form: sympy.Expr, x: sympy.Symbol) -> bool:
    """The same value at two points, to rounding noise (the form is analytic: then it is one constant),
    piece constants given a value of their own."""
    first = _values(form, point(form, x, _XS[0]))
    second = _values(form, point(form, x, _XS[1]))
    if first is None or second is None:
        return False
    (a, size_a), (b, size_b) = first[0], second[0]
    return is_noise(a - b, max(size_a, size_b), PRECISIONS[0])


def _values(expr: sympy.Basic, env: dict) -> list[tuple] | None:
    out = []
    for dps in PRECISIONS:
        with mpmath.workdps(dps):
            try:
                (value,), magnitude = evaluate_with_magnitude([expr], env)
            except EVALUATION_FAILURES:
                return None
        out.append((value, magnitude))
    return out


def _no_value_at(place: sympy.Basic, argument: sympy.Basic, values: list) -> bool:
    """Has ``place`` no value (or a value that moves with the precision) with ``argument`` at the constant?"""
    held = sympy.Dummy("held")
    at_constant = place.xreplace({argument: held})
    if at_constant.free_symbols - {held}:
        return False  # other arguments still vary (a Max with a second argument): left to the value check
    seen = []
    for value, dps in zip(values, PRECISIONS, strict=True):
        with mpmath.workdps(dps):
            try:
                (result,), _ = evaluate_with_magnitude([at_constant], {held: value})
            except EVALUATION_FAILURES:
                return True
            if not mpmath.isfinite(result):
                return True
            seen.append(result)
    low, high = seen
    return abs(low - high) > _MOVED * max(1, abs(high))
