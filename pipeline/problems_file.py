"""Bring your own problems: a JSONL file of functions f, one a line, instead of the generator.

``problems_file: PATH`` in a config makes problem i of the run the i-th line of the file: the derive stage
differentiates its f, so the integrand is f' (written in the shortest of a few exact rewrites, as the
generator does), and the run goes on as usual — dedup by canonical integrand and splits still apply. Each
line is ``{"f": "<SymPy syntax>"}`` with an optional ``"id"`` (kept in the records); other keys are
ignored. The file is read when the config loads (a line that is not such an object is a config error
naming the line); each f is parsed with the safe parser inside the sample's worker, and one that does not
parse is that sample's rejection (``sample:bad_problem``), not the run's end.

When f is a product of factors that depend on x, the problem is a product reversal (g = u'v + uv'), which
the symbolic teacher can solve; any other f needs an LLM solve stage (the teacher rejects it by name).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import sympy
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.generator.canonical import canonical_form
from pipeline.generator.constructions import describe_rabbit, shortest_form
from pipeline.generator.splits import assign_split
from pipeline.problem import Problem
from pipeline.sampler import problem_seed
from validators.parse import ParseError, parse_math

__all__ = ["ProblemFileError", "ProblemSpec", "problem_from_spec", "read_problems_file"]

SIMPLIFY_MAX_NODES = 80  # simplify the derivative only when it is small: its cost grows without bound
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
    """Problem ``index`` of the run, made from one line of the file (runs in a time-limited worker)."""
    x = sympy.Symbol(variable)
    try:
        f = parse_math(spec.f, variable)
    except ParseError as err:
        raise ProblemFileError(f"f of problem {spec.id or index} does not parse: {err}") from None
    if not f.has(x) or f.has(sympy.Integral, sympy.Derivative):
        raise ProblemFileError(
            f"f of problem {spec.id or index} must be a closed-form function of {variable}"
        )
    integrand = _readable_derivative(f, x)
    canonical = canonical_form(integrand, x)
    u, v = _product_split(f, x)
    return Problem(
        index=index,
        seed=problem_seed(run_seed, index),
        family=family,
        construction="product_reversal" if u is not None else "problems_file",
        variant="problems_file",
        variable=variable,
        f=sympy.sstr(f),
        integrand=sympy.sstr(integrand),
        u="" if u is None else sympy.sstr(u),
        v="" if v is None else sympy.sstr(v),
        rabbit="" if u is None else describe_rabbit(u, v, x),
        canonical=canonical,
        split=assign_split(canonical, splits),
        source_id=spec.id or "",
    )


def _readable_derivative(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    derivative = sympy.diff(f, x)
    candidates = [shortest_form(derivative)]
    if sum(1 for _ in sympy.preorder_traversal(derivative)) <= SIMPLIFY_MAX_NODES:
        # SymPy raises many types; a failed rewrite is simply not a candidate
        with contextlib.suppress(Exception):
            candidates.append(shortest_form(sympy.simplify(derivative)))
    return min(candidates, key=lambda e: (len(sympy.sstr(e)), sympy.sstr(e)))


def _product_split(f: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr | None, sympy.Expr | None]:
    """f = u*v with both factors depending on x (constants go with u), or (None, None)."""
    constant, varying = f.as_independent(x, as_Add=False)
    factors = [a for a in sympy.Mul.make_args(varying) if a.has(x)]
    if len(factors) < 2:
        return None, None
    return constant * factors[0], sympy.Mul(*factors[1:])
