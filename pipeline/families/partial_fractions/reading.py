"""Reading a partial-fractions completion back: its JSON answer, else the text layout (plain string work).

Model text is hostile input: everything here is linear in the text's length and never runs SymPy, so it
cannot hang. The decomposition line is split into its top-level terms by bracket depth; a term whose
denominator mentions the variable is a partial fraction, the rest is the polynomial part. How the line is
split never changes its check (the parts are added back up), only how the answer is stored.
"""

from __future__ import annotations

from pipeline.core.scoring import Layout
from pipeline.families.partial_fractions.answers import PartialFractionsSolveAnswer
from pipeline.families.shared.answers import SolveStep
from pipeline.families.shared.text import (
    ANSWER_PREFIX,
    INTEGRAL_SIGN,
    RABBIT_PREFIX,
    STEP_PREFIX,
    last_boxed,
    read_claim,
)
from pipeline.providers.json_extract import MAX_ANSWER_CHARS, AnswerFormatError, parse_answer

__all__ = ["COEFFICIENTS_PREFIX", "DECOMPOSITION_PREFIX", "read", "read_layout", "split_terms"]

COEFFICIENTS_PREFIX = "Coefficients:"
DECOMPOSITION_PREFIX = "Decomposition:"


def split_terms(expression: str, variable: str) -> tuple[str, list[str]]:
    """(polynomial part, partial fractions) of a sum written out, split at its top-level + and -."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(expression):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in "+-" and depth == 0 and i > 0 and expression[i - 1] == " ":
            pieces.append(expression[start:i])
            start = i
    pieces.append(expression[start:])
    polynomial, fractions = [], []
    for raw in pieces:
        piece = raw.strip()
        sign = "-" if piece.startswith("-") else ""
        body = piece.lstrip("+-").strip()
        if not body:
            continue
        _, slash, below = body.partition("/")
        (fractions if slash and variable in below else polynomial).append(sign + body)
    joined = " + ".join(polynomial).replace("+ -", "- ") or "0"
    return joined, fractions


def _decomposition(line: str, variable: str) -> tuple[str, list[str]]:
    _, sep, right = line.partition("=")
    return split_terms((right if sep else line).strip(), variable)


def read_layout(text: str, variable: str) -> tuple[PartialFractionsSolveAnswer | None, Layout]:
    """The answer in a completion and the layout it was found in ("none": no final answer at all)."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_ANSWER_CHARS:
        return None, "none"
    try:
        return parse_answer(text, PartialFractionsSolveAnswer), "json"
    except AnswerFormatError:
        pass
    rabbit = explanation = coefficients = ""
    polynomial, terms, steps = "0", [], []
    final: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(RABBIT_PREFIX):
            rabbit = line[len(RABBIT_PREFIX) :].strip()
        elif line.startswith(ANSWER_PREFIX):
            final = line[len(ANSWER_PREFIX) :].strip() or None
        elif line.startswith(COEFFICIENTS_PREFIX):
            coefficients = line[len(COEFFICIENTS_PREFIX) :].strip()
        elif line.startswith(DECOMPOSITION_PREFIX):
            polynomial, terms = _decomposition(line[len(DECOMPOSITION_PREFIX) :], variable)
        elif line.startswith(INTEGRAL_SIGN):
            step = read_claim(line, explanation, variable)
            if step is not None:
                steps.append(step)
            explanation = ""
        elif line.startswith(STEP_PREFIX) and ":" in line:
            explanation = line.split(":", 1)[1].strip()
    final = final or last_boxed(text)
    if final is None:
        return None, "none"
    if not (steps and terms):
        return _answer_only(final), "answer_only"
    answer = PartialFractionsSolveAnswer(
        rabbit=rabbit,
        coefficients=coefficients,
        polynomial_part=polynomial,
        terms=terms,
        steps=steps,
        antiderivative=final,
    )
    return answer, "text"


def read(text: str, variable: str) -> PartialFractionsSolveAnswer | None:
    """The answer in a completion: its JSON, else the text layout; None when neither is there."""
    return read_layout(text, variable)[0]


def _answer_only(final: str) -> PartialFractionsSolveAnswer:
    steps: list[SolveStep] = []
    return PartialFractionsSolveAnswer.model_construct(
        rabbit="", coefficients="", polynomial_part="0", terms=[], steps=steps, antiderivative=final
    )
