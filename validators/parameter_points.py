"""Parameter values to sample besides the ordinary ones: far from 1, and on both sides of every switch.

An answer must hold for every value of its parameters the integrand allows. The ordinary plan draws them
of either sign with sizes 0.5 .. 4 (``validators.sample_points``), so an answer right only there passes:
``x**2*Abs(a - 5)/2`` for the integrand ``x*(5 - a)`` (wrong for a > 5), or an added
``x*(a**2 - 16 + Abs(a**2 - 16))`` that is 0 exactly for |a| <= 4. So the plan also takes

* **spread** values: each parameter of size 0.02, 7 and 40 (either sign), and
* **switch** values: where an argument that mentions parameters but not x changes sign -- of
  Abs/sign/Heaviside/floor..., a Piecewise condition, a branch point (the base of a fractional power, a
  log's argument, asin's argument -+ 1, acot's argument), or a denominator (a pole: atan(1/q) jumps there).
  Each is solved along each parameter (``validators.parameter_roots``), and sampled on both sides of each
  root, inside each window between neighbouring roots (of one argument or of different ones: S(a - 80) *
  S(80.4 - a) is a window made of two), and, for an argument in several parameters, where a climb from the
  ordinary values reached its other sign (a disc in (a, b)). Values of different parameters are also
  combined (a quadrant a > 80 and b > 80 needs both moved at once).

The switch values are taken round-robin over the arguments, so a decoy with many roots cannot use up the
plan; if they do not all fit, ``ParameterPlan.unplanned`` names the first argument left out and the check
is undecided rather than accepted. Like every other point, these can only make a check reject more.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy

from validators.numeric import Number
from validators.parameter_certified import COINCIDENT  # roots nearer than this leave no window
from validators.parameter_extrema import other_sign_point
from validators.parameter_roots import ROOT_DPS, roots_along
from validators.switch_arguments import switch_arguments

__all__ = ["ParameterPlan", "parameter_plan"]

SPREAD_SIZES = (0.02, 7.0, 40.0)  # few: special functions of a parameter are slow far from 1
MAX_SWITCH_VALUES = 96  # a point each: ~1 ms for an elementary pair
MAX_ARGUMENTS = 16
MAX_JOINT = 16
MAX_CELLS = 256  # a point each, with two or more parameters that have switch roots
ROOT_SIDES = (-1, 1)


@dataclass
class ParameterPlan:
    envs: list[dict] = field(default_factory=list)
    unplanned: str | None = None  # the first switch argument whose values did not fit, if any


def parameter_plan(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    fixed: Mapping[sympy.Symbol, Number],
    rng: random.Random,
    *,
    extra_digits: int = 0,
) -> ParameterPlan:
    """Parameter environments (no x) to pair with ordinary x values: spread ones, then switch ones.
    ``extra_digits``: the digits of the trees' tiny constants, by which roots are found more finely."""
    if not parameters:
        return ParameterPlan()
    envs = []
    for size in SPREAD_SIZES:
        envs.append({p: rng.choice((1, -1)) * mpmath.mpf(size * rng.uniform(0.8, 1.25)) for p in parameters})
    with mpmath.workdps(ROOT_DPS + extra_digits):  # a root sampled itself (Eq/Ne) must equal it
        switch_envs, unplanned = _switch_values(exprs, xs, parameters, fixed, rng, extra_digits)
    return ParameterPlan(envs + switch_envs, unplanned)


def _switch_values(exprs, xs, parameters, fixed, rng, extra_digits) -> tuple[list[dict], str | None]:
    equalities: set[sympy.Expr] = set()
    arguments = switch_arguments(exprs, {s.name for s in xs}, equalities)
    unplanned = str(arguments[MAX_ARGUMENTS]) if len(arguments) > MAX_ARGUMENTS else None
    queues: list[list[dict]] = []
    roots_of: dict[sympy.Symbol, list[tuple[Number, int]]] = {p: [] for p in parameters}
    values_of: dict[sympy.Symbol, list[Number]] = {p: [] for p in parameters}
    for k, argument in enumerate(arguments[:MAX_ARGUMENTS]):
        moved = [p for p in parameters if p in argument.free_symbols]
        equality = argument in equalities
        queue: list[dict] = []
        bases = [dict(fixed)]
        if len(moved) >= 2 and (climbed := other_sign_point(argument, moved, fixed)) is not None:
            queue.append(climbed)  # inside a window of several parameters: a disc round (80, 80)
            bases.append(climbed)
        for base in bases:
            for p in moved:
                roots, inside, exhausted = roots_along(
                    argument, p, base, precise=equality, extra_digits=extra_digits
                )
                if exhausted and unplanned is None:  # undecided stretches: sin(a), roots 10**200 -+ 1/5
                    unplanned = f"{argument} (its roots in {p.name})"
                values = _around(roots, inside, rng, equality=equality)
                queue += [{**base, p: value} for value in values]
                if base is bases[0]:
                    roots_of[p] += [(root, k) for root in roots]
                    values_of[p] += values
        queues.append(queue)
    # Windows between roots of different arguments (S(a - 80)*S(80.4 - a)): the merged roots' neighbours.
    queues.append([{**fixed, p: v} for p, roots in roots_of.items() for v in _between_arguments(roots, rng)])
    found: dict[tuple, dict] = {}
    for env in itertools.chain(*itertools.zip_longest(*queues)):
        if env is not None:
            found.setdefault(tuple(mpmath.nstr(env[p], 40) for p in parameters), env)
    envs = list(found.values())
    if len(envs) > MAX_SWITCH_VALUES and unplanned is None:
        longest = max(range(len(queues) - 1), key=lambda i: len(queues[i]), default=None)
        unplanned = str(arguments[longest]) if longest is not None else "the merged switch values"
    cells, overflow = _cells(roots_of, fixed, rng)
    if overflow is not None and unplanned is None:
        unplanned = overflow
    return envs[:MAX_SWITCH_VALUES] + cells + _joint(values_of, fixed, rng), unplanned


