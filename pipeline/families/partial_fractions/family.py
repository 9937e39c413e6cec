"""Partial fractions, as a family: integrals of rational functions built from a chosen decomposition.

derive (differentiate f = sum of logs, powers, atans and a polynomial: the easy direction, which ends by
combining the partial fractions into one rational function g) -> reverse (g as an integration problem) ->
solve (factor, divide, decompose, integrate term by term), solved along the teacher's two paths.
"""

from __future__ import annotations

from pipeline.core.errors import TeacherError
from pipeline.core.family import Family, Rendering
from pipeline.families.partial_fractions import rendering
from pipeline.families.partial_fractions.answers import PartialFractionsSolveAnswer
from pipeline.families.partial_fractions.checks import check_partial_fractions_solve
from pipeline.families.partial_fractions.sampler import (
    PartialFractionsSampler,
    details_of,
    sample_partial_fractions_problem,
)
from pipeline.families.partial_fractions.teacher import FLAWS, PATHS, teach_derive, teach_solve
from pipeline.families.shared import antiderivative as integral

SOLVE = integral.solve_stage(PartialFractionsSolveAnswer, check_partial_fractions_solve, teach_solve)


def record_fields(problem, answers, solution, final) -> dict[str, object]:
    """The integral and its answer (shared), plus the decomposition g was built from."""
    details = details_of(problem)
    return {
        **integral.record_fields(problem, answers, solution, final),
        "decomposition": list(details.terms),
        "polynomial_part": details.polynomial_part,
        "denominator": details.denominator,
    }


FAMILY = Family(
    name="partial_fractions",
    templates_dir="prompts/partial_fractions",
    stages=(integral.derive_stage(teach_derive), integral.reverse_stage(), SOLVE),
    sampler_config=PartialFractionsSampler,
    sample=sample_partial_fractions_problem,
    record_fields=record_fields,
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
            "Integrals of rational functions made by combining a chosen partial-fraction decomposition "
            "(distinct and repeated linear factors, irreducible quadratics, a polynomial part) into one "
            "fraction, solved by decomposing it again and integrating each term to a log, a power or an "
            "atan; every decomposition was recombined and every answer's antiderivative differentiates "
            "back to the integrand."
        ),
        card_title="verified partial-fractions integration data",
        card_tags=(
            "math",
            "calculus",
            "partial-fractions",
            "integration",
            "synthetic",
            "process-supervision",
        ),
    ),
    paths=PATHS,
    flaws=FLAWS,
    sampling_errors=(TeacherError,),
    problems_version="2026-12-01",
    statement_field="integrand",
    stats_fields=("factor_kinds", "improper"),
)
