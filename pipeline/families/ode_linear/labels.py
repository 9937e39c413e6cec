"""The proved labels of an ode_linear solution, from text alone: the run's checks and the rewards share them.

Reading order, which the rendering's chunks follow: the integrating factor (``integrating_factor`` 0),
every step by its position in ``steps`` (``product_form``, ``solve_step`` for an integral, ``homogeneous``,
``variation``), then the initial condition (``initial_condition`` 0) when the answer states one. A label is
``incorrect`` only when its check showed the claim false; anything undecided is ``unverifiable``.
"""

from __future__ import annotations

from pipeline.core.checks import label_record
from pipeline.core.records import StepLabelRecord
from pipeline.families.ode_linear.answers import OdeSolveAnswer, OdeStep
from validators.equivalence import Reason, Verdict, check_antiderivative
from validators.ode import (
    check_homogeneous,
    check_initial_condition,
    check_integrating_factor,
    check_product_form,
    check_variation,
)
from validators.steps import StepLabel, StepVerdict, from_verdict

STEP_KINDS = {
    "product_form": "product_form",
    "integral": "solve_step",
    "homogeneous": "homogeneous",
    "variation": "variation",
}
"""The label kind of each claim of ``OdeStep`` (an integral is a ``solve_step``, as in every family)."""


def ode_label(index: int, verdict: Verdict, wrong: str = "claim_false") -> StepVerdict:
    """A validators.ode verdict as a label: its specific reason (``not_integrating_factor`` ...) is the
    first word of its detail."""
    if verdict.reason is Reason.NOT_EQUIVALENT and ":" in verdict.detail:
        wrong = verdict.detail.split(":", 1)[0]
    return from_verdict(index, verdict, wrong)


def _step_verdict(step: OdeStep, p: str, q: str, variable: str) -> Verdict:
    if step.claim == "product_form":
        return check_product_form(step.expression, step.result, p, q, variable)
    if step.claim == "integral":
        return check_antiderivative(step.result, step.expression, variable)
    if step.claim == "homogeneous":
        return check_homogeneous(step.expression, p, variable)
    return check_variation(step.expression, step.result, p, q, variable)


def initial_condition_label(answer: OdeSolveAnswer, x0: str, y0: str, variable: str) -> StepVerdict:
    """The claim "C = constant gives the particular solution, which is y0 at x0" (unverifiable if the
    problem poses no initial condition: there is nothing to hold it against)."""
    if not x0:
        return StepVerdict(
            index=0, label=StepLabel.UNVERIFIABLE, reason="no_initial_condition_posed", detail=""
        )
    verdict = check_initial_condition(answer.solution, answer.constant, answer.particular, x0, y0, variable)
    return ode_label(0, verdict, "initial_condition_not_met")


def label_solution(
    answer: OdeSolveAnswer, p: str, q: str, x0: str = "", y0: str = "", variable: str = "x"
) -> list[StepLabelRecord]:
    """Every claim of a solve answer, labelled, in reading order."""
    factor = ode_label(0, check_integrating_factor(answer.mu, p, variable), "not_integrating_factor")
    labels = [label_record("integrating_factor", factor)]
    for position, step in enumerate(answer.steps):
        verdict = _step_verdict(step, p, q, variable)
        wrong = "result_not_antiderivative" if step.claim == "integral" else "claim_false"
        labels.append(label_record(STEP_KINDS[step.claim], ode_label(position, verdict, wrong)))
    if states_initial_condition(answer):
        labels.append(label_record("initial_condition", initial_condition_label(answer, x0, y0, variable)))
    return labels


def states_initial_condition(answer: OdeSolveAnswer) -> bool:
    return bool(answer.constant.strip() or answer.particular.strip())
