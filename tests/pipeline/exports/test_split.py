"""The train/test split: by problem, deterministic, never one problem on both sides."""

from __future__ import annotations

import pytest

from pipeline.core.records import AcceptedRecord, StageRecord
from pipeline.exports.split import problem_key, split_by_problem
from pipeline.rewards.paths import ProblemPaths


def record(index: int, integrand: str) -> ProblemPaths:
    stage = StageRecord(stage="solve", template="solve.j2", provider="symbolic", model="m", prompt=[])
    return ProblemPaths.of_accepted(AcceptedRecord(
        id=f"r{index}", index=index, seed=index, run_seed=0, family="ibp", construction="product_reversal",
        difficulty="easy", variable="x", integrand=integrand, antiderivative="F", problem="p", f="f", u="u",
        v="v", rabbit="", stages={"solve": stage},
    ))  # fmt: skip


RECORDS = [record(i, f"{i % 37}*x*exp(x)") for i in range(100)]  # 37 problems, most drawn several times


def test_no_problem_is_on_both_sides():
    sides = split_by_problem(RECORDS, 0.2, seed=3)
    train = {problem_key(r) for r in RECORDS if sides[r.id] == "train"}
    test = {problem_key(r) for r in RECORDS if sides[r.id] == "test"}
    assert train and test and not train & test
    assert len(test) == round(37 * 0.2)


def test_the_split_depends_on_the_seed_and_the_data_but_not_on_record_order():
    first = split_by_problem(RECORDS, 0.2, seed=3)
    assert split_by_problem(list(reversed(RECORDS)), 0.2, seed=3) == first
    assert split_by_problem(RECORDS, 0.2, seed=4) != first


def test_a_positive_fraction_always_leaves_both_sides_non_empty():
    sides = split_by_problem(RECORDS[:2], 0.01)
    assert sorted(sides.values()) == ["test", "train"]
    assert set(split_by_problem(RECORDS[:1], 0.5).values()) == {"train"}
    assert set(split_by_problem(RECORDS, 0.0).values()) == {"train"}


def test_a_fraction_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="test_fraction"):
        split_by_problem(RECORDS, 1.0)
