"""What a step's result field claims: a chain's members, the integral on the left, a named integral."""

from __future__ import annotations

import pytest
import sympy

from validators.claim_fields import as_named_integral, left_integral_claims, read_field, read_result

x = sympy.Symbol("x")


def test_a_chain_keeps_every_member_and_the_integral_on_its_left():
    field = read_result("∫ x e^x dx = x e^x - ∫ e^x dx = x e^x - e^x", "x")
    assert [m.expr for m in field.earlier] == [
        sympy.Integral(x * sympy.exp(x), x),
        x * sympy.exp(x) - sympy.Integral(sympy.exp(x), x),
    ]
    claims = left_integral_claims(field)
    assert claims.integral.expr == x * sympy.exp(x)  # what every member after it is checked against
    assert claims.expr == x * sympy.exp(x) - sympy.exp(x)


def test_a_multiple_of_the_integral_on_the_left_divides_the_right_side():
    claims = left_integral_claims(read_result("2∫ e^x dx = 2e^x", "x"))
    assert claims.expr == sympy.exp(x) and claims.integral.expr == sympy.exp(x)


def test_i_is_the_named_integral_and_ambiguous_without_one():
    named = {"I": sympy.Integral(sympy.exp(x) * sympy.sin(x), x)}
    field = read_result("e^x*sin(x) - I", "x")
    assert as_named_integral(field, named).expr == sympy.exp(x) * sympy.sin(x) - named["I"]
    assert as_named_integral(field, {}).ambiguous


@pytest.mark.parametrize(
    "text", ["v'(x) = sin(x)", "v′ = exp(2*x)", "v^{\\prime} = -\\cos x", "v_x = x*exp(x**2)"]
)
def test_a_parts_field_labelled_as_a_derivative_is_refused(text):
    # round 62: dropped like "v =", the right side would pass for v itself
    assert read_field(text, "x").expr is None


@pytest.mark.parametrize(
    ("text", "meant"), [("v = sin(x)", "sin(x)"), ("du = 2x dx", "2*x"), ("v_1 = sin(x)", "sin(x)")]
)
def test_plain_and_indexed_labels_are_read(text, meant):
    assert read_field(text, "x").expr == sympy.sympify(meant)
