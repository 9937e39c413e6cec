"""A numeric "equal" needs an agreeing point on every Piecewise piece; an unvisited piece is unchecked."""

from __future__ import annotations

import pytest
import sympy

from validators.branch_cover import untaken_piece, unvisited_side
from validators.equivalence import Method, Reason, check_antiderivative

x, a = sympy.symbols("x a")


def test_every_piece_taken_somewhere():
    tree = sympy.Piecewise((x, x < 0), (x**2, True))
    assert untaken_piece([tree], [{x: -1}, {x: 2}], 0) is None


def test_a_piece_no_point_reached_is_named():
    tree = sympy.Piecewise((x, x < 100), (x**2, True))
    assert untaken_piece([tree], [{x: -1}, {x: 2}], 0) == "True"


def test_a_piece_that_needs_an_equation_is_not_required():
    tree = sympy.Piecewise((1, sympy.Eq(x, 0)), (sympy.sin(x) / x, True))
    assert untaken_piece([tree], [{x: 1}, {x: 2}], 0) is None


def test_a_piece_left_only_equations_by_the_pieces_before_it_is_not_required():
    # after Ne(a, b) & Ne(a, -b) fails, a = b or a = -b: the later pieces live on equations
    b = sympy.Symbol("b")
    tree = sympy.Piecewise(
        (x / (a**2 - b**2), sympy.Ne(a, b) & sympy.Ne(a, -b)), (x / (2 * b), sympy.Ne(b, 0)), (0, True)
    )
    assert untaken_piece([tree], [{x: 1, a: 1, b: 2}], 0) is None


def test_no_piecewise_nothing_to_take():
    assert untaken_piece([sympy.sin(x)], [{x: 1}], 0) is None


# Wrong answers whose other piece lives where no grid reaches: round 7's two open holes.
UNVISITED_PIECES = [
    # the switch is at x = 2.4e17, past the x scan
    ("Piecewise((atan(x), log(x**2 + 1) < 80), (atan(x) + x, True))", "1/(1 + x**2)"),
    # the x piece lives in a window of width 3e-3 round a = pi/2, between the parameter scan's points
    ("Piecewise((sin(a*x)/a, sin(a) < 999999/1000000), (x, True))", "cos(a*x)"),
    # a parameter window from a transcendental condition
    ("Piecewise((exp(a*x)/a, exp(a) < 10**40), (x, True))", "exp(a*x)"),
]


@pytest.mark.parametrize(("answer", "integrand"), UNVISITED_PIECES)
def test_an_unvisited_piece_is_never_accepted(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert not verdict.ok
    assert verdict.reason in (Reason.UNDECIDED, Reason.NOT_EQUIVALENT)


# Correct answers with pieces: every piece is visited, or needs an equation.
VISITED_PIECES = [
    ("Piecewise((sin(a*x)/a, Ne(a, 0)), (x, True))", "cos(a*x)"),
    ("Piecewise((-cos(x), x < 0), (1 - cos(x), True))", "sin(x)"),
    ("Piecewise((x**2/2, x < 3), (x**2/2 + 7, True))", "x"),
    ("Piecewise((x**3/3, a > 2), (x**3/3 - 1, True))", "x**2"),
]


@pytest.mark.parametrize(("answer", "integrand"), VISITED_PIECES)
def test_a_correct_answer_with_every_piece_visited_is_accepted(answer, integrand):
    verdict = check_antiderivative(answer, integrand)
    assert verdict.ok, verdict.detail
    assert verdict.method in (Method.NUMERIC, Method.SYMBOLIC)


def test_a_switch_argument_seen_of_one_sign_is_named():
    u = sympy.log(x**2 + 1) - 80
    assert unvisited_side([x * sympy.sign(u)], [{x: 1}, {x: -3}], {"x"}, 0) == str(u)


def test_a_switch_argument_seen_of_both_signs_passes():
    assert unvisited_side([sympy.Abs(sympy.sin(x))], [{x: 1}, {x: -1}], {"x"}, 0) is None


@pytest.mark.parametrize(
    "argument",
    [x**2 - 3 * x + 7, sympy.exp(x) + 1, x**2 + sympy.sin(x) ** 2 + 1, sympy.cosh(x)],
    ids=["polynomial: roots solved", "positive by form", "positive by form", "cosh"],
)
def test_a_switch_whose_sign_is_fixed_needs_no_other_side(argument):
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1}], {"x"}, 0) is None


@pytest.mark.parametrize(
    "argument",
    [x + sympy.sqrt(x**2 + 1), 2 * x + sympy.sqrt(4 * x**2 + 9), x + 1 + sympy.sqrt(x**2 + 2 * x + 5)],
    ids=["asinh's log", "scaled", "completed square"],
)
def test_a_radical_without_a_real_zero_keeps_one_sign(argument):
    # continuous on the whole line and never 0 (solved): no other side exists to be examined
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1}], {"x"}, 0) is None


