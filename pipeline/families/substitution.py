"""The substitution family: chain-rule reversal, the integral of h(phi(x)) * phi'(x) dx.

f = H(phi(x)) for a random outer H and inner phi; g = f' = H'(phi(x)) * phi'(x). The rabbit is that a
factor of g is the derivative of an inner function, so w = phi(x) turns the integral into one of h(w) dw.
A Problem of this family stores phi in ``u`` (as a function of x) and H in ``v`` (as a function of w).
"""

from __future__ import annotations

import random

import sympy

from pipeline.answers import DeriveAnswer, DeriveStep, SolveStep, SubstitutionChoice, SubstitutionSolveAnswer
from pipeline.generator.canonical import canonical_form
from pipeline.generator.settings import DEFAULT_SPLITS, GeneratorConfig
from pipeline.generator.splits import assign_split
from pipeline.problem import Problem
from pipeline.teacher.derive import derivative_steps
from pipeline.teacher.factors import TeacherError, text
from validators.parse import ParseError, parse_math

W = sympy.Symbol("w")
FLAWS: tuple[str, ...] = ("wrong_dw", "wrong_outer")
MAX_DRAWS = 100


def _inner(rng: random.Random, x: sympy.Symbol) -> sympy.Expr:
    a, b, n = rng.choice((1, 2, 3, -1, -2)), rng.choice((1, 2, 3, 4, -1)), rng.choice((2, 2, 3, 4))
    return rng.choice(
        (
            x**n + b,
            a * x**n + b,
            sympy.sin(x),
            sympy.cos(x),
            sympy.exp(a * x),
            sympy.log(x),
            x**2 + a * x + b,
            sympy.sqrt(x) + b,
            sympy.exp(x) + b,
            sympy.tan(x),
        )
    )


def _outer(rng: random.Random) -> sympy.Expr:
    k, m = rng.choice((2, 3, 4, 5, -1, -2)), rng.choice((1, 2, 3))
    return rng.choice(
        (
            sympy.sin(m * W),
            sympy.cos(W),
            sympy.exp(m * W),
            W**k,
            sympy.sqrt(W),
            sympy.atan(W),
            sympy.log(W),
            sympy.sinh(W),
            sympy.tan(W),
        )
    )


def sample_substitution_problem(
    run_seed: int, index: int, variable: str = "x", config: object = None
) -> Problem:
    """Problem ``index`` of a substitution run: a pure function of (run_seed, index)."""
    from pipeline.sampler import problem_seed  # the seed scheme is shared by every family

    seed = problem_seed(run_seed, index)
    rng = random.Random(seed)
    x = sympy.Symbol(variable)
    for _ in range(MAX_DRAWS):
        phi, outer = _inner(rng, x), _outer(rng)
        if outer.is_polynomial(W) and phi.is_polynomial(x):
            continue  # a polynomial of a polynomial is algebra, not a substitution exercise
        f = outer.subs(W, phi)
        g = sympy.diff(f, x)
        g_text = text(g)
        if not g.has(x) or g.has(sympy.zoo, sympy.nan) or len(g_text) > 200:
            continue
        canonical = canonical_form(g, x)
        splits = config.splits if isinstance(config, GeneratorConfig) else DEFAULT_SPLITS
        return Problem(
            index=index,
            seed=seed,
            family="substitution",
            canonical=canonical,
            split=assign_split(canonical, splits),
            construction="chain_reversal",
            variable=variable,
            f=text(f),
            integrand=g_text,
            u=text(phi),
            v=text(outer),
            rabbit=(
                f"g contains {text(sympy.diff(phi, x))}, the derivative of the inner function {text(phi)}: "
                f"with w = {text(phi)}, g dx = {text(sympy.diff(outer, W))} dw."
            ),
            difficulty="easy" if len(g_text) <= 40 else "medium" if len(g_text) <= 70 else "hard",
        )
    raise TeacherError("sampling_failed", f"no substitution problem after {MAX_DRAWS} draws (seed {seed})")


def _read(problem: Problem) -> tuple[sympy.Symbol, sympy.Expr, sympy.Expr]:
    try:
        return (
            sympy.Symbol(problem.variable),
            parse_math(problem.u, problem.variable),
            parse_math(problem.v, "w"),
        )
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err


def write_derive_generic(problem: Problem) -> DeriveAnswer:
    """Differentiate f by walking its tree: one rule application per step, innermost first."""
    x = sympy.Symbol(problem.variable)
    f = parse_math(problem.f, problem.variable)
    steps: list[DeriveStep] = derivative_steps(f, x)
    return DeriveAnswer(steps=steps, derivative=text(sympy.diff(f, x)))


def write_substitution_answer(
    problem: Problem, path: str = "substitution", flaw: str | None = None
) -> SubstitutionSolveAnswer:
    """Solve by w = phi(x); with ``flaw`` a named mistake is planted (wrong dw or a wrong H)."""
    if flaw is not None and flaw not in FLAWS:
        raise TeacherError("unknown_flaw", f"{flaw!r} is not one of {list(FLAWS)}")
    x, phi, outer = _read(problem)
    dphi = sympy.diff(phi, x)
    h = sympy.diff(outer, W)
    H = outer
    if flaw == "wrong_dw":  # dw off by a factor 2, carried honestly into h(w) and H(w)
        dphi, h, H = 2 * dphi, h / 2, outer / 2
    if flaw == "wrong_outer":  # an antiderivative of h(w) with the wrong sign
        H = -outer
    g = parse_math(problem.integrand, problem.variable)
    result = H.subs(W, phi)
    steps = [
        SolveStep(
            explanation=(
                f"Let w = {text(phi)}, so dw = {text(dphi)} d{x}; "
                f"the integrand is h(w) dw with h(w) = {text(h)}."
            ),
            integrand=text(g),
            result=f"Integral({text(h.subs(W, phi) * dphi)}, {x})",
        ),
        SolveStep(
            explanation=(
                f"An antiderivative of h(w) = {text(h)} is H(w) = {text(H)}; substitute w = {text(phi)} back."
            ),
            integrand=text(g),
            result=text(result),
        ),
    ]
    return SubstitutionSolveAnswer(
        rabbit=(
            f"The factor {text(sympy.diff(phi, x))} is the derivative of the inner function {text(phi)}, "
            f"so the substitution w = {text(phi)} turns the integral into that of {text(h)} dw."
        ),
        substitution=SubstitutionChoice(
            w=text(phi), dw=text(dphi), integrand_in_w=text(h), antiderivative_in_w=text(H)
        ),
        steps=steps,
        antiderivative=f"{text(result)} + C",
    )


def check_substitution_solve(answer: SubstitutionSolveAnswer, problem: Problem):
    """The antiderivative must differentiate back to g; the substitution's three claims and every step too."""
    from pipeline.checks import StageChecks, _labels, _record
    from validators.final import check_final_antiderivative
    from validators.steps import label_solve_steps
    from validators.substitution import label_substitution

    x = problem.variable
    final = _record(
        "antiderivative_verified", check_final_antiderivative(answer.antiderivative, problem.integrand, x)
    )
    s = answer.substitution
    substitution = label_substitution(
        s.w, s.dw, s.integrand_in_w, s.antiderivative_in_w, problem.integrand, x
    )
    steps = label_solve_steps([(step.integrand, step.result) for step in answer.steps], x)
    labels = _labels("substitution", substitution) + _labels("solve_step", steps)
    first = next((i for i, label in enumerate(labels) if label.label == "incorrect"), None)
    return StageChecks(checks=[final], step_labels=labels, first_error_step=first)
