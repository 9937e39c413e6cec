"""Forward-mode d/dx at a point must agree with SymPy's symbolic derivative, branches included."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.derivative import derivatives_all
from validators.numeric import EvaluationError, UnsupportedError, evaluate

x, a = sympy.symbols("x a")
xr = sympy.Symbol("x", real=True)

FUNCTIONS = [
    x**3 * sympy.sin(x) * sympy.exp(x),
    sympy.sqrt(x**2 - 1) * sympy.acosh(x),
    x**x,
    2**x / (1 + x),
    sympy.log(sympy.log(x)),
    sympy.asin(x) + sympy.acos(x / 2) + sympy.atan(x) + sympy.acot(x) + sympy.asec(x + 2) + sympy.acsc(x + 2),
    sympy.asinh(x) + sympy.atanh(x) + sympy.acoth(x + 2) + sympy.asech(x / 3) + sympy.acsch(x),
    sympy.tan(x) * sympy.cot(x / 2) * sympy.sec(x) * sympy.csc(x) * sympy.tanh(x) * sympy.sech(x),
    sympy.erf(x) + sympy.erfi(x) - sympy.erfc(x) + sympy.Ei(x) + sympy.Si(x) + sympy.Ci(x) + sympy.li(x),
    sympy.Shi(x) * sympy.Chi(x) + sympy.fresnels(x) + sympy.fresnelc(x) + sympy.LambertW(x),
    sympy.gamma(x) + sympy.loggamma(x) + sympy.polylog(3, x) + sympy.polylog(a, x),
    sympy.besselj(1, x) + sympy.besselk(a, x) + sympy.uppergamma(a, x) + sympy.expint(2, x),
    sympy.elliptic_f(x, a / 3) + sympy.elliptic_e(x, a / 3) + sympy.elliptic_pi(a / 5, x, a / 3),
    sympy.hyper((sympy.Rational(1, 3), 1), (sympy.Rational(4, 3),), x**2) * x,
    x * sympy.appellf1(1, -sympy.S.Half, -sympy.Rational(1, 3), 2, -x / 3, -x / 5),  # both variables move
    sympy.Function("f")(x**2),
]


@pytest.mark.parametrize("expr", FUNCTIONS, ids=[str(i) for i in range(len(FUNCTIONS))])
@pytest.mark.parametrize("point", [mpmath.mpf("0.37"), mpmath.mpc("1.3", "0.8"), mpmath.mpc("-0.9", "-1.7")])
def test_agrees_with_the_symbolic_derivative(expr, point):
    env = {x: point, a: mpmath.mpf("1.4")}
    with mpmath.workdps(30):
        (ours,) = derivatives_all([expr], env, [x])
        theirs = evaluate(sympy.diff(expr, x), env)
    assert abs(ours - theirs) <= mpmath.mpf(10) ** -20 * max(1, abs(theirs))


def test_non_holomorphic_functions_on_the_real_line():
    expr = sympy.Abs(xr**2 - 2) * sympy.sign(xr) + sympy.re(sympy.log(xr)) + sympy.Abs(sympy.log(xr))
    with mpmath.workdps(30):
        for point in (mpmath.mpf("0.5"), mpmath.mpf("-1.2"), mpmath.mpf("2.5")):
            (ours,) = derivatives_all([expr], {xr: point}, [xr])
            theirs = mpmath.diff(lambda t: evaluate(expr, {xr: t}), point)
            assert abs(ours - theirs) < mpmath.mpf(10) ** -20


def test_an_unfinished_integral_has_its_integrand_as_derivative():
    expr = x * sympy.sin(x) - sympy.Integral(sympy.sin(x), x)
    with mpmath.workdps(30):
        (ours,) = derivatives_all([expr], {x: mpmath.mpf(2)}, [x])
        assert abs(ours - 2 * mpmath.cos(2)) < 1e-25


def test_an_integral_whose_value_is_needed_is_unsupported():
    with pytest.raises(UnsupportedError):
        derivatives_all([x * sympy.Integral(sympy.exp(x**2), x)], {x: mpmath.mpf(1)}, [x])


def test_a_function_of_a_flat_argument_must_have_a_value():
    # d/dx log(1 + sign(x)) is 0 wherever the function exists; for x < 0 it does not (log 0)
    x = sympy.Symbol("x", real=True)
    with pytest.raises(EvaluationError):
        derivatives_all([sympy.log(1 + sympy.sign(x))], {x: mpmath.mpf(-2)}, [x])
