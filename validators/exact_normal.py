"""A normal form for the exact route: equal arguments written differently, and exp pieces, made to match.

``validators.symbolic`` proves F' - g = 0 (or a - b = 0) only when the difference vanishes as a rational
function of x and of its non-rational pieces taken as independent symbols. Two things defeat it on true
identities: the same function argument written two ways (``cos(x/3 - (x + 9)**2/9 + 3)`` against
``cos(x**2/9 + 5*x/3 + 6)``), and exp pieces that are powers of one another (``exp(2*x + 4)`` against
``exp(x + 2)**2``, ``exp(-x - 2)*exp(x + 2)``). This module rewrites the tree with identities that hold for
every complex value (where both sides are defined), then the same cancellation decides:

1. **Arguments expanded** (``to_symengine``): f(u) = f(expand(u)) because expand(u) is the same function
   as u (SymEngine's audited ``expand``, as the exact route already uses on the whole difference).
2. **Parity** comes with it: SymEngine builds sin, tan, cot, csc, sinh, tanh, coth, csch (odd) and cos,
   sec, cosh, sech (even) with the sign of the argument normalised (``cos(x - 1) -> cos(1 - x)``,
   ``sin(-x - 1) -> -sin(1 + x)``); these are entire or meromorphic, so f(-u) = ±f(u) has no branch.
   Any other change SymEngine makes while rebuilding f(expand(u)) is accepted only if SymPy's own
   constructor makes the same one (as ``symbolic._faithful`` does for the input), else the node is kept as
   it was written.
3. **exp products** are built by SymEngine's arithmetic: exp(a)*exp(b) = exp(a + b) and exp(a)**n =
   exp(n*a) for integer n, true for all complex a, b. ``symbolic._faithful`` refuses such trees (it
   refuses every change on the way in); here only these constructions are allowed to change them.
4. **exp pieces** (``exp_pieces``): exp(c + r1*m1 + ...) = exp(c) * exp(r1*m1) * ..., and with L_m the
   lcm of the denominators of every rational coefficient r of the monomial m in the expression,
   exp(r*m) = exp(m/L_m)**(r*L_m), an *integer* power (exp(n*w) = exp(w)**n for integer n). Each
   exp(m/L_m) becomes one fresh symbol, so exp(2x + 4) and exp(x + 2)**2 both read e**4*Q**2. A
   coefficient that is not rational (pi, I, a Float) stays inside m: that exp is its own piece.

What is never done, because it is false somewhere in the complex plane: nothing is rewritten inside a
non-integer power (its base stays as written, converted faithfully, and the power becomes one independent
piece), so ``sqrt(exp(x))`` is not ``exp(x/2)`` and ``sqrt(exp(-x))`` is not ``1/sqrt(exp(x))``; log,
asin, atan ... are never combined with exp (``log(exp(x))`` stays), and no product rule of logs or powers
is used. Functions outside ``REBUILT`` are converted faithfully and left alone.
"""

from __future__ import annotations

import math

import sympy

__all__ = ["exp_pieces", "to_symengine"]

# One-argument functions whose argument is expanded (their SymEngine constructor has the same name).
REBUILT = frozenset(
    {
        "exp", "log", "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec",
        "acsc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "atanh", "acoth", "acsch",
        "erf", "erfc",
    }
)  # fmt: skip
ODD = frozenset({"sin", "tan", "cot", "csc", "sinh", "tanh", "coth", "csch"})  # f(-u) = -f(u)
EVEN = frozenset({"cos", "sec", "cosh", "sech"})  # f(-u) = f(u)
MAX_EXP_POWER = 1000  # exp(m/L)**k with |k| above this is not built (a huge lcm), nothing is proved


def to_symengine(expr: sympy.Expr):
    """``expr`` as a SymEngine tree with function arguments expanded (rules 1-3), or None if some piece
    cannot be converted faithfully."""
    try:
        return _convert(expr, {})
    except _Refused:
        return None


def exp_pieces(expr):
    """The SymEngine ``expr`` with every exp piece written as exp(c) times integer powers of fresh symbols
    (rule 4), or None when a power would be too large. Non-integer powers are not entered."""
    import symengine

    coefficients: dict = {}
    _collect(expr, coefficients, set())
    lcms = {m: math.lcm(*(int(r.get_num_den()[1]) for r in rs)) for m, rs in coefficients.items()}
    symbols = {m: symengine.Symbol(f"_revsynth_e{i}") for i, m in enumerate(lcms)}
    try:
        return _substitute(expr, lcms, symbols, {})
    except _Refused:
        return None


class _Refused(Exception):
    pass


