"""Which points the numeric check evaluates, and at what precision (the mechanics behind its soundness).

A near-miss hides where a sampler does not look: outside a unit interval, far from the origin, in a
narrow bump, on one side of a switch, or below the tolerance. So the plan covers

* ``unit``: the classic boxes 0.1 < |x| < 0.95 and 1.05 < |x| < 3.5, both signs;
* ``wide``: the whole real line, |x| log-uniform over 10^-2 .. 10^4, both signs;
* ``feature``: the places read off the trees (``validators.features``): peaks of exp arguments, zeros of
  switch, denominator and function arguments, both sides at the feature's own width;
* ``complex`` (holomorphic trees only): points r*exp(i*theta) with r log-uniform over 10^-1 .. 10^2.5 and
  theta away from the axes (imaginary parts comparable to the real spread: an analytic bump that is
  ~0 on the real line is large there), plus the complex zeros of polynomial arguments.

Precision: the zero tolerance is relative (1e-20 of the largest term, so a relative difference of 1e-12 is
a disagreement) and tightens with the constants in the trees (``tiny_digits``): ``sin(x) + 1e-40*x`` or
``+ exp(-1000)*x`` carries its own tiny number, and is then judged at 1e-100 or 1e-888 with the working
precision raised to match. Constants below 10^-(MAX_TINY_DIGITS/2) make the check undecided, never accepted.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy

from validators.features import feature_points, find_features
from validators.numeric import EvaluationError, Number, UnsupportedError, evaluate

__all__ = ["MAX_TINY_DIGITS", "PlannedPoint", "plan_points", "tiny_digits"]

MAX_TINY_DIGITS = 1500
PARAMETER_RANGE = (0.5, 2.5)
WIDE_POINTS = 5  # per sign
COMPLEX_POINTS = 12
UNIT_BOXES = ((0.1, 0.95), (1.05, 3.5), (-0.95, -0.1), (-3.5, -1.05))
UNIT_POINTS = 2  # per box
COMPLEX_BOXES = (
    (0.1, 2.5, 0.1, 2.5),
    (-2.5, -0.1, 0.1, 2.5),
    (-2.5, -0.1, -2.5, -0.1),
    (0.1, 2.5, -2.5, -0.1),
)


@dataclass
class PlannedPoint:
    """One point to evaluate: the group it belongs to, and values for x and every parameter."""

    group: str  # unit | wide | feature | complex
    env: dict = field(default_factory=dict)

    @property
    def is_complex(self) -> bool:
        return any(isinstance(v, mpmath.mpc) and v.imag != 0 for v in self.env.values())


def plan_points(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    rng: random.Random,
    *,
    real_only: bool,
) -> list[PlannedPoint]:
    """The whole plan, cheapest-to-refute first: unit boxes, then wide, features, complex points."""
    plan: list[PlannedPoint] = []

    def add(group: str, value: Number, env: Mapping | None = None) -> None:
        point = dict(env) if env is not None else _parameters(parameters, rng)
        point.update({s: value for s in xs})
        plan.append(PlannedPoint(group, point))

    for lo, hi in UNIT_BOXES:
        for _ in range(UNIT_POINTS):
            add("unit", mpmath.mpf(rng.uniform(lo, hi)))
    for sign in (1, -1):
        for _ in range(WIDE_POINTS):
            add("wide", sign * mpmath.mpf(10) ** rng.uniform(-2, 4))
        add("wide", sign * mpmath.mpf(10) ** rng.uniform(4, 6.5))  # far out: exp(x - 10**5) lives there
    for scale in _scales(exprs):  # where a number of the trees puts x: exp(x - 10**5) at 10**5
        for value in (scale, -scale, 2 * scale, -2 * scale):
            add("wide", value)
    fixed = _parameters(parameters, rng)
    real, complex_ = feature_points(find_features(exprs, frozenset(xs), fixed), real_only=real_only)
    for value in real:
        add("feature", value, fixed)
    if not real_only:
        for value in complex_:
            add("feature", value, fixed)
        for re_lo, re_hi, im_lo, im_hi in COMPLEX_BOXES:
            add("complex", mpmath.mpc(rng.uniform(re_lo, re_hi), rng.uniform(im_lo, im_hi)))
        for i in range(COMPLEX_POINTS - len(COMPLEX_BOXES)):
            radius = 10 ** rng.uniform(-1, 2.5)
            angle = rng.uniform(0.15, math.pi / 2 - 0.15) + (i % 4) * math.pi / 2
            add("complex", mpmath.mpc(radius * math.cos(angle), radius * math.sin(angle)))
    return plan


MAX_SCALES = 6


def _scales(exprs: Sequence[sympy.Basic]) -> list[mpmath.mpf]:
    """The large numbers of the trees (20 .. 1e8), largest first: places x may have to reach."""
    numbers = {abs(n) for e in exprs for n in e.atoms(sympy.Number) if n.is_finite and 20 <= abs(n) <= 10**8}
    return [
        mpmath.mpf(n.p) / n.q if n.is_Rational else mpmath.mpf(n) for n in sorted(numbers)[::-1][:MAX_SCALES]
    ]


def _parameters(parameters: Sequence[sympy.Symbol], rng: random.Random) -> dict:
    return {p: mpmath.mpf(rng.uniform(*PARAMETER_RANGE)) for p in parameters}


def tiny_digits(exprs: Sequence[sympy.Basic], xs: Sequence[sympy.Symbol], env: Mapping) -> int | None:
    """Extra decimal digits the tolerance must resolve for these trees: 0 for ordinary constants.

    A near-miss can hide below a fixed tolerance by carrying a small number (``+ 1e-40*x``,
    ``+ exp(-1000)*x``, ``cos(2**-100)``, whose effect is the square of it) or a number that is almost
    a nice one (``(1 + 2**-200)*sin(x)``: a rational with 61-digit terms). So the tolerance tightens by
    twice the digits of the smallest constant below 1e-3 and by the digits of the longest rational beyond
    15; None when that is more than MAX_TINY_DIGITS (the check is then undecided, never accepted).
    """
    names = {s.name for s in xs}
    smallest = mpmath.mpf(1)
    longest = 0
    for expr in exprs:
        for number in expr.atoms(sympy.Number):
            if number.is_Rational and number != 0:
                longest = max(longest, len(str(abs(number.p))), len(str(number.q)))
                smallest = min(smallest, abs(mpmath.mpf(number.p) / number.q))
        for constant in _constant_subtrees(expr, names) + _constant_exponents(expr, names):
            try:
                with mpmath.workdps(20):
                    value = abs(evaluate(constant, env))
            except (EvaluationError, UnsupportedError):
                continue
            if value != 0:
                smallest = min(smallest, value)
    digits = 0 if smallest >= mpmath.mpf("1e-3") else 2 * (int(-mpmath.log10(smallest)) + 1)
    digits = max(digits, longest - 15 if longest > 15 else 0)
    return digits if digits <= MAX_TINY_DIGITS else None


def _constant_exponents(expr: sympy.Basic, names: set[str]) -> list[sympy.Basic]:
    """exp(c) for the constant part c of each exp argument: exp(x - 1000) is exp(-1000)*exp(x)."""
    found = []
    for node in expr.atoms(sympy.exp):
        constant = sympy.Add(*(t for t in sympy.Add.make_args(node.args[0]) if not _mentions(t, names)))
        if constant != 0 and _mentions(node, names):
            found.append(
                sympy.exp(sympy.re(constant)) if constant.is_real is not True else sympy.exp(constant)
            )
    return found


def _mentions(expr: sympy.Basic, names: set[str]) -> bool:
    return any(s.name in names for s in expr.free_symbols)


def _constant_subtrees(expr: sympy.Basic, names: set[str]) -> list[sympy.Basic]:
    """Maximal subtrees that do not mention x (numbers, parameter expressions, exp(-1000) ...)."""
    if not any(s.name in names for s in expr.free_symbols):
        return [expr] if isinstance(expr, sympy.Expr) else []
    found = []
    for arg in expr.args:
        found.extend(_constant_subtrees(arg, names))
    return found
