"""Terms *inside* the trees must be seen too: a near-miss can hide in a sum under a function.

``NumericCheck`` asks every top-level term of the two sides to stand above the tolerance at one agreeing
point. A wrong answer can move the hidden term inside: ``atan(x + tanh(log(1 + x**2) - 80) + 1)`` for
1/(1 + x**2) shifts the argument of atan by ~1e-69 wherever the points are (the step is at x ~ e**40), and
``x*Abs(x)/2*(1 + exp(-10**100/x**2))`` adds a factor that differs from 1 only beyond x ~ 1e50. So for
every sum inside the trees, each term that mentions x must, at one agreeing point at least, be a visible
part of its sum: its value, and (in the differentiated side) its derivative, at least 10**-k of the
largest term's, with k the digits the tolerance resolves less ``VISIBLE_DIGITS``; and in the
differentiated side every x-factor of a product must change visibly: its log-derivative at least 10**-k
of the largest of its product's (``Abs(x)*exp((x**2 + 10)**-30)``, ``x*Abs(x)**exp(E)``). If one is not, the
tolerance is tightened by the missing digits and the points are judged again (``NumericCheck._recheck``),
exactly as for a top-level term: a true small term cancels there too, a wrong one shows.

The values and derivatives are read from the evaluators' caches of each point: no extra evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
import sympy

__all__ = ["InnerSums"]

SETTLED = mpmath.mpf(10) ** -10  # a share this large is seen at any tolerance (>= 1e-20): stop looking
MAX_SUMS = 400  # sums (and products) followed per tree; past it the check is undecided, never accepted


class InnerSums:
    """The sums inside the trees, and the best relative size each of their x-terms reached."""

    def __init__(
        self,
        lhs_terms: Sequence[sympy.Expr],
        rhs_terms: Sequence[sympy.Expr],
        names: set[str],
        *,
        slopes: bool,
    ) -> None:
        self.names = names
        self.slopes = slopes  # the lhs is differentiated: its terms' derivatives are known too
        self.truncated = False  # more sums or products than MAX_SUMS: some are not followed
        self.lhs = self._sums(lhs_terms)
        self.rhs = self._sums(rhs_terms)
        self.products = self._products(lhs_terms) if slopes else []
        self.best: dict[tuple, float] = {}  # (side, sum, term, "value" | "slope") -> best log10 share
        self.settled: set[tuple] = set()  # (side, sum, kind) whose x-terms all reached SETTLED already
        self.nonzero: set[tuple] = set()  # keys seen nonzero at least once

    def _mentions(self, expr: sympy.Basic) -> bool:
        return any(s.name in self.names for s in expr.free_symbols)

    def _sums(self, terms: Sequence[sympy.Expr]) -> list[tuple[sympy.Add, list[sympy.Expr]]]:
        found: dict[sympy.Add, list[sympy.Expr]] = {}
        for term in terms:
            for node in sympy.preorder_traversal(term):
                if isinstance(node, sympy.Add) and node not in found and len(found) >= MAX_SUMS:
                    self.truncated = True
                    break
                if isinstance(node, sympy.Add) and node not in found:
                    varying = [a for a in node.args if self._mentions(a)]
                    if varying:
                        found[node] = list(node.args)
        return list(found.items())

    def _products(self, terms: Sequence[sympy.Expr]) -> list[list[sympy.Expr]]:
        """The x-factors of each product in the differentiated side, and of each power b**e whose base
        and exponent both mention x (e*log(b) is a product too)."""
        found: dict[sympy.Basic, list] = {}
        for term in terms:
            for node in sympy.preorder_traversal(term):
                if node in found:
                    continue
                if len(found) >= MAX_SUMS and isinstance(node, sympy.Mul | sympy.Pow):
                    self.truncated = True
                    break
                if isinstance(node, sympy.Mul):
                    varying = [a for a in node.args if self._mentions(a)]
                    if len(varying) > 1:
                        found[node] = [(f, None) for f in varying]
                elif isinstance(node, sympy.Pow) and self._mentions(node.exp) and self._mentions(node.base):
                    found[node] = [(node.exp, None), (node.base, "log")]
        return list(found.values())

    def _record_products(self, evaluator) -> None:
        """A factor's share is its log-derivative |f'/f| against the largest of its product's: a factor
        exp(E) with E tiny everywhere (``sin(x)*exp((x**2 + 10)**-30)``) changes the product by nothing
        the points can see, however visible the product is."""
        for i, factors in enumerate(self.products):
            if ("product", i, "slope") in self.settled:
                continue
            rates = [_rate(evaluator, factor, kind) for factor, kind in factors]
            if any(rate is None for rate in rates):
                continue  # a factor not evaluated here, or 0: nothing to judge at this point
            top = max(rates, default=0)
            if top == 0:
                continue
            settled = True
            for j, rate in enumerate(rates):
                settled = self._note(("product", i, j, "slope"), rate / top) and settled
            if settled:
                self.settled.add(("product", i, "slope"))

    def record(self, lhs_evaluator, rhs_evaluator) -> None:
        """Note the shares of one agreeing point (evaluators of its last, most precise evaluation)."""
        for side, sums, evaluator in (("lhs", self.lhs, lhs_evaluator), ("rhs", self.rhs, rhs_evaluator)):
            if evaluator is None:
                continue
            kinds = [("value", evaluator.cache)]
            if side == "lhs" and self.slopes:
                kinds.append(("slope", evaluator.slopes))
            for i, (_, terms) in enumerate(sums):
                for kind, table in kinds:
                    self._record_sum(side, i, terms, kind, table)
        if self.products and lhs_evaluator is not None:
            self._record_products(lhs_evaluator)

    def _record_sum(self, side: str, i: int, terms: list[sympy.Expr], kind: str, table: dict) -> None:
        if (side, i, kind) in self.settled:
            return  # every x-term of this sum was already seen well: later points cannot change that
        sizes = []
        for term in terms:
            value = table.get(term)
            if value is None and kind == "slope" and not self._mentions(term):
                value = 0
            if value is None or isinstance(value, bool):
                return  # not evaluated here (a branch not taken): nothing to judge at this point
            sizes.append(abs(value))
        top = max(sizes, default=0)
        if top == 0:
            return
        settled = True
        for j, (term, size) in enumerate(zip(terms, sizes, strict=True)):
            if not self._mentions(term):
                continue
            key = (side, i, j, kind)
            settled = self._note(key, size / top) and settled
        if settled:
            self.settled.add((side, i, kind))

    def _note(self, key: tuple, ratio) -> bool:
        """Record one share; True when the key is settled (seen at SETTLED or better, now or before)."""
        if ratio == 0:
            self.best.setdefault(key, -float("inf"))
            return key in self.nonzero and self.best[key] >= -10
        self.nonzero.add(key)
        if ratio >= SETTLED:
            self.best[key] = max(self.best.get(key, 0.0), 0.0)
            return True
        share = float(mpmath.log10(ratio))
        self.best[key] = max(self.best.get(key, share), share)
        return self.best[key] >= -10

    def missing_digits(self, resolved_digits: int, visible_digits: int) -> int:
        """Digits the tolerance must tighten by so that every inner x-term is a visible part of its sum
        (0: all are); a term whose value was 0 at every point it was evaluated counts as missing, unless
        it is a derivative (a piecewise-constant term's derivative is 0)."""
        if self.truncated:
            return 10**9  # sums or products not followed: their terms cannot be vouched for
        need = 0
        floor = -(resolved_digits - visible_digits)
        for key, share in self.best.items():
            if key not in self.nonzero:
                if key[3] == "value":
                    return 10**9  # exactly 0 wherever the points were, though it mentions x
                continue
            if share < floor:
                need = max(need, int(floor - share) + 1)
        return need


def _rate(evaluator, factor: sympy.Expr, kind: str | None):
    """|f'/f| at this point (for ``kind == "log"``, of log(f)), or None when f has no value or is 0."""
    value, slope = evaluator.cache.get(factor), evaluator.slopes.get(factor)
    if value is None or slope is None or isinstance(value, bool) or value == 0:
        return None
    rate = abs(slope / value)
    if kind == "log":  # d/dx log(log(b)) = b'/(b*log(b))
        log_value = mpmath.log(value)
        if log_value == 0:
            return None
        rate = rate / abs(log_value)
    return rate
