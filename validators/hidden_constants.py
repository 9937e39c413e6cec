"""Sums that only look like functions of x: ``sin(x)**2 + cos(x)**2 - 1`` is 0, so ``1/(...)`` has no value.

Why: the exact route proves F' - g = 0 by algebra with every function application an independent piece.
The derivative of ``1/(sin(x)**2 + cos(x)**2 - 1)`` is ``-(2*sin*cos - 2*cos*sin)/(...)**2``, which is 0
as an expression in those pieces, so ``atan(x) + 1/(sin(x)**2 + cos(x)**2 - 1)`` "is" an antiderivative of
1/(1 + x**2) — but it has no value anywhere. A sum whose derivative is 0 by algebra is a constant in
disguise, and not always one constant: ``atan(x) + atan(1/x) + pi/2`` is pi for x > 0 and 0 for x < 0,
``atan(tan(x)) - x + pi`` is 0 on (pi/2, 3*pi/2). Where it stands under a denominator, a log or another
function with a singular point (gamma at -1, atanh at 1, li at 1 ...), its values decide whether the answer
exists at all, and one sample point cannot see them all (a ninth adversary's find). So a symbolic proof is
not taken when any disguised constant sits at a singular place: the numeric path, which evaluates the
answer itself at every point of its plan, decides instead.

Only ever withholds a proof: it adds no acceptance.
"""

from __future__ import annotations

import functools

import sympy

from validators.lost_values import ENTIRE_FUNCTIONS
from validators.multiple_angles import has_multiple_angles
from validators.symbolic import derivative_minus, exact_zero, prove_antiderivative

__all__ = [
    "disguised_constant",
    "entire_built",
    "place_arguments",
    "places_of",
    "singular_arguments",
    "vanishing_constant",
]

# Functions with a value and a derivative at every real argument: a constant inside them cannot take the
# answer's value away. Every other function (log, tan, atanh, gamma ...) and every power whose exponent is
# not a positive integer is a singular place; so are the switches (Abs, sign, Heaviside, Max, Min, floor,
# ceiling): a sign whose argument is 0 on an interval is 0 there, which the Abs/sign split never chooses.
_EVERYWHERE_SMOOTH = ENTIRE_FUNCTIONS
# Smooth on the real line only (atan(I), tanh(I*pi/2) have no value): places unless the argument is real
# for real x by its form.
_REAL_LINE_SMOOTH = frozenset({sympy.tanh, sympy.sech, sympy.atan, sympy.asinh})
_REAL_FOR_REAL_X = _EVERYWHERE_SMOOTH | _REAL_LINE_SMOOTH | {sympy.Abs, sympy.sign, sympy.Max, sympy.Min}
_STEPS = (sympy.floor, sympy.ceiling)
_SWITCHES = (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Max, sympy.Min, *_STEPS)
MAX_CANDIDATES = 60
_NEAR_INTEGER = sympy.Float("1e-40", 60)
_HUGE = sympy.Float("1e30", 60)


def vanishing_constant(exprs: list[sympy.Expr], x: sympy.Symbol) -> sympy.Expr | None:
    """A subexpression at a singular place of ``exprs`` that is a constant in disguise (a sum, product,
    power or function of x whose derivative is 0 by algebra; one free of x whose derivative in each
    parameter is; a number within 1e-40 of an integer without being one; a floor or ceiling), whatever its
    value; None when there is none (or too many to look at: then the first is returned, so that no proof
    is taken unexamined)."""
    return _vanishing_constant(tuple(exprs), x)


@functools.lru_cache(maxsize=4096)
def _vanishing_constant(exprs: tuple[sympy.Expr, ...], x: sympy.Symbol) -> sympy.Expr | None:
    for expr in exprs:
        for node in _sums(expr):
            # free of x, a sum is a window in a parameter: log(2*v(a)) - log(v(a)) (round 15)
            for variable in [x] if node.has(x) else sorted(node.free_symbols, key=str):
                if (combined := _constant_from_terms(node, variable)) is not None:
                    return combined
    candidates = _candidates_at_singular_places(exprs, x)
    for i, (u, in_switch) in enumerate(candidates.items()):
        if i >= MAX_CANDIDATES:
            return u
        if u.has(x) and not in_switch and entire_built(u):
            continue  # constant on the whole line: one evaluation sees its value (validators.proof_guard)
        if _locally_constant(u, x):
            return u
    return None


