"""Linear ODE problems made backwards: choose the solution family, then compute the equation it solves.

A coefficient p(x) with an elementary integrating factor mu = exp(∫p dx) is drawn with mu already known
(``coefficients``); then either F = ∫ mu*q dx is drawn (``antiderivative``) or a particular solution y_p
(``particular``, F = mu*y_p). The general solution is y = (F + C)/mu = y_p + C/mu, and
q = y' + p*y is computed from it and simplified: C cancels, and q is what the student sees. Nothing here is
integrated, so sampling is fast and exact.

Levels: ``easy`` separable equations (q = c*p, so y = c + C/mu; c = 0 is the homogeneous equation), ``medium``
the textbook coefficients with a real integrating-factor integral, ``hard`` coefficients whose integrating
factor takes more thought, and for a share of them an initial condition y(x0) = y0 to meet.
"""

from __future__ import annotations

import contextlib
import random

import sympy
from pydantic import Field, model_validator

from pipeline.core.problem import Problem, ProblemDetails
from pipeline.core.seeds import problem_seed
from pipeline.families.ode_linear import coefficients as table
from pipeline.families.shared.splits import DEFAULT_SPLITS, SplitsConfig, assign_split
from pipeline.families.shared.teaching import TeacherError, text

C = sympy.Symbol("C")
MAX_DRAWS = 60
MAX_Q_CHARS = 90
MAX_SOLUTION_CHARS = 110
MAX_Y0_CHARS = 24
SIMPLIFY_MAX_NODES = 60
LEVELS = ("easy", "medium", "hard")
R = sympy.Rational


class OdeDetails(ProblemDetails):
    """y' + p*y = q and what it was made from (SymPy syntax; the constant of the general solution is C)."""

    p: str = Field(description="the coefficient p(x)")
    q: str = Field(description="the right side q(x) = y' + p*y, simplified")
    solution: str = Field(description="the general solution y(x, C) = (F + C)/mu")
    particular: str = Field(description="y_p = F/mu, the solution at C = 0")
    homogeneous: str = Field(description="y_h = 1/mu = exp(-∫p dx), a solution of y' + p*y = 0")
    mu: str = Field(description="the integrating factor mu = exp(∫p dx)")
    integral: str = Field(description="F = ∫ mu*q dx, the integral the solution needs")
    p_kind: str = Field(description="the coefficient's table row (constant, power, linear, trig ...)")
    form: str = Field(description="separable, antiderivative (F drawn) or particular (y_p drawn)")
    x0: str = Field(default="", description="the initial condition's point, when one is posed")
    y0: str = Field(default="", description="the value y(x0) required, when an initial condition is posed")
    constant: str = Field(default="", description="the value of C meeting the initial condition")
    ivp_solution: str = Field(default="", description="the solution meeting the initial condition")


class OdeSampler(SplitsConfig):
    """The ``sampler:`` section of an ode_linear run: the level mix and the share of initial conditions."""

    levels: dict[str, float] = Field(
        default_factory=lambda: {"easy": 0.25, "medium": 0.4, "hard": 0.35},
        description="share of easy (separable), medium (integrating factor) and hard problems",
    )
    initial_condition: float = Field(
        default=0.5, ge=0, le=1, description="share of hard problems posed with an initial condition"
    )

    @model_validator(mode="after")
    def _levels_are_shares(self) -> OdeSampler:
        if set(self.levels) - set(LEVELS) or abs(sum(self.levels.values()) - 1) > 1e-9:
            raise ValueError(f"levels are easy/medium/hard shares summing to 1, got {self.levels}")
        return self


def readable(expr: sympy.Expr, deep: bool = True) -> sympy.Expr:
    """The shortest printed of a few exact rewrites; with ``deep`` also factor and (with trig functions)
    trigsimp, on small trees only. ``simplify`` is left out: it cost four times the rest of sampling and
    shortened 4 of 100 right sides, by a character or two."""
    candidates = [expr]
    rewrites = [sympy.cancel, sympy.factor_terms, sympy.expand, sympy.powsimp]
    if deep and sum(1 for _ in sympy.preorder_traversal(expr)) <= SIMPLIFY_MAX_NODES:
        rewrites.append(lambda e: sympy.factor(e, deep=False))
        if expr.has(sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sinh, sympy.cosh, sympy.tanh):
            rewrites.append(sympy.trigsimp)
    for rewrite in rewrites:
        with contextlib.suppress(Exception):  # a rewrite that fails is simply not a candidate
            candidates.append(rewrite(expr))
    return min(candidates, key=lambda e: (len(text(e)), text(e)))


def ode_canonical(p: sympy.Expr, q: sympy.Expr) -> str:
    """The pair (p, q) with q up to a nonzero constant factor (y scales with q: the same exercise)."""
    q = sympy.expand(q)
    content, primitive = q.as_content_primitive()
    q = primitive if content != 0 else q
    q = min((q, -q), key=lambda e: (len(text(e)), text(e)))
    return f"y' + ({text(sympy.expand(p))})*y = {text(q)}"


def _level(rng: random.Random, shares: dict[str, float]) -> str:
    names = [name for name in LEVELS if shares.get(name, 0) > 0]
    return rng.choices(names, weights=[shares[n] for n in names])[0]


