"""Cutting a parts field that states two equations into its own value and its companions."""

from __future__ import annotations

import pytest

from validators.parts_pairs import split_companions

CUT = [
    ("u = x, du = dx", "u", ("u = x", [("du", "du = dx")])),
    ("u = ln x, so du = (1/x) dx", "u", ("u = ln x", [("du", "du = (1/x) dx")])),
    ("dv = e^(x/2) dx, v = 2e^(x/2)", "dv", ("dv = e^(x/2) dx", [("v", "v = 2e^(x/2)")])),
    ("dv = dx; then v = x.", "dv", ("dv = dx", [("v", "v = x")])),
    ("$u = x$, $du = dx$", "u", ("$u = x$", [("du", "$du = dx$")])),
    ("u = x and dv = e^x dx", "u", ("u = x", [("dv", "dv = e^x dx")])),
    ("v(x) = x^2/2", "v", ("v(x) = x^2/2", [])),
    # the connectives of a round-20 adversary, whose companions had gone unchecked
    ("x, where du = 2 dx", "u", ("x", [("du", "du = 2 dx")])),
    ("e^(2x) dx, with v = e^(2x)", "dv", ("e^(2x) dx", [("v", "v = e^(2x)")])),
    ("ln(x), which means du = x dx", "u", ("ln(x)", [("du", "du = x dx")])),
    ("x dx, for which v = x^2", "dv", ("x dx", [("v", "v = x^2")])),
    ("ln(x) ⇒ du = dx/x", "u", ("ln(x)", [("du", "du = dx/x")])),
]

LEFT_WHOLE = [
    ("u = x", "u"),  # one equation
    ("u = f(x, du = 1)", "u"),  # the comma is inside brackets
    ("u = x, u = 2", "u"),  # two values for the field's own name
    ("u = x, du = dx, du = 2 dx", "u"),  # a name given twice
    ("du = dx", "du"),
]


@pytest.mark.parametrize(("text", "own", "expected"), CUT)
def test_a_pair_is_cut_at_the_companion(text, own, expected):
    assert split_companions(text, own) == expected


@pytest.mark.parametrize(("text", "own"), LEFT_WHOLE)
def test_anything_else_is_left_whole(text, own):
    assert split_companions(text, own) == (text, [])
