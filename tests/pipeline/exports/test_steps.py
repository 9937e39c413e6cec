"""Step text a trainer reads as one step, and the label policies after a path's first error."""

from __future__ import annotations

import pytest

from pipeline.exports.labelled import CORRECT, INCORRECT, UNVERIFIABLE, LabelledStep
from pipeline.exports.steps import AfterFirstError, StepOptions, apply_policy, binary_steps, clean_step_text

R, W, U = CORRECT, INCORRECT, UNVERIFIABLE  # right, wrong, undecided


@pytest.mark.parametrize(
    ("text", "tag", "expected"),
    [
        ("Step 1: parts\n∫ (x) dx = x**2/2", None, "Step 1: parts ∫ (x) dx = x**2/2"),
        ("a  \r\n   b", None, "a b"),
        ("a\u2028b\x85c\x0bd", None, "a b c d"),  # every line boundary str.splitlines knows
        ("no break here", None, "no break here"),
        ("u = x ки v = y", "ки", "u = x v = y"),
        ("ends with the tag ки\n", "ки", "ends with the tag"),
        ("<step>x<step>", "<step>", "x"),
    ],
)
def test_a_step_becomes_one_line_without_the_tag(text, tag, expected):
    cleaned = clean_step_text(text, tag)
    assert cleaned == expected
    assert len(cleaned.splitlines()) == 1 and (tag is None or tag not in cleaned)


def steps(*labels: str) -> list[LabelledStep]:
    return [LabelledStep(f"step {i}", label, "why") for i, label in enumerate(labels)]


@pytest.mark.parametrize(
    ("labels", "policy", "expected"),
    [
        # the path of a dropped sign: the parts step is wrong, a later true claim stays true under "label"
        ((R, R, W, R, W), "label", (R, R, W, R, W)),
        ((R, R, W, R, W), "negative", (R, R, W, W, W)),
        ((R, R, W, R, W), "truncate", (R, R, W)),
        ((R, R, R), "negative", (R, R, R)),  # no error: nothing changes
        ((R, R, R), "truncate", (R, R, R)),
        ((W, R), "truncate", (W,)),
    ],
)
def test_the_labels_after_the_first_error_follow_the_policy(labels, policy, expected):
    ruled = apply_policy(steps(*labels), AfterFirstError(policy))
    assert tuple(step.label for step in ruled) == expected
    assert [step.text for step in ruled] == [f"step {i}" for i in range(len(expected))]


@pytest.mark.parametrize(
    ("labels", "policy", "expected", "cut"),
    [
        ((R, U, R), "label", (R,), True),  # nothing after an unverifiable step is claimed either way
        ((R, W, U, R), "label", (R, W), True),
        ((R, W, U, R), "negative", (R, W, W, W), False),  # after an error the path is wrong whatever it says
        ((R, W, U, R), "truncate", (R, W), False),
        ((U, R), "negative", (), True),
    ],
)
def test_only_proved_labels_are_kept(labels, policy, expected, cut):
    kept, was_cut = binary_steps(steps(*labels), AfterFirstError(policy))
    assert tuple(step.label for step in kept) == expected and was_cut is cut


@pytest.mark.parametrize(
    ("tag", "positive", "negative"),
    [
        ("", "+", "-"),
        (" ки", "+", "-"),
        ("a\nb", "+", "-"),
        ("ки", "+", "+"),
        ("ки", "", "-"),
        ("+", "+", "-"),
    ],
)
def test_options_a_trainer_could_not_read_are_refused(tag, positive, negative):
    with pytest.raises(ValueError):
        StepOptions(tag, positive, negative)


def test_each_format_has_its_own_default_policy_unless_one_is_given():
    assert StepOptions().policy("prm") is AfterFirstError.NEGATIVE
    assert StepOptions().policy("prm-stepwise") is AfterFirstError.LABEL
    assert StepOptions().policy("prm800k") is AfterFirstError.TRUNCATE
    given = StepOptions(after_first_error=AfterFirstError.LABEL)
    assert {given.policy(f) for f in ("prm", "prm-stepwise", "prm800k")} == {AfterFirstError.LABEL}
