"""The symbolic teacher: both paths accepted by the checks with every label correct, the paths written
differently, the coefficient methods true, and every planted flaw first caught exactly where planted."""

from __future__ import annotations

import math

import pytest
import sympy

from pipeline.core.errors import TeacherError
from pipeline.core.problem import Problem
from pipeline.families import get_family
from pipeline.families.partial_fractions.checks import check_partial_fractions_solve
from pipeline.families.partial_fractions.methods import cover_up, linear_system, unknown_names
from pipeline.families.partial_fractions.sampler import details_of
from pipeline.families.partial_fractions.teacher import FLAWS, PATHS, TARGETED_FLAWS, write_solution
from pipeline.families.shared.antiderivative import check_derive
from pipeline.families.teacher_check import teacher_failure
from tests.pipeline.families.partial_fractions.independent import derivative_matches_numerically, own

X = sympy.Symbol("x")


def _first_incorrect(checks):
    if checks.first_error_step is None:
        return None
    label = checks.step_labels[checks.first_error_step]
    return label.kind, label.index


def test_family_rotates_every_flaw_over_both_paths():
    family = get_family("partial_fractions")
    assert family.paths == PATHS and family.flaws == FLAWS
    assert math.gcd(len(PATHS), len(FLAWS)) == 1  # so the runner's rotation pairs every flaw with every path
    assert not set(FLAWS) & set(TARGETED_FLAWS)


@pytest.mark.parametrize("path", PATHS)
def test_every_path_is_accepted_with_every_label_correct(variety, path):
    for problem in variety:
        written = write_solution(problem, path)
        checks = check_partial_fractions_solve(written.answer, problem)
        assert checks.failure is None, (problem.construction, checks.failure)
        assert written.planted is None
        assert {label.label for label in checks.step_labels} == {"correct"}
        assert checks.step_labels[0].kind == "decomposition"
        details = details_of(problem)
        assert derivative_matches_numerically(written.answer.antiderivative, details.integrand)


def test_the_teacher_reads_a_problem_back_from_json(variety):
    """Details read back from JSON are plain ProblemDetails (nested models as dicts): still teachable."""
    problem = variety[-1]
    back = Problem.model_validate_json(problem.model_dump_json())
    assert type(back.details) is not type(problem.details)
    assert write_solution(back, PATHS[1], FLAWS[1]) == write_solution(problem, PATHS[1], FLAWS[1])


def test_a_whole_problem_survives_the_teacher_stage_by_stage(variety):
    assert [teacher_failure(problem) for problem in variety] == [None] * len(variety)


def test_the_derive_stage_ends_in_the_combined_fraction(variety):
    family = get_family("partial_fractions")
    for problem in variety:
        answer = family.stage("derive").teach(problem, {}, None, None)
        assert answer.derivative == problem.details.integrand
        checks = check_derive(answer, problem)
        assert checks.failure is None and {label.label for label in checks.step_labels} == {"correct"}
        assert [s.rule for s in answer.steps][-2:] == ["sum", "simplify"]


def test_the_two_paths_write_different_work_to_the_same_answer(variety):
    for problem in variety:
        cover, system = (write_solution(problem, path).answer for path in PATHS)
        assert cover.terms == system.terms and cover.antiderivative == system.antiderivative
        assert "Cover-up" in cover.coefficients and "Equate the coefficients" in system.coefficients
        assert [s.result for s in cover.steps] != [s.result for s in system.steps]
        assert "Integral(" in system.steps[0].result  # the system path splits the integral first


def test_cover_up_values_are_what_the_text_says(variety):
    """Every "cover up and put x = r" value, recomputed from g with plain SymPy."""
    for problem in variety:
        d = details_of(problem)
        g = own(d.integrand)
        for factor in d.decomposition.linear:
            k = len(factor.coefficients)
            covered = sympy.cancel(g * (X - factor.root) ** k)
            for j in range(k):
                value = sympy.diff(covered, X, j).subs(X, factor.root) / math.factorial(j)
                assert value == factor.coefficients[k - 1 - j]
        text = cover_up(d.decomposition, X)
        assert all(f"= {a}" in text for f in d.decomposition.linear for a in f.coefficients)


def test_the_linear_system_has_the_coefficients_as_its_only_solution(variety):
    for problem in variety:
        d = details_of(problem)
        text = linear_system(d.decomposition, own(d.integrand), X)
        equations = text.split(": ", 2)[2].split(". Solving")[0].split("; ")
        names = sympy.symbols(unknown_names(d.decomposition))
        symbols = {s.name: s for s in names}  # E is an unknown here, not Euler's number
        sides = [eq.split(" = ") for eq in equations]
        system = [sympy.parse_expr(lhs, symbols) - sympy.parse_expr(rhs, symbols) for lhs, rhs in sides]
        (solution,) = sympy.linsolve(system, names)
        expected = [a for f in d.decomposition.linear for a in f.coefficients]
        expected += [v for f in d.decomposition.quadratic for v in (f.c, f.d)]
        assert list(solution) == expected


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("flaw", FLAWS)
def test_each_flaw_is_first_incorrect_where_it_was_planted(variety, path, flaw):
    for problem in variety:
        written = write_solution(problem, path, flaw)
        checks = check_partial_fractions_solve(written.answer, problem)
        assert not checks.checks[0].ok, "a planted flaw must reach the final answer"
        assert written.planted is not None
        assert _first_incorrect(checks) == written.planted
        kind, index = written.planted
        expected_kind = "decomposition" if flaw in ("wrong_coefficient", "wrong_factor") else "solve_step"
        assert kind == expected_kind
        if flaw == "combine_sign":
            assert index == len(written.answer.steps) - 1
        assert all(label.label != "unverifiable" for label in checks.step_labels)


@pytest.mark.parametrize(
    ("flaw", "construction"),
    [
        ("atan_scale", "linear+repeated+quadratic+polynomial"),
        ("dropped_polynomial_part", "linear+repeated+quadratic+polynomial"),
    ],
)
def test_targeted_flaws_land_where_they_can_and_refuse_elsewhere(by_kind, flaw, construction):
    problem = by_kind[construction]
    for path in PATHS:
        written = write_solution(problem, path, flaw)
        checks = check_partial_fractions_solve(written.answer, problem)
        assert _first_incorrect(checks) == written.planted and not checks.checks[0].ok
    with pytest.raises(TeacherError):
        write_solution(by_kind["linear"], PATHS[0], flaw)


@pytest.mark.parametrize(("path", "flaw"), [("by_parts", None), ("cover_up", "forgot_everything")])
def test_unknown_paths_and_flaws_are_teacher_errors(variety, path, flaw):
    with pytest.raises(TeacherError):
        write_solution(variety[0], path, flaw)