def _convert(node: sympy.Basic, memo: dict):
    import symengine

    if node in memo:
        return memo[node]
    if node.is_Add:
        out = symengine.Add(*(_convert(a, memo) for a in node.args))
    elif node.is_Mul:
        out = symengine.Mul(*(_convert(a, memo) for a in node.args))
    elif node.is_Pow and node.exp.is_Integer:
        out = _convert(node.base, memo) ** int(node.exp)
    elif isinstance(node, sympy.Function) and len(node.args) == 1 and node.func.__name__ in REBUILT:
        argument = symengine.expand(_convert(node.args[0], memo))
        out = _rebuilt(node.func.__name__, argument)
        if out is None:
            out = _faithful(node)
    else:  # symbols, numbers, non-integer powers, other functions: exactly as written, or not at all
        out = _faithful(node)
    memo[node] = out
    return out


def _faithful(node: sympy.Basic):
    from validators.symbolic import _faithful as faithful

    converted = faithful(node)
    if converted is None:
        raise _Refused
    return converted


def _rebuilt(name: str, argument):
    """f(argument) built by SymEngine, if it made no change but the parity of rule 2, or the change SymPy's
    constructor makes too (into REBUILT functions only); else None."""
    import symengine

    out = getattr(symengine, name)(argument)
    if _is_application(out, name, argument):
        return out
    if name in ODD and _is_application(-out, name, symengine.expand(-argument)):
        return out
    if name in EVEN and _is_application(out, name, symengine.expand(-argument)):
        return out
    reference = getattr(sympy, name)(sympy.sympify(argument))
    if any(f.func.__name__ not in REBUILT for f in reference.atoms(sympy.Function) if f.free_symbols):
        return None  # e.g. an acosh, whose SymEngine derivative is wrong on a cut, is never brought in
    return out if sympy.sympify(out) == reference else None


def _is_application(node, name: str, argument) -> bool:
    import symengine

    if name == "exp":
        return isinstance(node, symengine.Pow) and node.args[0] == symengine.E and node.args[1] == argument
    return isinstance(node, getattr(symengine, name)) and node.args == (argument,)


def _is_exp(node) -> bool:
    import symengine

    return isinstance(node, symengine.Pow) and node.args[0] == symengine.E and bool(node.args[1].free_symbols)


def _entered(node) -> bool:
    """Is ``node`` walked into by rule 4 (sums, products, integer powers, REBUILT functions)?"""
    import symengine

    if isinstance(node, (symengine.Add, symengine.Mul)):
        return True
    if isinstance(node, symengine.Pow):
        return node.args[1].is_Integer
    return isinstance(node, symengine.Function) and type(node).__name__ in REBUILT and len(node.args) == 1


def _split(argument):
    """exp's argument as (x-free part, [(rational coefficient, monomial), ...])."""
    import symengine

    constant, terms = symengine.Integer(0), []
    argument = symengine.expand(argument)  # exp(2*(x + 2)) is exp(2*x + 4)
    for term in argument.args if isinstance(argument, symengine.Add) else (argument,):
        if not term.free_symbols:
            constant += term
            continue
        factors = term.args if isinstance(term, symengine.Mul) else (term,)
        rational = [f for f in factors if f.is_Rational]
        coefficient = symengine.Mul(*rational) if rational else symengine.Integer(1)
        terms.append((coefficient, symengine.Mul(*(f for f in factors if not f.is_Rational))))
    return constant, terms


def _collect(node, coefficients: dict, seen: set) -> None:
    if node in seen:
        return
    seen.add(node)
    if _is_exp(node):
        for coefficient, monomial in _split(node.args[1])[1]:
            coefficients.setdefault(monomial, set()).add(coefficient)
    elif _entered(node):
        for argument in node.args:
            _collect(argument, coefficients, seen)


def _substitute(node, lcms: dict, symbols: dict, memo: dict):
    import symengine

    if node in memo:
        return memo[node]
    if _is_exp(node):
        constant, terms = _split(node.args[1])
        out = symengine.exp(constant)
        for coefficient, monomial in terms:
            power = coefficient * lcms[monomial]
            if not power.is_Integer or abs(int(power)) > MAX_EXP_POWER:
                raise _Refused
            out *= symbols[monomial] ** int(power)
    elif isinstance(node, symengine.Add):
        out = symengine.Add(*(_substitute(a, lcms, symbols, memo) for a in node.args))
    elif isinstance(node, symengine.Mul):
        out = symengine.Mul(*(_substitute(a, lcms, symbols, memo) for a in node.args))
    elif isinstance(node, symengine.Pow) and node.args[1].is_Integer:
        out = _substitute(node.args[0], lcms, symbols, memo) ** node.args[1]
    elif _entered(node):  # a REBUILT function: its argument with the same pieces, or left as it is
        name = type(node).__name__
        argument = symengine.expand(_substitute(node.args[0], lcms, symbols, memo))
        out = _rebuilt(name, argument) if argument != node.args[0] else node
        if out is None:
            out = node
    else:
        out = node
    memo[node] = out
    return out
