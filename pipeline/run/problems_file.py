"""Bring your own problems: a JSONL file of functions f, one a line, instead of the generator.

``problems_file: PATH`` in a config makes problem i of the run the i-th line of the file: the derive stage
differentiates its f, so the integrand is f' (written in the shortest of a few exact rewrites, as the
generator does), and the run goes on as usual — dedup by canonical integrand and splits still apply. Each
line is ``{"f": "<SymPy syntax>"}`` with an optional ``"id"`` (kept in the records); other keys are
ignored. The file is read when the config loads (a line that is not such an object is a config error
naming the line); each f is parsed with the safe parser inside the sample's worker, and one that does not
parse is that sample's rejection (``sample:bad_problem``), not the run's end.

What a line's f becomes is its family's business (``Family.from_function``): for the integral families, the
integrand f' written in the shortest of a few exact rewrites, and (ibp) a product reversal when f is a
product, which the symbolic teacher can solve.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.core.problem import Problem
from pipeline.families import get_family

__all__ = ["ProblemFileError", "ProblemSpec", "problem_from_spec", "read_problems_file"]

MAX_REPORTED_ERRORS = 5


class ProblemSpec(BaseModel):
    """One line of a problems file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    f: str
    id: str | None = None


class ProblemFileError(ValueError):
    """A problem of the file that cannot be used (its f does not parse, or is constant)."""


def read_problems_file(path: Path) -> list[ProblemSpec]:
    """Every line of ``path`` as a ProblemSpec; ValueError naming the bad lines (blank lines are skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"problems_file {path} cannot be read: {err}") from None
    specs, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            specs.append(ProblemSpec.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError, RecursionError) as err:
            errors.append(f"line {number}: {str(err).splitlines()[0][:120]}")
    if errors:
        shown = "; ".join(errors[:MAX_REPORTED_ERRORS])
        more = f" (and {len(errors) - MAX_REPORTED_ERRORS} more)" if len(errors) > MAX_REPORTED_ERRORS else ""
        raise ValueError(
            f'problems_file {path}: each line must be a JSON object {{"f": "<SymPy expression>", '
            f'"id": "..."}}; {shown}{more}'
        )
    if not specs:
        raise ValueError(f"problems_file {path} holds no problems")
    return specs


def problem_from_spec(
    spec: ProblemSpec, index: int, run_seed: int, family: str, variable: str, splits: dict[str, float]
) -> Problem:
    """Problem ``index`` of the run, made from one line of the file by its family (in a worker)."""
    builder = get_family(family).from_function
    if builder is None:
        raise ProblemFileError(f"the {family} family does not take problems from a file")
    try:
        return builder(spec.f, index, run_seed, variable, splits, spec.id or "")
    except ValueError as err:  # ParseError and the family's own refusals
        raise ProblemFileError(f"problem {spec.id or index}: {err}") from None
