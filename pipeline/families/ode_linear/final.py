"""The final answer of an ode_linear record: its canonical spelling, its reward check, the record's fields.

The final answer is always the *general* solution with its constant (an initial condition, when posed, is
a checked claim of its own and a top-level field of the record). Its canonical spelling names the constant
C and writes the family as y0 + C*y1 (y0 = y at C = 0, y1 the part multiplying C), each part in the
shortest of a few exact rewrites, so a training stack can compare and deduplicate answers.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from pipeline.core.family import Answers, FinalVerdict
from pipeline.core.problem import Problem
from pipeline.families.ode_linear.sampler import C, readable
from validators.ode import check_general_solution, constant_symbol, read_solution
from validators.parse import ParseError, parse_math, to_sympy_syntax


def canonical_solution(solution: str, variable: str) -> str:
    """``solution`` as y0 + C*y1 in SymPy syntax; ValueError if it has no single constant."""
    expr = read_solution(solution, variable)
    constant = constant_symbol(expr, variable)
    if not constant:
        raise ValueError(f"the general solution {solution!r} has no single constant")
    expr = expr.xreplace({constant: C})
    y0 = expr.subs(C, 0)
    y1 = expr.subs(C, 1) - y0
    return to_sympy_syntax(readable(y0, deep=False) + C * readable(y1, deep=False))


def normalize_final(answer: BaseModel, problem: Problem) -> str:
    """The solve answer's general solution, canonical (a pool function of ``StageSpec.normalize``)."""
    return canonical_solution(answer.solution, problem.variable)


def verify_final(solution: str, columns: Mapping[str, str]) -> FinalVerdict:
    """A final answer against the record's equation (columns ``p``, ``q``, ``variable``), in a worker.

    Decided-wrong answers (not a solution, no constant, C entering non-linearly) read ``not_equivalent``,
    with the specific reason at the start of ``detail``."""
    variable = columns.get("variable") or "x"
    try:
        read_solution(solution, variable)
    except ParseError as err:
        return FinalVerdict(ok=False, parses=False, reason=f"parse_error:{err.reason}", detail=str(err))
    verdict = check_general_solution(solution, columns["p"], columns["q"], variable)
    return FinalVerdict(ok=verdict.ok, parses=True, reason=str(verdict.reason), detail=verdict.detail[:300])


def reference_answer(problem: Problem) -> str:
    """The general solution the equation was made from."""
    return problem.details.solution


def record_fields(
    problem: Problem, answers: Answers, solution: BaseModel | None, final: str
) -> dict[str, str]:
    """What a training stack needs at the record's top level: the equation, its general solution, the
    statement, and the initial condition with its solution (empty strings when none is posed)."""
    details = problem.details
    ivp = details.ivp_solution
    if solution is not None and details.x0 and getattr(solution, "particular", ""):
        ivp = to_sympy_syntax(parse_math(solution.particular, problem.variable))
    return {
        "p": details.p,
        "q": details.q,
        "solution": final,
        "problem": answers["reverse"].problem,
        "mu": details.mu,
        "x0": details.x0,
        "y0": details.y0,
        "ivp_solution": ivp,
        "rabbit": getattr(solution, "rabbit", "") or problem.rabbit,
    }
