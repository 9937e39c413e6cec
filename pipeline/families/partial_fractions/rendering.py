"""How partial-fractions records read as text: the request, the layout, its labelled chunks, scoring.

Layout (each labelled piece a claim one validator checks)::

    Key insight: the denominator factors as (x - 2)*(x + 1) ...

    Coefficients: cover-up: A = 3 (cover up x - 2 and put x = 2); ...
    Decomposition: g(x) = x + 1 + 3/(x - 2) - 1/(x + 1)

    Step 1: A simple linear factor: ...
    ∫ (3/(x - 2)) dx = 3*log(x - 2)

    Answer: x**2/2 + x + 3*log(x - 2) - log(x + 1) + C

The decomposition line is labelled by recombining it (kind ``decomposition``), each step by differentiating
its result (``solve_step``), the answer by the final check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.core.family import Chunk
from pipeline.core.scoring import ReadAnswer, SolutionScore
from pipeline.families.partial_fractions.answers import PartialFractionsSolveAnswer
from pipeline.families.partial_fractions.checks import DECOMPOSITION, solve_labels
from pipeline.families.partial_fractions.reading import COEFFICIENTS_PREFIX, DECOMPOSITION_PREFIX, read_layout
from pipeline.families.shared.antiderivative import verify_final
from pipeline.families.shared.text import (
    answer_line,
    has_constant_of_integration,
    one_line,
    rabbit_line,
    step_lines,
)

__all__ = ["SYSTEM_PROMPT", "chunks", "read_answer", "request", "score", "solution_text"]

SYSTEM_PROMPT = (
    "You are a careful calculus tutor. You integrate rational functions by partial fractions and write the "
    "decomposition and every step as a claim that can be checked on its own, with all math in SymPy syntax."
)
LAYOUT_INSTRUCTIONS = (
    'Name the key insight first ("Key insight: ..."): how the denominator factors. Say how you found the '
    'coefficients ("Coefficients: ..."), then give the decomposition on one line, "Decomposition: '
    'g({x}) = <polynomial part> + <partial fraction> + ...", leaving out the polynomial part if g is '
    'proper. Write each step as "Step n: <explanation>" followed by a line "∫ (<integrand>) d{x} = '
    '<result>", one partial fraction per step. End with "Answer: <antiderivative> + C".'
)


def request(fields: Mapping[str, Any]) -> str:
    """The user's request: the problem as the reverse stage stated it, and the layout to answer in."""
    x = fields["variable"]
    statement = str(fields.get("problem") or "").strip()
    if fields["integrand"] not in statement:
        statement += f"\n\nThe integrand is g({x}) = {fields['integrand']}."
    return (
        f"{statement.strip()}\n\nIntegrate by partial fractions: factor the denominator, divide first if the "
        f"fraction is improper, split g({x}) into partial fractions, and integrate them one by one. "
        + LAYOUT_INSTRUCTIONS.format(x=x)
    )


def decomposition_line(answer: PartialFractionsSolveAnswer, variable: str) -> str:
    parts = [answer.polynomial_part] if answer.polynomial_part.strip() not in ("", "0") else []
    sum_text = " + ".join([*parts, *answer.terms]).replace("+ -", "- ")
    return f"{DECOMPOSITION_PREFIX} g({variable}) = {sum_text}"


def chunks(answer: PartialFractionsSolveAnswer, variable: str) -> list[Chunk]:
    """The decomposition (with how its coefficients were found), each step, the answer: the checks' order."""
    coefficients = f"{COEFFICIENTS_PREFIX} {one_line(answer.coefficients)}"
    decomposition = f"{coefficients}\n{decomposition_line(answer, variable)}"
    found = [Chunk(decomposition, DECOMPOSITION, 0)]
    found += [Chunk(step_lines(j, step, variable), "solve_step", j) for j, step in enumerate(answer.steps)]
    return [*found, Chunk(answer_line(answer.antiderivative), "final")]


def solution_text(answer: PartialFractionsSolveAnswer, variable: str) -> str:
    return "\n\n".join([rabbit_line(answer.rabbit), *(c.text for c in chunks(answer, variable))])


def read_answer(text: str, variable: str) -> ReadAnswer:
    """Layout and final answer of a completion, by plain reading."""
    answer, layout = read_layout(text, variable)
    if answer is None:
        return ReadAnswer(layout="none")
    final = answer.antiderivative
    return ReadAnswer(layout=layout, final_answer=final, answer_form=has_constant_of_integration(final))


def score(text: str, columns: Mapping[str, str], with_steps: bool) -> SolutionScore:
    """Read a completion, check its final answer and (if asked) label the decomposition and every step."""
    variable = columns.get("variable") or "x"
    answer, layout = read_layout(text, variable)
    if answer is None:
        return SolutionScore(layout="none")
    result = SolutionScore(layout=layout, answer_found=True)
    final = verify_final(answer.antiderivative, columns)
    result.answer_parses, result.correct, result.final_reason = final.parses, final.ok, final.reason
    result.answer_form = has_constant_of_integration(answer.antiderivative)
    if with_steps:
        result.steps_checked = True
        if layout != "answer_only":
            labels = solve_labels(answer, columns["integrand"], variable)
            result.step_labels = [str(label.label) for label in labels]
    return result
