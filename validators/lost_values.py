"""What SymPy drops while building an answer, and whether it could have taken the answer's value away.

SymPy evaluates as it builds: ``T - T`` is 0, ``0*T`` is 0, ``T**0`` and ``T/T`` are 1, ``exp(log(T))``
is T. When T has no value on a whole interval (``log(1 + sign(x))`` for x < 0, ``1/(sin(x)**2 + cos(x)**2
- 1)`` anywhere, ``Piecewise((x, x > 0))`` for x <= 0), the answer *as written* has none there either,
yet the tree that would be checked is an ordinary function with the right derivative: ``sin(x) + T - T``
would be "proved" an antiderivative of cos(x). So the builder compares, at each node where something may
have vanished, the singular places (a denominator, a log, a gamma ...) of what it was given with those
of what SymPy returned, and refuses the text when a place that vanished could lack a value on an
interval. Only ever refuses: it adds no acceptance.

A place *could* lack a value unless its argument is built from x, numbers, sums, products, integer powers
and everywhere-analytic functions (exp, sin, cosh ...) and is not a constant in disguise: such an
argument is 0 only at isolated points or everywhere (and 1/0 everywhere is refused anyway). ``log(x) -
log(x)`` is kept (log has a complex value at every x != 0); ``log(log(x)) - log(log(x))`` is not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

__all__ = ["ENTIRE_FUNCTIONS", "only_numbers_merged", "singular_places", "vanished_without_value"]

# Values and derivatives at every complex argument (so at every real one): never a singular place, and
# safe inside one.
ENTIRE_FUNCTIONS = frozenset(
    {sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.erf, sympy.erfc, sympy.erfi}
)
# Also a value at every real argument: not a singular place themselves, but not analytic inside one.
_REAL_SMOOTH = frozenset({sympy.tanh, sympy.sech, sympy.atan, sympy.asinh, sympy.Abs, sympy.sign})

Place = tuple[type, tuple[sympy.Basic, ...]]


def singular_places(expr: sympy.Basic, x: sympy.Symbol) -> set[Place]:
    """(head, arguments) of every node in x that may have no value somewhere: a power with a negative or
    non-integer exponent, a function other than the smooth ones, a Piecewise without an ``otherwise``."""
    found: set[Place] = set()
    for node in sympy.preorder_traversal(expr):
        if not getattr(node, "args", None) or node.is_number and not node.has(sympy.Function, sympy.Pow):
            continue
        if node.is_Pow:
            if not (node.exp.is_Integer and node.exp > 0):
                found.add((sympy.Pow, node.args))
        elif isinstance(node, sympy.Piecewise):
            if node.args[-1].cond is not sympy.true:
                found.add((sympy.Piecewise, node.args))
        elif isinstance(node, sympy.Function) and node.func not in ENTIRE_FUNCTIONS | _REAL_SMOOTH:
            found.add((node.func, node.args))
    return found


def only_numbers_merged(
    parts: Sequence[sympy.Basic], result: sympy.Basic, make_args: Callable[[sympy.Basic], tuple]
) -> bool:
    """Is every non-numeric term (factor) of the parts still a term (factor) of ``result``? Then SymPy only
    merged numbers (``2*x*3`` is ``6*x``, ``-(2*x)`` is ``-2*x``, ``(x + 1) + 2`` is ``x + 3``), and the full
    test need not run: a sum's (product's) places are those of its terms (factors), numbers have none,
    and a place of a kept term is a place of the result, so none vanished. The builder merges coefficients
    at almost every node, and the full test traverses both trees each time."""
    kept = set(make_args(result))
    return all(arg in kept for part in parts for arg in make_args(part) if not arg.is_Number)


def vanished_without_value(given: set[Place], result: sympy.Basic, x: sympy.Symbol) -> bool:
    """Did a place of ``given`` (the places of what the builder was handed) vanish from ``result`` while
    it could lack a value on an interval?"""
    if not given:
        return False
    kept = {(head, args[0]) for head, args in singular_places(result, x)}  # log(u, E) is log(u)
    return any(_could_lack_value(place, x) for place in given if (place[0], place[1][0]) not in kept)


def _could_lack_value(place: Place, x: sympy.Symbol) -> bool:
    head, args = place
    if not any(arg.has(x) for arg in args):  # free of x: 1/(sin(1)**2 + cos(1)**2 - 1), log(sqrt(a**2) - a)
        return not (all(arg.is_Atom for arg in args) or _certain_number(head, args))
    if head is sympy.Piecewise:
        return True
    if head is sympy.Pow:  # a root has a (complex) value wherever its base has one
        base, exponent = args
        if exponent.is_Number:
            return bool(exponent < 0) and not _analytic(base, x)
        return not (base.is_positive and not base.has(x))  # 2**x is entire; x**x, 0**x are not
    return not all(_analytic(arg, x) for arg in args)


def _certain_number(head: type, args: tuple[sympy.Basic, ...]) -> bool:
    """A power or a log of small numbers alone (``log(3)/log(3)``: a round-32 adversary's
    ``log<sub>3</sub>(x)·ln 3``) has a value when evalf, with its error control on (``strict``), gives every
    argument as a finite non-zero number and the place as a finite one: a zero base or argument is the one
    bad value of those two, and that test sees it. Other heads are not tried (round 36's cot(π·d), d a
    disguised 1, came out a finite 6e18), nor exp or powers with other than rational exponents (towers
    whose size evalf cannot bound). A constant in disguise (``sin(1)**2 + cos(1)**2 - 1``) exhausts the
    precision and keeps its refusal."""
    if head not in (sympy.Pow, sympy.log) or not all(arg.is_number and _small_number(arg) for arg in args):
        return False
    try:
        values = [arg.evalf(15, strict=True) for arg in args]
        value = head(*args).evalf(15, strict=True)
    except (sympy.core.evalf.PrecisionExhausted, ValueError, TypeError, ArithmeticError):
        return False
    finite = (*values, value)
    return all(v.is_finite for v in finite) and all(v != 0 for v in values)


def _small_number(arg: sympy.Basic) -> bool:
    if sympy.count_ops(arg) > 12 or arg.has(sympy.exp):
        return False
    return all(power.exp.is_Rational for power in arg.atoms(sympy.Pow))


def _analytic(arg: sympy.Basic, x: sympy.Symbol) -> bool:
    """Built from x, numbers, +, *, integer powers and entire functions, and not a disguised constant."""
    for node in sympy.preorder_traversal(arg):
        if node.is_Atom:
            if not (node.is_Number or node == x or node in (sympy.pi, sympy.E, sympy.I) or not node.has(x)):
                return False
        elif node.is_Pow:
            if not node.exp.is_Integer and node.has(x):
                return False
        elif not (node.is_Add or node.is_Mul or node.func in ENTIRE_FUNCTIONS or not node.has(x)):
            return False
    from validators.hidden_constants import disguised_constant  # lazy: it needs the exact route

    return not any(disguised_constant(u, x) for u in arg.atoms(sympy.Add))
