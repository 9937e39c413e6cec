"""A solution as text: the step-by-step layout the exports write and the rewards read back.

SFT rows teach a model to write solutions in this layout, the GRPO rewards read a model's completions in
it, and PRM rows are its steps. It is defined here in both directions so that what a model is trained on
is exactly what it is scored on. Every line is a claim one validator checks on its own::

    Key insight: g is what the product rule makes of u*v ...

    Parts 1: u = x**2; dv = exp(x) dx; du = 2*x dx; v = exp(x)

    Step 1: Split the integral by linearity.
    ∫ (x**2*exp(x) + 2*x*exp(x)) dx = Integral(2*x*exp(x), x) + Integral(x**2*exp(x), x)

    Answer: x**2*exp(x) + C

Math is in SymPy syntax, which holds no ``;`` and no ``=``, so the separators are unambiguous. A completion
may instead be the JSON answer the pipeline's prompts ask for (``SolveAnswer``); both are read.
Reading handles untrusted text with plain string operations (no backtracking regular expressions)
on a bounded input, so it is linear in the text's length and cannot hang.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from pipeline.families.ibp.answers import PartsChoice, SolveAnswer
from pipeline.families.shared.answers import SolveStep
from pipeline.families.shared.text import (
    ANSWER_PREFIX,
    INTEGRAL_SIGN,
    RABBIT_PREFIX,
    STEP_PREFIX,
    Layout,
    answer_line,
    last_boxed,
    rabbit_line,
    read_claim,
    step_lines,
    strip_differential,
)
from pipeline.providers.json_extract import MAX_ANSWER_CHARS, AnswerFormatError, parse_answer

PARTS_PREFIX = "Parts"


class SolutionText(BaseModel):
    """What a reader found in a solution: its layout, the checkable pieces, and the final answer."""

    layout: Layout = Field(
        description="json or text (complete), answer_only (a final answer, no steps), none"
    )
    rabbit: str = ""
    parts: list[PartsChoice] = Field(default_factory=list)
    steps: list[SolveStep] = Field(default_factory=list)
    antiderivative: str | None = None
    unread_text: list[str] = Field(default_factory=list)  # the answer's texts naming letters (answer_context)

    @property
    def has_process(self) -> bool:
        """Both a parts choice and at least one step: something a step check can label."""
        return bool(self.parts) and bool(self.steps)


# --- writing --------------------------------------------------------------------------------------------


def parts_line(index: int, part: PartsChoice, variable: str) -> str:
    """``Parts n: u = ...; dv = ... dx; du = ... dx; v = ...`` (``index`` counts from 0)."""
    d = f"d{variable}"
    return f"{PARTS_PREFIX} {index + 1}: u = {part.u}; dv = {part.dv} {d}; du = {part.du} {d}; v = {part.v}"


def solution_chunks(answer: SolveAnswer, variable: str) -> list[str]:
    """The labelled steps in reading order: every parts choice, every step, then the final answer.

    The order is the order of ``checks.check_solve``'s step labels (parts choices first), so the n-th
    chunk carries the n-th label; the final answer chunk carries the derivative-back verdict.
    """
    chunks = [parts_line(i, part, variable) for i, part in enumerate(answer.parts)]
    chunks += [step_lines(j, step, variable) for j, step in enumerate(answer.steps)]
    return [*chunks, answer_line(answer.antiderivative)]


def render_solution(answer: SolveAnswer, variable: str) -> str:
    """The whole solution as text: the key insight, then the labelled chunks, separated by blank lines."""
    return "\n\n".join([rabbit_line(answer.rabbit), *solution_chunks(answer, variable)])


# --- reading --------------------------------------------------------------------------------------------


def read_solution(text: object, variable: str = "x") -> SolutionText:
    """Find the solution in a completion: the JSON answer if there is one, else the text layout.

    Never raises: anything unreadable is ``layout="none"``.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_ANSWER_CHARS:
        return SolutionText(layout="none")
    try:
        answer = parse_answer(text, SolveAnswer)
    except AnswerFormatError:
        return _read_text_layout(text, variable)
    return SolutionText(
        layout="json",
        rabbit=answer.rabbit,
        parts=answer.parts,
        steps=answer.steps,
        antiderivative=answer.antiderivative,
        unread_text=answer.unread_text,
    )


def _read_text_layout(text: str, variable: str) -> SolutionText:
    rabbit, explanation = "", ""
    parts: list[PartsChoice] = []
    steps: list[SolveStep] = []
    antiderivative: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(RABBIT_PREFIX):
            rabbit = line[len(RABBIT_PREFIX) :].strip()
        elif line.startswith(ANSWER_PREFIX):
            antiderivative = line[len(ANSWER_PREFIX) :].strip() or None
        elif line.startswith(INTEGRAL_SIGN):
            step = read_claim(line, explanation, variable)
            if step is not None:
                steps.append(step)
            explanation = ""
        elif line.startswith(PARTS_PREFIX) and ":" in line:
            part = _read_parts(line.split(":", 1)[1], variable)
            if part is not None:
                parts.append(part)
        elif line.startswith(STEP_PREFIX) and ":" in line:
            explanation = line.split(":", 1)[1].strip()
    if antiderivative is None:
        antiderivative = last_boxed(text)
    if antiderivative is None:
        layout: Layout = "none"
    elif parts and steps:
        layout = "text"
    else:
        layout = "answer_only"
    return SolutionText(layout=layout, rabbit=rabbit, parts=parts, steps=steps, antiderivative=antiderivative)


def _read_parts(fields: str, variable: str) -> PartsChoice | None:
    values: dict[str, str] = {}
    for item in fields.split(";"):
        name, sep, value = item.partition("=")
        if sep:
            values[name.strip()] = value.strip()
    if not {"u", "dv", "du", "v"} <= values.keys():
        return None
    return PartsChoice(
        u=values["u"],
        dv=strip_differential(values["dv"], variable),
        du=strip_differential(values["du"], variable),
        v=values["v"],
    )
