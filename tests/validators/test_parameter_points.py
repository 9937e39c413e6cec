"""Parameters are sampled far from 1 and on both sides of every switch that only they move."""

from __future__ import annotations

import random

import sympy

from validators.parameter_points import SPREAD_SIZES, parameter_values

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
