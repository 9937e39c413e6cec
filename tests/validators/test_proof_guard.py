"""No proof is taken, and no numeric "equal" given, for an answer without a value where the integrand is real.

Rows are an eleventh adversary's wrong answers (``benchmarks/corpus/near_misses_round11.jsonl``): F' - g is
0 by algebra, and F has no value on a whole interval (or anywhere), in shapes the rules for disguised
constants did not foresee.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy

from validators.equivalence import Method, check_antiderivative
from validators.proof_guard import no_value_point, proof_withheld

x, a = sympy.symbols("x a")

NO_VALUE = [
    ("atan(x) + 1/(exp(sin(x)**2)*exp(cos(x)**2) - E)", "1/(x**2 + 1)"),  # SymEngine merges the exps
    ("atan(x) + log(sign(asinh(sinh(x)) - x)**2)", "1/(x**2 + 1)"),  # the sign is rounding noise
    ("atan(x)*sign(Min(x, 2) - 2)**2", "1/(x**2 + 1)"),  # 0 for x >= 2: the Abs form shows it
    ("atan(x/a)/a + log(sqrt(a**2) - a)", "1/(x**2 + a**2)"),  # log 0 for every a > 0
    ("atan(x/a)/a + log(Abs(a) - a)", "1/(x**2 + a**2)"),
    ("x**2/2 + expint(1, 0)", "x"),  # a special function at its singular number
    ("exp(x) + atan(cosh(x)**2 - sinh(x)**2 - 1 + I)", "exp(x)"),  # atan(I)
    ("atan(x) + log(1 + sign((x - 2)*(1000000*x - 2000001)))", "1/(x**2 + 1)"),  # log 0 on (2, 2.000001)
    ("x*floor((log(x**2 + 1) - 20)/40)", "floor((log(x**2 + 1) - 20)/39)"),  # the floors part at 6.5e12
]


@pytest.mark.parametrize(("answer", "integrand"), NO_VALUE)
def test_an_answer_without_its_values_is_never_accepted(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert not verdict.ok, verdict.detail


def test_the_guard_names_a_point_where_the_answer_has_no_value():
    answer = sympy.atan(x / a) / a + sympy.log(sympy.sqrt(a**2) - a)
    assert "no value" in no_value_point(answer, 1 / (x**2 + a**2), x)


@pytest.mark.parametrize(
    ("answer", "integrand"),
    [
        ("x + log(exp(sin(x)**2)*exp(cos(x)**2))", "1"),  # log(e): a disguised constant with a value
        ("log(Abs(x))", "1/x"),
        ("-atan(1/x)", "1/(x**2 + 1)"),
        ("log(x**2 + 1)/2", "x/(x**2 + 1)"),
        ("asin(x)", "1/sqrt(1 - x**2)"),  # no value for |x| > 1, where the integrand is not real either
    ],
)
def test_answers_with_their_values_keep_their_proof(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert verdict.ok and verdict.method == Method.SYMBOLIC, verdict.detail


def test_nothing_is_withheld_from_an_answer_without_singular_arguments():
    assert proof_withheld(x * sympy.exp(x), (x + 1) * sympy.exp(x), x) is None


# A twelfth adversary's finds: a constant in disguise made of several terms, windows of a parameter
# between the guard's values, the sign of a Piecewise with a 0 piece.
ROUND_12 = [
    ("atan(x) + log(2*acos(cos(x - 3)) - 2*x + 6) - log(acos(cos(x - 3)) - x + 3)", "1/(x**2 + 1)"),
    ("log((acos(cos(x - 3)) - x + 3)*(x**2 + 1)) - log(acos(cos(x - 3)) - x + 3)", "2*x/(x**2 + 1)"),
    ("sin(a*x)/a + 1/(sqrt((a - 7/5)**2) + sqrt((a - 12/5)**2) - 1)", "cos(a*x)"),
    ("atan(x)*sign(Piecewise((x - 3, x < 3), (x - 10, x > 10), (0, True)))**2", "1/(x**2 + 1)"),
]


@pytest.mark.parametrize(("answer", "integrand"), ROUND_12)
def test_round_12_answers_without_their_values_are_never_accepted(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert not verdict.ok, verdict.detail


def test_a_point_inside_the_window_is_found():
    # u = acos(cos(x - 3)) - x + 3 is 0 on all of [3, 3 + pi]: log(2*u) - log(u) has no value there
    u = sympy.acos(sympy.cos(x - 3)) - x + 3
    answer = sympy.atan(x) + sympy.log(2 * u) - sympy.log(u)
    assert "on a piece" in no_value_point(answer, 1 / (x**2 + 1), x)  # validators.constant_pieces
    from validators.proof_guard import _first_point_without_value

    found = _first_point_without_value(answer, 1 / (x**2 + 1), x)  # the value check sees it too
    assert found is not None and any(f"x = {p}" in found for p in ("3.873", "5.099"))


def test_an_argument_of_rounding_noise_is_zero_even_when_the_value_does_not_move():
    from validators.proof_guard import _vanishing_argument

    u = sympy.acos(sympy.cos(x - 3)) - x + 3  # 0 at x = 4.5, at every precision
    assert _vanishing_argument([u], {x: mpmath.mpf("4.5")}) == u
    assert _vanishing_argument([u], {x: mpmath.mpf("1.5")}) is None


def test_the_answers_own_values_decide_which_arguments_are_computed_again():
    from validators.numeric import evaluate_with_magnitude
    from validators.proof_guard import _vanishing_argument

    u = sympy.acos(sympy.cos(x - 3)) - x + 3
    for point, expected in (("4.5", u), ("1.5", None)):
        trace: list = []
        with mpmath.workdps(40):
            evaluate_with_magnitude([sympy.atan(x) + 2 * u], {x: mpmath.mpf(point)}, trace=trace)
        assert _vanishing_argument([u], {x: mpmath.mpf(point)}, trace[0].cache) == expected


@pytest.mark.parametrize(
    ("answer", "isolated"),
    [
        ("x*log(x**2 + 1)", True),
        ("exp(x)/(2*x + 3) + tan(sin(x))", True),
        ("log(exp(sin(x)**2)*exp(cos(x)**2))", True),  # one constant: any point shows it
        ("log(log(x**2 + 1))", False),  # the outer argument is not entire: a window can hide there
        ("log(Abs(x - 1) + x - 1)", False),  # a switch: 0 on all of x <= 1
        ("Piecewise((log(x**2 + 1), x < 5), (log(sin(x)**2 + cos(x)**2 - 1), True))", False),
        ("log(acos(cos(x)) - x)", False),
    ],
)
def test_answers_whose_places_have_entire_arguments_are_evaluated_at_a_few_points(answer, isolated):
    from validators.parse import parse_math
    from validators.proof_guard import isolated_singularities_only

    assert isolated_singularities_only(parse_math(answer)) is isolated
