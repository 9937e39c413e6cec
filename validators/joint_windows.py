"""Points inside windows that x and a parameter make together, which neither plan alone reaches.

Why: the x features are found with the parameters at their ordinary values, and the parameter plan reads
only arguments free of x. acot((x - 1/2)**2 + (a - 80)**2 - 1/100) jumps only inside a small disc round
(x, a) = (1/2, 80) (round 60): at the ordinary a the argument has no root in x, and it mentions x, so the
parameter plan never looks at it. For each switch argument of x and a parameter the search of
``validators.parameter_extrema`` (climb, interval boxes, Newton) looks for a point of its other sign in
x and the parameters at once. Evidence only, like every sampled point: it can only make a check reject more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import mpmath
import sympy

from validators.parameter_extrema import other_sign_point
from validators.switch_arguments import switch_arguments

__all__ = ["joint_points"]

MAX_ARGUMENTS = 16
X_START = mpmath.mpf("0.37")  # an ordinary x (the features' points cover the rest of the line)


def joint_points(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    fixed: Mapping[sympy.Symbol, object],
) -> list[dict]:
    """Environments (x and the parameters) where a switch argument of both has the sign opposite to
    its sign at (X_START, the ordinary parameter values)."""
    if not parameters or len(xs) != 1:
        return []
    x = xs[0]
    points = []
    for argument in switch_arguments(exprs, {x.name}, with_x=True)[:MAX_ARGUMENTS]:
        moved = [x, *(p for p in parameters if p in argument.free_symbols)]
        point = other_sign_point(argument, moved, {**fixed, x: X_START})
        if point is not None:
            points.append(point)
    return points
