"""Switches written without a switch: ``sqrt(a**2 - 120*a + 3600)`` is ``Abs(a - 60)``.

Why: the numeric plan looks at both sides of every ``Abs``/``sign``/``Heaviside`` argument (features in x,
parameter values both sides of a parameter's switch, and the rule that each switch argument is seen of
both signs), but many trees switch without showing it. A forty-eighth adversary hid
``sqrt(<(a - 60)**2 expanded>)/(60 - a)``, which is sign(60 - a), in 17 answers wrong only past the switch
(a > 60, or x beyond 1e21 through ``log(x**2 + 1) - 100``); the fiftieth and fifty-second the same through
identities: ``acos(cos(u))``, ``asin(sin(u))``, ``atan(tan(u))``, ``acosh(cosh(u))``, ``LambertW(q*exp(q))``,
``sqrt(1 - cos(u)**2)``, ``sqrt(cosh(u)**2 - 1)``, ``sqrt(1 - cos(u))``, roots of products, ``atan2``,
``Max``/``Min`` of a parameter. Each such place is planned as the switch ``Abs(s)`` of the expression s whose
sign decides the piece: these expressions only add points and the both-signs rule, they are never evaluated
as a side. More places than ``MAX_SWITCHES``, or a radicand too large to factor, plan the radicand itself
(its sign must then be seen both ways: a perfect square never is, and the check is undecided).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import sympy

from validators.piece_forms import lambert_inner

__all__ = ["MAX_SWITCHES", "hidden_switches"]

MAX_FACTOR_DEGREE = 64
MAX_BASE_OPS = 150  # factoring larger radicands can take long: they are planned whole instead
MAX_SWITCHES = 32
# f(g(u)): where the piece changes, by the sign of (the derivative of f(g(u)) is sign(s) * u')
_BACK_AND_FORTH = {
    sympy.acos: (sympy.cos, sympy.sin),
    sympy.asec: (sympy.sec, sympy.sin),
    sympy.acot: (sympy.cot, sympy.sin),
    sympy.asin: (sympy.sin, sympy.cos),
    sympy.acsc: (sympy.csc, sympy.cos),
    sympy.atan: (sympy.tan, sympy.cos),
    sympy.acosh: (sympy.cosh, sympy.sinh),
}


# even powers and half angles written through their partner, so that a hidden square shows to factoring
def _square_of(func):
    return lambda n: n.is_Pow and n.base.func is func and n.exp == 2


_REWRITES = (
    lambda e: e.replace(_square_of(sympy.cos), lambda n: 1 - sympy.sin(n.base.args[0]) ** 2),
    lambda e: e.replace(_square_of(sympy.sin), lambda n: 1 - sympy.cos(n.base.args[0]) ** 2),
    lambda e: e.replace(_square_of(sympy.cosh), lambda n: 1 + sympy.sinh(n.base.args[0]) ** 2),
    lambda e: e.replace(sympy.cos, lambda u: 1 - 2 * sympy.sin(u / 2) ** 2),
    lambda e: e.replace(sympy.cos, lambda u: 2 * sympy.cos(u / 2) ** 2 - 1),
    lambda e: _one_as_pythagoras(e),
    lambda e: e.replace(sympy.cosh, lambda u: 1 + 2 * sympy.sinh(u / 2) ** 2),
    lambda e: _through_other_angles(e).replace(
        _square_of(sympy.cosh), lambda n: 1 + sympy.sinh(n.base.args[0]) ** 2
    ),
    lambda e: _through_other_angles(e).replace(
        _square_of(sympy.cos), lambda n: 1 - sympy.sin(n.base.args[0]) ** 2
    ),
)
_TRIG = (sympy.sin, sympy.cos, sympy.sinh, sympy.cosh)


_QUOTIENTS = {
    sympy.tan: lambda u: sympy.sin(u) / sympy.cos(u), sympy.cot: lambda u: sympy.cos(u) / sympy.sin(u),
    sympy.sec: lambda u: 1 / sympy.cos(u), sympy.csc: lambda u: 1 / sympy.sin(u),
    sympy.tanh: lambda u: sympy.sinh(u) / sympy.cosh(u), sympy.coth: lambda u: sympy.cosh(u) / sympy.sinh(u),
    sympy.sech: lambda u: 1 / sympy.cosh(u), sympy.csch: lambda u: 1 / sympy.sinh(u),
}  # fmt: skip


def _through_sin_cos(expr: sympy.Expr) -> sympy.Expr:
    """tan, sec, coth ... as quotients of sin, cos, sinh, cosh: their poles become a denominator."""
    for func, quotient in _QUOTIENTS.items():
        expr = expr.replace(func, quotient)
    return expr


def _one_as_pythagoras(expr: sympy.Expr) -> sympy.Expr:
    """Each constant term c written as c*(sin(u)**2 + cos(u)**2), u an argument of both: 1 + 2*sin(u)*cos(u)
    is (sin(u) + cos(u))**2 (round 54)."""
    sines = {f.args[0] for f in expr.atoms(sympy.sin)} & {f.args[0] for f in expr.atoms(sympy.cos)}
    if not sines or not expr.is_Add:
        return expr
    u = sorted(sines, key=sympy.default_sort_key)[0]
    constant, rest = expr.as_independent(*expr.free_symbols, as_Add=True)
    return rest + constant * (sympy.sin(u) ** 2 + sympy.cos(u) ** 2)


def _through_other_angles(expr: sympy.Expr) -> sympy.Expr:
    """Each sin/cos/sinh/cosh of an integer multiple (2 to 6) of another one's argument written through
    that argument (``sinh(18 - 3*a/10)`` is sinh(3*(6 - a/10)), ``expand_trig``): ``sinh(3*t) - 3*sinh(t)``
    is the cube 4*sinh(t)**3, a fifty-second adversary's root of a hidden cube."""
    nodes = list(expr.atoms(*_TRIG))
    arguments = {node.args[0] for node in nodes}
    swaps = {}
    for node in nodes:
        for inner in arguments:
            ratio = sympy.cancel(node.args[0] / inner)
            if ratio.is_Integer and 2 <= abs(ratio) <= 6:
                t = sympy.Dummy("t")
                swaps[node] = sympy.expand_trig(node.func(ratio * t)).subs(t, inner)
                break
    return expr.xreplace(swaps)


