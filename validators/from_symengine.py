"""SymEngine trees back to SymPy, as ``sympy.sympify`` converts them, with the converted subtrees remembered.

Why: ``validators.symbolic._faithful`` converts every tree it sends to SymEngine back to SymPy and compares
(a tree SymEngine rewrote on the way in is not proved there). Building the SymPy tree is most of a fast
proof's CPU (~2.7 ms of a median check: SymPy's constructors ask assumptions of every new node, from a
cold cache), and the same subtrees (x**2, sqrt(x), sin(x), the integrand's pieces) come back check after
check. ``to_sympy`` builds each node exactly as SymEngine's own ``_sympy_`` does — ``sympy.Add(*args)``,
``sympy.Mul(*args)``, ``base ** exp``, ``sympy.<name>(arg)`` — from the remembered SymPy forms of its
arguments (equal SymPy trees, already built: SymPy trees are immutable and compare structurally), so its
result equals ``sympy.sympify(node)``.

Only nodes made entirely of the plain kinds below are remembered (symbols without assumptions, integers,
rationals, pi, E, I, sums, products, powers and the named one-argument functions), so that two trees that
SymEngine calls equal always stand for the same SymPy tree; anything else (floats, symbols carrying SymPy
assumptions, other functions) is converted by ``sympy.sympify`` itself, each time. Nothing is remembered
while SymPy's ``evaluate`` is off.
"""

from __future__ import annotations

import symengine
import sympy
from symengine.lib import symengine_wrapper as _wrapper
from sympy.core.parameters import global_parameters

__all__ = ["to_sympy"]

_FUNCTION_NAMES = (
    "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth", "asech", "acsch",
    "log", "erf", "erfc", "gamma", "loggamma", "LambertW",
)  # fmt: skip
# SymEngine class -> SymPy function, for the classes whose ``_sympy_`` is ``OneArgFunction``'s
# (``getattr(sympy, class name)(arg)``), as that method would pick it
_FUNCTIONS = {
    cls: getattr(sympy, cls.__name__)
    for cls in (getattr(_wrapper, name, None) for name in _FUNCTION_NAMES)
    if isinstance(cls, type)
    and getattr(cls, "_sympy_", None) is _wrapper.OneArgFunction._sympy_
    and hasattr(sympy, cls.__name__)
}
_LEAVES = (symengine.Symbol, symengine.Integer, symengine.Rational)  # exact types only (no PySymbol)
_CONSTANTS = {type(symengine.pi): sympy.pi, type(symengine.E): sympy.E, type(symengine.I): sympy.I}

CACHE_SIZE = 16384
_REMEMBERED: dict = {}


def to_sympy(node) -> sympy.Basic:
    """``sympy.sympify(node)`` for a SymEngine ``node`` (see the module doc)."""
    if not global_parameters.evaluate:
        return sympy.sympify(node)
    return _convert(node)[0]


def _convert(node) -> tuple[sympy.Basic, bool]:
    """(the SymPy tree, whether it may be remembered). The arguments are converted first, so a node is
    looked up only when every node below it is of the plain kinds (SymEngine's equality does not tell a
    plain symbol from one that converts to a SymPy symbol with assumptions)."""
    kind = type(node)
    if kind in _LEAVES:
        return node._sympy_(), True
    if kind in _CONSTANTS:
        return _CONSTANTS[kind], True
    if not (kind is symengine.Add or kind is symengine.Mul or kind is symengine.Pow or kind in _FUNCTIONS):
        return sympy.sympify(node), False
    converted = [_convert(arg) for arg in node.args]
    plain = all(p for _, p in converted)
    if plain and (found := _REMEMBERED.get(node)) is not None:
        return found, True
    args = [c for c, _ in converted]
    if kind is symengine.Add:
        result = sympy.Add(*args)
    elif kind is symengine.Mul:
        result = sympy.Mul(*args)
    elif kind is symengine.Pow:
        result = args[0] ** args[1]
    elif len(args) == 1:
        result = _FUNCTIONS[kind](args[0])
    else:  # not a one-argument application after all
        return sympy.sympify(node), False
    if plain:
        if len(_REMEMBERED) >= CACHE_SIZE:
            _REMEMBERED.clear()
        _REMEMBERED[node] = result
    return result, plain
