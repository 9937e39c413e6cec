"""Multiple angles written through single ones: the exact route's last resort before a claim is undecided.

SymEngine's expansion does not know cos(2*x) = 1 - 2*sin(x)**2, so a constant written with a double angle
(``1/(cos(2*x) + 2*sin(x)**2)``, round 14's correct pair) left a right answer undecided. ``expand_trig`` is
an identity, so a proof after it is a proof; the disguised-constant test uses the same expansion, or a
constant would be one to the prover and none to the guard (round 16).
"""

from __future__ import annotations

import sympy

__all__ = ["has_multiple_angles", "multiple_angles_expanded"]

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sinh, sympy.cosh, sympy.tanh)


def has_multiple_angles(expr: sympy.Expr) -> bool:
    """A trig or hyperbolic function of an integer multiple (2 <= |k| <= 6) of something in ``expr``?"""
    return any((k := f.args[0].as_coeff_Mul()[0]).is_Integer and 2 <= abs(k) <= 6 for f in expr.atoms(*_TRIG))


def multiple_angles_expanded(big_f: sympy.Expr, g: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Both sides with sin(2*x), cos(3*u) ... written through sin(x), cos(u) (``expand_trig``, an identity),
    when a trig or hyperbolic function of an integer multiple (|k| <= 6) is there: the exact route does not
    know cos(2*x) = 1 - 2*sin(x)**2, so ``1/(cos(2*x) + 2*sin(x)**2)``, the constant 1, was left undecided
    (a fourteenth adversary's correct pair)."""
    if not (has_multiple_angles(big_f) or has_multiple_angles(g)):
        return None
    try:
        return sympy.expand_trig(big_f), sympy.expand_trig(g)
    except Exception:  # SymPy raises many types; then there is nothing to prove this way
        return None
