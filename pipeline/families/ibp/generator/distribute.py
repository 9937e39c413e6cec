"""``sympy.expand_mul`` of a chain's closed form, built directly when its shape allows: the same tree.

Why: ``parts_chain.tidy`` multiplies out every chain's antiderivative (a sum of products u*v, each a
polynomial times a constant and a kernel: ``(3*x**2 + 1)*exp(2*x)/2 - 3*x*exp(2*x)/2 + ...``), and
``expand_mul`` was a tenth of a classic problem's time: at every product it splits a numerator from a
denominator (``fraction``) and rebuilds the product from the two, before distributing.

On these shapes ``expand_mul`` changes only the products holding one sum: no other node has anything to
distribute (only ``Mul`` has a mul rule), and a product whose factors are plain (numbers, symbols,
non-negative integer powers of symbols and functions, functions of such expressions, at most one
``exp``) comes back from ``fraction`` and the rebuild as itself. Such a product c*(t1 + t2 + ...) with
plain terms ti becomes ``Add(*[Mul(c, ti)])``: ``Mul._eval_expand_mul`` builds exactly these products
(none holds a sum, so none is expanded again), and ``Add``/``Mul`` are canonical, so adding all terms at
once is the same sum. Anything else returns None, and the caller runs ``expand_mul``.
``tests/pipeline/families/ibp/generator/test_distribute.py`` compares the two on classic chains.
"""

from __future__ import annotations

import sympy

__all__ = ["distributed"]


def distributed(expr: sympy.Expr) -> sympy.Expr | None:
    """``sympy.expand_mul(expr)`` for a sum of plain products with at most one sum factor each; else None."""
    terms: list[sympy.Expr] = []
    for term in sympy.Add.make_args(expr):
        if term.is_Add or not _plain(term, allow_sum=True):
            return None
        factors = sympy.Mul.make_args(term)
        sums = [f for f in factors if f.is_Add]
        if not sums:
            terms.append(term)
            continue
        if len(sums) > 1:
            return None
        (inner,) = sums
        others = [f for f in factors if f is not inner]
        terms.extend(sympy.Mul(*others, t) for t in inner.args)
    return sympy.Add(*terms)


def _plain(expr: sympy.Expr, allow_sum: bool = False) -> bool:
    """Whether expr is left alone by ``expand_mul`` (and, with ``allow_sum``, a product with one plain sum
    factor whose terms are plain)."""
    if expr.is_Rational or expr.is_Symbol:
        return True
    if expr.is_Pow:
        base, exponent = expr.args
        return exponent.is_Integer and exponent > 1 and (base.is_Symbol or _plain_function(base))
    if isinstance(expr, sympy.Function):
        return _plain_function(expr)
    if expr.is_Mul:
        exps = 0
        for factor in expr.args:
            if isinstance(factor, sympy.exp):
                exps += 1
            if factor.is_Add:
                if not (allow_sum and all(_plain(t) and not t.is_Add for t in factor.args)):
                    return False
            elif factor.is_Mul or not _plain(factor):
                return False
        return exps <= 1
    return False


def _plain_function(expr: sympy.Expr) -> bool:
    """A function of one argument that is a number, a symbol, or a sum of plain monomials (a*x + b)."""
    if not isinstance(expr, sympy.Function) or len(expr.args) != 1:
        return False
    (arg,) = expr.args
    if arg.is_Add:
        return all(not t.is_Add and _plain(t) for t in arg.args)
    return _plain(arg)
