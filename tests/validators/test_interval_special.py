"""The bounds of acot, coth, LambertW, loggamma, Si, Ci ... enclose every value, or say they cannot."""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy

from validators.interval_bounds import bounds, interval_precision

x = sympy.Symbol("x")
iv = mpmath.iv

FUNCTIONS = [
    sympy.acot, sympy.acoth, sympy.coth, sympy.csch, sympy.cot, sympy.asec, sympy.acsc, sympy.asech,
    sympy.acsch, sympy.LambertW, sympy.loggamma, sympy.Ei, sympy.li, sympy.Shi, sympy.Chi, sympy.Si,
    sympy.Ci, sympy.fresnels, sympy.fresnelc, lambda u: sympy.polygamma(0, u),
]  # fmt: skip


def _intervals(seed: int):
    rng = random.Random(seed)
    for _ in range(60):
        centre = rng.choice(
            [rng.uniform(-5, 5), rng.uniform(-50, 50), 10 ** rng.uniform(-3, 30) * rng.choice([1, -1])]
        )
        width = abs(centre) * 10 ** rng.uniform(-12, 0.3)
        yield sorted([centre, centre + width * rng.choice([1, -1])]), rng


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: str(f(x).func))
def test_the_bounds_hold_every_sampled_value(function):
    expr = function(x)
    value = sympy.lambdify(x, expr, "mpmath")
    bounded = 0
    for (lo, hi), rng in _intervals(7):
        with interval_precision(30), mpmath.workdps(30):
            found = bounds(expr, {x: iv.mpf([lo, hi])})
        if found is None:
            continue
        bounded += 1
        with mpmath.workdps(60):
            for t in [lo, hi] + [rng.uniform(lo, hi) for _ in range(8)]:
                v = value(mpmath.mpf(t))
                if isinstance(v, mpmath.mpc):
                    assert abs(v.imag) < mpmath.mpf(10) ** -40, (
                        expr,
                        lo,
                        hi,
                        t,
                    )  # never bounded where complex
                    v = v.real
                assert found.a <= v <= found.b, (expr, lo, hi, t, v, found)
    assert bounded > 5  # each function is bounded somewhere


def test_acot_across_its_jump_is_all_of_its_range():
    with interval_precision(30):
        found = bounds(sympy.acot(x), {x: iv.mpf([-1, 1])})
    assert (
        float(mpmath.mpf(found.a.a)) <= -1.5707963267948966
        and float(mpmath.mpf(found.b.b)) >= 1.5707963267948966
    )
