from __future__ import annotations

import pytest
import sympy

from pipeline.families.ibp.generator.rules import (
    Degeneracy,
    Rejected,
    check_integrand,
    check_reads_back,
    check_tree_expression,
    is_table_integrand,
)
from validators.parse import parse_math

x = sympy.Symbol("x")


def rule_broken_by(check, *args) -> Degeneracy | None:
    try:
        check(*args)
    except Rejected as rejected:
        return rejected.rule
    return None


@pytest.mark.parametrize(
    ("integrand", "rule"),
    [
        ("x**2*sin(exp(x**2))", None),
        ("log(x)", None),  # one function alone, but not a table one: log needs parts
        ("asin(x)", None),  # real on (0, 1) only: enough sample points
        ("3", Degeneracy.TRIVIAL_DERIVATIVE),
        ("x**2 + 1/x", Degeneracy.NO_TRANSCENDENTAL),
        ("2*sin(x + 1)", Degeneracy.TABLE_INTEGRAND),
        ("1 - tanh(x)**2", Degeneracy.TABLE_INTEGRAND),
        ("asin(x**2 + 3)*x", Degeneracy.NOT_REAL),
        ("exp(exp(x**3))*x", Degeneracy.OVERFLOW),
        ("x*exp(x)*sin(x)*cos(x)*log(x)*atan(x)", Degeneracy.TOO_LONG),
    ],
)
def test_every_integrand_rule_has_a_name(integrand, rule):
    assert rule_broken_by(check_integrand, parse_math(integrand), x, 30) == rule


def test_an_infinite_integrand_is_not_finite():
    assert rule_broken_by(check_integrand, sympy.zoo * x, x, 100) == Degeneracy.NOT_FINITE


@pytest.mark.parametrize(
    ("expr", "rule"),
    [
        ("x*sin(x + 1)", None),
        ("sqrt(x**3 + 1)", None),
        ("x*acos(-3/4)", Degeneracy.CONSTANT_FUNCTION),
        ("x + sqrt(2)", Degeneracy.CONSTANT_FUNCTION),
        ("log(exp(x) + 1)", None),
        ("log(exp(x))", Degeneracy.INVERSE_COMPOSITION),
        ("asin(sin(x))*x", Degeneracy.INVERSE_COMPOSITION),
        ("sqrt(x**2)", Degeneracy.INVERSE_COMPOSITION),
    ],
)
def test_random_trees_that_are_numbers_or_collapse_are_named(expr, rule):
    assert rule_broken_by(check_tree_expression, parse_math(expr), x) == rule


def test_table_integrands_are_recognised():
    assert is_table_integrand(parse_math("3*cos(2*x - 1) + exp(x)"), x)
    assert not is_table_integrand(parse_math("x*exp(x)"), x)
    assert not is_table_integrand(parse_math("sin(x**2)"), x)


def test_what_the_parser_cannot_read_back_is_rejected():
    assert rule_broken_by(check_reads_back, {"f": x * sympy.sin(x)}, x) is None
    unreadable = sympy.Function("mystery")(x)
    assert rule_broken_by(check_reads_back, {"f": unreadable}, x) == Degeneracy.NOT_ROUND_TRIPPABLE
