"""Is u*dv an integral the solution is working on? Up to a constant factor, in the variable it is written in.

A parts choice is only meaningful for an integral that is actually on the table. Which integral, the
answer does not say, so u*dv is matched against every integral the solution has: the problem's integrand,
every step's integrand, every pending ``Integral(h, t)`` in a result, the ``v*du`` each parts choice leaves
behind (a model that merges two applications into one step never writes that integral down), and the terms
of each. Models pull constants out (``8*Integral(x**2*sin(3*x - 3), x)``, then u = x**2), so a constant
multiple matches too: u*dv / candidate has derivative 0. Candidates in one variable are carried into the
other through the solution's substitutions (``validators.variables``).

Matching many candidates with full checks is slow, so a cheap numeric filter (the ratio at three points,
15 digits) runs first and only survivors are checked properly; the filter can only skip candidates.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath
import sympy

from validators.equivalence import Reason, Verdict, check_antiderivative, check_equal
from validators.numeric import EvaluationError, UnsupportedError, evaluate, has_non_holomorphic
from validators.variables import Substitution

__all__ = ["Candidate", "MatchResult", "candidates_from", "match_parts_product"]

# Constants of integration as models name them: C, K, const, and C with an index (C1, C_2, c3, C_{4}).
CONSTANT_NAMES = frozenset(
    {"C", "c", "K", "const", "constant"}
    | {f"{c}{sep}{i}" for c in ("C", "c", "K") for sep in ("", "_") for i in range(10)}
)


@dataclass(frozen=True)
class Candidate:
    expr: sympy.Expr
    variable: str
    origin: str  # e.g. "problem", "step 2 integrand", "pending in step 1", "v*du of parts 0"


@dataclass(frozen=True)
class MatchResult:
    verdict: Verdict | None  # the check that matched, or None
    candidate: Candidate | None
    undecided: bool  # some candidate could not be decided either way


def without_constants(expr: sympy.Expr, variable: str) -> sympy.Expr:
    """``expr`` with additive constants of integration (C, K, C1 ...) dropped."""
    terms = [t for t in sympy.Add.make_args(expr) if not _is_constant_name_term(t, variable)]
    return sympy.Add(*terms)


def _is_constant_name_term(term: sympy.Expr, variable: str) -> bool:
    names = {s.name for s in term.free_symbols}
    return bool(names) and names <= CONSTANT_NAMES and variable not in names


def candidates_from(items: Sequence[Candidate], substitutions: Sequence[Substitution], x: str) -> Candidates:
    """Each candidate, its terms, its pending integrals' bodies, and the same carried across variables.

    Built on demand (``Candidates``): a parts choice usually matches one of the first candidates, so the
    expansions of the later ones are never made, and a solution without parts builds none."""
    return Candidates(items, substitutions, x)


class Candidates:
    """The candidates of ``candidates_from`` in their order, made as they are asked for and remembered:
    iterating stops early without building the rest; the list is the same however far it was read."""

    def __init__(self, items: Sequence[Candidate], substitutions: Sequence[Substitution], x: str) -> None:
        self._made: list[Candidate] = []
        self._seen: set[tuple[sympy.Expr, str]] = set()
        self._source = self._generate(list(items), list(substitutions), x)

    def __iter__(self):
        i = 0
        while True:
            while i >= len(self._made):
                if self._source is None or not self._step():
                    return
            yield self._made[i]
            i += 1

    def __len__(self) -> int:
        return len(self.all())

    def __getitem__(self, index):
        return self.all()[index]

    def all(self) -> list[Candidate]:
        while self._source is not None and self._step():
            pass
        return self._made

    def _step(self) -> bool:
        """Make the next candidate (True), or note that there are no more (False)."""
        try:
            next(self._source)
        except StopIteration:
            self._source = None
            return False
        return True

    def _add(self, expr: sympy.Expr, variable: str, origin: str) -> bool:
        expr = without_constants(expr, variable)
        if expr == 0 or expr.has(sympy.Integral) or (expr, variable) in self._seen:
            return False
        self._seen.add((expr, variable))
        self._made.append(Candidate(expr, variable, origin))
        return True

    def _add_all(self, expr: sympy.Expr, variable: str, origin: str):
        for integral in expr.atoms(sympy.Integral):
            if len(integral.limits) == 1 and len(integral.limits[0]) == 1:
                body_var = integral.limits[0][0].name
                yield self._add(integral.function, body_var, f"pending in {origin}")
                for term in sympy.Add.make_args(integral.function):
                    yield self._add(term, body_var, f"pending in {origin}")
        if not expr.has(sympy.Integral):
            yield self._add(expr, variable, origin)
            for term in sympy.Add.make_args(_expanded(expr) if _small(expr) else expr):
                yield self._add(term, variable, origin)

    def _generate(self, items: list[Candidate], substitutions: list[Substitution], x: str):
        """Yields after each attempt to add one (added or not), so a reader waits for one at most."""
        for item in items:
            yield from self._add_all(item.expr, item.variable, item.origin)
        if not substitutions:
            return
        xs = sympy.Symbol(x)
        for candidate in list(self._made):
            for sub in substitutions:
                t = sympy.Symbol(sub.name)
                if candidate.variable == sub.name and sub.phi is not None:
                    expr = candidate.expr.subs(t, sub.phi) * sympy.diff(sub.phi, xs)
                    yield self._add(expr, x, candidate.origin)
                if candidate.variable == x and sub.psi is not None:
                    expr = candidate.expr.subs(xs, sub.psi) * sympy.diff(sub.psi, t)
                    yield self._add(expr, sub.name, candidate.origin)


def match_parts_product(product: sympy.Expr, variable: str, candidates: Sequence[Candidate]) -> MatchResult:
    """The first candidate (in ``variable``) that u*dv equals or is a constant multiple of; failing that,
    one that u*dv is a *part* of: candidate - u*dv is (a multiple of) another integral of the solution,
    as when parts is applied to u*v' and the v*u' left behind cancels the rest (the product reversal)."""
    undecided = False
    for candidate in candidates:  # read in order, as far as the first match (``Candidates`` is lazy)
        if candidate.variable != variable:
            continue
        if _may_be_proportional(product, candidate.expr, variable):
            found, unsure = _proportional(product, candidate.expr, variable)
            if found is not None:
                return MatchResult(found, candidate, False)
            undecided = undecided or unsure
    same = [c for c in candidates if c.variable == variable]
    for whole in same:
        rest = whole.expr - product
        if rest == 0:
            continue
        for other in same:
            if other is not whole and _may_be_proportional(rest, other.expr, variable):
                found, unsure = _proportional(rest, other.expr, variable)
                if found is not None:
                    part = Candidate(whole.expr, variable, f"part of {whole.origin}")
                    return MatchResult(found, part, False)
                undecided = undecided or unsure
    return MatchResult(None, None, undecided)


def _proportional(a: sympy.Expr, b: sympy.Expr, variable: str) -> tuple[Verdict | None, bool]:
    """(the verdict showing a = c*b for a constant c, or None; whether it was left undecided)."""
    equal = check_equal(a, b, variable)
    if equal.ok:
        return equal, False
    ratio = check_antiderivative(sympy.cancel(a / b) if _small(a) else a / b, sympy.S.Zero, variable)
    if ratio.ok:
        return ratio, False
    return None, ratio.reason is not Reason.NOT_EQUIVALENT  # only a non-constant ratio settles it


def _may_be_proportional(a: sympy.Expr, b: sympy.Expr, variable: str) -> bool:
    """Cheap filter: is a/b the same number at three points (15 digits)? True when it cannot tell.

    The same tree twice is True without evaluating: its ratio is 1 wherever it has a value; and the answer
    is False as soon as a ratio differs from the first (the points after it cannot change that)."""
    if a == b:
        return True
    outer = mpmath.mp.prec  # the ratios are compared at the caller's precision, as they always were
    rng = random.Random(7)
    real = has_non_holomorphic(a, sympy.Symbol(variable)) or has_non_holomorphic(b, sympy.Symbol(variable))
    symbols = a.free_symbols | b.free_symbols
    ratios = []
    with mpmath.workdps(15):
        for _ in range(6):
            z = (
                mpmath.mpf(rng.uniform(0.2, 1.9))
                if real
                else mpmath.mpc(rng.uniform(0.2, 1.9), rng.uniform(0.2, 1.4))
            )
            env = {s: (z if s.name == variable else mpmath.mpf(rng.uniform(0.5, 2.5))) for s in symbols}
            try:
                va, vb = _value(a, env), _value(b, env)
            except (EvaluationError, UnsupportedError):
                continue
            if vb == 0:
                continue
            ratios.append(va / vb)
            if len(ratios) > 1 and not _agrees(ratios[-1], ratios[0], outer):
                return False
            if len(ratios) == 3:
                break
    if len(ratios) < 2:
        return True
    return all(abs(r - ratios[0]) <= 1e-8 * max(1, abs(ratios[0])) for r in ratios[1:])


def _agrees(ratio, first, prec: int) -> bool:
    with mpmath.workprec(prec):
        return bool(abs(ratio - first) <= 1e-8 * max(1, abs(first)))


# The filter's points come from one seeded generator, so every call evaluates its candidates (and the same
# u*dv) at the same points: values are remembered per (tree, point, precision), errors as raised.
VALUE_CACHE_SIZE = 4096
_VALUES: dict = {}


def _value(expr: sympy.Expr, env: dict) -> object:
    key = (expr, frozenset(env.items()), mpmath.mp.prec)
    found = _VALUES.get(key)
    if found is None:
        try:
            found = (True, evaluate(expr, env))
        except (EvaluationError, UnsupportedError) as err:
            found = (False, err)
        if len(_VALUES) >= VALUE_CACHE_SIZE:
            _VALUES.clear()
        _VALUES[key] = found
    ok, value = found
    if not ok:
        raise value
    return value


@functools.lru_cache(maxsize=2048)  # a solution's integrals come back as steps, pending bodies and v*du
def _expanded(expr: sympy.Expr) -> sympy.Expr:
    return sympy.expand(expr)


@functools.lru_cache(maxsize=8192)
def _small(expr: sympy.Expr) -> bool:
    return sum(1 for _ in sympy.preorder_traversal(expr)) <= 120