def _sums(expr: sympy.Expr) -> list[sympy.Expr]:
    """``expr`` and every sum inside it: ``sqrt(3)*(log(2*u) - log(u))`` and ``sin(log(2*u) - log(u))``
    hide the disguised constant from a test of the top-level terms only (rounds 13 to 15)."""
    return [expr, *(node for node in sympy.preorder_traversal(expr) if node.is_Add and node is not expr)]


# Remembered: a pure function of the tree, asked again of the integrand's sums by every pair that shares it
# (a corpus or a dataset checks several answers against one integrand), and its cancel is the costly part.
@functools.lru_cache(maxsize=4096)
def _constant_from_terms(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """The sum of the terms of ``expr`` with a singular place on a non-entire argument, when there are
    two or more and that sum is a constant in disguise: ``log(2*u) - log(u)`` is log 2 by algebra, and no
    value wherever u is 0 (``u = acos(cos(x - 3)) - x + 3`` is 0 on all of [3, 3 + pi]), which no single
    place's argument shows (a twelfth adversary's find)."""
    terms = [
        t
        for t in sympy.Add.make_args(expr)
        if t.has(x) and any(not entire_built(a) for a in place_arguments(t))
    ]
    if len(terms) < 2:
        return None
    total = sympy.Add(*terms)
    if _disguised_constant(total, x):
        return total
    # log(u*(x**2 + 1)) - log(u) is log(x**2 + 1) in disguise: its derivative, over a common denominator,
    # holds none of the non-entire arguments it was made of
    derivative = derivative_minus(total, sympy.S.Zero, x)
    if derivative is None:
        return None
    reduced = sympy.cancel(sympy.together(derivative))
    return None if any(not entire_built(a) for a in place_arguments(reduced)) else total


def disguised_constant(u: sympy.Expr, x: sympy.Symbol) -> bool:
    """Is the sum ``u`` a constant in disguise (its derivative 0 by algebra)? The parser refuses every such
    denominator: SymPy cancels ``u/u`` to 1 while building, and a disguised constant may be 0 on a whole
    interval only (``atan(x) + atan(1/x) - pi/2`` is 0 for x > 0 and -pi for x < 0)."""
    return u.is_Add and u.has(x) and _disguised_constant(u, x)


def _locally_constant(u: sympy.Expr, x: sympy.Symbol) -> bool:
    if u.func in _STEPS:
        return True
    if u.has(x):
        return _disguised_constant(u, x)
    if u.free_symbols:  # sin(a)**2 + cos(a)**2 - 1: constant in x, and in a too
        return any(_disguised_constant(u, s) for s in sorted(u.free_symbols, key=str))
    return _almost_an_integer(u)


@functools.lru_cache(maxsize=4096)
def _disguised_constant(u: sympy.Expr, x: sympy.Symbol) -> bool:
    # plain symbols: the exact route converts to SymEngine, which keeps no assumptions (a real x would
    # not convert back faithfully, and nothing would be found)
    plain = {s: sympy.Symbol(s.name) for s in u.free_symbols if s.assumptions0}
    u, x = u.xreplace(plain), sympy.Symbol(x.name)
    difference = derivative_minus(u, sympy.S.Zero, x)
    if difference is None:  # exp(sin(x)**2)*exp(cos(x)**2): SymEngine would merge it on the way in
        return prove_antiderivative(u, sympy.S.Zero, x) is not None
    if difference == 0 or exact_zero(difference) is not None:
        return True
    # the prover expands multiple angles when nothing else proves a claim; so must this test, or
    # W + cos(2*x) - 2*cos(x)**2 + 1 is constant to the prover and not to the guard (round 16)
    return has_multiple_angles(u) and prove_antiderivative(u, sympy.S.Zero, x) is not None


@functools.lru_cache(maxsize=4096)
def _almost_an_integer(u: sympy.Expr) -> bool:
    """``sin(1)**2 + cos(1)**2 - 1`` is 0, ``-exp(0*I)`` ... SymPy does not always say so: a number that
    is an integer to 40 digits, beyond 1e30, or that cannot be evaluated, counts as one (the place may be
    singular at it: 1/0, log(0), gamma(-1); or be a singular place's value, tan(pi/2) in disguise)."""
    if u.func is sympy.exp_polar or _exact_gaussian(u):
        return False  # SymPy's own exact forms: -I, 1 + 2*I, exp_polar(I*pi) (a CAS branch marker)
    try:
        value = sympy.N(u, 60)
    except Exception:  # noqa: BLE001 - a number SymPy cannot evaluate is not known to be safe
        return True
    parts = value.as_real_imag() if value.is_number else ()
    if not parts or not all(part.is_Float or part.is_Integer for part in parts):
        return True  # not evaluated to digits (exp_polar(2*I*pi) inside), infinite or undefined
    if abs(value) > _HUGE:  # tan(4*atan(sqrt(2) - 1)) is tan(pi/2): its value is rounding noise
        return True
    return all(abs(part - round(part)) < _NEAR_INTEGER for part in parts)


def _exact_gaussian(u: sympy.Expr) -> bool:
    """A Gaussian rational in SymPy's canonical (expanded) form: its value is what it shows, and SymPy
    evaluates a function at it itself (gamma(-2) is zoo while building). (1 + I)*(1 - I) - 2 is not."""
    if u.has(sympy.Function) or any(not p.exp.is_Integer for p in u.atoms(sympy.Pow)):
        return False
    return all(a.is_Rational or a is sympy.I for a in u.atoms()) and sympy.expand(u) == u


def singular_arguments(expr: sympy.Expr) -> bool:
    """Does ``expr`` have a singular place (or switch) whose argument is more than a symbol or number?
    Only such an answer can lack a value on a whole interval (log(x) lacks one at x = 0 only)."""
    return bool(_candidates_at_singular_places((expr,), sympy.S.Zero))


def entire_built(u: sympy.Expr) -> bool:
    """Built from numbers, symbols, +, *, positive integer powers and entire functions: a disguised
    constant of this form (``exp(sin(x)**2)*exp(cos(x)**2)``, ``sin(x)**2 + cos(x)**2``) is one constant
    on the whole real line, so its value anywhere is its value everywhere."""
    for node in sympy.preorder_traversal(u):
        if node.is_Atom:
            continue
        if node.is_Pow:
            if not (node.exp.is_Integer and node.exp > 0):
                return False
        elif not (node.is_Add or node.is_Mul or node.func in _EVERYWHERE_SMOOTH):
            return False
    return True


def place_arguments(expr: sympy.Expr) -> list[sympy.Expr]:
    """The non-atomic arguments of the singular places and switches of ``expr`` that hold a symbol."""
    return list(_place_arguments(expr))


@functools.lru_cache(maxsize=4096)
def _place_arguments(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    found: dict[sympy.Expr, None] = {}
    for node in expr.atoms(sympy.Pow, sympy.Function):
        for place in _places(node):
            if not place.is_Atom and place.free_symbols:
                found.setdefault(place, None)
    return tuple(found)


def places_of(node: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """The arguments of ``node`` at which it is a singular place or switch (none for x**2, sin(u) ...)."""
    return _places(node)


def _places(node: sympy.Basic) -> tuple[sympy.Basic, ...]:
    if node.is_Pow:
        return () if node.exp.is_Integer and node.exp > 0 else (node.base,)
    if isinstance(node, sympy.Piecewise):
        return ()  # its pieces are values, its conditions no place; the places inside are found
    if node.func in _REAL_LINE_SMOOTH:
        return () if _real_for_real_x(node.args[0]) else node.args
    return () if node.func in _EVERYWHERE_SMOOTH else node.args


def _candidates_at_singular_places(exprs: tuple[sympy.Expr, ...], x: sympy.Symbol) -> dict[sympy.Expr, bool]:
    """Every non-atomic subexpression of an argument of a singular place, the argument included, and
    whether it stands inside a switch (where a constant's sign, not its value, decides)."""
    found: dict[sympy.Expr, bool] = {}
    for expr in exprs:
        for node in expr.atoms(sympy.Pow, sympy.Function):
            places = _places(node)
            if places and not node.free_symbols:
                found.setdefault(node, False)  # the place itself, free of every symbol: is it finite?
            switch = isinstance(node, _SWITCHES)
            for place in places:
                for n in sympy.preorder_traversal(place):
                    if _candidate(n):
                        found[n] = found.get(n, False) or switch
    return found


def _real_for_real_x(arg: sympy.Expr) -> bool:
    """Built from real numbers, symbols, +, *, integer powers and functions real at real arguments."""
    for node in sympy.preorder_traversal(arg):
        if node.is_Atom:
            if node.is_number and node.is_extended_real is not True:
                return False
        elif node.is_Pow:
            if not node.exp.is_Integer:
                return False
        elif not (node.is_Add or node.is_Mul or node.func in _REAL_FOR_REAL_X):
            return False
    return True


def _candidate(node: sympy.Basic) -> bool:
    if not isinstance(node, sympy.Expr) or node.is_Atom or isinstance(node, sympy.Piecewise):
        return False
    return node.is_Add or node.is_Mul or node.is_Pow or isinstance(node, sympy.Function)
