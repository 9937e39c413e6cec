"""Substitution (chain-rule reversal), as a family: the integral of h(phi(x))*phi'(x) dx by w = phi(x)."""

from __future__ import annotations

from pipeline.core.errors import TeacherError
from pipeline.core.family import Chunk, Family, Rendering
from pipeline.families.shared import antiderivative as integral
from pipeline.families.substitution import rendering
from pipeline.families.substitution.answers import SubstitutionSolveAnswer
from pipeline.families.substitution.checks import check_substitution_solve
from pipeline.families.substitution.from_function import problem_from_function
from pipeline.families.substitution.sampler import SubstitutionSampler, sample_substitution_problem
from pipeline.families.substitution.teacher import FLAWS, teach_derive, teach_solve

SOLVE = integral.solve_stage(SubstitutionSolveAnswer, check_substitution_solve, teach_solve)

FAMILY = Family(
    name="substitution",
    templates_dir="prompts/substitution",
    stages=(integral.derive_stage(teach_derive), integral.reverse_stage(), SOLVE),
    sampler_config=SubstitutionSampler,
    sample=sample_substitution_problem,
    record_fields=lambda problem, answers, solution, final: {
        **integral.record_fields(problem, answers, solution, final),
        "inner": problem.details.inner,
        "outer": problem.details.outer,
    },
    reference_answer=integral.reference_answer,
    rendering=Rendering(
        system_prompt=rendering.SYSTEM_PROMPT,
        request=rendering.request,
        solution_text=rendering.solution_text,
        chunks=rendering.chunks,
        final_answer=lambda answer: answer.antiderivative,
        reference=lambda fields: fields["antiderivative"],
        columns=("integrand", "variable"),
        verify=integral.verify_final,
        score=rendering.score,
        read=rendering.read_answer,
        card_summary=(
            "Integrals of h(phi(x))*phi'(x) made by differentiating H(phi(x)), solved by the substitution "
            "w = phi(x); every answer's antiderivative differentiates back to the integrand."
        ),
        card_title="verified integration-by-substitution data",
        card_tags=("math", "calculus", "integration-by-substitution", "synthetic", "process-supervision"),
    ),
    from_function=problem_from_function,
    paths=("substitution",),
    flaws=FLAWS,
    sampling_errors=(TeacherError,),
    problems_version="2026-11-28",  # canonical forms and splits recorded
)

__all__ = ["FAMILY", "Chunk"]
