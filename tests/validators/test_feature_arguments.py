"""Feature arguments: which subtrees of an answer are solved for places where something happens."""

from __future__ import annotations

import sympy

from validators.feature_arguments import NARROW, interesting_arguments, narrowness, relations_of

x = sympy.Symbol("x")
XS = frozenset({x})


def test_an_exp_argument_is_read_for_its_peak_and_its_crossing_of_one():
    assert interesting_arguments([sympy.exp(-((x - 3) ** 2))], XS)[:2] == [
        ("peak", -((x - 3) ** 2)),
        ("zero", -((x - 3) ** 2)),
    ]


def test_switches_poles_and_piecewise_conditions_are_read():
    expr = sympy.Abs(x - 7) + 1 / (x + 2) + sympy.Piecewise((0, x < 4), (x, True))
    found = set(interesting_arguments([expr], XS))
    assert ("switch", x - 7) in found
    assert ("zero", x + 2) in found  # a pole
    assert ("condition", x - 4) in found


def test_parts_without_x_are_not_read():
    assert interesting_arguments([sympy.Abs(sympy.Symbol("a") - 1) * x], XS) == []


def test_a_large_number_makes_an_argument_narrow_a_small_one_does_not():
    assert narrowness(10**6 * (x - 1) ** 2, XS, {}) >= 10**6
    assert narrowness(3 * (x - 1) ** 2, XS, {}) == 0
    assert narrowness(x - sympy.Rational(1, 1000), XS, {}) >= NARROW  # 1/1000 is small: as narrow


def test_relations_of_a_compound_condition():
    condition = sympy.And(x > 1, sympy.Or(x < 5, sympy.Eq(x, 9)))
    assert len(relations_of(condition)) == 3
