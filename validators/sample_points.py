"""Which points the numeric check evaluates, and at what precision (the mechanics behind its soundness).

A near-miss hides where a sampler does not look: outside a unit interval, far from the origin, in a
narrow bump, on one side of a switch, or below the tolerance. So the plan covers

* ``unit``: the classic boxes 0.1 < |x| < 0.95 and 1.05 < |x| < 3.5, both signs;
* ``wide``: the whole real line, |x| log-uniform over 10^-2 .. 10^4, both signs;
* ``feature``: the places read off the trees (``validators.features``): peaks of exp arguments, zeros of
  switch, denominator and function arguments, both sides at the feature's own width;
* ``parameter``: parameters of size 0.02 .. 40 and on both sides of every parameter-only switch
  (``validators.parameter_points``);
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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy

from validators.features import exp_peak_sizes, falls_both_ways, feature_points, find_features
from validators.free_symbols import free_symbols, mentions
from validators.joint_windows import joint_points
from validators.numeric import EvaluationError, Number, UnsupportedError, evaluate, evaluate_with_magnitude
from validators.parameter_points import parameter_plan

__all__ = [
    "MAX_TINY_DIGITS",
    "PlannedPoint",
    "ordinary_points",
    "ordinary_stream",
    "plan_points",
    "special_points",
    "large_digits",
    "tiny_digits",
]

MAX_TINY_DIGITS = 1500
PARAMETER_RANGE = (0.5, 4.0)  # sizes; the sign is drawn too
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

    group: str  # unit | wide | scale | feature | parameter | complex
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
    return ordinary_points(exprs, xs, parameters, rng) + special_points(
        exprs, xs, parameters, rng, real_only=real_only
    )


def ordinary_points(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    rng: random.Random,
) -> list[PlannedPoint]:
    """Unit boxes, the whole real line and the trees' scales: cheap to plan (a wrong answer is almost
    always refuted here, before the features are worked out)."""
    return list(ordinary_stream(exprs, xs, parameters, rng))


def ordinary_stream(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    rng: random.Random,
) -> Iterator[PlannedPoint]:
    """``ordinary_points`` one at a time, the same points from the same ``rng``: a check that stops at
    the first needs no more planned (the trees' scales are a tree walk)."""
    for lo, hi in UNIT_BOXES:
        for _ in range(UNIT_POINTS):
            yield _point("unit", mpmath.mpf(rng.uniform(lo, hi)), xs, parameters, rng)
    for sign in (1, -1):
        for _ in range(WIDE_POINTS):
            yield _point("wide", sign * mpmath.mpf(10) ** rng.uniform(-2, 4), xs, parameters, rng)
        far = sign * mpmath.mpf(10) ** rng.uniform(4, 6.5)  # far out: exp(x - 10**5) lives there
        yield _point("wide", far, xs, parameters, rng)
    for scale in _scales(exprs):  # where a number of the trees puts x: exp(x - 10**5) at 10**5
        for value in (scale, -scale, 2 * scale, -2 * scale):
            yield _point("scale", value, xs, parameters, rng)


def special_points(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    rng: random.Random,
    *,
    real_only: bool,
    extra_digits: int = 0,
    switches: list | None = None,
    unplanned: list | None = None,
) -> list[PlannedPoint]:
    """Points at the features of the trees, and complex points (holomorphic trees only).

    ``extra_digits``: the digits of the trees' tiny constants, by which features are located more finely
    (a window 1e-100 wide needs its ends to 1e-140). ``switches``, if given, receives the real places
    where a switch feature is (Abs/sign arguments and Piecewise conditions); ``unplanned``, if given,
    the parameter switch whose values did not fit the plan (``validators.parameter_points``)."""
    plan: list[PlannedPoint] = []
    fixed = _parameters(parameters, rng)
    features = find_features(exprs, frozenset(xs), fixed, extra_digits=extra_digits)
    if switches is not None:  # where Piecewise conditions switch, for the caller's coverage rule
        real_switches = (f for f in features if f.kind == "switch" and not isinstance(f.where, mpmath.mpc))
        switches.extend(f.where for f in real_switches)
    real, complex_ = feature_points(features, real_only=real_only, extra_digits=extra_digits)
    for value in real:
        plan.append(_point("feature", value, xs, parameters, rng, fixed))
    parameters_planned = parameter_plan(exprs, xs, parameters, fixed, rng, extra_digits=extra_digits)
    if unplanned is not None and parameters_planned.unplanned is not None:
        unplanned.append(parameters_planned.unplanned)
    for env in parameters_planned.envs:  # far from 1, both sides of switches
        value = rng.choice((1, -1)) * mpmath.mpf(rng.uniform(0.2, 0.95))  # small x: the parameter matters
        plan.append(_point("parameter", value, xs, parameters, rng, env))
    for env in joint_points(exprs, xs, parameters, fixed):  # windows x and a parameter make together
        plan.append(PlannedPoint("parameter", env))
    if not real_only:
        for value in complex_:
            plan.append(_point("feature", value, xs, parameters, rng, fixed))
        for re_lo, re_hi, im_lo, im_hi in COMPLEX_BOXES:
            z = mpmath.mpc(rng.uniform(re_lo, re_hi), rng.uniform(im_lo, im_hi))
            plan.append(_point("complex", z, xs, parameters, rng))
        for i in range(COMPLEX_POINTS - len(COMPLEX_BOXES)):
            radius = 10 ** rng.uniform(-1, 2.5)
            angle = rng.uniform(0.15, math.pi / 2 - 0.15) + (i % 4) * math.pi / 2
            z = mpmath.mpc(radius * math.cos(angle), radius * math.sin(angle))
            plan.append(_point("complex", z, xs, parameters, rng))
    return plan


def _point(
    group: str,
    value: Number,
    xs: Sequence[sympy.Symbol],
    parameters,
    rng: random.Random,
    env: Mapping | None = None,
) -> PlannedPoint:
    point = dict(env) if env is not None else _parameters(parameters, rng)
    point.update({s: value for s in xs})
    return PlannedPoint(group, point)


MAX_SCALES = 10
SCALE_REACH = 10**40


def _scales(exprs: Sequence[sympy.Basic]) -> list[mpmath.mpf]:
    """The large numbers of the trees and their square, cube and fourth roots (within 20 .. 1e15),
    largest first: places x may have to reach (exp(x - 10**5) lives at 1e5, exp(-10**40/x**2) at 1e20)."""
    sizes = [
        abs(mpmath.mpf(n.p) / n.q if n.is_Rational else mpmath.mpf(n))
        for e in exprs
        for n in e.atoms(sympy.Number)
        if n.is_finite and abs(n) >= 20
    ]
    for e in exprs:  # large numbers written as constants: exp(40) ~ 2.4e17
        for constant in _constant_subtrees(e, {s.name for s in free_symbols(e)})[:MAX_INNER_CONSTANTS]:
            if not constant.is_Number and not free_symbols(constant):
                try:
                    with mpmath.workdps(15):
                        value = evaluate(constant, {})
                except (EvaluationError, UnsupportedError, OverflowError, ValueError):
                    continue
                if not isinstance(value, mpmath.mpc) and mpmath.isfinite(value) and abs(value) >= 20:
                    sizes.append(abs(value))
    found: set[mpmath.mpf] = set()
    for size in sizes:
        for root in (1, 2, 3, 4):
            scale = size ** (mpmath.mpf(1) / root)
            if 20 <= scale <= SCALE_REACH:
                found.add(scale)
    return sorted(found)[::-1][:MAX_SCALES]


def _parameters(parameters: Sequence[sympy.Symbol], rng: random.Random) -> dict:
    """Each parameter of either sign, of size 0.5 .. 4: an answer must hold for the values the integrand
    allows, so sin(a*x)/sqrt(a**2) (true only for a > 0) and Piecewise((x, a > 3), (0, True)) are caught."""
    return {p: rng.choice((1, -1)) * mpmath.mpf(rng.uniform(*PARAMETER_RANGE)) for p in parameters}


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
        for number in _rationals(expr):
            longest = max(longest, len(str(abs(number.p))), len(str(number.q)))
        constants = _inner_constants(expr, names) + _constant_exponents(expr, names, frozenset(xs), env)
        smallest = min([smallest, *(v for v in _sizes(expr, constants, env) if v != 0)])
        for constant in _constant_subtrees(expr, names) + _constant_factors(expr, names):
            gap = _gap_to_integer(constant, env)
            if gap == 0:
                return None  # equal to an integer to 230 digits, but not shown to be one: too close to judge
            if gap is not None:
                smallest = min(smallest, gap)
    for size in exp_peak_sizes(exprs, frozenset(xs), env):
        if size != 0:
            smallest = min(smallest, size)
    digits = 0 if smallest >= mpmath.mpf("1e-3") else 2 * (int(-mpmath.log10(smallest)) + 1)
    digits = max(digits, longest - 15 if longest > 15 else 0)
    return digits if digits <= MAX_TINY_DIGITS else None


def large_digits(exprs: Sequence[sympy.Basic], xs: Sequence[sympy.Symbol], env: Mapping) -> int:
    """log10 of the largest constant of the trees beyond 1e15 (0 if none): ``exp(300)*(x - 2)**2 < 4``
    is a window 1e-65 wide, whose ends the features must locate with that many more digits."""
    names = {s.name for s in xs}
    largest = max([mpmath.mpf(1), *(v for e in exprs for v in _sizes(e, _inner_constants(e, names), env))])
    digits = int(mpmath.log10(largest)) if largest > 1 else 0
    return digits if digits > 15 else 0


def _rationals(expr: sympy.Basic) -> list[sympy.Rational]:
    return [n for n in expr.atoms(sympy.Number) if n.is_Rational and n != 0]


def _sizes(expr: sympy.Basic, constants: Sequence[sympy.Basic], env: Mapping) -> list[mpmath.mpf]:
    """|value| of each nonzero rational of ``expr`` and of each of ``constants`` (at 20 digits; those
    that cannot be evaluated are left out)."""
    sizes = [abs(mpmath.mpf(n.p) / n.q) for n in _rationals(expr)]
    for constant in constants:
        try:
            with mpmath.workdps(20):
                sizes.append(abs(evaluate(constant, env)))
        except (EvaluationError, UnsupportedError, ValueError, TypeError):
            continue
    return sizes


MAX_INNER_CONSTANTS = 200
NEAR_INTEGER_DPS = 250


def _inner_constants(expr: sympy.Basic, names: set[str]) -> list[sympy.Basic]:
    """Every subtree without x, not only the maximal ones: 1 + exp(-exp(6)) hides exp(-exp(6)) ~ 1e-176."""
    found = []
    for node in sympy.preorder_traversal(expr):
        if len(found) >= MAX_INNER_CONSTANTS:
            break
        if isinstance(node, sympy.Expr) and not node.is_Number and not _mentions(node, names):
            found.append(node)
    return found


def _constant_factors(expr: sympy.Basic, names: set[str]) -> list[sympy.Basic]:
    """The constant part of each product that mentions x: 2*atan(exp(exp(4)))*atan(x)/pi has one."""
    found = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Mul) and _mentions(node, names):
            constant = [f for f in node.args if not _mentions(f, names)]
            if len(constant) > 1:
                found.append(sympy.Mul(*constant))
        if len(found) >= MAX_INNER_CONSTANTS:
            break
    return found


