"""Multiple angles written through single ones: the exact route's last resort before a claim is undecided.

SymEngine's expansion does not know cos(2*x) = 1 - 2*sin(x)**2, so a constant written with a double angle
(``1/(cos(2*x) + 2*sin(x)**2)``, round 14's correct pair) left a right answer undecided. ``expand_trig`` is
an identity, so a proof after it is a proof; the disguised-constant test uses the same expansion, or a
constant would be one to the prover and none to the guard (round 16).
"""

from __future__ import annotations

import sympy

__all__ = ["exponential_forms", "has_multiple_angles", "multiple_angles_expanded"]

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sinh, sympy.cosh, sympy.tanh)
_CIRCULAR_AND_HYPERBOLIC = (
    sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
    sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch,
)  # fmt: skip


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


def exponential_forms(big_f: sympy.Expr, g: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Both sides with every circular and hyperbolic function written through exp (sin u = (e^{iu} -
    e^{-iu})/(2i), sec u = 2/(e^{iu} + e^{-iu}) ...), when one is there: the exact route knows no
    Pythagorean identity, so ``tan(x) + 1/(1 + cos(2*x) + 2*sin(x)**2)`` for sec(x)**2 (a sixteenth
    adversary's correct pair) was left undecided; through exp, the identity is algebra in e^{ix}. Each
    rewrite is an identity wherever the function is defined (same poles), so a proof after it is a proof.
    Only for trees of sums, products, integer powers, exp and these functions: meromorphic, so they have a
    value everywhere but at isolated poles, and no window without a value (the guards' business) can hide
    in them; a proof through exp of anything else (roots, logs, inverse functions) is not attempted."""
    if not (big_f.has(*_CIRCULAR_AND_HYPERBOLIC) or g.has(*_CIRCULAR_AND_HYPERBOLIC)):
        return None
    if not (_meromorphic(big_f) and _meromorphic(g)):
        return None
    try:
        return big_f.rewrite(_CIRCULAR_AND_HYPERBOLIC, sympy.exp), g.rewrite(
            _CIRCULAR_AND_HYPERBOLIC, sympy.exp
        )
    except Exception:  # SymPy raises many types; then there is nothing to prove this way
        return None


_MEROMORPHIC_FUNCTIONS = frozenset({*_CIRCULAR_AND_HYPERBOLIC, sympy.exp})


def _meromorphic(expr: sympy.Expr) -> bool:
    for node in sympy.preorder_traversal(expr):
        if node.is_Atom or node.is_Add or node.is_Mul:
            continue
        if node.is_Pow and node.exp.is_Integer:
            continue
        if node.func not in _MEROMORPHIC_FUNCTIONS:
            return False
    return True
