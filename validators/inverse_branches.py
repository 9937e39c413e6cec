"""The branches of t = phi(x) behind an inverse substitution x = psi(t), for claims checked through it.

"Let x = w**2, dx = 2*w*dw" says nothing of the sign of w, but the writer means w >= 0: their step
``∫ log(1 + √x) dx = ∫ 2w log(1 + w) dw`` holds there and fails at w < 0, where √(w**2) = -w. Checked in w
alone, a true step would be labelled incorrect, and "incorrect" must come with a counterexample to what was
meant. So a step that fails through x = psi(t) is carried to x once per branch t = phi_k(x) (known inverses
of powers, sin, cos, tan, sec and exp of a linear argument):

* it holds on the principal branch (w = √x, theta = asin(x), ...): the branch's own verdict stands;
* it holds only on another branch (w = -√x): unverifiable, since which branch was meant is not said and a
  slipped sign may be exactly what makes the other branch fit;
* it fails on every branch: the failure in t stands, incorrect.

An inverse the table does not know leaves the label as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy

from validators.steps import StepLabel, StepVerdict
from validators.variables import Substitution

__all__ = ["branches", "label_on_branches"]


def branches(sub: Substitution, variable: str) -> list[tuple[sympy.Expr, bool]]:
    """(phi_k(x), is it the principal branch) for x = psi(t); [] when psi is not of a known form."""
    t, x = sympy.Symbol(sub.name), sympy.Symbol(variable)
    psi = sub.psi
    if psi is None or sub.phi is not None:
        return []
    rest, inner = psi.as_independent(t, as_Add=True)  # psi = rest + a*g(c*t + d)
    scale, g = inner.as_independent(t, as_Add=False)
    if scale == 0:
        return []
    y = (x - rest) / scale
    values = _inverse_values(g, y, t)
    if not values:
        return []
    argument = g.base if isinstance(g, sympy.Pow) else g.args[0]
    slope = sympy.diff(argument, t)
    if slope.has(t) or slope == 0:
        return []
    offset = argument.subs(t, 0)
    return [((value - offset) / slope, k == 0) for k, value in enumerate(values)]


def _inverse_values(g: sympy.Expr, y: sympy.Expr, t: sympy.Symbol) -> list[sympy.Expr]:
    """The values of the argument of g with g = y, principal first (one per branch on a period)."""
    if isinstance(g, sympy.Pow) and not g.exp.has(t) and g.base.has(t):
        n = g.exp
        if n.is_Integer and n.is_even:
            return [y ** (1 / n), -(y ** (1 / n))]
        return [y ** (1 / n)] if n.is_Rational and n != 0 else []
    if len(g.args) != 1 or not g.args[0].has(t):
        return []
    table: dict[type, list[sympy.Expr]] = {
        sympy.sin: [sympy.asin(y), sympy.pi - sympy.asin(y)],
        sympy.cos: [sympy.acos(y), -sympy.acos(y)],
        sympy.tan: [sympy.atan(y)],
        sympy.sec: [sympy.asec(y), -sympy.asec(y)],
        sympy.exp: [sympy.log(y)],
    }
    return table.get(type(g), [])


def label_on_branches(
    label: StepVerdict, sub: Substitution, variable: str, check: Callable[[Substitution], StepVerdict]
) -> StepVerdict:
    """``label`` (incorrect through x = psi(t)) weighed against ``check`` of the claim on each branch."""
    for phi, principal in branches(sub, variable):
        verdict = check(replace(sub, other_way=phi))
        if verdict.label is StepLabel.INCORRECT:
            continue
        if principal or verdict.label is not StepLabel.CORRECT:
            return verdict
        return StepVerdict(
            index=label.index,
            label=StepLabel.UNVERIFIABLE,
            reason="holds_on_another_branch",
            detail=f"fails through {variable} = {sub.psi} but holds on the branch {sub.name} = {phi}",
        )
    return label