def hidden_switches(exprs: Sequence[sympy.Basic]) -> list[sympy.Expr]:
    """``Abs(s)`` for each hidden switch of ``exprs`` (see the module's docstring), at most MAX_SWITCHES."""
    found: dict[sympy.Expr, None] = {}
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            for s in _switches_at(node):
                if s.free_symbols and not s.is_number:
                    found.setdefault(sympy.Abs(s), None)
    return list(found)[:MAX_SWITCHES]


# inverse functions: where their argument turns back (its derivative is 0) or has a pole, the function may
# fold or jump: atan(sin(u)/cos(u)), acos(2*cos(u)**2 - 1), acosh(2*t**2 + 1), asin(2*t*sqrt(1 - t**2))
# (a fifty-fourth adversary's, none an exact f(g(u)) pair)
_INVERSES = (
    sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.asec, sympy.acsc, sympy.asinh, sympy.acosh,
    sympy.atanh, sympy.acoth, sympy.asech, sympy.acsch,
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _switches_at(node: sympy.Basic) -> tuple[sympy.Expr, ...]:
    """The hidden switches of ``node`` itself (its subtrees are the caller's): remembered, since a sample's
    checks plan the same trees again and again."""
    return tuple(_switches_of(node))


def _switches_of(node: sympy.Basic) -> list[sympy.Expr]:
    if node.is_Atom:
        return []
    found = _inverse_turns(node) if node.func in _INVERSES else []
    if node.func is sympy.log and node.args[0].is_Mul:  # log(p*q) is log(p) + log(q) - 2*pi*I past 0
        found += [f for f in node.args[0].args if f.free_symbols]
    return found + _exact_switches_at(node)


def _inverse_turns(node: sympy.Basic) -> list[sympy.Expr]:
    w = _through_sin_cos(node.args[0])  # atan(tan(x/2)/sqrt(3)) jumps where cos(x/2) is 0
    if not w.free_symbols or sympy.count_ops(w) > MAX_BASE_OPS:
        return []
    try:
        numerator, denominator = sympy.fraction(sympy.together(w))
        found = _bases(denominator)
        for s in sorted(w.free_symbols, key=str):
            slope, _ = sympy.fraction(sympy.together(sympy.diff(w, s)))
            found += [f for f in _bases(slope) if not _constant_by_pythagoras(f)]
        return found
    except Exception:  # SymPy cannot differentiate or combine it: nothing shown
        return []


def _exact_switches_at(node: sympy.Basic) -> list[sympy.Expr]:
    if node.func in _BACK_AND_FORTH and node.args and node.args[0].func is _BACK_AND_FORTH[node.func][0]:
        return [_BACK_AND_FORTH[node.func][1](node.args[0].args[0])]
    if node.func is sympy.LambertW and len(node.args) == 1:
        q = lambert_inner(node)  # W(q*exp(q)) is q for q >= -1, another branch's value below
        return [q + 1] if q is not None else [node.args[0] + sympy.exp(-1)]
    if node.func is sympy.atan2:
        return list(node.args)
    if node.func in (sympy.Max, sympy.Min):
        return [p - q for i, p in enumerate(node.args) for q in node.args[i + 1 :]]
    if node.is_Mul:
        roots = [f for f in node.args if _is_root(f)]
        return [f.base for f in roots] if len(roots) >= 2 else []  # sqrt(p)*sqrt(q) is not sqrt(p*q)
    if not _is_root(node):
        return []
    base = node.base
    if base.is_Mul or base.is_Pow:
        return [f for f in sympy.Mul.make_args(base.base if base.is_Pow else base) if f.free_symbols]
    try:  # sqrt(tan(u)**2 + 1) is |sec(u)|: it switches at the poles of the radicand too
        numerator, denominator = sympy.fraction(sympy.together(_through_sin_cos(base)))
    except Exception:
        return list(_repeated_factors(base))
    poles = _bases(denominator)
    return [*_repeated_factors(base), *_repeated_factors(numerator), *poles]


def _constant_by_pythagoras(expr: sympy.Expr) -> bool:
    """cosh(x)**2 - sinh(x)**2 (a slope's numerator) is 1: no switch."""
    return any((r := _rewritten(expr, rewrite)) is not None and r.is_number for rewrite in _REWRITES[:3])


def _bases(product: sympy.Expr) -> list[sympy.Expr]:
    """The factors of ``product`` that hold a symbol, each without its power (cos(u)**2 is cos(u): a square
    never changes sign, its base does; sqrt(a**2 - x**2) is a**2 - x**2)."""
    bases = []
    for f in sympy.Mul.make_args(product):
        f = (
            f.base if f.is_Pow and f.exp.is_Rational else f
        )  # a root's base too: sqrt(q) switches where q does
        if f.free_symbols:
            bases.append(f)
    return bases


def _is_root(node: sympy.Basic) -> bool:
    return node.is_Pow and not node.exp.is_Integer and bool(node.base.free_symbols)


@functools.lru_cache(maxsize=1024)
def _repeated_factors(base: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """The factors of ``base`` of multiplicity 2 or more, also after the rewrites; ``base`` itself when
    it is too large to factor."""
    if sympy.count_ops(base) > MAX_BASE_OPS:
        return (base,)
    found: dict[sympy.Expr, None] = {}
    for candidate in (base, *(_rewritten(base, rewrite) for rewrite in _REWRITES)):
        if candidate is None or _huge_degree(candidate):
            continue
        try:
            _coefficient, factors = sympy.factor_list(candidate)
        except Exception:  # SymPy cannot factor it (no polynomial in any generator): nothing shown
            continue
        for q, k in factors:
            if k >= 2 and q.free_symbols:
                found.setdefault(q, None)
    return tuple(found)


def _huge_degree(expr: sympy.Expr) -> bool:
    """Would factoring make a polynomial of huge degree? exp(-10**4*(log(a) - 3.1)**2) holds
    exp(62000*log(a)) = a**62000, which factor_list expands (and then does not return for minutes)."""
    for node in sympy.preorder_traversal(expr):
        if node.is_Pow and node.exp.is_Integer and abs(node.exp) > MAX_FACTOR_DEGREE:
            return True
        if isinstance(node, sympy.exp) and node.args[0].has(sympy.log):
            return True
    return False


def _rewritten(base: sympy.Expr, rewrite) -> sympy.Expr | None:
    if not base.has(sympy.sin, sympy.cos, sympy.sinh, sympy.cosh):
        return None
    try:
        return sympy.expand(rewrite(base))
    except Exception:  # a rewrite that fails shows nothing
        return None
