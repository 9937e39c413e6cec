"""Families whose hard problem is an integral: "here is f, differentiate it; now find the integral of f'".

ibp, substitution and partial_fractions share everything but the solve stage: the derive stage (f to g,
rule by rule), the reverse stage (restate g as an integration problem), their checks, the final-answer
check (closed form, differentiates back to g wherever g is real) and how a final answer is normalised.
The ground truth always comes from the problem's details (g = f' computed by the sampler), never from an
earlier model answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

import sympy
from pydantic import BaseModel, Field

from pipeline.core.checks import StageChecks, check_record, label_records
from pipeline.core.family import Answers, FinalVerdict, StageSpec
from pipeline.core.problem import Problem, ProblemDetails
from pipeline.families.shared.answers import DeriveAnswer, ReverseAnswer
from pipeline.families.shared.derive_teacher import write_antiderivative_derive_answer
from pipeline.families.shared.rewrites import shortest_form
from pipeline.families.shared.teaching import TeacherError
from validators.equivalence import check_equal
from validators.final import check_final_antiderivative, final_expression
from validators.parse import ParseError, parse_math, to_sympy_syntax
from validators.steps import label_derive_steps

FINAL_CHECK = "antiderivative_verified"
CONSTANT_NAMES = frozenset({"C", "c", "K", "C1", "C_1", "c1", "const", "constant"})


class AntiderivativeDetails(ProblemDetails):
    """f, and the integrand g = f' of the reversed problem, in SymPy syntax."""

    f: str = Field(description="the function to differentiate, f(x)")
    integrand: str = Field(description="g = f'(x), the integrand of the reversed problem")


# --- derive and reverse --------------------------------------------------------------------------------


def derive_inputs(problem: Problem, answers: Answers) -> dict[str, str]:
    return {"function": problem.details.f, "variable": problem.variable}


def reverse_inputs(problem: Problem, answers: Answers) -> dict[str, str]:
    derivative = answers["derive"].derivative  # the model's derivative, never the truth
    return {"function": problem.details.f, "derivative": derivative, "variable": problem.variable}


def check_derive(answer: DeriveAnswer, problem: Problem) -> StageChecks:
    """The final derivative must equal diff(f); every step must be a true rule application."""
    x = problem.variable
    final = check_record("derivative_matches", check_equal(answer.derivative, problem.details.integrand, x))
    steps = label_derive_steps([(s.expression, s.derivative) for s in answer.steps], x)
    return StageChecks.of([final], label_records("derive_step", steps))


def check_reverse(answer: ReverseAnswer, problem: Problem) -> StageChecks:
    """The restated problem must ask for the antiderivative of exactly g."""
    verdict = check_equal(answer.integrand, problem.details.integrand, problem.variable)
    return StageChecks.of([check_record("integrand_matches", verdict)])


