"""The substitution family end to end: a second family with its own sampler, schema, teacher and checks."""

import json

import sympy

from pipeline.families.substitution.checks import check_substitution_solve
from pipeline.families.substitution.sampler import sample_substitution_problem
from pipeline.families.substitution.teacher import write_substitution_answer
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from validators.equivalence import check_antiderivative
from validators.substitution import label_substitution


def test_substitution_problems_are_chain_rule_reversals():
    for index in range(30):
        problem = sample_substitution_problem(7, index)
        x, w = sympy.Symbol("x"), sympy.Symbol("w")
        # our own strings, not model text
        phi, outer = sympy.sympify(problem.details.inner), sympy.sympify(problem.details.outer)
        assert (
            sympy.simplify(sympy.diff(outer.subs(w, phi), x) - sympy.sympify(problem.details.integrand)) == 0
        )
        assert problem == sample_substitution_problem(7, index)


def test_teacher_answer_passes_and_each_flaw_is_caught_where_it_enters():
    problem = sample_substitution_problem(3, 0)
    good = check_substitution_solve(write_substitution_answer(problem), problem)
    assert good.failure is None and all(label.label == "correct" for label in good.step_labels)
    wrong_dw = check_substitution_solve(write_substitution_answer(problem, flaw="wrong_dw"), problem)
    assert wrong_dw.first_error_step == 0 and wrong_dw.step_labels[0].reason == "dw_not_derivative_of_w"
    wrong_outer = check_substitution_solve(write_substitution_answer(problem, flaw="wrong_outer"), problem)
    assert wrong_outer.step_labels[2].reason == "H_not_antiderivative_of_h"
    assert not wrong_outer.checks[0].ok


def test_label_substitution_on_a_textbook_example():
    labels = label_substitution("x**2 + 1", "2*x", "cos(w)", "sin(w)", "2*x*cos(x**2 + 1)")
    assert [label.label for label in labels] == ["correct", "correct", "correct"]
    lost_factor = label_substitution("x**2 + 1", "2*x", "cos(w)/2", "sin(w)/2", "2*x*cos(x**2 + 1)")
    assert [label.label for label in lost_factor] == ["correct", "incorrect", "correct"]
    assert lost_factor[1].reason == "rewrite_not_integrand"


async def test_substitution_config_runs_offline_with_flawed_negatives(write_config):
    loaded = load_run(write_config("configs/substitution.yaml", count=4))
    summary = await run_dataset(loaded)
    assert summary.accepted == 4
    for line in (loaded.output_dir / "accepted.jsonl").read_text().splitlines():
        record = json.loads(line)
        assert record["family"] == "substitution"
        assert check_antiderivative(record["antiderivative"], record["integrand"]).ok
        correct, flawed = record["solutions"]
        assert correct["correct"] and correct["flaw"] is None
        assert not flawed["correct"] and flawed["flaw"] and flawed["first_error_step"] is not None
