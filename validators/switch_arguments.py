"""The arguments at which a tree can switch: of Abs/sign/Heaviside..., Piecewise conditions, branch points
(a fractional power's base, a log's argument, asin's argument -+ 1), jumps of acot-like functions, poles.

Why a module of its own: the parameter plan (``validators.parameter_points``) reads those that only the
parameters move, and the joint plan (``validators.joint_windows``) those that x and a parameter move
together; both must read the same list of switch shapes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from validators.feature_arguments import SWITCHES, relations_of

__all__ = ["switch_arguments"]


def switch_arguments(
    exprs: Sequence[sympy.Basic], names: set[str], equalities: set | None = None, *, with_x: bool = False
) -> list[sympy.Expr]:
    """Arguments of switches, and Piecewise conditions, that mention parameters but not x (those of
    ``Eq``/``Ne`` conditions also go into ``equalities``: they switch *at* a root, not across it).
    ``with_x``: those that mention x (a name in ``names``) and a parameter instead."""
    seen: dict[sympy.Expr, None] = {}

    def add(argument) -> None:
        symbols = getattr(argument, "free_symbols", set())
        if (
            isinstance(argument, sympy.Expr)
            and symbols
            and _mentions_x(symbols, names) == with_x
            and (not with_x or any(s.name not in names for s in symbols))
            and not argument.has(sympy.Derivative, sympy.Subs)  # a slope's bookkeeping, not a switch
        ):
            seen.setdefault(argument, None)

    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Piecewise):
                for _piece, condition in node.args:
                    for relation in relations_of(condition):
                        add(relation.lhs - relation.rhs)
                        if equalities is not None and isinstance(relation, sympy.Eq | sympy.Ne):
                            equalities.add(relation.lhs - relation.rhs)
            elif isinstance(node, SWITCHES):
                for argument in node.args:
                    add(argument)
            elif node.is_Pow and not node.exp.is_Integer:
                add(node.base)  # a branch point: (q)**(3/2) + I*(-q)**(3/2) is 0 for q < 0 only (round 57)
            elif isinstance(node, _BRANCHED_AT_ZERO):
                add(node.args[0])  # Ci(-q) = Ci(q) + I*pi for q > 0: x*(Ci(q) - Ci(-q)) jumps at q = 0
            elif isinstance(node, sympy.polylog):
                add(node.args[1] - 1)  # real only for z <= 1
            elif isinstance(node, _BRANCHED_AT_ONE):
                add(node.args[0] - 1)
                add(node.args[0] + 1)
            if isinstance(node, _JUMP_AT_ZERO):
                add(node.args[0])  # acot(q) + atan(q) - pi/2 is 0 for q > 0 and -pi for q < 0 (round 58)
            if node.is_Pow and node.exp.is_negative:
                add(node.base)  # a pole: atan(1/q) jumps where q changes sign
    return list(seen)


# Functions whose real value jumps where their argument changes sign (they are functions of 1/q).
_JUMP_AT_ZERO = (sympy.acot, sympy.acoth, sympy.acsc, sympy.asec)
# Functions with a log's branch point at 0 (their value for a negative argument has an imaginary part).
_BRANCHED_AT_ZERO = (sympy.log, sympy.Ci, sympy.Chi, sympy.li)
# Functions whose real branch ends where the argument is 1 or -1.
_BRANCHED_AT_ONE = (sympy.asin, sympy.acos, sympy.atanh, sympy.acoth, sympy.asec, sympy.acsc, sympy.acosh)


def _mentions_x(symbols, names: set[str]) -> bool:
    return any(s.name in names for s in symbols)