def teach_derive(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> BaseModel:
    return write_antiderivative_derive_answer(problem)


def teach_reverse(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> BaseModel:
    """The integration problem whose integrand is the derive stage's derivative (used verbatim, unparsed:
    it may be another provider's untrusted output)."""
    integrand = (inputs.get("derivative") or "").strip()
    if not integrand:
        raise TeacherError("missing_derivative", "the reverse stage needs the derive stage's derivative")
    x = problem.variable
    return ReverseAnswer(
        problem=(
            f"Find the antiderivative of g({x}) = {integrand} with respect to {x}, "
            f"that is, compute the integral of g({x}) d{x}."
        ),
        integrand=integrand,
    )


def derive_stage(teach=teach_derive) -> StageSpec:
    return StageSpec(
        "derive", DeriveAnswer, frozenset({"function", "variable"}), derive_inputs, check_derive, teach
    )


def reverse_stage() -> StageSpec:
    variables = frozenset({"function", "derivative", "variable"})
    return StageSpec("reverse", ReverseAnswer, variables, reverse_inputs, check_reverse, teach_reverse)


def solve_inputs(problem: Problem, answers: Answers) -> dict[str, str]:
    reverse = answers["reverse"]
    return {"integrand": reverse.integrand, "variable": problem.variable, "problem": reverse.problem}


SOLVE_VARIABLES = frozenset({"integrand", "variable", "problem"})


def solve_stage(answer: type, check, teach) -> StageSpec:
    """The solve stage of an integral family: its own answer schema, checks and teacher; the shared
    inputs, template variables and final check (an antiderivative differentiated back)."""
    return StageSpec(
        name="solve",
        answer=answer,
        variables=SOLVE_VARIABLES,
        inputs=solve_inputs,
        check=check,
        teach=teach,
        final_check=FINAL_CHECK,
        normalize=normalize_final,
        paths=True,
    )


# --- the final answer ----------------------------------------------------------------------------------


def final_check(antiderivative: str, problem: Problem):
    """The record of the final-answer check: closed form, and F' = g wherever g is real."""
    verdict = check_final_antiderivative(antiderivative, problem.details.integrand, problem.variable)
    return check_record(FINAL_CHECK, verdict)


def normalize_antiderivative(text: str, integrand: str, variable: str) -> str:
    """The antiderivative in SymPy syntax with its constant of integration dropped.

    Answers may be LaTeX and end in + C; the dataset stores one canonical spelling so a training stack can
    compare and deduplicate. Only additive terms free of the variable whose symbols are all constant names
    not used by the integrand are dropped, so a parameter of the problem is never removed.
    """
    expr = final_expression(text, variable)
    x = next((s for s in expr.free_symbols if s.name == variable), None)
    if x is None:
        return to_sympy_syntax(expr)
    params = {s.name for s in parse_math(integrand, variable).free_symbols}
    constant, rest = expr.as_independent(x, as_Add=True)
    names = {s.name for s in constant.free_symbols}
    if constant != 0 and names <= (CONSTANT_NAMES - params):
        expr = rest
    return to_sympy_syntax(expr)


def normalize_final(answer: BaseModel, problem: Problem) -> str:
    """The solve answer's antiderivative, normalised (a pool function of ``StageSpec.normalize``)."""
    return normalize_antiderivative(answer.antiderivative, problem.details.integrand, problem.variable)


def verify_final(antiderivative: str, columns: Mapping[str, str]) -> FinalVerdict:
    """A final answer against the record's integrand (columns ``integrand``, ``variable``), in a worker.

    An answer that still holds an ``Integral`` is no antiderivative (its derivative is g by definition: a
    policy rewarded for it learns to write ``Integral(g, x) + C``), so it is refused before the check."""
    variable = columns.get("variable") or "x"
    try:
        final_expression(antiderivative, variable)
    except ParseError as err:
        return FinalVerdict(ok=False, parses=False, reason=f"parse_error:{err.reason}", detail=str(err))
    verdict = check_final_antiderivative(antiderivative, columns["integrand"], variable)
    reason = "unevaluated_integral" if "unevaluated" in verdict.detail else str(verdict.reason)
    return FinalVerdict(ok=verdict.ok, parses=True, reason=reason, detail=verdict.detail[:300])


def reference_answer(problem: Problem) -> str:
    """The f the integrand was made from: an antiderivative by construction."""
    return problem.details.f


def record_fields(
    problem: Problem, answers: Answers, solution: BaseModel | None, final: str
) -> dict[str, str]:
    """What a training stack needs at the record's top level: the integral and its answer."""
    return {
        "integrand": problem.details.integrand,
        "antiderivative": final,
        "problem": answers["reverse"].problem,
        "f": problem.details.f,
        "rabbit": getattr(solution, "rabbit", "") or problem.rabbit,
    }


SIMPLIFY_MAX_NODES = 80  # simplify the derivative only when it is small: its cost grows without bound


def readable_derivative(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """f' in the shortest of a few exact rewrites (and simplify when the derivative is small)."""
    derivative = sympy.diff(f, x)
    candidates = [shortest_form(derivative)]
    if sum(1 for _ in sympy.preorder_traversal(derivative)) <= SIMPLIFY_MAX_NODES:
        # SymPy raises many types; a failed rewrite is simply not a candidate
        with contextlib.suppress(Exception):
            candidates.append(shortest_form(sympy.simplify(derivative)))
    return min(candidates, key=lambda e: (len(sympy.sstr(e)), sympy.sstr(e)))


def read_function(text: str, variable: str) -> sympy.Expr:
    """A problems_file line's f: parsed with the safe parser, closed form, depending on the variable."""
    f = parse_math(text, variable)
    if not f.has(sympy.Symbol(variable)) or f.has(sympy.Integral, sympy.Derivative):
        raise ValueError(f"f must be a closed-form function of {variable}")
    return f
