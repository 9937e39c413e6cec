from __future__ import annotations

from collections import Counter

from pipeline.families.shared.splits import assign_split, split_by_canonical

FRACTIONS = {"train": 0.8, "validation": 0.1, "test": 0.1}


def test_a_canonical_integrand_always_gets_the_same_split():
    assert assign_split("x*exp(x)", FRACTIONS) == assign_split("x*exp(x)", FRACTIONS)


def test_splits_follow_the_fractions():
    counts = Counter(assign_split(f"x**{n}*exp(x)", FRACTIONS) for n in range(4000))
    assert 3000 < counts["train"] < 3400
    assert 300 < counts["validation"] < 500 and 300 < counts["test"] < 500


def test_no_canonical_integrand_is_in_two_splits():
    items = [(i, f"x**{i % 50}*sin(x)") for i in range(400)]  # each form appears 8 times
    groups = split_by_canonical(items, lambda item: item[1], FRACTIONS)
    where = {}
    for split, members in groups.items():
        for _, canonical in members:
            assert where.setdefault(canonical, split) == split


def test_a_zero_fraction_split_stays_empty():
    counts = Counter(assign_split(str(n), {"train": 1.0, "validation": 0.0, "test": 0.0}) for n in range(200))
    assert counts == {"train": 200}
