"""What each ode_linear answer must satisfy, measured against the sampler's truth (never an earlier answer).

* derive: y' is the derivative of the solution family, q = y' + p*y is the problem's q with C gone, every
  rule step is a true derivative and the elimination of C is an identity;
* reverse: the stated equation has exactly the problem's p and q (and initial condition);
* solve: the final answer is the general solution of y' + p*y = q (every C, affine in C, nonzero
  homogeneous part: ``validators.ode``), the initial condition is met when one is posed, and every claim
  (integrating factor, product form, integrals, homogeneous solution, variation) carries its own label.
"""

from __future__ import annotations

from pipeline.core.checks import StageChecks, check_record, label_record, label_records
from pipeline.core.problem import Problem
from pipeline.core.records import CheckRecord
from pipeline.families.ode_linear.answers import OdeDeriveAnswer, OdeReverseAnswer, OdeSolveAnswer
from pipeline.families.ode_linear.labels import label_solution, ode_label
from validators.equivalence import Method, Reason, Verdict, check_antiderivative, check_equal
from validators.ode import check_general_solution
from validators.parse import ParseError, parse_math
from validators.steps import label_derive_steps

FINAL_CHECK = "solution_verified"
IC_CHECK = "initial_condition_met"


def _refused(reason: Reason, detail: str) -> Verdict:
    return Verdict(ok=False, reason=reason, method=Method.NONE, detail=detail)


def _q_verdict(stated: str, problem: Problem) -> Verdict:
    """The stated q is the problem's q, and free of the constant (C was to be eliminated)."""
    x = problem.variable
    try:
        expr = parse_math(stated, x)
    except ParseError as err:
        return _refused(Reason.PARSE, str(err))
    extra = sorted(s.name for s in expr.free_symbols if s.name != x)
    if extra:
        return _refused(Reason.NOT_EQUIVALENT, f"constant_not_eliminated: q still holds {', '.join(extra)}")
    return check_equal(expr, problem.details.q, x)


def _elimination(answer: OdeDeriveAnswer, problem: Problem) -> Verdict:
    """The claim "y' + p*y is q": the stated derivative plus p*y must be the stated q, for every C."""
    x = problem.variable
    try:
        derivative, q = parse_math(answer.derivative, x), parse_math(answer.q, x)
        y, p = parse_math(problem.details.solution, x), parse_math(problem.details.p, x)
    except ParseError as err:
        return _refused(Reason.PARSE, str(err))
    return check_equal(derivative + p * y, q, x)


def check_derive(answer: OdeDeriveAnswer, problem: Problem) -> StageChecks:
    x = problem.variable
    derivative = check_antiderivative(problem.details.solution, answer.derivative, x)
    checks = [
        check_record("derivative_matches", derivative),
        check_record("q_matches", _q_verdict(answer.q, problem)),
    ]
    steps = label_derive_steps([(s.expression, s.derivative) for s in answer.steps], x)
    eliminate = ode_label(0, _elimination(answer, problem), "constant_not_eliminated")
    labels = label_records("derive_step", steps) + [label_record("eliminate_constant", eliminate)]
    return StageChecks.of(checks, labels)


def _same_number(stated: str, truth: str, name: str, variable: str) -> CheckRecord:
    verdict = check_equal(stated, truth, variable) if stated.strip() else _refused(Reason.PARSE, "empty")
    return check_record(name, verdict)


def check_reverse(answer: OdeReverseAnswer, problem: Problem) -> StageChecks:
    """The restated equation must be exactly y' + p*y = q of the problem, with its initial condition."""
    x, details = problem.variable, problem.details
    checks = [
        check_record("p_matches", check_equal(answer.p, details.p, x)),
        check_record("q_matches", _q_verdict(answer.q, problem)),
    ]
    if details.x0:
        checks += [
            _same_number(answer.x0, details.x0, "x0_matches", x),
            _same_number(answer.y0, details.y0, "y0_matches", x),
        ]
    elif answer.x0.strip() or answer.y0.strip():
        checks.append(CheckRecord(name="initial_condition_matches", ok=False, reason="not_posed"))
    return StageChecks.of(checks)


def final_check(solution: str, problem: Problem) -> CheckRecord:
    """The final answer is the general solution of the problem's equation (see ``validators.ode``)."""
    details = problem.details
    return check_record(FINAL_CHECK, check_general_solution(solution, details.p, details.q, problem.variable))


def check_solve(answer: OdeSolveAnswer, problem: Problem) -> StageChecks:
    """The general solution (and the initial condition, when posed); every claim labelled."""
    details, x = problem.details, problem.variable
    checks = [final_check(answer.solution, problem)]
    labels = label_solution(answer, details.p, details.q, details.x0, details.y0, x)
    if details.x0:
        condition = next((label for label in labels if label.kind == "initial_condition"), None)
        if condition is None:
            detail = (
                f"the problem poses y({details.x0}) = {details.y0}; the answer gives no constant or solution"
            )
            checks.append(CheckRecord(name=IC_CHECK, ok=False, reason="missing", detail=detail))
        else:
            ok = condition.label == "correct"
            checks.append(CheckRecord(name=IC_CHECK, ok=ok, reason=condition.reason, detail=condition.detail))
    return StageChecks.of(checks, labels)
