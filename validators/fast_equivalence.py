"""The fast engine: accept F' ≡ g (or a ≡ b) by the exact SymEngine route alone, on trees where it is a proof.

Why: the careful path (``validators.equivalence``) first builds a numeric plan and evaluates one mpmath point
at 30 digits (the *probe*), then tries the exact route (``validators.symbolic``). On a right answer that is
~70% of the check's CPU, and the probe's only job there is to stop a symbolic "proof" that SymEngine's
automatic rewrites made unsound: ``sqrt(1/x) -> x**(-1/2)`` and ``1/sqrt(1/u) -> sqrt(u)`` are wrong for
x < 0, ``sign(exp(z)) -> 1`` for complex z. This module skips the plan and the probe **only on trees made
of constructs where no such rewrite happens** (``provable_tree``): sums, products, integer powers,
non-integer powers of a symbol, a sum or a positive rational, and the audited elementary functions. On
those trees the exact route is a proof, so accepting it accepts nothing the careful path rejects.

Soundness rule, in one line: this engine may only say "proved equal" (through the same exact route and
guards the careful path uses) or "I don't know" (``None``); every other case is the careful path's. The
one rejection shortcut (``confirmed_at_probe``) is the careful path's own counterexample at its own first
point, returned without planning the points it would never reach.

The engine is chosen per process (``set_engine``; check workers get it from ``CheckPool(engine=...)``),
``"fast"`` by default, ``"sympy"`` for the careful path alone (the previous engine, kept for benchmarks).
"""

from __future__ import annotations

import os
import time

import sympy

__all__ = [
    "ENGINES",
    "confirmed_at_probe",
    "remembered",
    "engine",
    "fast_antiderivative",
    "fast_equal",
    "provable_tree",
    "set_engine",
]

ENGINES = ("fast", "sympy")
_engine = os.environ.get("REVSYNTH_ENGINE", "fast")

# Functions whose SymEngine form and derivative were audited (validators.symbolic.AUDITED_DERIVATIVES)
# and that SymEngine does not rewrite into something that differs on a branch: no Abs, sign, Piecewise,
# floor, Heaviside, no acosh/asech (wrong derivative), nothing special.
_SAFE_FUNCTIONS = frozenset(
    {
        sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
        sympy.asin, sympy.acos, sympy.atan, sympy.acot,
        sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch,
        sympy.asinh, sympy.atanh,
    }
)  # fmt: skip
_SAFE_CONSTANTS = (sympy.core.numbers.Pi, sympy.core.numbers.Exp1)
MAX_NODES = 400  # as validators.symbolic.EXPAND_MAX_NODES: bigger trees go to the careful path


def set_engine(name: str) -> None:
    """Choose the engine of this process: ``"fast"`` (this module first) or ``"sympy"`` (careful only)."""
    global _engine
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; known: {list(ENGINES)}")
    _engine = name


def engine() -> str:
    """The engine of this process."""
    return _engine


def provable_tree(expr: sympy.Basic, x: sympy.Symbol) -> bool:
    """True if ``expr`` only holds constructs on which SymEngine's conversion, differentiation and
    ``expand`` are value-preserving everywhere (see the module doc); False hands the case to the careful
    path. Deliberately narrow: a construct missing here costs speed, never soundness."""
    stack = [expr]
    nodes = 0
    while stack:
        node = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return False
        if node.is_Symbol:  # x or a parameter (C ...): a rational identity holds for all of their values
            continue
        if node.is_Rational or isinstance(node, _SAFE_CONSTANTS):
            continue
        if node.is_Add or node.is_Mul:
            stack.extend(node.args)
        elif node.is_Pow:
            base, exponent = node.args
            if not exponent.is_Integer and not _safe_base(base):
                return False
            stack.extend(node.args)
        elif isinstance(node, sympy.Function) and node.func in _SAFE_FUNCTIONS:
            stack.extend(node.args)
        else:  # Float, I, oo, Abs, sign, Integral, Derivative, Piecewise, special functions ...
            return False
    return True


def _safe_base(base: sympy.Basic) -> bool:
    """Bases of a non-integer power SymEngine leaves alone: a symbol, a sum, a function application, a
    positive rational. Never a power or a product (``(1/u)**r`` and ``(a*b)**r`` are rewritten)."""
    if base.is_Symbol or base.is_Add:
        return True
    if base.is_Rational:
        return bool(base > 0)
    return isinstance(base, sympy.Function) and base.func in _SAFE_FUNCTIONS


