"""The region sampler: the decisions that keep numeric proofs sound."""

from __future__ import annotations

import time

import sympy

from validators.regions import RegionCheck, is_single_valued

x = sympy.Symbol("x")


def run(lhs, rhs, seed=0):
    return RegionCheck(sympy.sympify(lhs), sympy.sympify(rhs), x, seed, time.perf_counter() + 30).run()


def test_equal_on_the_first_region():
    outcome = run(sympy.sin(2 * x), 2 * sympy.sin(x) * sympy.cos(x))
    assert (outcome.status, outcome.detail) == ("equal", "region 0<x<1")


def test_equal_only_beyond_a_branch_cut_is_accepted_after_finding_the_jump():
    outcome = run(sympy.sqrt(x**2), -x)  # true for Re x < 0 only
    assert outcome.status == "equal"
    assert "branch cut" in outcome.detail


def test_a_difference_that_fades_below_the_tolerance_is_not_mistaken_for_a_cut():
    # x + exp(-50*x) and x agree to 1e-20 for x > 1, but not because of a branch: it is wrong.
    assert run(x, x + sympy.exp(-50 * x)).status == "different"
    assert run(x, x + sympy.exp(-100 * x**2)).status == "different"


def test_off_by_one_next_to_huge_terms_is_a_difference():
    for seed in range(5):
        assert run(x**60, x**60 + 1, seed).status == "different"
        assert run(sympy.exp(100 * x), sympy.exp(100 * x) + x, seed).status == "different"


def test_huge_terms_that_cancel_are_zero():
    big = sympy.exp(200 * x)
    assert run(big * (1 + x) - big * x, big).status == "equal"


def test_evidence_names_the_point():
    outcome = run(x**2, x**2 + x)
    assert outcome.status == "different"
    assert outcome.evidence["point"].startswith("x=")


def test_single_valued_trees_have_no_cuts():
    assert is_single_valued(sympy.exp(x) * sympy.sin(x) ** 2 + 2**x / (x + 1))
    assert not is_single_valued(sympy.sqrt(x))
    assert not is_single_valued(sympy.log(x) + 1)
    assert not is_single_valued(sympy.atan(x))


def test_nothing_defined_is_undecided():
    assert run(sympy.zoo * x, 0).status == "undecided"
