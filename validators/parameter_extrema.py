"""Critical points of a parameter-only argument: where a window of several parameters has its inside.

Why: a switch argument q(a, b) that is negative at the ordinary values can be positive on a small region
that no axis reaches and no one-parameter climb finds -- a ridge along a = b (q = 1/25 - 10**6*(a - b)**2
- (a + b - 160)**2/10**4 > 0 only near a = b = 80, round 59), or the same in three parameters. Every
bounded region where q has the other sign holds a local extremum of q, a point where its gradient
vanishes. Newton's method climbs to it from anywhere for a quadratic q (one step) and
from nearby for a smooth one, and is unmoved by the ridge's 10**10 ratio of curvatures that stalls a
climb along the axes. Evidence only: Newton can converge to another critical point or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import mpmath
import sympy

from validators.numeric import Number, real_value
from validators.parameter_boxes import box_search
from validators.parameter_roots import opposite_sign

__all__ = ["critical_points", "other_sign_point"]

NEWTON_STEPS = 40
HALVINGS = 60
DPS = 40
NEWTON_START_SIZES = (7, 40)
MAX_TREE = 400  # operations of q: the Hessian of a larger argument is not worth building


def other_sign_point(argument: sympy.Expr, moved: Sequence[sympy.Symbol], fixed: Mapping) -> dict | None:
    """A point where ``argument`` has the sign opposite to its sign at ``fixed``, ``moved`` moved: by a
    climb along the axes (a disc), else Newton ascents from the ordinary values and from spread ones (a
    ridge along a = b that no axis crosses, round 59); interval bounds on boxes before the ascents (a
    Gaussian disc below the working precision at every start, a quartic whose ascents stop at a false
    maximum: round 60), which also prove most arguments of one sign so. Evidence only: None does not
    show there is no such point."""
    climbed = opposite_sign(argument, list(moved), fixed)
    if climbed is not None:
        return climbed
    start = real_value(argument, fixed)
    if start is None or start == 0:
        return None
    direction = -1 if start > 0 else 1
    boxed, none_there = box_search(argument, moved, fixed, direction)
    if boxed is not None or none_there:
        return boxed  # found, or proved absent (x**2 + a**2 is never negative): no ascent needed
    starts = [dict(fixed)] + [
        {**fixed, **{p: sign * mpmath.mpf(size) * (1 + mpmath.mpf(j) / 7) for j, p in enumerate(moved)}}
        for size in NEWTON_START_SIZES
        for sign in (1, -1)
    ]
    for point in critical_points(argument, moved, starts, direction):
        value = real_value(argument, point)
        if value is not None and direction * value > 0:
            return point
    return None


def critical_points(
    argument: sympy.Expr, parameters: Sequence[sympy.Symbol], starts: Sequence[Mapping], direction: int
) -> list[dict]:
    """Where a Newton ascent of ``direction * argument`` over ``parameters`` ends, one run from each
    start: at a point of the other sign, or at a local maximum (a critical point) short of it."""
    if not parameters or sympy.count_ops(argument) > MAX_TREE:
        return []
    f = direction * argument
    gradient = [sympy.diff(f, p) for p in parameters]
    hessian = [[sympy.diff(g, p) for p in parameters] for g in gradient]
    found: list[dict] = []
    with mpmath.workdps(DPS):
        for start in starts:
            point = _ascend(f, gradient, hessian, parameters, dict(start))
            if point is not None:
                found.append(point)
    return found


def _ascend(f, gradient, hessian, parameters, point) -> dict | None:
    """Newton steps where the Hessian makes them uphill, gradient steps elsewhere; each step is halved
    until f increases. Stops once f > 0 (the other sign is reached) or no step increases f."""
    value = real_value(f, point)
    if value is None:
        return None
    for _ in range(NEWTON_STEPS):
        if value > 0:
            return point
        g = _vector(gradient, point)
        if g is None or all(gi == 0 for gi in g):
            return point
        h = _matrix(hessian, point)
        newton = _solve(h, g) if h is not None else None
        # uphill along the gradient, far enough that the linear model would reach f = 0
        scale = 2 * abs(value) / mpmath.fsum(gi * gi for gi in g)
        steps = [[scale * gi for gi in g]]
        if newton is not None and mpmath.fsum(s * gi for s, gi in zip(newton, g, strict=True)) > 0:
            steps.insert(0, newton)
        moved = _line_search(f, parameters, point, value, steps)
        if moved is None:
            return point
        point, value = moved
    return point


def _line_search(f, parameters, point, value, steps) -> tuple[dict, Number] | None:
    """The first of ``steps``, halved until f increases (at most HALVINGS times), that increases f."""
    for step in steps:
        for _halving in range(HALVINGS):
            trial = {**point, **{p: point[p] + s for p, s in zip(parameters, step, strict=True)}}
            trial_value = real_value(f, trial)
            if trial_value is not None and trial_value > value:
                return trial, trial_value
            step = [s / 2 for s in step]
    return None


def _solve(h: mpmath.matrix, g: list[Number]) -> list[Number] | None:
    try:
        d = mpmath.lu_solve(h, mpmath.matrix([-gi for gi in g]))
    except (ZeroDivisionError, ValueError, TypeError):  # a zero Hessian: LU_decomp has no pivot (None)
        return None
    step = [d[i] for i in range(len(g))]
    return step if all(mpmath.isfinite(s) for s in step) else None


def _vector(exprs, point) -> list[Number] | None:
    values = [real_value(e, point) for e in exprs]
    return None if any(v is None or not mpmath.isfinite(v) for v in values) else values


def _matrix(rows, point) -> mpmath.matrix | None:
    values = [_vector(row, point) for row in rows]
    return None if any(v is None for v in values) else mpmath.matrix(values)
