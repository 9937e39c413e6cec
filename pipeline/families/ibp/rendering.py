"""How integration-by-parts records read as text: the request, the solution layout, its labelled chunks,
and how a completion in that layout is scored (exports, rewards and the dataset card ask for these)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.core.family import Chunk, Rendering
from pipeline.core.scoring import ReadAnswer, SolutionScore
from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.ibp.solution_text import parts_line, read_solution, render_solution
from pipeline.families.shared.antiderivative import verify_final
from pipeline.families.shared.text import answer_line, has_constant_of_integration, step_lines
from validators.solution_labels import label_solution

SYSTEM_PROMPT = (
    "You are a careful calculus tutor. You solve integrals by integration by parts and write every step as "
    "a claim that can be checked on its own, with all math in SymPy syntax."
)

LAYOUT_INSTRUCTIONS = (
    'Name the key insight first ("Key insight: ..."). Give each integration by parts as '
    '"Parts n: u = ...; dv = ... d{x}; du = ... d{x}; v = ...". Write each step as "Step n: <explanation>" '
    'followed by a line "∫ (<integrand>) d{x} = <result>", keeping integrals not yet done as '
    'Integral(h, {x}). End with "Answer: <antiderivative> + C".'
)


def request(fields: Mapping[str, Any]) -> str:
    """The user's request: the problem as the reverse stage stated it, and the layout to answer in."""
    x = fields["variable"]
    statement = str(fields.get("problem") or "").strip()
    if fields["integrand"] not in statement:  # the reverse stage's wording may describe g without writing it
        statement += f"\n\nThe integrand is g({x}) = {fields['integrand']}."
    return f"{statement.strip()}\n\nSolve it by integration by parts. " + LAYOUT_INSTRUCTIONS.format(x=x)


def chunks(answer: SolveAnswer, variable: str) -> list[Chunk]:
    """Every parts choice, every step, then the final answer: the reading order of ``check_solve``.

    A change of variable stated in a step's explanation is part of that step's text, so its label counts
    for the step (a wrong dt = ... makes the step wrong, an unchecked one leaves it unchecked)."""
    found = [Chunk(parts_line(i, part, variable), "parts", i) for i, part in enumerate(answer.parts)]
    found += [
        Chunk(step_lines(j, step, variable), "solve_step", j, also=(("substitution", j),))
        for j, step in enumerate(answer.steps)
    ]
    return [*found, Chunk(answer_line(answer.antiderivative), "final")]


def score(text: str, columns: Mapping[str, str], with_steps: bool) -> SolutionScore:
    """Read a completion (JSON answer or text layout), check its final answer, label its claims."""
    variable = columns.get("variable") or "x"
    solution = read_solution(text, variable)
    result = SolutionScore(layout=solution.layout, answer_found=solution.antiderivative is not None)
    if solution.antiderivative is not None:
        final = verify_final(solution.antiderivative, columns)
        result.answer_parses, result.correct, result.final_reason = final.parses, final.ok, final.reason
        result.answer_form = has_constant_of_integration(solution.antiderivative)
    if with_steps:
        result.steps_checked = True
        if solution.has_process:  # the same labels, in the same order, as check_solve gives a stage answer
            claims = label_solution(
                columns["integrand"],
                [(p.u, p.dv, p.du, p.v) for p in solution.parts],
                [(s.explanation, s.integrand, s.result) for s in solution.steps],
                variable,
                other_texts=[solution.rabbit, *solution.unread_text],
            )
            result.step_labels = [str(claim.verdict.label) for claim in claims]
    return result


def read(text: str, variable: str) -> ReadAnswer:
    """Layout and final answer of a completion, by plain reading."""
    solution = read_solution(text, variable)
    final = solution.antiderivative
    return ReadAnswer(
        layout=solution.layout, final_answer=final, answer_form=has_constant_of_integration(final)
    )


RENDERING = Rendering(
    system_prompt=SYSTEM_PROMPT,
    request=request,
    solution_text=render_solution,
    chunks=chunks,
    final_answer=lambda answer: answer.antiderivative,
    reference=lambda fields: fields["antiderivative"],
    columns=("integrand", "variable"),
    verify=verify_final,
    score=score,
    read=read,
    card_summary=(
        "Integrals made by the reverse process (differentiate f, ask for the integral of f') that need "
        "integration by parts; every answer's antiderivative differentiates back to the integrand."
    ),
    card_title="verified integration-by-parts data",
    card_tags=("math", "calculus", "integration-by-parts", "synthetic", "process-supervision"),
)
