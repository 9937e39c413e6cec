"""Shared test helpers: problems of each kind, the teacher's answers, and an independent SymPy check.

The independent check reads our own output (never model text) with plain SymPy and proves the claim by
``sympy.simplify``, or, when simplify does not reach 0, by mpmath at random x and C: it shares no code
with ``validators``.
"""

from __future__ import annotations

import functools
import random

import mpmath
import sympy

from pipeline.families import get_family
from pipeline.families.ode_linear.sampler import OdeSampler, sample_ode_problem

FAMILY = get_family("ode_linear")
X, C = sympy.symbols("x C")
ONLY = {
    "easy": OdeSampler(levels={"easy": 1.0}),
    "medium": OdeSampler(levels={"medium": 1.0}),
    "hard": OdeSampler(levels={"hard": 1.0}),
    "ivp": OdeSampler(levels={"hard": 1.0}, initial_condition=1.0),
}


@functools.cache
def problem(level: str, index: int):
    return sample_ode_problem(99, index, "x", ONLY[level])


@functools.cache
def earlier_answers(prob) -> dict:
    """The derive and reverse answers of the teacher, as the runner would pass them on (do not mutate)."""
    answers: dict = {}
    for spec in FAMILY.stages[:-1]:
        answers[spec.name] = spec.teach(prob, spec.inputs(prob, answers), None, None)
    return answers


def solve(prob, path: str, flaw: str | None = None):
    spec = FAMILY.path_stage
    return spec.teach(prob, spec.inputs(prob, earlier_answers(prob)), path, flaw)


def read(text: str) -> sympy.Expr:
    return sympy.parse_expr(text, local_dict={"x": X, "C": C, "E": sympy.E})


def residual_vanishes(y: str, p: str, q: str) -> bool:
    """y' + p*y - q is 0 as a function of x and C: simplify, else 12 random (x, C), to 20 of 30 digits."""
    y_, p_, q_ = read(y), read(p), read(q)
    terms = (sympy.diff(y_, X), p_ * y_, -q_)
    if sympy.simplify(sum(terms)) == 0:
        return True
    rng = random.Random(0)
    with mpmath.workdps(30):
        parts = [sympy.lambdify((X, C), term, "mpmath") for term in terms]
        for _ in range(12):
            x, c = mpmath.mpf(rng.uniform(1.1, 2.9)), mpmath.mpf(rng.uniform(-3, 3))
            values = [part(x, c) for part in parts]
            if abs(sum(values)) > mpmath.mpf(10) ** -20 * (1 + sum(abs(v) for v in values)):
                return False
    return True
