"""A sum whose derivative is 0 by algebra is a constant in disguise; at a singular place its value counts."""

from __future__ import annotations

import pytest
import sympy

from validators.equivalence import Method, check_antiderivative
from validators.hidden_constants import disguised_constant, vanishing_constant

x = sympy.Symbol("x")
s, c = sympy.sin(x), sympy.cos(x)


@pytest.mark.parametrize(
    "u",
    [s**2 + c**2 - 1, s**2 + c**2, sympy.atan(x) + sympy.atan(1 / x) + sympy.pi / 2],
    ids=["0", "1", "pi for x > 0, 0 for x < 0"],
)
def test_a_constant_in_disguise_is_found_whatever_its_value(u):
    assert disguised_constant(u, x)


@pytest.mark.parametrize("u", [x**2 + 1, s + c])
def test_sums_that_change_with_x_are_not_disguised(u):
    assert not disguised_constant(u, x)


def test_only_singular_places_count():
    # x*(sin**2 + cos**2 - 1) is merely 0; 1/(...) has no value
    assert vanishing_constant([x * (s**2 + c**2 - 1)], x) is None
    assert vanishing_constant([sympy.atan(x) + sympy.log(sympy.atan(x) + sympy.atan(1 / x))], x) is not None


@pytest.mark.parametrize(
    "answer",
    [
        "atan(x) + 1/(sin(x)**2 + cos(x)**2 - 1)",  # its derivative "is" 1/(1 + x**2) by algebra
        "atan(x) + log(sin(x)**2 + cos(x)**2 - 1)",
        "atan(x) + 1/(cosh(x)**2 - sinh(x)**2 - 1)",
        # round 9: singular values other than 0, and constants that are 0 on one interval only
        "atan(x) + atanh(sin(x)**2 + cos(x)**2)",
        "atan(x) + log(atan(x) + atan(1/x) + pi/2)",
        "atan(x) + log(atan(tan(x)) - x + pi)",
    ],
)
def test_an_answer_with_no_value_is_not_proved(answer):
    assert not check_antiderivative(answer, "1/(1 + x**2)").ok


def test_a_disguised_constant_of_entire_functions_is_judged_by_its_value():
    # sin**2 + cos**2 is one constant on the whole line, so one evaluation sees it (validators.proof_guard):
    # log of it plus 1 is log(2), a value, and the proof stands; 1/(it - 1) has none, and no proof is taken
    assert vanishing_constant([sympy.log(s**2 + c**2 + 1)], x) is None
    verdict = check_antiderivative("atan(x) + log(sin(x)**2 + cos(x)**2 + 1)", "1/(1 + x**2)")
    assert verdict.ok and verdict.method is Method.SYMBOLIC
    assert not check_antiderivative("atan(x) + 1/(sin(x)**2 + cos(x)**2 - 1)", "1/(1 + x**2)").ok


def test_a_disguised_constant_that_may_change_value_withholds_the_proof_even_when_the_answer_is_right():
    # atan(x) + atan(1/x) is pi/2 for x > 0 and -pi/2 for x < 0: its value at some points is not its value
    verdict = check_antiderivative("atan(x) + log(atan(x) + atan(1/x) + 2)", "1/(1 + x**2)")
    assert verdict.method is not Method.SYMBOLIC


# A tenth adversary's finds: constants in disguise that are products, free of x, or inside a switch.
NEVER_ACCEPTED = [
    ("sin(x) + atanh(exp(x)*(cosh(x) - sinh(x)))", "cos(x)"),  # a product: atanh(1)
    ("x**2/2 + gamma(-exp(x)*(cosh(x) - sinh(x)))", "x"),  # gamma(-1)
    ("x**2/2 + 1/log((cos(x) + I*sin(x))*exp(-I*x))", "x"),  # log(1) = 0 under 1/
    ("x**2/2 + 1/(sin(1)**2 + cos(1)**2 - 1)", "x"),  # free of x: 1/0
    ("atan(x/a)/a + 1/(sin(a)**2 + cos(a)**2 - 1)", "1/(x**2 + a**2)"),  # constant in a too
    ("atan(x/a)/a + log(atan(a) + acot(a) + pi/2)", "1/(x**2 + a**2)"),  # log 0 for a < 0
    ("atan(x)*sign(atan(x) + acot(x) + pi/2)**2", "1/(x**2 + 1)"),  # the sign is 0 for x < 0
    ("atan(x)*sign(floor(x - 2))**2", "1/(x**2 + 1)"),  # 0 on [2, 3)
    ("atan(x) + 1/sign(floor(x) - 2)", "1/(x**2 + 1)"),  # 1/0 on [2, 3)
]


@pytest.mark.parametrize(("answer", "integrand"), NEVER_ACCEPTED)
def test_a_disguised_constant_of_any_shape_takes_no_proof(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert not verdict.ok, verdict.detail


def test_a_disguised_constant_free_of_x_is_undecided_as_no_point_can_see_it():
    verdict = check_antiderivative("x**2/2 + 1/(sin(1)**2 + cos(1)**2 - 1)", "x")
    assert str(verdict.reason) == "undecided"
    assert "free of x" in verdict.detail


@pytest.mark.parametrize(
    ("answer", "integrand"),
    [
        ("x*log(x) - x", "log(x)"),
        ("log(Abs(x))", "1/x"),
        ("sign(x)*x**2/2", "Abs(x)"),
        ("atan(x/sqrt(3))/sqrt(3)", "1/(x**2 + 3)"),
        ("x/log(2)", "1/log(2)"),
    ],
)
def test_ordinary_answers_keep_their_proof(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert verdict.ok and verdict.method == Method.SYMBOLIC, verdict.detail


def test_a_singular_value_in_disguise_free_of_every_symbol_is_undecided():
    # atan(2) + atan(1/2) is pi/2, which SymPy does not say: tan of it is rounding noise, not a value
    verdict = check_antiderivative("x + tan(atan(2) + atan(1/2))", "1")
    assert str(verdict.reason) == "undecided"