def fast_antiderivative(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol, start: float):
    """The careful path's symbolic verdict that F' - g is 0, when the tree allows skipping the probe;
    None means "not shown here": the caller runs the careful path."""
    if _engine != "fast" or not (_provable_antiderivative(big_f, x) and provable_tree(g, x)):
        return None
    from validators.symbolic import prove_antiderivative

    how = prove_antiderivative(big_f, g, x)
    return None if how is None or _disguised_constant([big_f, g], x) else _proved(start, how)


def _provable_antiderivative(big_f: sympy.Expr, x: sympy.Symbol) -> bool:
    """``provable_tree`` for F, where a top-level ``c*Integral(h, x)`` term counts as c*h (as the exact
    route reads it: its derivative is h by definition)."""
    for term in sympy.Add.make_args(big_f):
        if not term.has(sympy.Integral):
            if not provable_tree(term, x):
                return False
            continue
        coefficient, integral = term.as_independent(sympy.Integral, as_Add=False)
        if not isinstance(integral, sympy.Integral) or integral.limits != ((x,),):
            return False
        if not (provable_tree(coefficient, x) and provable_tree(integral.function, x)):
            return False
    return True


def fast_equal(lhs: sympy.Expr, rhs: sympy.Expr, x: sympy.Symbol, start: float):
    """As ``fast_antiderivative`` for lhs - rhs = 0."""
    if _engine != "fast" or not (provable_tree(lhs, x) and provable_tree(rhs, x)):
        return None
    from validators.symbolic import exact_zero

    how = exact_zero(lhs - rhs)
    return None if how is None or _disguised_constant([lhs, rhs], x) else _proved(start, how)


def _disguised_constant(exprs, x) -> bool:
    """A proof is not taken when a constant in disguise stands where the answer needs a value, or the
    answer has no value where the reference is real (``validators.proof_guard``)."""
    from validators.proof_guard import proof_withheld

    answer, reference = exprs
    return proof_withheld(answer, reference, x) is not None


# Verdicts the careful path (or this engine) already reached for the very same inputs, in this process: a
# sample's checks ask some claims again (d/dx x**2 = 2*x in the derive steps, the final antiderivative as
# the last step), and so do the samples after it. Only time-independent verdicts are kept: a proof
# (``Method.SYMBOLIC``), a counterexample (``NOT_EQUIVALENT``: confirmed at two precisions) and a parse
# refusal. A numeric acceptance or an undecided check is decided afresh (its budget is wall-clock time).
VERDICT_CACHE_SIZE = 4096
_VERDICTS: dict = {}


def remembered(kind: str, a, b, variable: str, decide):
    """``decide()``, or the verdict it gave for (kind, a, b, variable) before (engine "fast" only)."""
    if _engine != "fast" or not (isinstance(a, str | sympy.Basic) and isinstance(b, str | sympy.Basic)):
        return decide()
    start = time.perf_counter()
    key = (kind, type(a), a, type(b), b, variable)
    found = _VERDICTS.get(key)
    if found is not None:
        seconds = round(time.perf_counter() - start, 6)
        return found.model_copy(update={"seconds": seconds}, deep=True)
    verdict = decide()
    if _time_independent(verdict):
        if len(_VERDICTS) >= VERDICT_CACHE_SIZE:
            _VERDICTS.clear()
        _VERDICTS[key] = verdict.model_copy(deep=True)
    return verdict


def _time_independent(verdict) -> bool:
    from validators.equivalence import Method, Reason

    if verdict.reason is Reason.NOT_EQUIVALENT or verdict.reason is Reason.PARSE:
        return True
    return verdict.ok and verdict.method is Method.SYMBOLIC


def confirmed_at_probe(check):
    """The careful path's own "different" outcome when its probe (the plan's first point) is already a
    confirmed counterexample: ``NumericCheck.run`` would plan every feature and complex point, then stop at
    that same first point with that same evidence. Skipping the planning is the saving (~60% of a wrong
    answer's check); the decision is the careful path's, made at its point with its two-precision
    confirmation (at the digits of ordinary constants: the trees are then never read for tiny ones, and
    a tree whose constant is too small to judge is refuted, not undecided). None (run the plan)
    otherwise, or under engine "sympy"."""
    first = check.first
    if _engine != "fast" or first is None or time.perf_counter() > check.deadline:
        return None  # run() decides these (undecided) exactly as before
    if not check.decided_loosely and check.tiny is None:
        return None  # a difference confirmed loosely is one whatever the tiny constants (``probe``)
    if first.status != "nonzero" or not first.firm:
        return None
    from validators.numeric_check import Outcome

    return Outcome("different", "sides differ", first.evidence, check._coverage([]))


def _proved(start: float, how: str):
    from validators.equivalence import Method, Reason, Verdict

    seconds = round(time.perf_counter() - start, 6)
    return Verdict(ok=True, reason=Reason.EQUIVALENT, method=Method.SYMBOLIC, detail=how, seconds=seconds)
