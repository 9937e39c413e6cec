"""Solution paths per problem: the correct ones first, the planted flaws rotating over problems."""

from pipeline.run.path_plans import plan_paths

PATHS, FLAWS = ("product_reversal", "liate"), ("wrong_du", "dropped_sign", "wrong_v")


def test_four_paths_with_one_flawed():
    plans = plan_paths(4, 1, PATHS, FLAWS)
    assert [(p.index, p.path, p.flaw) for p in plans] == [
        (0, "product_reversal", None),
        (1, "liate", None),
        (2, "product_reversal", None),
        (3, "product_reversal", "wrong_du"),
    ]
    assert plans[3].teacher_inputs() == {"solve_path": "product_reversal", "solve_flaw": "wrong_du"}


def test_flaws_rotate_with_the_problem_index():
    planted = {plan_paths(2, 1, PATHS, FLAWS, offset=i)[1].flaw for i in range(3)}
    assert planted == set(FLAWS)
