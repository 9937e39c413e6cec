"""pass@k and the group figures, against numbers worked out by hand."""

from math import comb

import pytest

from pipeline.eval.report import EvalSample, group_stats, pass_at_k


def _sample(correct: bool, labels: tuple[str, ...] = (), j: int = 0) -> EvalSample:
    return EvalSample(
        key="k", sample=j, problem="p", construction="c", difficulty="d", correct=correct,
        accepted=correct, step_labels=list(labels),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("n", "c", "k", "expected"), [(5, 2, 2, 0.7), (5, 0, 3, 0.0), (4, 4, 1, 1.0), (3, 1, 3, 1.0)]
)
def test_pass_at_k_is_the_codex_estimator(n, c, k, expected):
    assert pass_at_k(n, c, k) == pytest.approx(expected)
    assert pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k))


def test_pass_at_1_is_the_share_correct():
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)


def test_pass_at_k_refuses_k_above_n():
    with pytest.raises(ValueError):
        pass_at_k(2, 1, 3)


def test_group_stats_average_per_problem_and_count_steps():
    first = [_sample(True, ("correct", "correct"), 0), _sample(False, ("correct", "incorrect"), 1)]
    second = [_sample(False, ("unverifiable",), 0), _sample(False, (), 1)]
    stats = group_stats([first, second], k=2)
    assert (stats.problems, stats.samples, stats.correct) == (2, 4, 1)
    assert stats.pass_at_1 == pytest.approx((1 / 2 + 0) / 2)
    assert stats.pass_at_k == pytest.approx((1 + 0) / 2)
    assert (stats.steps_checked, stats.steps_correct, stats.steps_incorrect, stats.steps_unverifiable) == (
        5,
        3,
        1,
        1,
    )
    assert stats.step_validity == pytest.approx(3 / 5)


def test_a_problem_short_of_k_answers_has_no_pass_at_k():
    stats = group_stats([[_sample(True)], [_sample(False), _sample(False, j=1)]], k=2)
    assert stats.pass_at_k_problems == 1 and stats.pass_at_k == 0.0
    assert stats.pass_at_1 == pytest.approx(0.5)  # both problems count for pass@1
