"""Parts SymPy drops while building an answer (T - T, 0*T, T**0, T/T) must not hide a missing value.

Each refused text is a wrong antiderivative of cos(x) (or of 1/(x**2 + 1)) whose *built* tree would be an
ordinary, correct function: the written answer has no value on a whole interval, the tree has one
everywhere, and its derivative is right.
"""

from __future__ import annotations

import pytest

from validators.equivalence import check_antiderivative
from validators.parse import ParseError, parse_math

HIDDEN_NO_VALUE = [
    "sin(x) + 1/(sin(x)**2 + cos(x)**2 - 1) - 1/(sin(x)**2 + cos(x)**2 - 1)",  # no value anywhere
    "sin(x) + log(1 + sign(x)) - log(1 + sign(x))",  # log 0 for x < 0
    "sin(x) + 0*log(1 + sign(x))",
    "sin(x) + log(1 + sign(x))**0",
    "sin(x) + log(x - Abs(x))/log(x - Abs(x))",  # log 0 for x > 0
    "sin(x) + exp(log(1 + sign(x))) - 1 - sign(x)",
    "sin(x) + Piecewise((1, x > 0)) - Piecewise((1, x > 0))",  # nothing for x <= 0
    "sin(x) + 0*gamma(sin(x)**2 + cos(x)**2 - 2)",  # gamma(-1) everywhere
    "sin(x) + log(acos(cos(x)) - x) - log(acos(cos(x)) - x)",  # log 0 on (0, pi)
    "atan(x) + (1/(atan(x) + atan(1/x) - pi/2))**0",  # 1/0 for x > 0
    # numbers alone: a constant in disguise is no certain number (evalf exhausts its precision)
    "sin(x) + 1/(sin(1)**2 + cos(1)**2 - 1) - 1/(sin(1)**2 + cos(1)**2 - 1)",
    "sin(x) + 1/(log(8) - 3*log(2)) - 1/(log(8) - 3*log(2))",
]

KEPT = [
    ("sin(x) + log(x) - log(x)", "sin(x)"),  # log(x) has a (complex) value at every x != 0
    ("sin(x) + 0*sqrt(x)", "sin(x)"),
    ("x*log(x) - x + log(x) - log(x)", "x*log(x) - x"),
    ("2*x + 3*x", "5*x"),
    ("exp(log(x))", "x"),
    ("log(Abs(x), E)", "log(Abs(x))"),
    ("tan(x + pi/2)", "-cot(x)"),
    ("x*log(2)/log(2)", "x"),  # numbers alone with a certain value: log 2 is not 0
    ("log_3(x)*ln(3)", "log(x)"),
    ("log<sub>3</sub>(x)·ln(3)", "log(x)"),
]


@pytest.mark.parametrize("text", HIDDEN_NO_VALUE)
def test_a_dropped_part_that_may_have_no_value_is_refused(text):
    with pytest.raises(ParseError, match="may have no value"):
        parse_math(text)


@pytest.mark.parametrize("text", HIDDEN_NO_VALUE)
def test_so_the_answer_is_never_accepted(text):
    integrand = "1/(x**2 + 1)" if text.startswith("atan") else "cos(x)"
    assert not check_antiderivative(text, integrand).ok


@pytest.mark.parametrize(("text", "built"), KEPT)
def test_a_dropped_part_with_a_value_everywhere_is_read_as_sympy_builds_it(text, built):
    assert parse_math(text) == parse_math(built)
