"""The derive stage, done by rule, for a function f given in SymPy syntax: one rule application per step.

Each step is self-contained (d/dx of its expression is its derivative), so a step checker can verify every
one of them alone. The derivative in each step is computed by ``sympy.diff`` on that sub-expression, which
makes each claim true by construction; the explanation states the rule that produces it.
"""

from __future__ import annotations

import sympy

from pipeline.core.problem import Problem
from pipeline.families.shared.answers import DeriveAnswer, DeriveStep
from pipeline.families.shared.memo import derivative
from pipeline.families.shared.teaching import TeacherError, text
from validators.parse import ParseError, parse_math

__all__ = ["derivative_steps", "write_antiderivative_derive_answer"]


def _placeholder(x: sympy.Symbol) -> sympy.Symbol:
    """Names the inner function when an outer derivative is stated (d/dw sin(w) = cos(w)); never x itself."""
    return sympy.Symbol("t" if x.name == "w" else "w")


def write_antiderivative_derive_answer(problem: Problem) -> DeriveAnswer:
    """Differentiate any f rule by rule, then simplify to the problem's integrand.

    For constructions other than product reversal f is a closed-form antiderivative (e.g.
    (x**2 - 2*x + 2)*exp(x)); its raw derivative only equals the integrand after terms cancel, so a last
    step states that simplification (a claim checked like any other: d/dx f = the integrand).
    """
    x = sympy.Symbol(problem.variable)
    try:
        f = parse_math(problem.details.f, problem.variable)
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err
    steps = derivative_steps(f, x)
    if steps[-1].derivative != problem.details.integrand:
        steps.append(
            DeriveStep(
                rule="simplify",
                explanation=(
                    f"Collect and simplify d/d{x}({text(f)}) = {steps[-1].derivative}: the terms cancel "
                    f"down to {problem.details.integrand}."
                ),
                expression=text(f),
                derivative=problem.details.integrand,
            )
        )
    return DeriveAnswer(steps=steps, derivative=problem.details.integrand)


def derivative_steps(expr: sympy.Expr, x: sympy.Symbol) -> list[DeriveStep]:
    """Every rule application needed for d/dx expr, innermost first, each sub-expression once."""
    steps: list[DeriveStep] = []
    _collect(expr, x, steps, seen=set())
    if not steps:  # expr is x itself (or constant): still say what its derivative is
        steps.append(_step(expr, x, "power" if expr == x else "constant", _explain_leaf(expr, x)))
    return steps


def _collect(expr: sympy.Expr, x: sympy.Symbol, steps: list[DeriveStep], seen: set[sympy.Expr]) -> None:
    if expr in seen or not expr.has(x) or expr == x:
        return
    seen.add(expr)
    rule, explanation, parts = _rule_for(expr, x)
    for part in parts:
        _collect(part, x, steps, seen)
    steps.append(_step(expr, x, rule, explanation))


def _step(expr: sympy.Expr, x: sympy.Symbol, rule: str, explanation: str) -> DeriveStep:
    return DeriveStep(
        rule=rule,
        explanation=explanation,
        expression=text(expr),
        derivative=text(_diff(expr, x)),
    )


_diff = derivative
"""``sympy.diff``, memoised (``memo.derivative``): a rule's explanation and the step of each of its parts
differentiate the same sub-expressions (pure and immutable, so the result is the same object either way)."""


def _explain_leaf(expr: sympy.Expr, x: sympy.Symbol) -> str:
    if expr == x:
        return f"Power rule: d/d{x} {x} = 1."
    return f"{text(expr)} does not depend on {x}, so its derivative is 0."


def _rule_for(expr: sympy.Expr, x: sympy.Symbol) -> tuple[str, str, list[sympy.Expr]]:
    """(rule name, one-sentence explanation, sub-expressions whose derivatives the rule uses)."""
    d = _diff
    if expr.is_Add:
        terms = [t for t in expr.args if t.has(x)]
        shown = " + ".join(f"d/d{x}({text(t)})" for t in terms)
        return "sum", f"Sum rule: differentiate term by term, {shown}; constant terms give 0.", terms
    if expr.is_Mul:
        constant, rest = expr.as_independent(x, as_Add=False)
        if constant != 1:
            return (
                "constant",
                f"Constant multiple rule: d/d{x}({text(constant)}*h) = {text(constant)}*h' "
                f"with h = {text(rest)}, h' = {text(d(rest, x))}.",
                [rest],
            )
        first, *others = expr.args
        second = sympy.Mul(*others)
        return (
            "product",
            f"Product rule: (p*q)' = p'*q + p*q' with p = {text(first)} (p' = {text(d(first, x))}) "
            f"and q = {text(second)} (q' = {text(d(second, x))}).",
            [first, second],
        )
    if expr.is_Pow:
        base, exponent = expr.args
        if not exponent.has(x):
            if base == x:
                return "power", f"Power rule: d/d{x} {x}**n = n*{x}**(n - 1) with n = {text(exponent)}.", []
            return (
                "chain",
                f"Chain rule with the power rule: d/d{x} w**n = n*w**(n - 1)*w' with n = {text(exponent)}, "
                f"w = {text(base)}, w' = {text(d(base, x))}.",
                [base],
            )
        if not base.has(x):
            return (
                "chain",
                f"Chain rule: d/d{x} a**w = a**w*log(a)*w' with a = {text(base)}, w = {text(exponent)}, "
                f"w' = {text(d(exponent, x))}.",
                [exponent],
            )
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        inner = expr.args[0]
        w = _placeholder(x)
        outer_prime = d(expr.func(w), w)
        if inner == x:
            derivative = text(outer_prime.subs(w, x))
            return "elementary", f"Elementary derivative: d/d{x} {text(expr)} = {derivative}.", []
        return (
            "chain",
            f"Chain rule: d/d{w} {text(expr.func(w))} = {text(outer_prime)}; evaluate it at the inner "
            f"function {w} = {text(inner)} and multiply by {w}' = {text(d(inner, x))}.",
            [inner],
        )
    return "elementary", f"Differentiate {text(expr)} with the standard rules.", []
