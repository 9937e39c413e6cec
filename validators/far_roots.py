"""Zeros of an x argument where the features' grid does not reach: |x| beyond 1e15, or below 1/20.

Why: the scan of ``validators.features`` reads an argument on a grid out to |x| = 1e15, so a switch whose
argument changes sign only at |x| = e**80 (``(log(x**2 + 1) - 160)**(3/2)``) or only below |x| = 1e-100
(``(log(1/x**2 + 1) - 460)**(3/2)``) was never sampled on its other side (round 62). The interval branch
and bound of ``validators.parameter_certified`` finds such roots cheaply when the argument is monotone
out there, which is how such a window is built. Evidence only, like every feature: a budget run out (a
periodic argument) just leaves its far roots unfound, and what is found only adds sample points.
"""

from __future__ import annotations

from collections.abc import Mapping

import mpmath
import sympy

from validators.numeric import Number
from validators.parameter_certified import DPS, HIGHEST, LOWEST, certified_roots

__all__ = ["FAR_STRETCHES", "far_roots"]

NEAR_REACH = mpmath.mpf(1) / 20  # inside it, the grid has only 0 (often undefined) and +-0.05
FAR_REACH = mpmath.mpf(10) ** 15  # the grid's reach (validators.features.GRID_REACH)
FAR_STRETCHES = ((LOWEST, NEAR_REACH), (FAR_REACH, HIGHEST))
BUDGET = 160  # intervals per argument: a monotone tail needs a few dozen, a periodic one never ends
MAX_ROOTS = 4


def far_roots(
    argument: sympy.Expr,
    xs: frozenset[sympy.Symbol],
    env: Mapping[sympy.Symbol, Number],
    *,
    extra_digits: int = 0,
) -> list[Number]:
    """Real roots of ``argument`` (every x in ``xs`` at one value t, the parameters at ``env``) with
    |t| below NEAR_REACH or beyond FAR_REACH, the least extreme first. ``extra_digits``: the digits of
    the trees' tiny constants, added to the working precision."""
    t = sympy.Dummy("t", real=True)
    along = argument.xreplace({x: t for x in xs})
    fixed = {s: v for s, v in env.items() if s not in xs}
    try:
        found = certified_roots(
            along, t, fixed, stretches=FAR_STRETCHES, budget=BUDGET, dps=DPS + extra_digits
        )
    except (ArithmeticError, ValueError, TypeError):
        return []
    if found is None:
        return []
    roots = [r for r in found.roots if r != 0 and (abs(r) < NEAR_REACH or abs(r) > FAR_REACH)]
    return sorted(roots, key=lambda r: abs(mpmath.log(abs(r))))[:MAX_ROOTS]