@pytest.mark.parametrize(
    "argument",
    [sympy.cos(x) + 1, 1 - sympy.sin(x), sympy.cos(2 * x) - 1, sympy.sin(x) * sympy.cos(x) + 2],
    ids=["half-angle log's factor", "one minus sine", "never positive", "bounded product"],
)
def test_a_bounded_argument_on_one_side_of_zero_keeps_one_sign(argument):
    # its interval over the whole line (AccumBounds) does not cross 0: no other side exists
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1}], {"x"}, 0) is None


@pytest.mark.parametrize(
    "argument",
    [sympy.cos(x) + sympy.Rational(1, 2), sympy.exp(x) + sympy.sin(x), sympy.sin(x) ** 2 + sympy.cos(x)],
    ids=["crosses zero", "unbounded below the bound", "overstated range"],
)
def test_a_bounded_argument_whose_interval_crosses_zero_still_needs_both_sides(argument):
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1}], {"x"}, 0) == str(argument)


@pytest.mark.parametrize(
    "argument",
    [
        x + sympy.sqrt(x**2 + 1) - sympy.Rational(1, 10**30),  # a zero near x = -5e29, past every point
        -3 * x + sympy.sqrt(x**2 + 1) + sympy.sqrt(x**2 + 2),  # a zero at x = 0.93
        x + sympy.sqrt(x**2 - 1),  # not defined on (-1, 1): continuity on the line is not shown
    ],
    ids=["far zero", "zero", "gap"],
)
def test_a_radical_with_a_zero_or_a_gap_still_needs_both_sides(argument):
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1}], {"x"}, 0) == str(argument)


@pytest.mark.parametrize(
    "argument, sign",
    [
        (x + sympy.sqrt(x**2 + a**2), "never negative"),
        (2 * x - sympy.sqrt(4 * x**2 + a**4 + 1), "never positive"),
        (x + a + sympy.sqrt(x**2 + 2 * a * x + 2 * a**2), "never negative"),
    ],
    ids=["asinh's log with a parameter", "minus the radical", "completed square"],
)
def test_a_radical_larger_than_the_rest_keeps_one_sign(argument, sign):
    # k**2*q - p**2 >= 0 for every real x and a: the radical's term decides the sign
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1, a: 2}], {"x"}, 0) is None, sign


def test_a_radical_that_can_be_smaller_than_the_rest_still_needs_both_sides():
    argument = x + sympy.sqrt(x**2 + a)  # a < 0 lets the rest win
    assert unvisited_side([sympy.log(sympy.Abs(argument))], [{x: 1, a: 2}], {"x"}, 0) == str(argument)


def test_the_textbook_asinh_log_with_a_parameter_is_accepted():
    verdict = check_antiderivative("ln|x + √(x² + a²)| + C", "1/sqrt(x**2 + a**2)")
    assert verdict.ok, verdict.detail


def test_the_textbook_asinh_log_is_accepted():
    verdict = check_antiderivative("ln|x + sqrt(x^2+1)| + C", "1/sqrt(x**2 + 1)")
    assert verdict.ok, verdict.detail


def test_a_sign_switch_past_the_scan_is_never_accepted():
    # wrong for x beyond 2.4e17, where sign(...) = 1 and F' = g + 2: the grid's points all sit at
    # sign = -1, and the interval scan beyond the grid (validators.far_roots) finds the switch
    verdict = check_antiderivative("atan(x) + x*sign(log(x**2 + 1) - 80) + x", "1/(1 + x**2)")
    assert not verdict.ok and verdict.reason is Reason.NOT_EQUIVALENT


def test_a_floor_seen_at_one_value_only_is_undecided():
    # 1 everywhere except windows ~0.02 wide where it is 2 (the nearest at x = -136.7): a tenth
    # adversary's answer, wrong only there, agreed at every point
    answer = "exp(x)*floor(3/2 + sin(x)/4 + sin(sqrt(2)*x)/4 + 1/1000)"
    verdict = check_antiderivative(answer, "exp(x)")
    assert str(verdict.reason) == "undecided"
    assert "one value only" in verdict.detail


def test_a_floor_that_steps_between_the_points_is_still_checked():
    # sympy.integrate's Weierstrass form: floor((x + pi)/(2*pi)) takes many values over the plan
    answer = "2*atan(tan(x/2)/3)/3 + 2*pi*floor((x + pi)/(2*pi))/3"
    assert check_antiderivative(answer, "1/(5 + 4*cos(x))").ok
