from __future__ import annotations

import sympy

from pipeline.families.shared.canonical import DuplicateFilter, canonical_form
from validators.parse import parse_math

x = sympy.Symbol("x")


def canonical(text: str) -> str:
    return canonical_form(parse_math(text), x)


def test_constant_factors_and_added_constants_do_not_matter():
    assert canonical("x*exp(x)") == canonical("2*x*exp(x)") == canonical("-x*exp(x)/3")
    assert canonical("x*exp(x) + 5") == canonical("x*exp(x)")
    assert canonical("2*x*exp(x) + 4*exp(x)") == canonical("(x + 2)*exp(x)")


def test_parameters_are_constants_and_their_names_do_not_matter():
    assert canonical("a*x*exp(b*x)") == canonical("x*exp(a*x)") == canonical("c*x*exp(q*x)")
    assert canonical("x*sin(a*x) + cos(b*x)") == canonical("x*sin(b*x) + cos(a*x)")


def test_different_functions_stay_different():
    assert canonical("x*exp(x)") != canonical("x*exp(2*x)")
    assert canonical("x*sin(x)") != canonical("x*cos(x)")
    assert canonical("x**2*exp(x)") != canonical("x*exp(x)")


def test_the_duplicate_filter_keeps_the_first_index_of_each_form():
    seen = DuplicateFilter()
    assert seen.admit("x*exp(x)", 0)
    assert seen.admit("x*sin(x)", 1)
    assert not seen.admit("x*exp(x)", 2)
    assert seen.admit("x*exp(x)", 0), "replaying a decided index (a resumed run) is allowed"
    assert seen.duplicate_of("x*exp(x)") == 0


def test_a_resumed_run_replays_decided_problems_in_index_order():
    seen = DuplicateFilter.replay([(4, "x*sin(x)"), (1, "x*sin(x)"), (2, "x*exp(x)")])
    assert seen.duplicate_of("x*sin(x)") == 1
    assert not seen.admit("x*sin(x)", 7)
    assert seen.admit("log(x)", 8)
