"""``revsynth eval --problems FILE``: a JSONL file of problems, one JSON object a line.

A line is one of two things:

* **a statement** — the fields the family's solve stage shows the model and its checks read: the path
  stage's template variables and the family's reward columns (``Rendering.columns``), except ``variable``
  (optional, default the config's). For the integral families that is ``integrand`` and ``problem`` (the
  sentence the model reads); for ode_linear ``problem``, ``p``, ``q``, ``x0``, ``y0`` (``""`` when no
  initial condition is posed). Optional: ``id``, ``construction``, ``difficulty`` (both ``unknown`` if
  absent, for the report's breakdown) and ``family`` (must be the config's). Values are strings (numbers
  are taken as their text). The symbolic teacher cannot answer a bare statement: it solves from the
  generator's details, so use this form for models.
* **a whole problem**, as ``revsynth sample`` writes it (it has ``details``): its earlier stages are
  answered by the symbolic teacher from its details, and the solve stage is then asked as in a run.
* **a function** ``{"f": "...", "id": "..."}``, as a config's ``problems_file`` holds (families with
  ``Family.from_function``): the problem is made from f as a run makes it, then asked as a whole problem.

A line that is neither (not JSON, not an object, a missing or non-text field, another family) is not
evaluated: it is reported with its line number and reason, and every other line is still asked.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from pipeline.core.family import Family
from pipeline.core.problem import Problem, ProblemDetails
from pipeline.eval.problems import EvalInputError, EvalItem
from pipeline.eval.report import BadLine
from pipeline.families import teach_stage
from pipeline.run.problems_file import ProblemSpec, problem_from_spec
from validators.limits import CheckPool, LimitError

__all__ = ["read_problem_lines", "statement_fields"]

OPTIONAL = ("id", "variable", "construction", "difficulty", "family")


def statement_fields(family: Family) -> list[str]:
    """The fields a statement line must have for this family."""
    wanted = set(family.path_stage.variables) | set(family.rendering.columns)
    return sorted(wanted - {"variable", "schema"})


def _statement(data: dict, family: Family, variable: str, number: int) -> EvalItem:
    """An item from a statement line; ValueError with the reason if the line is not one."""
    required = statement_fields(family)
    missing = [name for name in required if name not in data]
    if missing:
        raise ValueError(f"missing {missing}; a {family.name} problem needs {required}")
    fields: dict[str, str] = {}
    for name in [*required, *OPTIONAL]:
        value = data.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"field {name!r} must be text, got {type(value).__name__}")
        fields[name] = str(value)
    x = fields.get("variable", variable)
    inputs = {name: fields[name] for name in sorted(family.path_stage.variables) if name in fields}
    inputs["variable"] = x
    key = hashlib.sha256(json.dumps([family.name, inputs], sort_keys=True).encode()).digest()
    problem = Problem(
        index=number - 1,
        seed=int.from_bytes(key[:8], "big") & (2**63 - 1),  # by content: reordering lines changes nothing
        family=family.name,
        construction=fields.get("construction", "unknown"),
        variable=x,
        difficulty=fields.get("difficulty", "unknown"),
        source_id=fields.get("id", ""),
        details=ProblemDetails(**{n: fields[n] for n in required}),
    )
    return EvalItem(fields.get("id") or f"line {number}", problem, inputs)


async def _from_function(data: dict, family: Family, pool: CheckPool, number: int, seed: int) -> Problem:
    """The problem a run makes from a problems_file line's f (in the pool)."""
    try:
        spec = ProblemSpec.model_validate(data)
    except ValidationError as err:
        raise ValueError(f"not a function line: {str(err).splitlines()[0]}") from None
    variable = data.get("variable") or "x"
    try:
        return await pool.arun(
            problem_from_spec, spec, number - 1, seed, family.name, variable, {"test": 1.0}
        )
    except (LimitError, ValueError) as err:  # ProblemFileError: f does not parse, or is constant
        raise ValueError(str(err)) from None


async def _whole_problem(problem: Problem, family: Family, pool: CheckPool, number: int) -> EvalItem:
    """An item from a whole problem: the earlier stages answered by the teacher, in the pool."""
    answers = {}
    for spec in family.stages[:-1]:
        inputs = spec.inputs(problem, answers)
        try:
            text = await pool.arun(teach_stage, family.name, spec.name, problem, inputs, None, None)
        except (LimitError, ValueError) as err:  # TeacherError is a ValueError
            raise ValueError(f"the teacher could not answer its {spec.name} stage: {err}") from None
        answers[spec.name] = spec.answer.model_validate_json(text)
    item_id = problem.source_id or f"line {number}"
    return EvalItem(item_id, problem, family.path_stage.inputs(problem, answers))


def _problem(data: dict) -> Problem:
    try:
        return Problem.model_validate(data)
    except ValidationError as err:
        raise ValueError(f"not a problem: {str(err).splitlines()[0]}") from None


async def read_problem_lines(
    path: Path, family: Family, variable: str, pool: CheckPool, seed: int = 0
) -> tuple[list[EvalItem], list[BadLine]]:
    """Every usable line as an item (in file order, a repeated problem once) and the others' reasons."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as err:
        raise EvalInputError(f"{path} cannot be read: {err}") from None
    items: list[EvalItem] = []
    bad: list[BadLine] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"a line must be a JSON object, got {type(data).__name__}")
            if data.get("family", family.name) != family.name:
                raise ValueError(f"family {data['family']!r} is not the config's ({family.name})")
            function = "f" in data and family.from_function is not None
            if "details" in data:
                item = await _whole_problem(_problem(data), family, pool, number)
            elif function and not set(statement_fields(family)) <= set(data):
                problem = await _from_function({"variable": variable, **data}, family, pool, number, seed)
                item = await _whole_problem(problem, family, pool, number)
            else:
                item = _statement(data, family, variable, number)
        except UnicodeDecodeError:
            bad.append(BadLine(line=number, reason="not UTF-8"))
            continue
        except json.JSONDecodeError as err:
            bad.append(BadLine(line=number, reason=f"not JSON: {err.msg} at column {err.colno}"))
            continue
        except RecursionError:
            bad.append(BadLine(line=number, reason="nested too deeply"))
            continue
        except ValueError as err:
            bad.append(BadLine(line=number, reason=str(err)[:300]))
            continue
        if item.key in seen:
            bad.append(BadLine(line=number, reason=f"the same problem as line {seen[item.key]}"))
            continue
        seen[item.key] = number
        items.append(item)
    return items, bad
