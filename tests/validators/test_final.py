"""A final answer must be closed form: an unfinished integral differentiates back too, but solves nothing."""

from validators.final import check_final_antiderivative


def test_a_closed_form_answer_is_verified():
    assert check_final_antiderivative("x*exp(x) - exp(x) + C", "x*exp(x)").ok


def test_an_answer_that_only_restates_the_integral_is_refused():
    verdict = check_final_antiderivative("Integral(x*exp(x), x) + C", "x*exp(x)")
    assert not verdict.ok and "unevaluated" in verdict.detail


def test_an_unfinished_parts_step_is_not_a_final_answer():
    assert not check_final_antiderivative("x*exp(x) - Integral(exp(x), x)", "x*exp(x)").ok


def test_unparsable_and_wrong_answers_say_why():
    assert check_final_antiderivative("exp(x", "exp(x)").reason == "parse_error"
    assert check_final_antiderivative("x*exp(x) + C", "x*exp(x)").reason == "not_equivalent"