def _draft(
    rng: random.Random, x: sympy.Symbol, level: str
) -> tuple[table.Coefficient, str, sympy.Expr, sympy.Expr]:
    """(coefficient, form, F, q) for one draft at ``level``; q computed exactly from how it was made:
    c*p (separable), y_p' + p*y_p (particular) or F'/mu (antiderivative) — each is y' + p*y for
    y = (F + C)/mu, since (1/mu)' = -p/mu makes the C terms cancel."""
    if level == "easy" and rng.random() < 0.5:
        coefficient = (table.basic_coefficient if rng.random() < 0.7 else table.hard_coefficient)(rng, x)
        c = rng.choice((0, 1, 2, -1, 3, R(1, 2)))
        return coefficient, "separable", c * coefficient.mu, c * coefficient.p  # y = c + C/mu
    if level == "easy":  # constant coefficients: undetermined coefficients would do
        k = rng.choice((1, 2, 3, -1, -2, 4, -3))
        coefficient = table.Coefficient("constant", sympy.Integer(k), sympy.exp(k * x))
        y_p = table.particular_piece(rng, x)
        return coefficient, "particular", coefficient.mu * y_p, sympy.diff(y_p, x) + k * y_p
    coefficient = (table.basic_coefficient if level == "medium" else table.hard_coefficient)(rng, x)
    if rng.random() < (0.6 if coefficient.kind == "constant" else 0.3):
        y_p = table.particular_piece(rng, x)
        q = sympy.diff(y_p, x) + coefficient.p * y_p
        return coefficient, "particular", coefficient.mu * y_p, q
    big_f = table.antiderivative_piece(rng, x)
    if level == "hard" and rng.random() < 0.3:
        big_f += table.antiderivative_piece(rng, x)
    return coefficient, "antiderivative", big_f, sympy.diff(big_f, x) / coefficient.mu


def _initial_condition(
    rng: random.Random, x: sympy.Symbol, c: table.Coefficient, big_f: sympy.Expr, q: sympy.Expr
) -> dict[str, str] | None:
    """x0, y0, the constant and the IVP's solution, at a point where p, q and mu are finite (mu not 0)."""
    constant = sympy.Integer(rng.choice((-2, -1, 1, 2, 3)))
    found = []
    for x0 in (0, 1, 2, -1):
        values = [e.subs(x, x0) for e in (c.p, q, c.mu, big_f)]
        if any(v.is_finite is not True or v.is_real is not True for v in values) or values[2] == 0:
            continue
        y0 = readable((values[3] + constant) / values[2], deep=False)
        if len(text(y0)) <= MAX_Y0_CHARS and y0.is_real:
            found.append((len(text(y0)), x0, y0))
    if not found:
        return None
    _, x0, y0 = min(found, key=lambda item: item[:2])
    ivp = readable((big_f + constant) / c.mu, deep=False)
    return {"x0": str(x0), "y0": text(y0), "constant": text(constant), "ivp_solution": text(ivp)}


def sample_ode_problem(run_seed: int, index: int, variable: str = "x", config: object = None) -> Problem:
    """Problem ``index`` of an ode_linear run: a pure function of its arguments."""
    seed = problem_seed(run_seed, index)
    rng = random.Random(seed)
    x = sympy.Symbol(variable)
    config = config if isinstance(config, OdeSampler) else OdeSampler()
    level = _level(rng, config.levels)
    for _ in range(MAX_DRAWS):
        coefficient, form, big_f, q = _draft(rng, x, level)
        h = readable(1 / coefficient.mu, deep=False)
        particular = readable(big_f * h, deep=False)
        y = min(((big_f + C) * h, particular + C * h), key=lambda e: (len(text(e)), text(e)))
        q = readable(q)
        if q.has(C, sympy.zoo, sympy.nan) or (form != "separable" and q == 0):
            continue
        if len(text(q)) > MAX_Q_CHARS or len(text(y)) > MAX_SOLUTION_CHARS:
            continue
        ivp = None
        if level == "hard" and rng.random() < config.initial_condition:
            ivp = _initial_condition(rng, x, coefficient, big_f, q)
            if ivp is None:
                continue  # no point with simple values: draw again, so the configured share holds
        canonical = ode_canonical(coefficient.p, q)
        splits = getattr(config, "splits", None) or DEFAULT_SPLITS
        details = OdeDetails(
            p=text(coefficient.p), q=text(q), solution=text(y), particular=text(particular),
            homogeneous=text(h), mu=text(coefficient.mu), integral=text(big_f), p_kind=coefficient.kind,
            form=form, **(ivp or {}),
        )  # fmt: skip
        return Problem(
            index=index,
            seed=seed,
            family="ode_linear",
            construction="initial_value" if ivp else form,
            variable=variable,
            difficulty=level,
            rabbit=(
                f"The equation is linear in y: the integrating factor mu = exp(∫p d{x}) = {details.mu} "
                f"turns its left side into (mu*y)', and ∫ mu*q d{x} = {details.integral}."
            ),
            canonical=canonical,
            split=assign_split(canonical, splits),
            details=details,
        )
    raise TeacherError("sampling_failed", f"no {level} linear ODE after {MAX_DRAWS} draws (seed {seed})")
