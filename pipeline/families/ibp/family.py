"""Integration by parts, as a family: its stages, sampler, teacher and rendering, as data.

derive (f to g, the product rule for product reversals) -> reverse (g as an integration problem) -> solve
(by parts, the rabbit named, every choice and step a checkable claim), solved along the teacher's paths.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from pipeline.core.errors import TeacherError
from pipeline.core.family import Family
from pipeline.core.problem import Problem
from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.ibp.checks import check_solve
from pipeline.families.ibp.from_function import problem_from_function
from pipeline.families.ibp.generator.hardness import measure_needs_parts
from pipeline.families.ibp.generator.known import KnownIntegralError
from pipeline.families.ibp.generator.settings import GeneratorConfig
from pipeline.families.ibp.rendering import RENDERING
from pipeline.families.ibp.sampler import SamplingError, sample_problem
from pipeline.families.ibp.teacher import Flaw, SolvePath, write_derive_answer, write_solve_answer
from pipeline.families.shared import antiderivative as integral


def teach_derive(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> BaseModel:
    return write_derive_answer(problem)


def teach_solve(problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None) -> BaseModel:
    return write_solve_answer(problem, path=path or SolvePath.PRODUCT_REVERSAL.value, flaw=flaw)


SOLVE = integral.solve_stage(SolveAnswer, check_solve, teach_solve)

FAMILY = Family(
    name="ibp",
    templates_dir="prompts/ibp",
    stages=(integral.derive_stage(teach_derive), integral.reverse_stage(), SOLVE),
    sampler_config=GeneratorConfig,
    sample=sample_problem,
    record_fields=lambda problem, answers, solution, final: {
        **integral.record_fields(problem, answers, solution, final),
        "u": problem.details.u,
        "v": problem.details.v,
    },
    reference_answer=integral.reference_answer,
    rendering=RENDERING,
    from_function=problem_from_function,
    paths=tuple(p.value for p in SolvePath),
    flaws=tuple(f.value for f in Flaw),
    sampling_errors=(SamplingError, KnownIntegralError, TeacherError),
    statement_field="integrand",
    stats_fields=("parts_applications",),
    hardness=measure_needs_parts,
    # diverser easy levels, change of variable on known integrals. The draws of the default
    # ``sampler.problems_version`` (generator/settings.py: ProblemsVersion); a config that picks another
    # version has another sampler section, hence another fingerprint.
    problems_version="2026-11-28",
)
