"""How substitution records read as text: the request, the layout, its labelled chunks, completion scoring.

Layout (each line a claim one validator checks)::

    Key insight: g contains 2*x, the derivative of the inner function x**2 + 1 ...

    Substitution: w = x**2 + 1; dw = 2*x dx
    Rewritten: h(w) = cos(w)
    Integrated: H(w) = sin(w)

    Step 1: ...
    ∫ (2*x*cos(x**2 + 1)) dx = sin(x**2 + 1)

    Answer: sin(x**2 + 1) + C
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.core.family import Chunk
from pipeline.core.scoring import ReadAnswer, SolutionScore
from pipeline.families.shared.antiderivative import verify_final
from pipeline.families.shared.text import (
    ANSWER_PREFIX,
    INTEGRAL_SIGN,
    RABBIT_PREFIX,
    STEP_PREFIX,
    answer_line,
    has_constant_of_integration,
    last_boxed,
    rabbit_line,
    read_claim,
    step_lines,
    strip_differential,
)
from pipeline.families.substitution.answers import SubstitutionChoice, SubstitutionSolveAnswer
from pipeline.providers.json_extract import MAX_ANSWER_CHARS, AnswerFormatError, parse_answer
from validators.steps import label_solve_steps
from validators.substitution import label_substitution

SUBSTITUTION_PREFIX = "Substitution:"
REWRITTEN_PREFIX = "Rewritten: h(w) ="
INTEGRATED_PREFIX = "Integrated: H(w) ="
SYSTEM_PROMPT = (
    "You are a careful calculus tutor. You solve integrals by substitution and write every step as a claim "
    "that can be checked on its own, with all math in SymPy syntax."
)
LAYOUT_INSTRUCTIONS = (
    'Name the key insight first ("Key insight: ..."). Give the substitution as "Substitution: w = ...; '
    'dw = ... d{x}", then "Rewritten: h(w) = ..." with g d{x} = h(w) dw, then "Integrated: H(w) = ..." '
    'with H an antiderivative of h. Write each step as "Step n: <explanation>" followed by a line '
    '"∫ (<integrand>) d{x} = <result>". End with "Answer: <antiderivative> + C".'
)


def request(fields: Mapping[str, Any]) -> str:
    x = fields["variable"]
    statement = str(fields.get("problem") or "").strip()
    if fields["integrand"] not in statement:
        statement += f"\n\nThe integrand is g({x}) = {fields['integrand']}."
    return f"{statement.strip()}\n\nSolve it by substitution. " + LAYOUT_INSTRUCTIONS.format(x=x)


def substitution_lines(choice: SubstitutionChoice, variable: str) -> list[str]:
    """The three claims of ``validators.substitution.label_substitution``, one line each: dw, h, H."""
    return [
        f"{SUBSTITUTION_PREFIX} w = {choice.w}; dw = {choice.dw} d{variable}",
        f"{REWRITTEN_PREFIX} {choice.integrand_in_w}",
        f"{INTEGRATED_PREFIX} {choice.antiderivative_in_w}",
    ]


def chunks(answer: SubstitutionSolveAnswer, variable: str) -> list[Chunk]:
    """The substitution's three claims, the steps, the answer: the reading order of the checks."""
    lines = substitution_lines(answer.substitution, variable)
    found = [Chunk(line, "substitution", i) for i, line in enumerate(lines)]
    found += [Chunk(step_lines(j, step, variable), "solve_step", j) for j, step in enumerate(answer.steps)]
    return [*found, Chunk(answer_line(answer.antiderivative), "final")]


def solution_text(answer: SubstitutionSolveAnswer, variable: str) -> str:
    return "\n\n".join([rabbit_line(answer.rabbit), *(c.text for c in chunks(answer, variable))])


def read(text: str, variable: str) -> SubstitutionSolveAnswer | None:
    """The answer in a completion: its JSON, else the text layout; None when neither is there."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_ANSWER_CHARS:
        return None
    try:
        return parse_answer(text, SubstitutionSolveAnswer)
    except AnswerFormatError:
        pass
    rabbit, explanation, choice, steps, final = "", "", None, [], None
    h = H = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(RABBIT_PREFIX):
            rabbit = line[len(RABBIT_PREFIX) :].strip()
        elif line.startswith(ANSWER_PREFIX):
            final = line[len(ANSWER_PREFIX) :].strip() or None
        elif line.startswith(REWRITTEN_PREFIX):
            h = line[len(REWRITTEN_PREFIX) :].strip()
        elif line.startswith(INTEGRATED_PREFIX):
            H = line[len(INTEGRATED_PREFIX) :].strip()
        elif line.startswith(SUBSTITUTION_PREFIX):
            choice = _read_choice(line[len(SUBSTITUTION_PREFIX) :], variable)
        elif line.startswith(INTEGRAL_SIGN):
            step = read_claim(line, explanation, variable)
            if step is not None:
                steps.append(step)
            explanation = ""
        elif line.startswith(STEP_PREFIX) and ":" in line:
            explanation = line.split(":", 1)[1].strip()
    final = final or last_boxed(text)
    if final is None or choice is None or not (steps and h and H):
        return None if final is None else _answer_only(final)
    choice = choice.model_copy(update={"integrand_in_w": h, "antiderivative_in_w": H})
    return SubstitutionSolveAnswer(rabbit=rabbit, substitution=choice, steps=steps, antiderivative=final)


def read_answer(text: str, variable: str) -> ReadAnswer:
    """Layout and final answer of a completion, by plain reading."""
    answer = read(text, variable)
    if answer is None:
        return ReadAnswer(layout="none")
    complete = bool(answer.steps) and bool(answer.substitution.w)
    final = answer.antiderivative
    return ReadAnswer(
        layout="json" if complete else "answer_only",
        final_answer=final,
        answer_form=has_constant_of_integration(final),
    )


def _answer_only(final: str) -> SubstitutionSolveAnswer:
    empty = SubstitutionChoice(w="", dw="", integrand_in_w="", antiderivative_in_w="")
    return SubstitutionSolveAnswer.model_construct(
        rabbit="", substitution=empty, steps=[], antiderivative=final
    )


def _read_choice(fields: str, variable: str) -> SubstitutionChoice | None:
    values = {}
    for item in fields.split(";"):
        name, sep, value = item.partition("=")
        if sep:
            values[name.strip()] = value.strip()
    if not {"w", "dw"} <= values.keys():
        return None
    dw = strip_differential(values["dw"], variable)
    return SubstitutionChoice(w=values["w"], dw=dw, integrand_in_w="", antiderivative_in_w="")


def score(text: str, columns: Mapping[str, str], with_steps: bool) -> SolutionScore:
    """Read a completion, check its final answer and (if asked) label the substitution and every step."""
    variable = columns.get("variable") or "x"
    answer = read(text, variable)
    if answer is None:
        return SolutionScore(layout="none")
    complete = bool(answer.steps) and bool(answer.substitution.w)
    result = SolutionScore(layout="json" if complete else "answer_only", answer_found=True)
    final = verify_final(answer.antiderivative, columns)
    result.answer_parses, result.correct, result.final_reason = final.parses, final.ok, final.reason
    result.answer_form = has_constant_of_integration(answer.antiderivative)
    if with_steps:
        result.steps_checked = True
        if complete:
            s = answer.substitution
            labels = label_substitution(
                s.w, s.dw, s.integrand_in_w, s.antiderivative_in_w, columns["integrand"], variable
            )
            labels += label_solve_steps([(st.integrand, st.result) for st in answer.steps], variable)
            result.step_labels = [str(label.label) for label in labels]
    return result
