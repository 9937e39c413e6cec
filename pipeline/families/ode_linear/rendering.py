"""How ode_linear records read as text: the request, the layout, its labelled chunks, completion scoring.

Layout (each claim line is checked by one validator; SymPy syntax holds no ``;`` and no ``=``)::

    Key insight: multiplying by mu = exp(x**2) turns the left side into (mu*y)' ...

    Integrating factor: mu = exp(x**2)

    Step 1: Multiply the equation by mu ...
    Product form: mu = exp(x**2); (mu*y)' = x

    Step 2: Integrate both sides ...
    ∫ (x) dx = x**2/2

    Initial condition: C = 3; y = (x**2/2 + 3)*exp(-x**2)

    Answer: y = (C + x**2/2)*exp(-x**2)

Variation of parameters writes ``Homogeneous: y_h = ...`` and ``Variation: y_h = ...; v' = ...`` instead
of the product form. Reading is plain string work on bounded input; it cannot hang.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pipeline.core.family import Chunk
from pipeline.core.scoring import ReadAnswer, SolutionScore
from pipeline.families.ode_linear.answers import OdeSolveAnswer, OdeStep
from pipeline.families.ode_linear.final import verify_final
from pipeline.families.ode_linear.labels import STEP_KINDS, initial_condition_label, label_solution
from pipeline.families.shared.text import (
    ANSWER_PREFIX,
    INTEGRAL_SIGN,
    RABBIT_PREFIX,
    STEP_PREFIX,
    last_boxed,
    one_line,
    rabbit_line,
    read_claim,
)
from pipeline.providers.json_extract import MAX_ANSWER_CHARS, AnswerFormatError, parse_answer
from validators.math_language import ALL_FUNCTION_NAMES, CONSTANT_NAMES

FACTOR_PREFIX = "Integrating factor:"
PRODUCT_PREFIX = "Product form:"
HOMOGENEOUS_PREFIX = "Homogeneous:"
VARIATION_PREFIX = "Variation:"
CONDITION_PREFIX = "Initial condition:"
SYSTEM_PROMPT = (
    "You are a careful tutor of differential equations. You solve first-order linear equations "
    "y' + p(x)*y = q(x) step by step, each step a claim that can be checked on its own, all math in SymPy "
    "syntax."
)
LAYOUT = (
    'Begin with the key insight ("Key insight: ..."), then the integrating factor as "Integrating factor: '
    'mu = ...". Write each step as "Step n: <explanation>" followed by one claim line, one of: '
    '"Product form: mu = ...; (mu*y)\' = ..." (the equation multiplied by mu), '
    '"∫ (<integrand>) d{x} = <antiderivative>" (an integral), "Homogeneous: y_h = ..." (a solution of '
    "y' + p*y = 0) or \"Variation: y_h = ...; v' = ...\" (the equation for v when y = v*y_h).{condition} "
    'End with "Answer: y = <the general solution, with the constant C>".'
)
CONDITION_LAYOUT = ' Then fit the initial condition: "Initial condition: C = <value>; y = <the solution>".'


def equation_text(p: str, q: str) -> str:
    return f"y' + ({p})*y = {q}"


def request(fields: Mapping[str, Any]) -> str:
    """The problem as a student is asked it, and the layout to answer in."""
    x = fields["variable"]
    statement = str(fields.get("problem") or "").strip()
    if str(fields["q"]) not in statement:
        statement += f"\n\nThe equation is {equation_text(fields['p'], fields['q'])}."
    if fields.get("x0") and f"y({fields['x0']})" not in statement:
        statement += f" The initial condition is y({fields['x0']}) = {fields['y0']}."
    condition = CONDITION_LAYOUT if fields.get("x0") else ""
    layout = LAYOUT.format(x=x, condition=condition)
    return (
        f"{statement.strip()}\n\nSolve it with an integrating factor or by variation of parameters. {layout}"
    )


def _claim_line(step: OdeStep, variable: str) -> str:
    if step.claim == "product_form":
        return f"{PRODUCT_PREFIX} mu = {step.expression}; (mu*y)' = {step.result}"
    if step.claim == "integral":
        return f"{INTEGRAL_SIGN} ({step.expression}) d{variable} = {step.result}"
    if step.claim == "homogeneous":
        return f"{HOMOGENEOUS_PREFIX} y_h = {step.expression}"
    return f"{VARIATION_PREFIX} y_h = {step.expression}; v' = {step.result}"


def answer_line(solution: str) -> str:
    body = solution.strip()
    return f"{ANSWER_PREFIX} {body}" if re.match(r"y(\(\w\))?\s*=", body) else f"{ANSWER_PREFIX} y = {body}"


def chunks(answer: OdeSolveAnswer, variable: str) -> list[Chunk]:
    """The integrating factor, the steps, the initial condition, the answer: the reading order of labels."""
    found = [Chunk(f"{FACTOR_PREFIX} mu = {answer.mu}", "integrating_factor", 0)]
    for j, step in enumerate(answer.steps):
        text = f"{STEP_PREFIX} {j + 1}: {one_line(step.explanation)}\n{_claim_line(step, variable)}"
        found.append(Chunk(text, STEP_KINDS[step.claim], j))
    if answer.constant.strip() or answer.particular.strip():
        line = f"{CONDITION_PREFIX} C = {answer.constant}; y = {answer.particular}"
        found.append(Chunk(line, "initial_condition", 0))
    return [*found, Chunk(answer_line(answer.solution), "final")]


def solution_text(answer: OdeSolveAnswer, variable: str) -> str:
    return "\n\n".join([rabbit_line(answer.rabbit), *(c.text for c in chunks(answer, variable))])


def _after_equals(text: str) -> str:
    return text.partition("=")[2].strip() if "=" in text else text.strip()


def _pairs(text: str) -> list[str]:
    """``a = 1; b = 2`` -> ["1", "2"]."""
    return [_after_equals(part) for part in text.split(";")]


def _outer_parentheses_off(text: str) -> str:
    """``(h)`` -> ``h`` when the first parenthesis closes at the end (the layout's ``∫ (h) dx``)."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and position < len(text) - 1:
            return text
    return text[1:-1].strip()


def _read_step(line: str, explanation: str, variable: str) -> OdeStep | None:
    if line.startswith(INTEGRAL_SIGN):
        claim = read_claim(line, explanation, variable)
        if claim is None:
            return None
        integrand = _outer_parentheses_off(claim.integrand)
        return OdeStep(claim="integral", explanation=explanation, expression=integrand, result=claim.result)
    for prefix, kind in ((PRODUCT_PREFIX, "product_form"), (VARIATION_PREFIX, "variation")):
        if line.startswith(prefix):
            values = _pairs(line[len(prefix) :])
            if len(values) != 2:
                return None
            return OdeStep(claim=kind, explanation=explanation, expression=values[0], result=values[1])
    if line.startswith(HOMOGENEOUS_PREFIX):
        return OdeStep(
            claim="homogeneous",
            explanation=explanation,
            expression=_after_equals(line[len(HOMOGENEOUS_PREFIX) :]),
        )
    return None


def _read_text(text: str, variable: str) -> tuple[OdeSolveAnswer | None, str | None]:
    fields = {"rabbit": "", "mu": "", "constant": "", "particular": ""}
    steps, explanation, final = [], "", None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(RABBIT_PREFIX):
            fields["rabbit"] = line[len(RABBIT_PREFIX) :].strip()
        elif line.startswith(ANSWER_PREFIX):
            final = _after_equals(line[len(ANSWER_PREFIX) :]) or None
        elif line.startswith(FACTOR_PREFIX):
            fields["mu"] = _after_equals(line[len(FACTOR_PREFIX) :])
        elif line.startswith(CONDITION_PREFIX):
            values = _pairs(line[len(CONDITION_PREFIX) :]) + ["", ""]
            fields["constant"], fields["particular"] = values[0], values[1]
        elif line.startswith(STEP_PREFIX) and ":" in line and not line.startswith(INTEGRAL_SIGN):
            explanation = line.split(":", 1)[1].strip()
        else:
            step = _read_step(line, explanation, variable)
            if step is not None:
                steps.append(step)
                explanation = ""
    final = final or last_boxed(text)
    if final is None or not steps or not fields["mu"]:
        return None, final
    return OdeSolveAnswer(steps=steps, solution=final, **fields), final


def read(text: str, variable: str) -> tuple[OdeSolveAnswer | None, str]:
    """(the answer, its layout) of a completion: JSON, else the text layout, else just a final answer."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_ANSWER_CHARS:
        return None, "none"
    try:
        return parse_answer(text, OdeSolveAnswer), "json"
    except AnswerFormatError:
        pass
    answer, final = _read_text(text, variable)
    if answer is not None:
        return answer, "text"
    if final is None:
        return None, "none"
    empty = OdeSolveAnswer.model_construct(
        rabbit="", mu="", steps=[], solution=final, constant="", particular=""
    )
    return empty, "answer_only"


_IDENTIFIER = re.compile(r"(?<![\\A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*")
_NOT_CONSTANTS = ALL_FUNCTION_NAMES | CONSTANT_NAMES | {"e", "y", "pi", "I", "E", "oo"}


def has_constant(solution: str | None, variable: str) -> bool:
    """Does the final answer name a constant (C, K, A, c1 ...): a free name other than the variable?"""
    if not solution:
        return False
    names = set(_IDENTIFIER.findall(solution)) - _NOT_CONSTANTS - {variable}
    return bool(names)


def read_answer(text: str, variable: str) -> ReadAnswer:
    """Layout and final answer of a completion, by plain reading."""
    answer, layout = read(text, variable)
    if answer is None:
        return ReadAnswer(layout="none")
    return ReadAnswer(
        layout=layout, final_answer=answer.solution, answer_form=has_constant(answer.solution, variable)
    )


def score(text: str, columns: Mapping[str, str], with_steps: bool) -> SolutionScore:
    """Read a completion, check its general solution (and its initial condition when the problem poses
    one: a wrong fit is not a correct answer), and, if asked, label every claim."""
    variable = columns.get("variable") or "x"
    answer, layout = read(text, variable)
    if answer is None:
        return SolutionScore(layout="none")
    result = SolutionScore(layout=layout, answer_found=True)
    final = verify_final(answer.solution, columns)
    result.answer_parses, result.correct, result.final_reason = final.parses, final.ok, final.reason
    result.answer_form = has_constant(answer.solution, variable)
    x0, y0 = columns.get("x0", ""), columns.get("y0", "")
    if result.correct and x0:
        condition = initial_condition_label(answer, x0, y0, variable)
        result.correct = condition.label == "correct"
        result.final_reason = "equivalent" if result.correct else f"initial_condition:{condition.reason}"
    if with_steps:
        result.steps_checked = True
        if layout != "answer_only":
            labels = label_solution(answer, columns["p"], columns["q"], x0, y0, variable)
            result.step_labels = [label.label for label in labels]
    return result
