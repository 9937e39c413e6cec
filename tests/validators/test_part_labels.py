"""Parts labels: a parts choice is four claims (du = u', v' = dv, companions, u*dv an integral of the
solution), each checked in the choice's own variable."""

from __future__ import annotations

import pytest
import sympy

from validators.claim_context import ClaimContext
from validators.claim_fields import read_field
from validators.part_labels import label_part
from validators.parts_match import Candidate, candidates_from
from validators.steps import StepLabel

x = sympy.Symbol("x")
PROBLEM = "x*cos(x)"


def label(u: str, dv: str, du: str, v: str, companions=(), integral_names=frozenset()):
    part = tuple(read_field(text, "x") for text in (u, dv, du, v))
    stated = [(name, own, read_field(text, "x")) for name, own, text in companions]
    pool = candidates_from([Candidate(read_field(PROBLEM, "x").expr, "x", "problem")], [], "x")
    return label_part(0, part, stated, ClaimContext(x, set(), []), pool, integral_names)


@pytest.mark.parametrize(
    ("u", "dv", "du", "v", "expected", "reason"),
    [
        ("x", "cos(x)", "1", "sin(x)", StepLabel.CORRECT, "verified"),
        ("x", "cos(x)", "1", "-sin(x)", StepLabel.INCORRECT, "v_prime_not_dv"),  # a wrong v
        ("x", "cos(x)", "2", "sin(x)", StepLabel.INCORRECT, "du_not_derivative_of_u"),  # a wrong du
        ("2*x", "cos(x)", "2", "sin(x)", StepLabel.CORRECT, "verified"),  # u*dv is twice the integrand
        ("x**2", "cos(x)", "2*x", "sin(x)", StepLabel.UNVERIFIABLE, "u_dv_matches_no_integral"),
        ("x", "cos(x)", "1", "sin(x) +", StepLabel.UNVERIFIABLE, None),  # v cannot be read
    ],
)
def test_each_claim_of_a_parts_choice(u, dv, du, v, expected, reason):
    verdict = label(u, dv, du, v)
    assert verdict.label is expected, verdict
    if reason is not None:
        assert verdict.reason == reason


def test_a_companion_is_checked_for_what_its_name_says():
    verdict = label("x", "cos(x)", "1", "sin(x)", companions=[("du", "u", "2")])  # "u = x, du = 2"
    assert verdict.label is StepLabel.INCORRECT and "du_not_derivative_of_u" in verdict.reason


def test_a_name_given_an_integral_is_not_read_in_a_parts_field():
    verdict = label("x", "cos(x)", "1", "sin(x) + K", integral_names=frozenset({"K"}))
    assert (verdict.label, verdict.reason) == (StepLabel.UNVERIFIABLE, "named_integral_in_parts")
