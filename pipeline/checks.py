"""What each stage's answer must satisfy, as functions that run in the time-limited check pool.

These are module-level and synchronous so the pool can pickle them; each returns plain records, never
raises for bad math (a wrong answer is a verdict, not an error). The ground truth always comes from the
``Problem`` (g = sympy.diff(f) computed by the sampler), never from an earlier model answer.
"""

from __future__ import annotations

from pydantic import BaseModel

from pipeline.answers import DeriveAnswer, ReverseAnswer, SolveAnswer
from pipeline.problem import Problem
from pipeline.records import CheckRecord, StepLabelRecord
from validators.equivalence import Verdict, check_equal
from validators.final import check_final_antiderivative
from validators.solution_labels import label_solution
from validators.steps import first_error, label_derive_steps


class StageChecks(BaseModel):
    """The verdicts on one stage's answer."""

    checks: list[CheckRecord]
    step_labels: list[StepLabelRecord] = []
    first_error_step: int | None = None
    reject_unverifiable: bool = True  # the run's acceptance.unverifiable_steps, set by the runner

    @property
    def failure(self) -> str | None:
        """The first reason this answer is not kept, or None when every check passed."""
        for check in self.checks:
            if not check.ok:
                return f"{check.name}:{check.reason}"
        if self.first_error_step is not None:
            return "incorrect_step"
        if self.reject_unverifiable and self.first_unverifiable is not None:
            return "unverifiable_step"
        return None

    @property
    def first_unverifiable(self) -> int | None:
        """Position in ``step_labels`` of the first claim the checker could not decide, or None."""
        return next((i for i, label in enumerate(self.step_labels) if label.label == "unverifiable"), None)


def _record(name: str, verdict: Verdict) -> CheckRecord:
    return CheckRecord(
        name=name,
        ok=verdict.ok,
        reason=str(verdict.reason),
        method=str(verdict.method),
        detail=verdict.detail,
        seconds=verdict.seconds,
        evidence=verdict.evidence,
        coverage=verdict.coverage,
    )


def _label(kind: str, verdict) -> StepLabelRecord:
    return StepLabelRecord(
        index=verdict.index, kind=kind, label=str(verdict.label), reason=verdict.reason, detail=verdict.detail
    )


def _labels(kind: str, verdicts: list) -> list[StepLabelRecord]:
    return [_label(kind, v) for v in verdicts]


def check_derive(answer: DeriveAnswer, problem: Problem) -> StageChecks:
    """The final derivative must equal diff(f); every step must be a true rule application."""
    final = _record("derivative_matches", check_equal(answer.derivative, problem.integrand, problem.variable))
    steps = label_derive_steps([(s.expression, s.derivative) for s in answer.steps], problem.variable)
    return StageChecks(
        checks=[final], step_labels=_labels("derive_step", steps), first_error_step=first_error(steps)
    )


def check_reverse(answer: ReverseAnswer, problem: Problem) -> StageChecks:
    """The restated problem must ask for the antiderivative of exactly g."""
    verdict = check_equal(answer.integrand, problem.integrand, problem.variable)
    return StageChecks(checks=[_record("integrand_matches", verdict)])


def check_solve(answer: SolveAnswer, problem: Problem) -> StageChecks:
    """The antiderivative must differentiate back to g; parts choices and steps must each be true."""
    final = _record(
        "antiderivative_verified",
        check_final_antiderivative(answer.antiderivative, problem.integrand, problem.variable),
    )
    claims = label_solution(
        problem.integrand,
        [(p.u, p.dv, p.du, p.v) for p in answer.parts],
        [(s.explanation, s.integrand, s.result) for s in answer.steps],
        problem.variable,
    )
    # Claims are numbered in the order a reader meets them: the parts choices, then the written steps
    # (each preceded by the change-of-variable relation its explanation states, if any).
    labels = [_label(claim.kind, claim.verdict) for claim in claims]
    first = next((i for i, label in enumerate(labels) if label.label == "incorrect"), None)
    return StageChecks(checks=[final], step_labels=labels, first_error_step=first)


STAGE_CHECKS = {"derive": check_derive, "reverse": check_reverse, "solve": check_solve}


def run_stage_checks(stage: str, answer: BaseModel, problem: Problem) -> StageChecks:
    """Entry point for the pool: dispatch on the stage name and the problem's family (a picklable call)."""
    if stage == "solve":
        from pipeline.families import get_family

        return get_family(problem.family).check_solve(answer, problem)  # type: ignore[return-value]
    return STAGE_CHECKS[stage](answer, problem)  # type: ignore[arg-type]


_CONSTANT_NAMES = frozenset({"C", "c", "K", "C1", "C_1", "c1", "const", "constant"})


def normalize_antiderivative(text: str, integrand: str, variable: str) -> str:
    """The antiderivative in SymPy syntax with its constant of integration dropped.

    Answers may be LaTeX and end in + C; the dataset stores one canonical spelling so a training stack can
    compare and deduplicate. Only additive terms free of the variable whose symbols are all constant names
    not used by the integrand are dropped, so a parameter of the problem is never removed.
    """
    from validators.parse import parse_math, to_sympy_syntax

    expr = parse_math(text, variable)
    x = next((s for s in expr.free_symbols if s.name == variable), None)
    if x is None:
        return to_sympy_syntax(expr)
    params = {s.name for s in parse_math(integrand, variable).free_symbols}
    constant, rest = expr.as_independent(x, as_Add=True)
    names = {s.name for s in constant.free_symbols}
    if constant != 0 and names <= (_CONSTANT_NAMES - params):
        expr = rest
    return to_sympy_syntax(expr)