def _gap_to_integer(constant: sympy.Basic, env: Mapping) -> mpmath.mpf | None:
    """How far a transcendental constant is from the nearest integer, when that is tiny but not 0.

    erf(exp(3)) and 2*atan(exp(exp(4)))/pi are 1 - 1e-177 and 1 - 1e-24: a near-miss multiplying by one
    of them hides below any fixed tolerance. Measured at NEAR_INTEGER_DPS digits; a gap below that is
    not seen (``tanh(exp(exp(4)))`` is 1 - 1e-(4.5e23): no finite precision sees it).
    """
    if not isinstance(constant, sympy.Expr) or constant.is_Rational or not constant.free_symbols <= set(env):
        return None
    try:
        with mpmath.workdps(NEAR_INTEGER_DPS):
            values, magnitude = evaluate_with_magnitude([constant], env)
            value = values[0]
            if isinstance(value, mpmath.mpc) or magnitude > mpmath.mpf(10) ** (NEAR_INTEGER_DPS // 2):
                return None  # complex, or cancellation may have eaten the digits that would tell
            nearest = mpmath.nint(value)
            if nearest == 0:
                return None  # a small constant: the smallest-constant rule above sees it
            gap = abs(value - nearest)
            if gap == 0 or gap < mpmath.mpf(10) ** (20 - NEAR_INTEGER_DPS) * (1 + abs(value)):
                # an integer as far as these digits go: fine if algebra shows it is one (cosh(c)**2 -
                # sinh(c)**2), else too close to judge (tanh(exp(exp(4))) is 1 - 1e-(4.5e23)), reported as 0
                return None if _is_integer(constant, int(nearest), env) else mpmath.mpf(0)
            return gap if gap < mpmath.mpf(10) ** -12 else None
    except (EvaluationError, UnsupportedError, OverflowError, ValueError):
        return None


def _is_integer(constant: sympy.Expr, n: int, env: Mapping | None = None) -> bool:
    """Does algebra show ``constant == n``? (Only then may a constant within 1e-230 of n count as n.)"""
    if constant.is_Integer:
        return constant == n
    if sympy.count_ops(constant) > 60:
        return False
    try:
        constant = _signs_fixed(constant, env) if env is not None else constant
        difference = sympy.expand(constant.rewrite(sympy.exp)) - n
        return difference == 0 or sympy.simplify(difference) == 0
    except Exception:  # noqa: BLE001 - a rewrite that fails proves nothing
        return False


def _signs_fixed(constant: sympy.Expr, env: Mapping) -> sympy.Expr:
    """``constant`` with each sign(u) and Abs(u) of a real parameter expression u replaced by its value
    for the sign u has at ``env`` (+-1, +-u): ``sign(a)``, ``a/Abs(a)`` and ``(a + Abs(a))/(2*a)`` are
    then integers by algebra for every a of that sign, not merely close to one here."""
    real = {s: sympy.Symbol(s.name, real=True) for s in constant.free_symbols}
    constant = constant.xreplace(real)
    for node in sorted(constant.atoms(sympy.Abs, sympy.sign), key=lambda n: -sympy.count_ops(n)):
        argument = node.args[0]
        if argument.is_extended_real is not True:
            continue
        with mpmath.workdps(30):
            value = evaluate(argument, {real[s]: v for s, v in env.items() if s in real} | dict(env))
        if isinstance(value, mpmath.mpc) or value == 0:
            continue
        sign = 1 if value > 0 else -1
        fixed = sign * argument if isinstance(node, sympy.Abs) else sympy.S(sign)
        constant = constant.xreplace({node: fixed})
    return constant


def _constant_exponents(
    expr: sympy.Basic, names: set[str], xs: frozenset[sympy.Symbol], env: Mapping
) -> list[sympy.Basic]:
    """exp(c) for the constant part c of each exp argument: exp(x - 1000) is exp(-1000)*exp(x).

    Not for an argument that is a polynomial falling to -oo both ways: exp(-x**2 + 2000*x - 1000000) is
    exp(-(x - 1000)**2), as large as 1 at its peak, and ``exp_peak_sizes`` measures that peak instead."""
    found = []
    for node in expr.atoms(sympy.exp):
        constant = sympy.Add(*(t for t in sympy.Add.make_args(node.args[0]) if not _mentions(t, names)))
        if constant != 0 and _mentions(node, names) and not falls_both_ways(node.args[0], xs, env):
            found.append(
                sympy.exp(sympy.re(constant)) if constant.is_real is not True else sympy.exp(constant)
            )
    return found


def _mentions(expr: sympy.Basic, names: set[str]) -> bool:
    return mentions(expr, names)


def _constant_subtrees(expr: sympy.Basic, names: set[str]) -> list[sympy.Basic]:
    """Maximal subtrees that do not mention x (numbers, parameter expressions, exp(-1000) ...)."""
    if not mentions(expr, names):
        return [expr] if isinstance(expr, sympy.Expr) else []
    found = []
    for arg in expr.args:
        found.extend(_constant_subtrees(arg, names))
    return found
