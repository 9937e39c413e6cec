from __future__ import annotations

import pytest

from pipeline.core.errors import TeacherError
from pipeline.families.shared.answers import ReverseAnswer
from pipeline.families.shared.antiderivative import teach_reverse
from tests.pipeline.families.ibp.teacher.mathcheck import make_problem


def write_reverse_answer(problem, derivative: str) -> ReverseAnswer:
    return teach_reverse(problem, {"derivative": derivative}, None, None)


def test_the_derivative_becomes_the_integrand_verbatim():
    problem = make_problem("x**2", "sin(exp(x**2))")
    answer = write_reverse_answer(problem, "  2*x*sin(exp(x**2)) + 2*x**3*exp(x**2)*cos(exp(x**2))\n")

    assert answer.integrand == "2*x*sin(exp(x**2)) + 2*x**3*exp(x**2)*cos(exp(x**2))"
    assert answer.problem.startswith("Find the antiderivative of g(x) = 2*x*sin(exp(x**2))")
    assert ReverseAnswer.model_validate_json(answer.model_dump_json()) == answer


def test_untrusted_text_is_only_copied_never_evaluated():
    hostile = "__import__('os').system('echo hi')"
    assert write_reverse_answer(make_problem("x", "exp(x)"), hostile).integrand == hostile


def test_an_empty_derivative_is_refused_by_name():
    with pytest.raises(TeacherError) as caught:
        write_reverse_answer(make_problem("x", "exp(x)"), "   ")
    assert caught.value.kind == "missing_derivative"
