"""``sympy.expand`` and ``sympy.expand_mul`` with each node's expansion computed once: the same trees.

Why: expansion was 15-25% of the generator's time, and most of it is repeated work. ``Expr.expand``
applies each hint in a pass over the whole tree (``Expr._expand_hint``), then runs the multinomial and mul
passes again until nothing changes, so every subtree the first passes left alone is expanded a second
time just to find it unchanged; and the same subtrees come back in the next call (the rewrites of
``shortest_form``, the chain's closed form, the canonical form of the integrand).

``expand`` here is ``Expr.expand``'s driver (hint order, the fixed-point loop) and ``_expand_hint``'s
walk, unchanged, with the result of every (hint, hints, node) memoised: each node's
``_eval_expand_<hint>`` is SymPy's own and depends only on the node and the hints, and SymPy trees are
immutable and compare structurally, so a memoised result is the one SymPy would compute again. A tree
holding a ``Float`` (two Floats of different precision can compare equal), a non-``Expr``, or a class
with its own ``expand`` goes to SymPy. ``tests/pipeline/families/test_expansion.py`` compares the two.
"""

from __future__ import annotations

import sympy
from sympy.core.basic import Basic
from sympy.core.expr import Expr

__all__ = ["expand", "expand_mul"]

MEMO_SIZE = 100_000
"""(hint, node) results kept before the memo starts again (a problem holds a few hundred nodes)."""

_MEMO: dict[tuple, tuple[object, bool]] = {}


def expand(
    expr: sympy.Expr,
    deep: bool = True,
    power_base: bool = True,
    power_exp: bool = True,
    mul: bool = True,
    log: bool = True,
    multinomial: bool = True,
    basic: bool = True,
) -> sympy.Expr:
    """``sympy.expand(expr, deep, power_base=..., ...)`` (no modulus or extra hints), memoised per node."""
    hints = {
        "power_base": power_base,
        "power_exp": power_exp,
        "mul": mul,
        "log": log,
        "multinomial": multinomial,
        "basic": basic,
    }
    if not _memoisable(expr) or not deep:
        return sympy.expand(expr, deep=deep, **hints)
    key = tuple(hints.items())
    for hint in sorted(hints, key=lambda h: "mulz" if h == "mul" else h):  # multinomial before mul
        if hints[hint]:
            expr, _ = _expand_hint(expr, "_eval_expand_" + hint, key, hints)
    while True:
        was = expr
        for hint in ("multinomial", "mul", "log"):
            if hints[hint]:
                expr, _ = _expand_hint(expr, "_eval_expand_" + hint, key, hints)
        if expr == was:
            return expr


def expand_mul(expr: sympy.Expr) -> sympy.Expr:
    """``sympy.expand_mul(expr)``: the mul hint alone."""
    return expand(expr, power_base=False, power_exp=False, log=False, multinomial=False, basic=False)


def _memoisable(expr: object) -> bool:
    return isinstance(expr, Expr) and type(expr).expand is Expr.expand and not expr.has(sympy.Float)


def _expand_hint(expr: object, hint: str, key: tuple, hints: dict[str, bool]) -> tuple[object, bool]:
    """``Expr._expand_hint(expr, hint, deep=True, **hints)``, memoised on (hint, hints, expr)."""
    memo_key = (hint, key, expr) if isinstance(expr, Basic) else None
    if memo_key is not None:
        found = _MEMO.get(memo_key)
        if found is not None:
            return found
    hit = False
    if getattr(expr, "args", ()) and not expr.is_Atom:  # type: ignore[union-attr]
        sargs = []
        for arg in expr.args:  # type: ignore[union-attr]
            arg, arghit = _expand_hint(arg, hint, key, hints)
            hit |= arghit
            sargs.append(arg)
        if hit:
            expr = expr.func(*sargs)  # type: ignore[union-attr]
    result = (expr, hit)
    if hasattr(expr, hint):
        newexpr = getattr(expr, hint)(**hints)
        if newexpr != expr:
            result = (newexpr, True)
    if memo_key is not None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        _MEMO[memo_key] = result
    return result
