"""Step labels: every step is judged alone, and each failed condition is named."""

from __future__ import annotations

from validators.steps import (
    StepLabel,
    StepVerdict,
    first_error,
    label_derive_steps,
    label_solve_steps,
)

CORRECT, INCORRECT, UNVERIFIABLE = StepLabel.CORRECT, StepLabel.INCORRECT, StepLabel.UNVERIFIABLE


def labels(verdicts: list[StepVerdict]) -> list[StepLabel]:
    return [v.label for v in verdicts]


def test_derive_steps_are_labelled_one_by_one():
    verdicts = label_derive_steps(
        [
            ("x**2*sin(x)", "2*x*sin(x) + x**2*cos(x)"),  # product rule
            ("sin(exp(x))", "-cos(exp(x))*exp(x)"),  # chain rule with a sign slip
            ("exp(x**2)", "2*x*exp(x**2)"),
        ]
    )
    assert labels(verdicts) == [CORRECT, INCORRECT, CORRECT]
    assert [v.index for v in verdicts] == [0, 1, 2]
    assert verdicts[1].reason == "derivative_wrong"
    assert "point" in verdicts[1].detail


def test_unparsable_step_is_unverifiable_with_the_parse_reason():
    (verdict,) = label_derive_steps([("x +* 1", "1")])
    assert verdict.label is UNVERIFIABLE
    assert verdict.reason == "parse_error:syntax"


def test_first_error_is_the_first_incorrect_step_not_the_first_unverifiable_one():
    verdicts = label_derive_steps([("x**2", "2*x"), ("x +* 1", "1"), ("x**3", "3*x"), ("x", "2")])
    assert labels(verdicts) == [CORRECT, UNVERIFIABLE, INCORRECT, INCORRECT]
    assert first_error(verdicts) == 2
    assert first_error(verdicts[:2]) is None


def test_solve_steps_may_keep_unfinished_integrals():
    verdicts = label_solve_steps(
        [
            ("x*exp(x)", "x*exp(x) - Integral(exp(x), x)"),
            ("exp(x)", "exp(x) + C"),
            (
                "x*cos(x)",
                "x*sin(x) + Integral(sin(x), x)",
            ),  # sign error: it is x*sin(x) - Integral(sin(x), x)
        ]
    )
    assert labels(verdicts) == [CORRECT, CORRECT, INCORRECT]
    assert verdicts[2].reason == "result_not_antiderivative"


def test_a_step_the_checker_cannot_evaluate_is_unverifiable():
    # d/dx of x*Integral(..) leaves the Integral itself, which has no value to compare.
    (verdict,) = label_solve_steps([("x*exp(x**2)", "x*Integral(exp(x**2), x)")])
    assert (verdict.label, verdict.reason) == (UNVERIFIABLE, "unsupported")
