"""The text layout every family's solutions share: the key insight, claims ``∫ (h) dx = result``, the answer.

Math is in SymPy syntax, which holds no ``;`` and no ``=``, so the separators are unambiguous. Reading is
plain string work on bounded input: linear in the text's length, it cannot hang.
"""

from __future__ import annotations

from typing import Literal

from pipeline.families.shared.answers import SolveStep

RABBIT_PREFIX = "Key insight:"
STEP_PREFIX = "Step"
ANSWER_PREFIX = "Answer:"
INTEGRAL_SIGN = "∫"
_BOXED = "\\boxed{"

Layout = Literal["json", "text", "answer_only", "none"]


def one_line(text: str) -> str:
    return " ".join(text.split())


def step_lines(index: int, step: SolveStep, variable: str) -> str:
    """``Step n: explanation`` and, on the next line, the claim ``∫ (integrand) dx = result``."""
    claim = f"{INTEGRAL_SIGN} ({step.integrand}) d{variable} = {step.result}"
    return f"{STEP_PREFIX} {index + 1}: {one_line(step.explanation)}\n{claim}"


def answer_line(antiderivative: str) -> str:
    return f"{ANSWER_PREFIX} {antiderivative}"


def rabbit_line(rabbit: str) -> str:
    return f"{RABBIT_PREFIX} {one_line(rabbit)}"


def strip_differential(expression: str, variable: str) -> str:
    """``exp(x) dx`` -> ``exp(x)``; ``(a + b)dx`` -> ``(a + b)``; anything else is left alone."""
    text = expression.strip()
    d = f"d{variable}"
    if text.endswith(d) and len(text) > len(d) and text[-len(d) - 1] in " *)":
        text = text[: -len(d)].rstrip().removesuffix("*").rstrip()
    return text


def read_claim(line: str, explanation: str, variable: str) -> SolveStep | None:
    left, sep, right = line[len(INTEGRAL_SIGN) :].partition("=")
    integrand = strip_differential(left, variable)
    if not sep or not integrand or not right.strip():
        return None
    return SolveStep(explanation=explanation, integrand=integrand, result=right.strip())


def last_boxed(text: str) -> str | None:
    """The contents of the last ``\\boxed{...}`` (braces balanced), the usual final-answer marker."""
    start = text.rfind(_BOXED)
    if start < 0:
        return None
    depth, begin = 1, start + len(_BOXED)
    for position in range(begin, len(text)):
        char = text[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[begin:position].strip() or None
    return None


_CONSTANT_NAMES = ("C", "c", "K", "C1", "C_1", "c1", "const")


def has_constant_of_integration(antiderivative: str | None) -> bool:
    """Does the final answer end in ``+ C`` (or another usual name for the constant)?"""
    if not antiderivative:
        return False
    body = antiderivative.strip().rstrip(".").rstrip()
    for name in _CONSTANT_NAMES:
        if body.endswith(name):
            rest = body[: -len(name)].rstrip()
            if rest.endswith("+") and len(rest) > 1:
                return True
    return False
