"""Rewards: the formulas, the solution text layout, the proofs behind them, and the TRL call convention."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.exports.source import read_dataset
from pipeline.families.ibp.details import ibp_problem
from pipeline.families.ibp.solution_text import read_solution, render_solution
from pipeline.families.ibp.teacher import write_solve_answer
from pipeline.families.shared.text import has_constant_of_integration
from pipeline.rewards import (
    RewardComponents,
    RewardWeights,
    combine,
    combined_reward,
    compressed_size,
    configure_rewards,
    correctness_reward,
    efficiency_reward,
    efficiency_scores,
    format_reward,
    make_combined_reward,
    score_paths,
    step_validity,
    step_validity_reward,
)
from pipeline.rewards.scoring import score_completion, verify_final
from pipeline.rewards.trl import MissingColumns
from tests.pipeline.exports.multipath import multipath_dataset

PROBLEM = ibp_problem(
    index=0,
    seed=0,
    construction="product_reversal",
    f="x**2*exp(x)",
    integrand="x**2*exp(x) + 2*x*exp(x)",
    u="x**2",
    v="exp(x)",
    rabbit="",
)
G = PROBLEM.details.integrand


def score_solution(text: str, integrand: str, variable: str = "x", with_steps: bool = True):
    return score_completion("ibp", text, {"integrand": integrand, "variable": variable}, with_steps)


def verify_final_answer(answer: str, integrand: str, variable: str = "x"):
    return verify_final("ibp", answer, {"integrand": integrand, "variable": variable})


def solution(path: str = "product_reversal", flaw: str | None = None) -> str:
    return render_solution(write_solve_answer(PROBLEM, path, flaw), "x")


# --- the formulas ---------------------------------------------------------------------------------------


def test_weights_under_which_an_incorrect_answer_could_win_are_refused():
    with pytest.raises(ValueError, match="must exceed"):
        RewardWeights(correctness=0.3, step_validity=0.2, format=0.1)
    RewardWeights(correctness=0.31, step_validity=0.2, format=0.1, efficiency=5.0)  # efficiency may be large


unit = st.floats(min_value=0, max_value=1)


@given(
    weights=st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10)),
    margin=st.floats(0.01, 10),
    correct=st.tuples(unit, unit, unit),
    incorrect=st.tuples(unit, unit),
)
def test_every_correct_solution_outscores_every_incorrect_one(weights, margin, correct, incorrect):
    steps, fmt, eff = weights
    w = RewardWeights(correctness=steps + fmt + margin, step_validity=steps, format=fmt, efficiency=eff)
    worst_correct = RewardComponents(
        correctness=1, step_validity=correct[0], format=correct[1], efficiency=correct[2]
    )
    best_incorrect = RewardComponents(
        correctness=0, step_validity=incorrect[0], format=incorrect[1], efficiency=0
    )
    assert combine(worst_correct, w) > combine(best_incorrect, w)


def test_efficiency_is_compared_among_correct_solutions_of_the_same_problem_only():
    sizes = [100, 200, 50, 400, 80]
    correct = [True, True, False, True, True]
    groups = ["a", "a", "a", "b", "b"]
    # the 50-byte answer is wrong: it neither scores nor sets the bar; group b has its own shortest
    assert efficiency_scores(sizes, correct, groups) == [1.0, 0.5, 0.0, 0.2, 1.0]


def test_an_incorrect_solution_can_never_be_given_efficiency():
    with pytest.raises(ValueError, match="only ever awarded"):
        RewardComponents(correctness=0, step_validity=1, format=1, efficiency=0.5)


def test_compressed_size_grows_with_content_not_with_repetition():
    base = "Step 1: integrate by parts. "
    assert compressed_size(base * 50) < compressed_size(base) * 5
    assert compressed_size(base * 50, "lzma") < len((base * 50).encode())


def test_step_validity_counts_nothing_after_the_first_error():
    assert step_validity(["correct"] * 4) == 1.0
    assert step_validity(["correct", "correct", "incorrect", "correct"]) == 0.5
    assert step_validity(["incorrect", "correct", "correct", "correct"]) == 0.0
    assert step_validity(["correct", "unverifiable"]) == 0.5
    assert step_validity([]) == 0.0


@pytest.mark.parametrize(
    ("answer", "has"),
    [("x**2 + C", True), ("x**2+c1", True), ("x**2", False), ("x + 2*C", False), ("C", False)],
)
def test_constant_of_integration(answer, has):
    assert has_constant_of_integration(answer) is has


# --- the text layout ------------------------------------------------------------------------------------


def test_the_text_layout_reads_back_to_the_same_answer():
    answer = write_solve_answer(PROBLEM, "liate")
    read = read_solution(render_solution(answer, "x"), "x")
    assert read.layout == "text"
    assert read.parts == answer.parts
    assert [(s.explanation, s.result) for s in read.steps] == [
        (s.explanation, s.result) for s in answer.steps
    ]
    assert [s.integrand for s in read.steps] == [f"({s.integrand})" for s in answer.steps]
    assert read.antiderivative == answer.antiderivative


def test_json_answers_and_boxed_answers_are_read_too():
    answer = write_solve_answer(PROBLEM)
    assert read_solution(f"Here it is:\n```json\n{answer.model_dump_json()}\n```").layout == "json"
    boxed = read_solution(r"so the result is \boxed{x^{2} e^{x} + C}.")
    assert (boxed.layout, boxed.antiderivative) == ("answer_only", "x^{2} e^{x} + C")


@pytest.mark.parametrize("junk", ["", "no answer here", None, 42, "{" * 50_000, "Answer:", "∫ = =" * 1000])
def test_junk_is_read_as_no_solution(junk):
    assert read_solution(junk).antiderivative is None


# --- the proofs -----------------------------------------------------------------------------------------


def test_a_correct_solution_is_proved_step_by_step():
    score = score_solution(solution(), G, "x")
    assert score.correct and score.layout == "text" and score.answer_form
    assert score.step_labels == ["correct"] * 4


def test_a_flawed_solution_has_its_first_error_where_the_flaw_was_planted():
    score = score_solution(solution("product_reversal", "wrong_du"), G, "x")
    assert not score.correct
    assert score.step_labels[0] == "incorrect"  # the parts choice: du is not u'
    score = score_solution(solution("liate", "dropped_sign"), G, "x")
    assert score.step_labels[:3] == ["correct", "correct", "incorrect"]  # the parts step itself


def test_an_unfinished_integral_is_not_an_antiderivative():
    # Its derivative is the integrand by definition, so a bare derivative-back check would accept it.
    verdict = verify_final_answer(f"Integral({G}, x) + C", G, "x")
    assert not verdict.ok and verdict.reason == "unevaluated_integral"
    assert verify_final_answer("x**2*exp(x) + C", G, "x").ok
    assert verify_final_answer("x**2*exp(x) + x + C", G, "x").reason == "not_equivalent"
    assert verify_final_answer("__import__('os')", G, "x").reason.startswith("parse_error")


def test_dataset_paths_are_scored_from_their_proved_labels():
    folder = read_dataset(multipath_dataset())
    for record in folder.accepted:
        rewards = score_paths(record)
        correct = [r for r in rewards if r.correct]
        incorrect = [r for r in rewards if not r.correct]
        assert {r.path for r in correct} == {"product_reversal", "liate"}
        assert {r.flaw for r in incorrect} == {"wrong_du", "dropped_sign", "wrong_v"}
        assert min(r.reward for r in correct) > max(r.reward for r in incorrect)
        assert max(r.components.efficiency for r in correct) == 1.0
        assert all(r.components.efficiency == 0 for r in incorrect)


# --- TRL ------------------------------------------------------------------------------------------------


def grpo_trainer_call(
    reward_func, dataset_rows: list[dict], completions: list, num_generations: int
) -> list[float]:
    """What TRL's GRPOTrainer does: repeat each row per generation, pass its columns as kwargs."""
    inputs = [row for row in dataset_rows for _ in range(num_generations)]
    prompts = [row["prompt"] for row in inputs]
    keys = [key for key in inputs[0] if key not in ("prompt", "completion")]
    reward_kwargs = {key: [row[key] for row in inputs] for key in keys}
    output = reward_func(
        prompts=prompts,
        completions=completions,
        completion_ids=[[0, 1, 2]] * len(completions),
        trainer_state=None,
        **reward_kwargs,
    )
    return [reward if reward is not None else math.nan for reward in output]


