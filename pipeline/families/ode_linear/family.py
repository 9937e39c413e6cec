"""First-order linear ODEs as a family: derive y' + p*y = q from a solution family, restate it, solve it.

The stages' inputs come from the problem and the earlier stages' parsed answers, never from the truth: the
reverse stage restates the *model's* q, and the solve stage solves the *restated* equation, so a wrong
derivation is caught by the checks (which measure against the sampler's p, q and solution), not hidden.
"""

from __future__ import annotations

from pipeline.core.errors import TeacherError
from pipeline.core.family import Answers, Family, Rendering, StageSpec
from pipeline.core.problem import Problem
from pipeline.families.ode_linear import final, rendering
from pipeline.families.ode_linear.answers import OdeDeriveAnswer, OdeReverseAnswer, OdeSolveAnswer
from pipeline.families.ode_linear.checks import FINAL_CHECK, check_derive, check_reverse, check_solve
from pipeline.families.ode_linear.sampler import OdeSampler, sample_ode_problem
from pipeline.families.ode_linear.teacher import FLAWS, PATHS, teach_derive, teach_reverse, teach_solve


def derive_inputs(problem: Problem, answers: Answers) -> dict[str, str]:
    return {"solution": problem.details.solution, "p": problem.details.p, "variable": problem.variable}


def reverse_inputs(problem: Problem, answers: Answers) -> dict[str, str]:
    details = problem.details
    return {
        "solution": details.solution,
        "p": details.p,
        "q": answers["derive"].q,  # the model's q, never the truth
        "variable": problem.variable,
        "x0": details.x0,
        "y0": details.y0,
    }


def solve_inputs(problem: Problem, answers: Answers) -> dict[str, str]:
    reverse = answers["reverse"]
    return {
        "problem": reverse.problem,
        "p": reverse.p,
        "q": reverse.q,
        "variable": problem.variable,
        "x0": reverse.x0,
        "y0": reverse.y0,
    }


DERIVE = StageSpec(
    "derive",
    OdeDeriveAnswer,
    frozenset({"solution", "p", "variable"}),
    derive_inputs,
    check_derive,
    teach_derive,
)
REVERSE = StageSpec(
    "reverse",
    OdeReverseAnswer,
    frozenset({"solution", "p", "q", "variable", "x0", "y0"}),
    reverse_inputs,
    check_reverse,
    teach_reverse,
)
SOLVE = StageSpec(
    name="solve",
    answer=OdeSolveAnswer,
    variables=frozenset({"problem", "p", "q", "variable", "x0", "y0"}),
    inputs=solve_inputs,
    check=check_solve,
    teach=teach_solve,
    final_check=FINAL_CHECK,
    normalize=final.normalize_final,
    paths=True,
)

FAMILY = Family(
    name="ode_linear",
    templates_dir="prompts/ode_linear",
    stages=(DERIVE, REVERSE, SOLVE),
    sampler_config=OdeSampler,
    sample=sample_ode_problem,
    record_fields=final.record_fields,
    reference_answer=final.reference_answer,
    rendering=Rendering(
        system_prompt=rendering.SYSTEM_PROMPT,
        request=rendering.request,
        solution_text=rendering.solution_text,
        chunks=rendering.chunks,
        final_answer=lambda answer: answer.solution,
        reference=lambda fields: fields["solution"],
        columns=("p", "q", "x0", "y0"),
        verify=final.verify_final,
        score=rendering.score,
        read=rendering.read_answer,
        card_summary=(
            "First-order linear equations y' + p(x)*y = q(x) made by differentiating a chosen solution "
            "family y = (F + C)/mu and eliminating C, solved by an integrating factor or by variation of "
            "parameters; every answer's general solution satisfies the equation for every C and depends on "
            "C (and meets the initial condition when one is posed)."
        ),
        card_title="verified linear-ODE data",
        card_tags=(
            "math",
            "differential-equations",
            "linear-ode",
            "integrating-factor",
            "synthetic",
            "process-supervision",
        ),  # fmt: skip
    ),
    from_function=None,
    paths=PATHS,
    flaws=FLAWS,
    sampling_errors=(TeacherError,),
    problems_version="2026-12-01",
    statement_field="q",
    stats_fields=("p_kind", "form"),
)

__all__ = ["FAMILY"]