def _cells(roots_of: Mapping, fixed: Mapping, rng: random.Random) -> tuple[list[dict], str | None]:
    """One point in every cell of the grid the parameters' roots cut (two or more parameters with
    roots): a window 79.8 < a < 80.2 and 79.8 < b < 80.2 made of four arguments is a cell, however
    many decoy roots lie beside it (round 59). More cells than MAX_CELLS: the plan is not complete."""
    moved = [p for p, roots in roots_of.items() if roots]
    if len(moved) < 2:
        return [], None
    representatives = {p: _cell_values(sorted({root for root, _k in roots_of[p]}), rng) for p in moved}
    count = 1
    for values in representatives.values():
        count *= len(values)
    if count > MAX_CELLS:
        return [], f"the joint values of {', '.join(p.name for p in moved)} ({count} cells)"
    combos = itertools.product(*(representatives[p] for p in moved))
    return [{**fixed, **dict(zip(moved, combo, strict=True))} for combo in combos], None


def _cell_values(roots: list[Number], rng: random.Random) -> list[Number]:
    """A value below the lowest root, one inside each window between neighbours, one above the highest."""
    below = roots[0] - max(mpmath.mpf("0.5"), abs(roots[0]) / 4)
    above = roots[-1] + max(mpmath.mpf("0.5"), abs(roots[-1]) / 4)
    inside = [
        lo + (hi - lo) * mpmath.mpf(rng.uniform(0.3, 0.7))
        for lo, hi in zip(roots, roots[1:], strict=False)
        if (hi - lo) > COINCIDENT * (1 + abs(lo))
    ]
    return [below, *inside, above]


def _between_arguments(roots: list[tuple[Number, int]], rng: random.Random) -> list[Number]:
    """Inside windows whose ends are roots of different arguments (those of one are in ``_around``)."""
    ordered = sorted(roots, key=lambda pair: pair[0])
    values: list[Number] = []
    for (lo, i), (hi, j) in zip(ordered, ordered[1:], strict=False):
        if i != j:
            values += _between([lo, hi], rng)
    return values


def _around(roots: list[Number], inside: list[Number], rng: random.Random, *, equality: bool) -> list[Number]:
    """Both sides of each root (a quarter of it away, at least 0.5; a root near 0 also a quarter of
    itself away: |a| < 0.01 between the roots of 100*a - 1 and 100*a + 1 is narrower than 0.5, round 48),
    the root itself for an Eq/Ne (Ne(a, 3) excepts a = 3 alone), the windows between roots, and the
    insides the extremum search found."""
    values: list[Number] = []
    for root in roots:
        steps = [max(mpmath.mpf("0.5"), abs(root) / 4)]
        if 0 < abs(root) / 4 < steps[0]:
            steps.append(abs(root) / 4)
        if equality:
            values.append(root)
        values += [root + side * step for step in steps for side in ROOT_SIDES]
    return values + _between(roots, rng) + list(inside)


def _between(roots: list[Number], rng: random.Random) -> list[Number]:
    """Inside each window between neighbouring roots: its midpoint, a point at a random fraction of it
    (an amplitude that is 0 at the midpoint, round 58), and for a window spanning decades its geometric
    middle (100 < a < 10**8: the quarter-away sides 125 and 7.5e7 may be zeros of an amplitude too)."""
    values: list[Number] = []
    for lo, hi in zip(roots, roots[1:], strict=False):
        if (hi - lo) <= COINCIDENT * (1 + abs(lo)):
            continue
        values += [(lo + hi) / 2, lo + (hi - lo) * mpmath.mpf(rng.uniform(0.2, 0.8))]
        if lo * hi > 0 and hi / lo > 10:
            values.append((1 if lo > 0 else -1) * mpmath.sqrt(lo * hi))
    return values


def _joint(values_of: Mapping, fixed: Mapping, rng: random.Random) -> list[dict]:
    """Switch values of different parameters together (at most MAX_JOINT): a quadrant a > 80, b > 80 is
    reached only when both move. Each parameter's values cycle with a different stride, so the pairs
    taken run over the product rather than its diagonal."""
    moved = [p for p, values in values_of.items() if values]
    if len(moved) < 2:
        return []
    combos: list[dict] = []
    for k in range(MAX_JOINT):
        env = dict(fixed)
        for j, p in enumerate(moved):
            values = values_of[p]
            env[p] = values[(k * (j + 1) + j + rng.randrange(len(values)) * (k % 2)) % len(values)]
        combos.append(env)
    return combos
