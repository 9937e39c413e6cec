"""Switches written without a switch: ``sqrt(a**2 - 120*a + 3600)`` is ``Abs(a - 60)``.

Why: the numeric plan looks at both sides of every ``Abs``/``sign``/``Heaviside`` argument (features in x,
parameter values both sides of a parameter's switch, and the rule that each switch argument is seen of
both signs), but a root of a repeated factor is a switch the tree does not show: ``sqrt(q**2)`` is |q|,
``(q**3)**(1/3)`` is q on one side of 0 and a complex cube root on the other. A forty-eighth adversary hid
``sqrt(<(a - 60)**2 expanded>)/(60 - a)``, which is sign(60 - a), in 17 answers wrong only past the switch
(a > 60, or x beyond 1e21 through ``log(x**2 + 1) - 100``), and every one was accepted. Each repeated
factor q under a power that is not an integer is therefore planned as the switch ``Abs(q)``: these
expressions only add points and the both-signs rule, they are never evaluated as a side.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import sympy

__all__ = ["hidden_switches"]

MAX_BASE_OPS = 40  # factoring larger bases can take long; they are left to the rest of the plan
MAX_SWITCHES = 8


def hidden_switches(exprs: Sequence[sympy.Basic]) -> list[sympy.Expr]:
    """``Abs(q)`` for each factor q of multiplicity 2 or more in the base of a non-integer power."""
    found: dict[sympy.Expr, None] = {}
    for expr in exprs:
        for node in expr.atoms(sympy.Pow):
            if node.exp.is_Integer or not node.base.free_symbols:
                continue
            for factor in _repeated_factors(node.base):
                found.setdefault(sympy.Abs(factor), None)
    return list(found)[:MAX_SWITCHES]


@functools.lru_cache(maxsize=1024)
def _repeated_factors(base: sympy.Expr) -> tuple[sympy.Expr, ...]:
    if base.is_Pow and base.exp.is_Integer and abs(base.exp) >= 2:
        return (base.base,) if base.base.free_symbols else ()
    if sympy.count_ops(base) > MAX_BASE_OPS:
        return ()
    try:
        _coefficient, factors = sympy.factor_list(base)
    except Exception:  # SymPy cannot factor it (no polynomial in any generator): nothing shown
        return ()
    return tuple(q for q, k in factors if k >= 2 and q.free_symbols)
