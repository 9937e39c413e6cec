"""What a partial-fractions answer must satisfy: the final answer, the decomposition, and every step.

The decomposition is checked by recombining: polynomial part plus terms must be the integrand (proved by
``check_equal``), and it must be a decomposition at all: every term a partial fraction (a numerator of lower
degree over a power of one linear or irreducible quadratic factor) and the polynomial part a polynomial, so
"g = g" is no decomposition. Labelled ``decomposition``. Each step is the claim "the integral of h is R",
labelled by differentiating R (``label_solve_steps``, kind ``solve_step``); the steps hold one claim per
term, so a wrong log, power or atan is found at its own term. Module-level functions only: they run in the
check pool.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from pipeline.core.checks import StageChecks, label_record, label_records
from pipeline.core.problem import Problem
from pipeline.core.records import StepLabelRecord
from pipeline.families.partial_fractions.answers import PartialFractionsSolveAnswer
from pipeline.families.shared.antiderivative import final_check
from validators.equivalence import check_equal
from validators.parse import ParseError, parse_math
from validators.steps import StepLabel, StepVerdict, from_verdict, label_solve_steps

DECOMPOSITION = "decomposition"
DECOMPOSITION_WRONG = "terms_do_not_add_up_to_integrand"
NOT_PARTIAL_FRACTIONS = "not_partial_fractions"
MAX_FORM_DEGREE = 12  # factoring a larger denominator is no check of a textbook decomposition


def decomposition_sum(polynomial_part: str, terms: Sequence[str]) -> str:
    """The decomposition as one expression text, each part bracketed (the parts are untrusted text)."""
    parts = [p for p in (polynomial_part.strip(), *(t.strip() for t in terms)) if p]
    return " + ".join(f"({p})" for p in parts) or "0"


def label_decomposition(
    polynomial_part: str, terms: Sequence[str], integrand: str, variable: str
) -> StepVerdict:
    """Correct iff the parts are partial fractions and add up to the integrand; incorrect with a
    counterexample or the term that is not a partial fraction; else unverifiable."""
    verdict = from_verdict(
        0, check_equal(decomposition_sum(polynomial_part, terms), integrand, variable), DECOMPOSITION_WRONG
    )
    if verdict.label != StepLabel.CORRECT:
        return verdict
    problem = form_problem(polynomial_part, terms, variable)
    if problem is None:
        return verdict
    return StepVerdict(index=0, label=StepLabel.INCORRECT, reason=NOT_PARTIAL_FRACTIONS, detail=problem)


def form_problem(polynomial_part: str, terms: Sequence[str], variable: str) -> str | None:
    """Why the parts are not a partial-fraction decomposition, or None when they are.

    Run only on parts already proved to add up to the integrand (so they parse)."""
    x = sympy.Symbol(variable)
    try:
        polynomial = parse_math(polynomial_part or "0", variable)
        parsed = [(term, parse_math(term, variable)) for term in terms]
    except ParseError as err:
        return f"a part does not parse: {err}"
    if not polynomial.is_polynomial(x):
        return f"the polynomial part {polynomial_part!r} is not a polynomial in {variable}"
    for text, term in parsed:
        reason = _term_problem(term, x)
        if reason is not None:
            return f"{text!r} is not a partial fraction: {reason}"
    return None


def _term_problem(term: sympy.Expr, x: sympy.Symbol) -> str | None:
    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(term)))
    if not (numerator.is_polynomial(x) and denominator.is_polynomial(x)):
        return "numerator and denominator must be polynomials"
    if sympy.degree(denominator, x) < 1:
        return "a polynomial belongs in the polynomial part"
    if sympy.degree(denominator, x) > MAX_FORM_DEGREE:
        return f"its denominator has degree above {MAX_FORM_DEGREE}"
    _, factors = sympy.factor_list(denominator, x)
    moving = [(base, power) for base, power in factors if base.has(x)]
    if len(moving) != 1:
        return "its denominator must be a power of one factor"
    base, _ = moving[0]
    degree = sympy.degree(base, x)
    if degree == 2 and sympy.discriminant(base, x) >= 0:
        return f"{base} has real roots: split it into linear factors"
    if degree > 2:
        return f"{base} is not linear or quadratic"
    if sympy.degree(numerator, x) >= degree:
        return "its numerator's degree must be below its factor's"
    return None


def solve_labels(answer: PartialFractionsSolveAnswer, integrand: str, variable: str) -> list[StepVerdict]:
    """Every claim of an answer in reading order: the decomposition, then each step."""
    decomposition = label_decomposition(answer.polynomial_part, answer.terms, integrand, variable)
    steps = label_solve_steps([(step.integrand, step.result) for step in answer.steps], variable)
    return [decomposition, *steps]


def check_partial_fractions_solve(answer: PartialFractionsSolveAnswer, problem: Problem) -> StageChecks:
    """The antiderivative must differentiate back to g; the decomposition must recombine to g; every step
    must be a true integral claim."""
    x = problem.variable
    final = final_check(answer.antiderivative, problem)
    decomposition, *steps = solve_labels(answer, problem.details.integrand, x)
    labels: list[StepLabelRecord] = [label_record(DECOMPOSITION, decomposition)]
    labels += label_records("solve_step", steps)
    return StageChecks.of([final], labels)
