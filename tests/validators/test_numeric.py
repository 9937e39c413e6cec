"""The mpmath tree evaluator: SymPy's branch conventions, named failures, no code generation."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.numeric import EvaluationError, UnsupportedError, evaluate, evaluate_all, has_non_holomorphic

x, a = sympy.symbols("x a")


@pytest.mark.parametrize(
    "expr,point",
    [
        (sympy.sqrt(x), -4),
        (x ** sympy.Rational(1, 3), -8),
        (sympy.log(x), -2),
        (sympy.acot(x), -1),
        (sympy.asec(x), sympy.Rational(1, 2)),
        (sympy.acoth(x), sympy.Rational(1, 3)),
        (sympy.acosh(x), -3),
        (sympy.atanh(x), 2),
        (sympy.Ci(x), -2),
        (sympy.Ei(x), -1),
        (sympy.li(x), sympy.Rational(1, 2)),
        (sympy.polylog(2, x), 3),
        (sympy.elliptic_e(x, sympy.Rational(1, 3)), 2),
        (sympy.hyper((sympy.Rational(1, 2), 1), (sympy.Rational(3, 2),), x), -2),
        (sympy.LambertW(x), 1),
        (sympy.uppergamma(sympy.Rational(1, 3), x), 2),
        (sympy.besselj(sympy.Rational(1, 2), x), 3),
    ],
)
def test_values_agree_with_sympy_including_branches(expr, point):
    with mpmath.workdps(30):
        ours = evaluate(expr, {x: mpmath.mpmathify(sympy.N(point, 30))})
    theirs = complex(sympy.N(expr.subs(x, point), 30))
    assert abs(complex(ours) - theirs) <= 1e-12 * max(1, abs(theirs))


def test_terms_share_one_evaluation_and_parameters_are_symbols():
    values = evaluate_all([sympy.sin(a * x), a * x], {x: mpmath.mpf(2), a: mpmath.mpf(3)})
    assert values == [mpmath.sin(6), 6]


def test_poles_and_infinities_are_evaluation_errors():
    for expr in (1 / x, sympy.log(x), sympy.zoo * x):
        with pytest.raises(EvaluationError):
            evaluate(expr, {x: mpmath.mpf(0)})


def test_what_has_no_value_anywhere_is_unsupported():
    with pytest.raises(UnsupportedError):
        evaluate(sympy.Integral(sympy.exp(x**2), x), {x: mpmath.mpf(1)})
    with pytest.raises(UnsupportedError):
        evaluate(x + a, {x: mpmath.mpf(1)})  # no value for a


def test_leftover_derivatives_are_differentiated_numerically():
    expr = sympy.Derivative(sympy.re(sympy.log(x)), x)
    with mpmath.workdps(30):
        assert abs(evaluate(expr, {x: mpmath.mpf(-2)}) - mpmath.mpf(-1) / 2) < 1e-20


def test_piecewise_picks_the_branch_and_refuses_complex_comparisons():
    expr = sympy.Piecewise((x, x > 0), (-x, True))
    assert evaluate(expr, {x: mpmath.mpf(-3)}) == 3
    with pytest.raises(EvaluationError):
        evaluate(expr, {x: mpmath.mpc(1, 1)})


def test_non_holomorphic_means_depending_on_x():
    assert has_non_holomorphic(sympy.Abs(x) + 1, x)
    assert has_non_holomorphic(sympy.Piecewise((x, x > 0), (0, True)), x)
    assert not has_non_holomorphic(sympy.Abs(a) * x, x)
    assert not has_non_holomorphic(sympy.Piecewise((x**2, sympy.Ne(a, 0)), (x, True)), x)


def test_the_sign_of_rounding_noise_is_no_value():
    # atan(x) + acot(x) + pi/2 is exactly 0 for x < 0; at 30 digits it is ~1e-31 of either sign
    x = sympy.Symbol("x", real=True)
    u = sympy.atan(x) + sympy.acot(x) + sympy.pi / 2
    with mpmath.workdps(30), pytest.raises(EvaluationError):
        evaluate(1 / sympy.sign(u), {x: mpmath.mpf(-2)})


def test_a_small_but_settled_argument_keeps_its_sign():
    x = sympy.Symbol("x", real=True)
    with mpmath.workdps(30):
        assert evaluate(sympy.sign(x - 1), {x: 1 + mpmath.mpf(10) ** -28}) == 1
