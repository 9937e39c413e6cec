"""Memoised SymPy printing and differentiation, shared by every generator and teacher in one process.

Why: ``sympy.sstr`` (term ordering) and ``sympy.diff`` (assumption queries on every new node) were the
generator's two largest costs, and the same expressions are printed and differentiated many times per
problem: a draft's integrand is printed by ``shortest_form``, again by the integrand rules, again by the
read-back rule and again for the problem's details; the teacher differentiates and prints the same
sub-expressions the generator did (a worker samples and teaches). SymPy expressions are immutable and
compare structurally, so a cached result is exactly the one SymPy would compute again (``Integer(2)`` and
``Float(2.0)`` are different keys: they compare unequal).

Printing is memoised per sub-expression too: SymPy's ``StrPrinter`` prints a node from its children's
texts alone (parentheses and signs are decided by the parent from the child's text and precedence), so
the text of a sub-expression printed once is reused wherever it occurs again: in the other rewrites of
``shortest_form``, in f and its derivative, in every step of the teacher. The one context-dependent case,
a ``Float`` (its trailing zeros depend on the nesting level, and two Floats of different precision can
compare equal), is printed by plain ``sympy.sstr``.
"""

from __future__ import annotations

import functools

import sympy
from sympy.core.basic import Basic
from sympy.printing.str import StrPrinter

from pipeline.families.shared.exact_diff import exact_diff

__all__ = ["derivative", "printed"]

CACHE_SIZE = 8192
"""Entries per cache: a problem and its answers hold a few hundred distinct sub-expressions."""
PRINTED_NODES = 50_000
"""Sub-expression texts kept before the node cache starts again: ~45 per problem, so about a thousand
problems' worth, tens of MB (most reuse is within one problem and its answers)."""


class _NodeMemoPrinter(StrPrinter):
    """``StrPrinter`` with default settings whose text of each sub-expression is computed once."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[Basic, str] = {}

    def _print(self, expr, **kwargs) -> str:
        if kwargs or not isinstance(expr, Basic):
            return super()._print(expr, **kwargs)
        text = self.texts.get(expr)
        if text is None:
            text = super()._print(expr)
            if len(self.texts) >= PRINTED_NODES:
                self.texts.clear()
            self.texts[expr] = text
        return text


_PRINTER = _NodeMemoPrinter()


@functools.lru_cache(maxsize=CACHE_SIZE)
def printed(expr: sympy.Basic) -> str:
    """``sympy.sstr(expr)`` (the same text as ``str(expr)``), memoised."""
    if not isinstance(expr, Basic) or expr.has(sympy.Float):
        return sympy.sstr(expr)
    return _PRINTER.doprint(expr)


@functools.lru_cache(maxsize=CACHE_SIZE)
def derivative(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """``sympy.diff(expr, x)``, memoised (the same object for the same expression) and computed by
    ``exact_diff`` (the same expression, without ``Derivative``'s per-node overhead)."""
    return exact_diff(expr, x)
