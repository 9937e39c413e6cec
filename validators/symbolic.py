"""The exact path: show F' - g (or a - b) is 0 by algebra alone, which is a proof (``Method.SYMBOLIC``).

Only sound rewrites are used, so this path may only ever *accept*: SymEngine's differentiation and
``expand`` (its automatic simplifications were checked not to "prove" identities that fail on some branch:
sqrt(x**2) - x, log(exp(x)) - x, (x**a)**b - x**(a*b), log(x*y) - log(x) - log(y) all stay as they are),
then, for what is left, SymPy's ``cancel`` with every non-rational piece (atan(x), exp(x), sqrt(x) ...)
replaced by an independent symbol. If a rational function of x and independent symbols is 0, it stays 0
when the symbols are put back, whatever they stand for: no identity between the pieces is assumed.

Why SymEngine: differentiating with it costs ~0.1 ms where ``sympy.diff`` costs ~6 ms, and SymPy cannot be
interrupted in-process. Everything runs under size guards (nodes, powers of sums) because expansion is
exponential in the worst case; anything SymEngine cannot represent (Integral inside a product, hyper ...)
is simply not proved here, and the numeric path decides.
"""

from __future__ import annotations

import sympy

__all__ = ["derivative_minus", "exact_zero", "prove_antiderivative"]

EXPAND_MAX_NODES = 400
EXPAND_MAX_POWER = 8
CANCEL_MAX_NODES = 200


# Functions whose SymEngine derivative was checked against mpmath's numeric derivative of SymPy's principal
# branch at real and complex points (acosh and asech are not: SymEngine's d/dx acosh(x) = 1/sqrt(x**2 - 1)
# is wrong for x < -1, where it should be 1/(sqrt(x - 1)*sqrt(x + 1))). Anything else is not differentiated
# here: the numeric path, whose own table is checked the same way (tests/validators/test_derivative.py),
# decides.
AUDITED_DERIVATIVES = frozenset(
    {
        sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
        sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.asec, sympy.acsc,
        sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch,
        sympy.asinh, sympy.atanh, sympy.acoth, sympy.acsch,
        sympy.erf, sympy.erfc, sympy.gamma, sympy.loggamma, sympy.LambertW,
        sympy.Ei, sympy.Si, sympy.Ci, sympy.Shi, sympy.Chi, sympy.li, sympy.fresnels, sympy.fresnelc,
    }
)  # fmt: skip


def derivative_minus(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """d/dx F - g, with every top-level ``c*Integral(h, x)`` of F read as c*h; None if not buildable.

    None also when F holds a function outside ``AUDITED_DERIVATIVES`` (or a Piecewise, Abs ...)."""
    if any(f.func not in AUDITED_DERIVATIVES for f in big_f.atoms(sympy.Function) if not f.is_number):
        return None
    terms, integral_part = [], sympy.S.Zero
    for term in sympy.Add.make_args(big_f):
        if term.has(sympy.Integral):
            coefficient, integral = term.as_independent(sympy.Integral, as_Add=False)
            if not (isinstance(integral, sympy.Integral) and _indefinite_in(integral, x)):
                return None
            if coefficient.has(x) or coefficient.has(sympy.Integral):
                return None
            integral_part += coefficient * integral.function
        else:
            terms.append(term)
    if _too_big(big_f) or _too_big(g):
        return None
    try:
        import symengine

        derivative = symengine.diff(symengine.sympify(sympy.Add(*terms)), symengine.Symbol(x.name))
        difference = derivative + symengine.sympify(integral_part - g)
        return sympy.sympify(symengine.expand(difference)) if _small_se(difference) else None
    except Exception:  # SymEngine cannot represent the tree (hyper, meijerg ...): the numeric path decides
        return None


def prove_antiderivative(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> str | None:
    """How d/dx F - g was shown to be 0 ("expand" or "cancel"), or None."""
    difference = derivative_minus(big_f, g, x)
    if difference is None:
        return None
    if difference == 0:
        return "expand"
    return "cancel" if _cancels(difference) else None


def exact_zero(expr: sympy.Expr) -> str | None:
    """Name of the exact step that shows ``expr`` == 0 ("structural", "expand", "cancel"), or None."""
    if expr == 0:
        return "structural"
    if _too_big(expr):
        return None
    try:
        import symengine

        expanded = symengine.expand(symengine.sympify(expr))
        if expanded == 0:
            return "expand"
        back = sympy.sympify(expanded)
    except Exception:  # not representable in SymEngine: try SymPy's own expand on small trees
        try:
            back = sympy.expand(expr)
        except Exception:
            return None
        if back == 0:
            return "expand"
    return "cancel" if _cancels(back) else None


def _cancels(expr: sympy.Expr) -> bool:
    """Is ``expr`` 0 as a rational function of its symbols and its non-rational pieces?"""
    if _nodes(expr) > CANCEL_MAX_NODES:
        return False
    pieces = sorted(_pieces(expr), key=sympy.default_sort_key)
    if not pieces:
        return False  # a polynomial that expand did not send to 0 is not 0
    stand_ins = {piece: sympy.Dummy(f"p{i}") for i, piece in enumerate(pieces)}
    rational = expr.xreplace(stand_ins)
    if any(_pieces(rational)):
        return False  # a piece nested inside another: not a rational function of independent symbols
    try:
        return sympy.cancel(sympy.together(rational)) == 0
    except Exception:  # a failed rewrite proves nothing
        return False


def _pieces(expr: sympy.Expr) -> set[sympy.Expr]:
    """Maximal non-rational subtrees: function applications and non-integer powers."""
    found: set[sympy.Expr] = set()
    for node in sympy.preorder_traversal(expr):
        non_rational = isinstance(node, sympy.Function) or (
            isinstance(node, sympy.Pow) and not node.exp.is_Integer
        )
        if non_rational and not node.is_number:
            found.add(node)
    return {p for p in found if not any(p != q and q.has(p) for q in found)}


def _indefinite_in(integral: sympy.Integral, x: sympy.Symbol) -> bool:
    return len(integral.limits) == 1 and len(integral.limits[0]) == 1 and integral.limits[0][0] == x


def _nodes(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _too_big(expr: sympy.Basic) -> bool:
    if _nodes(expr) > EXPAND_MAX_NODES:
        return True
    powers = [abs(int(p.exp)) for p in expr.atoms(sympy.Pow) if p.exp.is_Integer and p.base.is_Add]
    return max(powers, default=0) > EXPAND_MAX_POWER


def _small_se(expr) -> bool:
    try:
        return len(str(expr)) < 20_000
    except Exception:
        return False