@pytest.fixture(scope="module")
def grpo_rows(tmp_path_factory):
    from datasets import load_dataset

    from pipeline.exports import export_dataset

    out = tmp_path_factory.mktemp("grpo")
    export_dataset(multipath_dataset(), "grpo", out, test_fraction=0.0)
    return list(load_dataset("json", data_files=str(out / "train.jsonl"), split="train"))[:2]


def test_reward_functions_score_a_grpo_batch_the_way_trl_calls_them(grpo_rows):
    from pipeline.exports.source import read_dataset
    from pipeline.rewards.paths import solution_paths, solution_text

    by_id = {r.id: r for r in read_dataset(multipath_dataset()).accepted}
    completions, expected_correct = [], []
    for row in grpo_rows:  # 4 generations per prompt: two correct paths, a flawed one, junk
        paths = solution_paths(by_id[row["problem_id"]])
        texts = [solution_text("ibp", p, "x") for p in paths[:3]] + ["I think it is x."]
        completions += [[{"role": "assistant", "content": text}] for text in texts]
        expected_correct += [1.0, 1.0, 0.0, 0.0]

    assert grpo_trainer_call(correctness_reward, grpo_rows, completions, 4) == expected_correct
    validity = grpo_trainer_call(step_validity_reward, grpo_rows, completions, 4)
    assert validity[:2] == [1.0, 1.0] and validity[2] < 1.0 and validity[3] == 0.0
    assert grpo_trainer_call(format_reward, grpo_rows, completions, 4)[3] == 0.0
    efficiency = grpo_trainer_call(efficiency_reward, grpo_rows, completions, 4)
    assert max(efficiency[:2]) == 1.0 and 0 < min(efficiency[:2]) <= 1.0 and efficiency[2:4] == [0.0, 0.0]
    combined = grpo_trainer_call(combined_reward, grpo_rows, completions, 4)
    for group in range(len(grpo_rows)):
        good, bad = combined[4 * group : 4 * group + 2], combined[4 * group + 2 : 4 * group + 4]
        assert min(good) > max(bad)
    strict = make_combined_reward(RewardWeights(correctness=1, step_validity=0, format=0, efficiency=0))
    assert grpo_trainer_call(strict, grpo_rows, completions, 4) == expected_correct
    assert correctness_reward.__name__ == "correctness_reward"  # TRL logs rewards under this name


