"""Parameters are sampled far from 1 and on both sides of every switch that only they move."""

from __future__ import annotations

import random

import sympy

from validators.parameter_points import MAX_SWITCH_VALUES, SPREAD_SIZES, parameter_plan


def parameter_values(*args):
    return parameter_plan(*args).envs


x, a, b = sympy.symbols("x a b")


def test_no_parameters_no_values():
    assert parameter_values([sympy.sin(x)], [x], [], {}, random.Random(0)) == []


def test_spread_values_reach_far_from_one():
    envs = parameter_values([sympy.sin(a * x)], [x], [a], {a: 1.5}, random.Random(0))
    sizes = sorted(abs(float(env[a])) for env in envs)
    assert len(envs) == len(SPREAD_SIZES)
    assert sizes[0] < 0.05 and sizes[-1] > 20


def test_a_parameter_switch_is_sampled_on_both_sides():
    tree = x**2 * sympy.Abs(a - 5) / 2
    envs = parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))
    switch_values = [float(env[a]) for env in envs[len(SPREAD_SIZES) :]]
    assert any(v < 5 for v in switch_values) and any(v > 5 for v in switch_values)


def test_switches_that_mention_x_are_left_to_the_features():
    envs = parameter_values([sympy.Abs(x - a)], [x], [a], {a: 1.5}, random.Random(0))
    assert len(envs) == len(SPREAD_SIZES)


def test_each_parameter_is_solved_with_the_others_fixed():
    tree = x * sympy.Abs(a**2 - 16 * b)
    envs = parameter_values([tree], [x], [a, b], {a: 1.0, b: 1.0}, random.Random(0))
    roots = [env for env in envs[len(SPREAD_SIZES) :]]
    assert any(float(env[a]) > 4 for env in roots)  # a**2 = 16 at b = 1
    assert any(float(env[b]) > 1 / 16 for env in roots)


def test_a_window_between_two_roots_is_sampled_inside():
    tree = x * sympy.Abs(sympy.Rational(1, 25) - (a - 80) ** 2)  # switches at 79.8 and 80.2
    envs = parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))
    assert any(79.8 < float(env[a]) < 80.2 for env in envs)


def test_a_branch_point_of_a_parameter_is_a_switch():
    tree = x * (sympy.Rational(1, 4) - (a - 60) ** 2) ** sympy.Rational(3, 2)  # real only for 59.5 < a < 60.5
    envs = parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))
    switch_values = [float(env[a]) for env in envs[len(SPREAD_SIZES) :]]
    assert any(59.5 < v < 60.5 for v in switch_values)
    assert any(v < 59.5 for v in switch_values) and any(v > 60.5 for v in switch_values)


def test_a_window_in_two_parameters_at_once_is_found_by_climbing():
    q = sympy.Rational(1, 25) - (a - 80) ** 2 - (b - 80) ** 2  # positive on a disc of radius 0.2
    envs = parameter_values([x * sympy.Abs(q)], [x], [a, b], {a: 2.5, b: 1.4}, random.Random(0))
    assert any(float(q.subs({a: env[a], b: env[b]})) > 0 for env in envs)


def test_a_quadrant_needs_both_parameters_moved():
    tree = x * sympy.Abs(a - 80) * sympy.Abs(b - 80)
    envs = parameter_values([tree], [x], [a, b], {a: 2.5, b: 1.4}, random.Random(0))
    assert any(float(env[a]) > 80 and float(env[b]) > 80 for env in envs)


def test_a_window_between_roots_of_two_arguments():
    tree = x * sympy.Abs(a - 80) + x * sympy.Abs(sympy.Rational(402, 5) - a)  # 80 < a < 80.4
    envs = parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))
    assert any(80 < float(env[a]) < 80.4 for env in envs)


def test_a_window_between_scan_values_is_found_at_its_extremum():
    q = sympy.Rational(1, 25) - (sympy.log(a**2 + 1) - 6) ** 2  # positive for 18.2 < |a| < 22.2 only
    envs = parameter_values([x * sympy.Abs(q)], [x], [a], {a: 1.5}, random.Random(0))
    inside = [float(env[a]) for env in envs if q.subs(a, env[a]) > 0]
    assert any(v > 0 for v in inside) and any(v < 0 for v in inside)


def test_a_fourfold_root_the_solver_misses_is_scanned():
    q = sympy.expand((sympy.Rational(1, 16) - (a - 70) ** 2) * (a - 70) ** 4)  # window 69.75 < a < 70.25
    envs = parameter_values([x * q ** sympy.Rational(3, 2)], [x], [a], {a: 1.5}, random.Random(0))
    assert any(69.75 < float(env[a]) < 70.25 and float(env[a]) != 70 for env in envs)


