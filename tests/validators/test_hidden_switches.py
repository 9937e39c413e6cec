"""A root of a repeated factor is a switch the tree does not show: it is planned as one."""

from __future__ import annotations

import pytest
import sympy

from validators.equivalence import check_antiderivative
from validators.hidden_switches import hidden_switches

a, x = sympy.symbols("a x")


@pytest.mark.parametrize(
    ("expr", "switches"),
    [
        (sympy.sqrt(a**2 - 120 * a + 3600), [sympy.Abs(a - 60)]),
        (((100 - sympy.log(x**2 + 1)) ** 3) ** sympy.Rational(1, 3), [sympy.Abs(100 - sympy.log(x**2 + 1))]),
        (sympy.sqrt(x**2 + 1), []),  # no repeated factor
        (sympy.acos(sympy.cos(a - 60)), [sympy.Abs(sympy.sin(a - 60))]),  # kinks where sin is 0
        (sympy.sqrt(sympy.cosh(a) ** 2 - 1), [sympy.Abs(sympy.sinh(a))]),  # |sinh(a)|
        (sympy.sqrt(1 - sympy.cos(a)), [sympy.Abs(sympy.sin(a / 2))]),  # half angle: sqrt(2)*|sin(a/2)|
        (sympy.Max(a, 60), [sympy.Abs(a - 60)]),
        ((x - 1) ** 2, []),  # an integer power: no root taken
    ],
    ids=[
        "sqrt of an expanded square",
        "cube root of a cube",
        "plain root",
        "acos of cos",
        "Pythagoras",
        "half angle",
        "Max",
        "integer power",
    ],
)
def test_repeated_factors_under_a_root_are_switches(expr, switches):
    found = hidden_switches([expr])
    assert set(switches) <= set(found) and bool(found) == bool(switches)


@pytest.mark.parametrize(
    ("answer", "integrand"),
    [
        # sign(60 - a) in disguise: wrong for a > 60 (a forty-eighth adversary's)
        ("sin(a*x)*sqrt(a**2 - 120*a + 3600)/(a*(60 - a))", "cos(a*x)"),
        # wrong only for |a| < 0.01, between the roots of a**2 - 1/10000
        ("-cos(a*x)*sqrt(a**4 - a**2/5000 + 1/100000000)/(a*(a**2 - 1/10000))", "sin(a*x)"),
        # wrong for |x| > 5.2e21, where log(x**2 + 1) passes 100
        ("sin(x)*sqrt(log(x**2 + 1)**2 - 200*log(x**2 + 1) + 10000)/(100 - log(x**2 + 1))", "cos(x)"),
        # rounds 50 and 52: the same through identities
        ("sin(a*x)*acosh(cosh(a/10 - 6))/(a*(6 - a/10))", "cos(a*x)"),
        ("exp(a*x)*LambertW((5 - a/10)*exp(5 - a/10))/(a*(5 - a/10))", "exp(a*x)"),
        ("sin(a*x)*sqrt((60 - a)*(70 - a))/(a*sqrt(60 - a)*sqrt(70 - a))", "cos(a*x)"),
        ("-40*acos(cos((100 - log(x**2 + 1))/40))", "-2*x*sin((100 - log(x**2 + 1))/40)/(x**2 + 1)"),
        # round 54: inverse functions of no exact partner, radicands with poles
        ("sin(a*x)*atan(sin(a/40)/cos(a/40))*40/a**2", "40*cos(a*x)*atan(tan(a/40))/a"),
        ("exp(a*x)*sqrt(tan(a/40)**2 + 1)*cos(a/40)/a", "exp(a*x)"),
    ],
    ids=[
        "parameter past 60",
        "parameter window near 0",
        "x past 1e21",
        "acosh",
        "LambertW",
        "roots",
        "acos",
        "atan of a quotient",
        "root of tan squared plus one",
    ],
)
def test_a_sign_hidden_in_a_root_is_never_accepted(answer, integrand):
    assert not check_antiderivative(answer, integrand).ok


def test_the_same_root_with_its_switch_never_crossed_is_still_accepted():
    # sqrt((x**2 + 1)**2) is x**2 + 1 everywhere: nothing to cross
    verdict = check_antiderivative("x*sqrt(x**4 + 2*x**2 + 1)", "3*x**2 + 1")
    assert verdict.ok, verdict.detail


def test_a_radicand_that_would_factor_into_a_huge_degree_is_not_factored():
    # exp(-10**4*(log(a) - 3.1)**2) holds exp(62000*log(a)) = a**62000: factor_list would not return for
    # minutes; the radicand is planned whole instead (its branch point): only the exp's pole is read, no
    # polynomial factor of a
    bump = sympy.exp(-(10**4) * (sympy.log(a) - sympy.Rational(31, 10)) ** 2) - a / 1000 - sympy.S.Half
    switches = hidden_switches([x * bump ** sympy.Rational(3, 2)])
    assert switches and all(s.has(sympy.exp) for s in switches)
