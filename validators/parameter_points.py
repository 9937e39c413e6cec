"""Parameter values to sample besides the ordinary ones: far from 1, and on both sides of every switch.

An answer must hold for every value of its parameters the integrand allows. The ordinary plan draws them
of either sign with sizes 0.5 .. 4 (``validators.sample_points``), so an answer right only there passes:
``x**2*Abs(a - 5)/2`` for the integrand ``x*(5 - a)`` (wrong for a > 5), or an added
``x*(a**2 - 16 + Abs(a**2 - 16))`` that is 0 exactly for |a| <= 4. So the plan also takes

* **spread** values: each parameter of size 0.02, 7 and 40 (either sign), and
* **switch** values: where an argument of Abs/sign/Heaviside/floor..., a Piecewise condition, or a
  branch point (the base of a fractional power, a log's argument, asin's argument -+ 1 ...) that
  mentions parameters but not x changes sign — solved for each parameter in turn (a polynomial in it,
  the others fixed; else found on a log grid out to |p| = 1e300, ``Abs(a) < 100``, ``exp(Abs(a)) < 10**40``)
  and sampled on both sides of each real root and half-way between neighbouring roots (a window).

Like every other point, these can only make a check reject more (a difference there is a counterexample
when the integrand is real there), never accept more.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import mpmath
import sympy

from validators.feature_arguments import SWITCHES, relations_of
from validators.numeric import Number, real_value
from validators.polynomial_arguments import polynomial_coefficients, polynomial_roots

__all__ = ["parameter_values"]

SPREAD_SIZES = (0.02, 7.0, 40.0)  # few: special functions of a parameter are slow far from 1
MAX_SWITCH_VALUES = 24
ROOT_SIDES = (-1, 1)
ROOT_DPS = 120


def parameter_values(
    exprs: Sequence[sympy.Basic],
    xs: Sequence[sympy.Symbol],
    parameters: Sequence[sympy.Symbol],
    fixed: Mapping[sympy.Symbol, Number],
    rng: random.Random,
) -> list[dict]:
    """Parameter environments (no x) to pair with ordinary x values: spread ones, then switch ones."""
    if not parameters:
        return []
    envs = []
    for size in SPREAD_SIZES:
        envs.append({p: rng.choice((1, -1)) * mpmath.mpf(size * rng.uniform(0.8, 1.25)) for p in parameters})
    with mpmath.workdps(ROOT_DPS):  # a root sampled itself (Eq/Ne) must equal it at the working precision
        envs += _switch_values(exprs, xs, parameters, fixed)
    return envs


def _switch_values(exprs, xs, parameters, fixed) -> list[dict]:
    names = {s.name for s in xs}
    found: list[dict] = []
    equalities: set[sympy.Expr] = set()
    for argument in _parameter_switches(exprs, names, equalities):
        for p in parameters:
            if p not in argument.free_symbols:
                continue
            coefficients = polynomial_coefficients(argument, frozenset({p}), fixed)
            if coefficients is not None and len(coefficients) >= 2:
                roots = [r for r in polynomial_roots(coefficients) if not _complex(r)]
            else:
                roots = _scanned_roots(argument, p, fixed, precise=argument in equalities)
            roots = sorted(mpmath.re(root) for root in roots)
            # Between neighbouring roots: a window q > 0 for q = 1/25 - (a - 80)**2 lies between 79.8 and
            # 80.2, and both sides of each root, a quarter of it away, are outside it (round 57).
            for lo, hi in zip(roots, roots[1:], strict=False):
                if mpmath.mpf(10) ** -30 < (hi - lo) / (1 + abs(lo)) < 10:  # coincident roots: no window
                    env = dict(fixed)
                    env[p] = (lo + hi) / 2
                    found.append(env)
            for root in roots:
                # a quarter of the root away, and at least 0.5; a root near 0 also a quarter of itself away
                # (|a| < 0.01 between the roots of 100*a - 1 and 100*a + 1 is narrower than 0.5: round 48)
                steps = [max(mpmath.mpf("0.5"), abs(root) / 4)]
                if 0 < abs(root) / 4 < steps[0]:
                    steps.append(abs(root) / 4)
                if argument in equalities:  # Ne(a, 3) excepts a = 3 alone: sample the root itself
                    env = dict(fixed)
                    env[p] = root
                    found.append(env)
                for step in steps:
                    for side in ROOT_SIDES:
                        env = dict(fixed)
                        env[p] = root + side * step
                        found.append(env)
            if len(found) >= MAX_SWITCH_VALUES:
                return found[:MAX_SWITCH_VALUES]
    return found


def _complex(root) -> bool:
    return isinstance(root, mpmath.mpc) and abs(root.imag) > 1e-20 * (1 + abs(root))


SCAN_EXPONENTS = [k / 2 for k in range(-6, 601)]  # |p| from 1e-3 to 1e300, two points a decade
BISECTION_STEPS = 60
ROOT_BISECTION_STEPS = 420  # 2**-420 ~ 1e-126: a root to ROOT_DPS digits


def _scanned_roots(argument: sympy.Expr, p: sympy.Symbol, fixed: Mapping, *, precise: bool = False) -> list:
    """Sign changes of a parameter-only argument that is not a polynomial in ``p`` (``Abs(a) - 100``,
    ``exp(Abs(a)) - 10**40``, a power past the solver's degree), found on a log grid of either sign.

    A grid value that is exactly 0 is a root itself (``log(a)`` at a = 1). ``precise`` (the argument of an
    Eq/Ne, which switches *at* the root) bisects to ROOT_DPS digits, so the root sampled takes the Eq side."""
    dps, steps = (ROOT_DPS, ROOT_BISECTION_STEPS) if precise else (20, BISECTION_STEPS)
    roots: list[Number] = []
    for sign in (1, -1):
        grid = [sign * mpmath.mpf(10) ** k for k in SCAN_EXPONENTS]
        values = [_value_at(argument, p, fixed, t) for t in grid]
        roots += [t for t, value in zip(grid, values, strict=True) if value == 0]
        for i in range(len(grid) - 1):
            (lo, f_lo), (hi, f_hi) = (grid[i], values[i]), (grid[i + 1], values[i + 1])
            if f_lo is None or f_hi is None or f_lo == 0 or f_hi == 0 or (f_lo < 0) == (f_hi < 0):
                continue
            for _ in range(steps):
                mid = (lo + hi) / 2
                f_mid = _value_at(argument, p, fixed, mid, dps)
                if f_mid is None or f_mid == 0:
                    lo = hi = mid if f_mid == 0 else lo
                    break
                if (f_mid < 0) == (f_lo < 0):
                    lo, f_lo = mid, f_mid
                else:
                    hi = mid
            roots.append((lo + hi) / 2)
            if len(roots) >= MAX_SWITCH_VALUES:
                return roots[:MAX_SWITCH_VALUES]
    return roots[:MAX_SWITCH_VALUES]


def _value_at(argument: sympy.Expr, p: sympy.Symbol, fixed: Mapping, t: Number, dps: int = 20):
    env = dict(fixed)
    env[p] = t
    with mpmath.workdps(dps):
        return real_value(argument, env)


def _parameter_switches(
    exprs: Sequence[sympy.Basic], names: set[str], equalities: set | None = None
) -> list[sympy.Expr]:
    """Arguments of switches, and Piecewise conditions, that mention parameters but not x (those of
    ``Eq``/``Ne`` conditions also go into ``equalities``: they switch *at* a root, not across it)."""
    seen: dict[sympy.Expr, None] = {}

    def add(argument) -> None:
        symbols = getattr(argument, "free_symbols", set())
        if isinstance(argument, sympy.Expr) and symbols and not any(s.name in names for s in symbols):
            seen.setdefault(argument, None)

    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Piecewise):
                for _piece, condition in node.args:
                    for relation in relations_of(condition):
                        add(relation.lhs - relation.rhs)
                        if equalities is not None and isinstance(relation, sympy.Eq | sympy.Ne):
                            equalities.add(relation.lhs - relation.rhs)
            elif isinstance(node, SWITCHES):
                for argument in node.args:
                    add(argument)
            elif node.is_Pow and not node.exp.is_Integer:
                add(node.base)  # a branch point: (q)**(3/2) + I*(-q)**(3/2) is 0 for q < 0 only (round 57)
            elif isinstance(node, sympy.log):
                add(node.args[0])
            elif isinstance(node, _BRANCHED_AT_ONE):
                add(node.args[0] - 1)
                add(node.args[0] + 1)
    return list(seen)


# Functions whose real branch ends where the argument is 1 or -1.
_BRANCHED_AT_ONE = (sympy.asin, sympy.acos, sympy.atanh, sympy.acoth, sympy.asec, sympy.acsc, sympy.acosh)