REWARDS = (correctness_reward, step_validity_reward, format_reward, efficiency_reward, combined_reward)


def test_reward_functions_never_raise_on_bad_completions(grpo_rows):
    odd = [None, 7, {"content": None}, [{"role": "assistant"}], ""]
    kwargs = {"integrand": [grpo_rows[0]["integrand"]] * len(odd)}
    for reward in REWARDS:
        assert reward(prompts=[""] * len(odd), completions=odd, **kwargs) == [0.0] * len(odd)
        assert reward(prompts=[], completions=[]) == []


@pytest.mark.parametrize("reward", REWARDS, ids=lambda r: r.__name__)
def test_a_batch_without_the_columns_the_check_reads_is_an_error_naming_them(reward):
    """Scoring 0 without a word when a trainer dropped the columns would make a run learn nothing."""
    with pytest.raises(MissingColumns, match=r"\['integrand'\].*remove_unused_columns=False"):
        reward(prompts=["p"], completions=["Answer: x + C"], problem_id=["a"])
    with pytest.raises(MissingColumns, match=r"\['q', 'x0', 'y0'\]"):
        reward(prompts=["p"], completions=["Answer: x + C"], family=["ode_linear"], p=["1"])


# A LaTeX product of 400 factors: the LaTeX converter alone takes seconds on it, far past the limits below.
SLOW = "Answer: " + r"x \sin(x) " * 350 + "+ C"  # long to convert and check: past 0.2 s


@pytest.mark.parametrize(
    "limit", [{"timeout_s": 0.2}, {"batch_timeout_s": 0.2}], ids=["per_check", "per_batch"]
)
def test_a_check_stopped_by_its_time_limit_scores_zero(limit):
    try:
        configure_rewards(**limit)
        assert combined_reward(prompts=["p", "p"], completions=[SLOW, SLOW], integrand=[G, G]) == [0.0, 0.0]
    finally:
        configure_rewards(timeout_s=30.0, batch_timeout_s=300.0)
