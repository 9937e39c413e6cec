"""The claim context: which letters are variables, which substitution is in force at a step."""

from __future__ import annotations

import sympy

from validators.claim_context import ClaimContext, variable_like
from validators.claim_fields import read_field
from validators.variables import find_substitutions

x = sympy.Symbol("x")


def test_variable_like_names_are_one_letter_or_greek():
    assert variable_like("t") and variable_like("theta")
    assert not variable_like("uv")


def test_a_claim_written_in_t_alone_is_in_t():
    context = ClaimContext(x, {"a"}, [])
    assert context.variable_of(read_field("t**2", "x")) == "t"
    assert context.variable_of(read_field("a*x", "x")) == "x"  # a is a parameter of the problem


def test_longer_unknown_names_are_undefined():
    context = ClaimContext(x, set(), [])
    assert context.undefined(read_field("uv + x", "x")) == ["uv"]


def test_a_letter_means_its_latest_definition_at_or_before_the_step():
    subs = find_substitutions(["Let t = 2*x.", "Now let t = exp(x)."], {"t"}, "x")
    assert str(ClaimContext(x, set(), subs).at_step(0).subs["t"].definition) == "2*x"
    assert str(ClaimContext(x, set(), subs).at_step(1).subs["t"].definition) == "exp(x)"
