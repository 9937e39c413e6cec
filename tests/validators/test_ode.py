"""validators.ode: general solutions (every C, affine in C), integrating factors, steps, conditions."""

import pytest

from validators.equivalence import Method, Reason
from validators.ode import (
    check_general_solution,
    check_homogeneous,
    check_initial_condition,
    check_integrating_factor,
    check_product_form,
    check_solution,
    check_variation,
    constant_symbol,
)
from validators.parse import parse_math

# y' + 2*x*y = x*exp(-x**2): mu = exp(x**2), F = x**2/2, y = (x**2/2 + C)*exp(-x**2)
P, Q = "2*x", "x*exp(-x**2)"


@pytest.mark.parametrize(
    ("solution", "p", "q"),
    [
        ("(x**2/2 + C)*exp(-x**2)", P, Q),
        ("x**2*exp(-x**2)/2 + C*exp(-x**2)", P, Q),
        ("(x**2/2 + 1 + 3*C)*exp(-x**2)", P, Q),  # another parametrisation: still every solution
        ("(x**2/2 + K)*exp(-x**2)", P, Q),  # any name for the constant
        ("(sin(x) + C)*cos(x)", "tan(x)", "cos(x)**2"),
        ("C/x + x**2/3", "1/x", "x"),
        ("C*exp(-3*x) + 2/3", "3", "2"),
        ("y = (x**2/2 + C)*exp(-x**2)", P, Q),
        ("exp(x**2)*y = x**2/2 + C", P, Q),  # what the integrating factor leaves: linear in y, solved
        ("y*exp(x**2) - x**2/2 = C", P, Q),
    ],
)
def test_general_solutions_are_accepted_and_proved(solution, p, q):
    verdict = check_general_solution(solution, p, q)
    assert verdict.ok, verdict.detail
    assert verdict.method == Method.SYMBOLIC


@pytest.mark.parametrize(
    ("solution", "why"),
    [
        ("x**2*exp(-x**2)/2", "no_constant"),  # one solution, not all
        ("x**2*exp(-x**2)/2 + C - C", "no_constant"),
        ("x**2*exp(-x**2)/2 + C", "not_a_solution"),  # C not divided by mu
        ("(x**2/2 + C)*exp(x**2)", "not_a_solution"),  # sign of ∫p flipped
        ("(x**2 + C)*exp(-x**2)", "not_a_solution"),  # particular solution off by a factor 2
        ("(x**2/2 + exp(C))*exp(-x**2)", "not_general"),  # misses every y below the particular one
        ("(x**2/2 + sqrt(C**2))*exp(-x**2)", "not_general"),  # right for C > 0 only
        ("(x**2/2 + C**2)*exp(-x**2)", "not_general"),
        ("exp(x**2)*y = x**2 + C", "not_a_solution"),  # implicit, and wrong
        ("exp(-x**2)*y = x**2/2 + C", "not_a_solution"),  # the integrating factor on the wrong side
    ],
)
def test_near_misses_are_decided_wrong_with_the_reason_first(solution, why):
    verdict = check_general_solution(solution, P, Q)
    assert not verdict.ok
    assert verdict.reason is Reason.NOT_EQUIVALENT
    assert verdict.detail.startswith(why), verdict.detail


@pytest.mark.parametrize(
    ("solution", "reason"),
    [
        ("(x**2/2 + C*exp(-x**2", Reason.PARSE),
        ("Integral(x, x)*exp(-x**2) + C*exp(-x**2)", Reason.UNFINISHED),
        ("(x**2/2 + A + B)*exp(-x**2)", Reason.UNSUPPORTED),  # two unknowns: which is C?
        ("y**2*exp(x**2) = x + C", Reason.PARSE),  # not linear in y: not read (never called wrong)
        ("exp(x**2)*y = x**2/2 + C = 3", Reason.PARSE),
    ],
)
def test_answers_that_cannot_be_read_are_not_called_wrong(solution, reason):
    verdict = check_general_solution(solution, P, Q)
    assert not verdict.ok and verdict.reason is reason


def test_a_particular_solution_is_checked_without_constants():
    assert check_solution("x**2*exp(-x**2)/2", P, Q).ok
    assert check_solution("x**2*exp(-x**2)", P, Q).detail.startswith("not_a_solution")
    assert check_solution("(x**2/2 + C)*exp(-x**2)", P, Q).reason is Reason.UNSUPPORTED


@pytest.mark.parametrize(
    ("check", "args", "ok", "why"),
    [
        (check_integrating_factor, ("exp(x**2)", P), True, ""),
        (check_integrating_factor, ("3*exp(x**2)", P), True, ""),  # any nonzero multiple works
        (check_integrating_factor, ("1/cos(x)", "tan(x)"), True, ""),
        (check_integrating_factor, ("exp(-x**2)", P), False, "not_integrating_factor"),
        (check_integrating_factor, ("0", P), False, "zero_factor"),
        (check_product_form, ("exp(x**2)", "x", P, Q), True, ""),
        (check_product_form, ("exp(x**2)", "x*exp(-x**2)", P, Q), False, "wrong_right_side"),
        (check_product_form, ("exp(-x**2)", "x*exp(-2*x**2)", P, Q), False, "not_integrating_factor"),
        (check_homogeneous, ("exp(-x**2)", P), True, ""),
        (check_homogeneous, ("exp(x**2)", P), False, "not_homogeneous"),
        (check_homogeneous, ("0", P), False, "zero_solution"),
        (check_variation, ("exp(-x**2)", "x", P, Q), True, ""),
        (check_variation, ("exp(-x**2)", "x*exp(-x**2)", P, Q), False, "wrong_variation"),
    ],
)
def test_step_claims(check, args, ok, why):
    verdict = check(*args)
    assert verdict.ok is ok, verdict.detail
    if not ok:
        assert verdict.reason is Reason.NOT_EQUIVALENT and verdict.detail.startswith(why), verdict.detail


@pytest.mark.parametrize(
    ("constant", "particular", "x0", "y0", "ok", "why"),
    [
        ("3", "(x**2/2 + 3)*exp(-x**2)", "0", "3", True, ""),
        ("2", "(x**2/2 + 2)*exp(-x**2)", "0", "3", False, "initial_condition_not_met"),
        ("3", "(x**2/2 + 2)*exp(-x**2)", "0", "3", False, "wrong_particular"),
        ("exp(1) - 1/2", "(x**2/2 + exp(1) - 1/2)*exp(-x**2)", "1", "1", True, ""),
    ],
)
def test_initial_conditions(constant, particular, x0, y0, ok, why):
    verdict = check_initial_condition("(x**2/2 + C)*exp(-x**2)", constant, particular, x0, y0)
    assert verdict.ok is ok, verdict.detail
    if not ok:
        assert verdict.detail.startswith(why), verdict.detail


def test_the_constant_is_the_one_free_symbol_besides_the_variable():
    assert constant_symbol(parse_math("x + K"), "x").name == "K"
    assert constant_symbol(parse_math("x + 1"), "x") is None
    assert constant_symbol(parse_math("x + A + B"), "x") is False