def test_acot_jumps_where_its_argument_changes_sign():
    q = (a - 80) ** 2 - sympy.Rational(1, 25)
    envs = parameter_values([x * sympy.acot(q)], [x], [a], {a: 1.5}, random.Random(0))
    assert any(79.8 < float(env[a]) < 80.2 for env in envs)


def test_a_window_spanning_decades_is_sampled_between_its_quarter_sides():
    tree = x * sympy.Abs((a - 100) * (10**8 - a))
    envs = parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))
    inside = sorted(float(env[a]) for env in envs if 125 < float(env[a]) < 7.5e7)
    assert any(1e3 < v < 1e7 for v in inside)


def test_roots_closer_than_1e_30_still_have_their_inside_sampled():
    half = sympy.Rational(1, 2 * 10**31)
    tree = x * sympy.Abs((a - 80 + half) * (a - 80 - half))
    envs = parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))
    assert any(abs(env[a] - 80) < half for env in envs)


def test_a_decoy_with_many_roots_cannot_crowd_out_a_window():
    decoy = sympy.sqrt(sympy.expand(sympy.prod([a - k for k in range(1, 13)])))
    window = x * sympy.Abs(sympy.Rational(1, 25) - (a - 80) ** 2)
    plan = parameter_plan([decoy + window], [x], [a], {a: 1.5}, random.Random(0))
    assert any(79.8 < float(env[a]) < 80.2 for env in plan.envs)


def test_switch_values_past_the_plan_are_named():
    many = sum(x * sympy.Abs(a - k) for k in range(1, MAX_SWITCH_VALUES))
    plan = parameter_plan([many], [x], [a], {a: 1.5}, random.Random(0))
    assert plan.unplanned is not None
    assert parameter_plan([x * sympy.Abs(a - 5)], [x], [a], {a: 1.5}, random.Random(0)).unplanned is None


def test_a_ridge_that_no_axis_crosses_is_sampled_inside():
    # q > 0 only near a = b = 80 on a ridge: along each axis q stays negative, and a climb along the axes
    # stalls on it (round 59); Newton ascents reach it.
    q = sympy.Rational(1, 25) - 10**6 * (a - b) ** 2 - (a + b - 160) ** 2 / 10**4
    tree = x * q / 2 + x * sympy.Abs(q) / 2
    envs = parameter_values([tree], [x], [a, b], {a: 1.5, b: -0.7}, random.Random(0))
    assert any(q.subs({a: env[a], b: env[b]}) > 0 for env in envs)


def test_a_joint_window_behind_decoy_roots_is_sampled():
    # a window 79.8 < a, b < 80.2 made of four arguments, beside x-free decoys with ten roots in each
    # parameter: one point in every cell of the roots' grid reaches it.
    decoys = [sympy.Abs(sympy.prod([p - k for k in range(1, 11)])) for p in (a, b)]
    window = [sympy.Abs(a - 79.8), sympy.Abs(80.2 - a), sympy.Abs(b - 79.8), sympy.Abs(80.2 - b)]
    tree = x * sympy.Add(*decoys, *window)
    envs = parameter_values([tree], [x], [a, b], {a: 1.5, b: -0.7}, random.Random(0))
    assert any(79.8 < env[a] < 80.2 and 79.8 < env[b] < 80.2 for env in envs)


def test_too_many_cells_leave_the_plan_incomplete():
    c = sympy.Symbol("c")
    decoys = [sympy.Abs(sympy.prod([p - k for k in range(1, 8)])) for p in (a, b, c)]
    fixed = {a: 1.5, b: -0.7, c: 0.9}
    plan = parameter_plan([x * sympy.Add(*decoys)], [x], [a, b, c], fixed, random.Random(0))
    assert plan.unplanned is not None and "512 cells" in plan.unplanned


def test_a_ci_of_a_parameter_is_a_switch():
    # Ci(-q) = Ci(q) + I*pi for q > 0, so x*(Ci(a - 80) - Ci(80 - a)) jumps at a = 80 (round 61's hint)
    tree = x * (sympy.Ci(a - 80) - sympy.Ci(80 - a))
    values = [float(env[a]) for env in parameter_values([tree], [x], [a], {a: 1.5}, random.Random(0))]
    assert any(70 < v < 80 for v in values) or any(v < 80 for v in values if v > 50)
    assert any(v > 80 for v in values)


def test_a_sign_of_the_parameter_is_decided_by_its_bounds():
    # asin(x/|a|) differentiates to terms in sign(a): its interval bounds decide it, so the plan is whole
    plan = parameter_plan([sympy.sign(a) * x], [x], [a], {a: 1.5}, random.Random(0))
    assert plan.unplanned is None
