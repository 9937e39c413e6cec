"""Every piece of a Piecewise must be taken at an agreeing point: a piece no point reached was not checked.

Why: sampling finds where a Piecewise switches by scanning its conditions over a grid, and any grid has a
reach. ``Piecewise((atan(x), log(x**2 + 1) < 80), (atan(x) + x, True))`` switches at x = 2.4e17, past the
scan; ``Piecewise((sin(a*x)/a, sin(a) < 999999/1000000), (x, True))`` switches in a window of width 3e-3
round a = pi/2, between the parameter scan's points. Every point then takes the first piece, where the
answer is right, and the check "agrees" — on the one piece it looked at. So the numeric verdict "equal"
also needs, for each piece of each Piecewise (on either side), one point where that piece is the one
taken and the sides agree there, or there is nothing to check there (every term exactly 0, or the reference
not real: ``Abs(x**2/a) > 1`` in an arcsine answer holds only where ``1/sqrt(a - x**2)`` is not real); when
no such point takes a piece the check is undecided (its region was not examined), never equal.

A piece whose condition requires an equation (``Eq(a, 0)``, ``Eq(x, 0) & (a > 0)``) holds on a set of
measure zero in x, or at single parameter values that the parameter plan samples itself; it is not
required here (a function may differ from its antiderivative's derivative on a null set, and the
parameter roots are sampled by ``validators.parameter_points``). A piece no real value can take
(``(x**2 + 1 > 0)`` before it) makes a correct answer undecided: the cost of the rule, honestly paid.

Only ever turns "equal" into "undecided": it adds no acceptance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import mpmath
import sympy

from validators.numeric import EvaluationError, UnsupportedError, condition_holds, real_value

__all__ = ["single_step", "unvisited_side", "untaken_piece"]

_SIGN_SWITCHES = (sympy.Abs, sympy.sign, sympy.Heaviside)
MAX_SWITCHES = 16
MAX_PIECEWISE = 16  # more Piecewise nodes than this: every piece is still required, the first 16 checked
TRUTH_DPS = 80  # conditions are judged at points placed 1e-30 (relative) beside a switch


def untaken_piece(
    exprs: Sequence[sympy.Basic], envs: Iterable[Mapping[sympy.Symbol, object]], seed: int
) -> str | None:
    """The condition of a Piecewise piece that no env (agreeing point) takes, or None if every piece is
    taken somewhere (or is exempt: a condition that needs an equation)."""
    nodes = _piecewise_nodes(exprs)
    if not nodes:
        return None
    if len(nodes) > MAX_PIECEWISE:
        return f"more than {MAX_PIECEWISE} Piecewise"
    pending = {(i, k) for i, node in enumerate(nodes) for k in range(len(node.args)) if _required(node, k)}
    with mpmath.workdps(TRUTH_DPS):
        for env in envs:
            if not pending:
                break
            for i, node in enumerate(nodes):
                k = _taken(node, env, seed)
                pending.discard((i, k))
    if not pending:
        return None
    i, k = min(pending)
    return str(nodes[i].args[k].cond)


def _piecewise_nodes(exprs: Sequence[sympy.Basic]) -> list[sympy.Piecewise]:
    """Distinct Piecewise nodes that hold no bound variable (inside an Integral or Subs their conditions
    are in a variable no point gives a value to)."""
    seen: dict[sympy.Piecewise, None] = {}
    for expr in exprs:
        bound = set().union(*(n.bound_symbols for n in expr.atoms(sympy.Integral, sympy.Subs, sympy.Sum)))
        for node in expr.atoms(sympy.Piecewise):
            if not (node.free_symbols & bound):
                seen.setdefault(node, None)
    return list(seen)


def _required(node: sympy.Piecewise, k: int) -> bool:
    """Must piece k be visited? Not when the points where it is taken all satisfy an equation: its own
    condition, and the negations of the conditions before it (``Ne(a, b) & Ne(a, -b)`` first leaves
    ``a = b`` or ``a = -b`` to every later piece)."""
    condition = node.args[k].cond
    if condition is sympy.false or any(node.args[j].cond is sympy.true for j in range(k)):
        return False  # a piece no value can take (after a True one: SymPy keeps none, a hand tree may)
    region = [condition, *(_negated(node.args[j].cond) for j in range(k))]
    return not any(_needs_equation(c) for c in region)


def _negated(condition: sympy.Basic) -> sympy.Basic:
    """Not(condition), with the Not pushed inside (De Morgan; Not Ne is Eq). Relations other than Eq/Ne
    and anything unknown become an opaque Not, which never counts as an equation."""
    if isinstance(condition, sympy.Ne):
        return sympy.Eq(*condition.args, evaluate=False)
    if isinstance(condition, sympy.Eq):
        return sympy.Ne(*condition.args, evaluate=False)
    if isinstance(condition, sympy.And):
        return sympy.Or(*(_negated(c) for c in condition.args), evaluate=False)
    if isinstance(condition, sympy.Or):
        return sympy.And(*(_negated(c) for c in condition.args), evaluate=False)
    if isinstance(condition, sympy.Not):
        return condition.args[0]
    return sympy.Not(condition, evaluate=False)


def _needs_equation(condition: sympy.Basic) -> bool:
    """True when the condition can only hold where an equation holds: Eq itself, or a conjunction with
    an Eq (a disjunction needs every alternative to be one)."""
    if isinstance(condition, sympy.Eq):
        return True
    if isinstance(condition, sympy.And):
        return any(_needs_equation(c) for c in condition.args)
    if isinstance(condition, sympy.Or):
        return all(_needs_equation(c) for c in condition.args)
    return False


def _taken(node: sympy.Piecewise, env: Mapping, seed: int) -> int | None:
    """Index of the piece taken at ``env`` (the first whose condition holds), None if undecidable."""
    for k, (_piece, condition) in enumerate(node.args):
        try:
            if condition_holds(condition, env, seed):
                return k
        except (EvaluationError, UnsupportedError):
            return None
    return None


def unvisited_side(
    exprs: Sequence[sympy.Basic],
    envs: Iterable[Mapping[sympy.Symbol, object]],
    names: set[str],
    seed: int,
) -> str | None:
    """The argument of an Abs/sign/Heaviside (or a Max/Min difference) seen of one sign only, when its
    sign is not fixed by its form: the other side was never examined.

    ``x*sign(log(x**2 + 1) - 80) + x`` for an integrand 1/(1 + x**2) - 1 + ... switches past the scan,
    as a Piecewise can. Exempt: arguments that are polynomials in x (their real roots are solved, and
    both sides of each are sampled, ``validators.features``) and arguments SymPy's assumptions show to
    keep one sign for real x and parameters (``exp(x) + 1``, ``x**2 + sin(x)**2``): a correct
    ``log(Abs(exp(x) + 1))`` needs no negative point."""
    arguments = _sign_arguments(exprs, names)[:MAX_SWITCHES]
    return _seen_once(arguments, envs, lambda u, env: _sign_at(u, env, seed))


def _seen_once(items: list[sympy.Expr], envs: Iterable[Mapping], reading: Callable) -> str | None:
    """The first item whose ``reading`` (a sign, a floor's value; None for no reading) took fewer than
    two values over ``envs``, or None."""
    if not items:
        return None
    seen: dict[sympy.Expr, set] = {item: set() for item in items}
    with mpmath.workdps(TRUTH_DPS):
        for env in envs:
            for item in items:
                if len(seen[item]) < 2 and (value := reading(item, env)) is not None:
                    seen[item].add(value)
    return next((str(item) for item in items if len(seen[item]) < 2), None)


def _sign_arguments(exprs: Sequence[sympy.Basic], names: set[str]) -> list[sympy.Expr]:
    found: dict[sympy.Expr, None] = {}
    for expr in exprs:
        bound = set().union(*(n.bound_symbols for n in expr.atoms(sympy.Integral, sympy.Subs, sympy.Sum)))
        candidates = [n.args[0] for n in expr.atoms(*_SIGN_SWITCHES)]
        for node in expr.atoms(sympy.Max, sympy.Min):
            candidates += [p - q for i, p in enumerate(node.args) for q in node.args[i + 1 :]]
        for u in candidates:
            xs = [s for s in u.free_symbols if s.name in names]
            if xs and not (u.free_symbols & bound) and not _fixed_sign(u, xs):
                found.setdefault(u, None)
    return list(found)


def _fixed_sign(u: sympy.Expr, xs: list[sympy.Symbol]) -> bool:
    """A polynomial in x (its roots are solved and both sides sampled), or one sign for every real x and
    parameter by SymPy's assumptions, or a radical expression of x alone without a real zero."""
    if u.is_polynomial(*xs):
        return True
    real = u.xreplace({s: sympy.Symbol(s.name, real=True) for s in u.free_symbols})
    if any(
        getattr(real, question) is True
        for question in ("is_positive", "is_negative", "is_nonnegative", "is_nonpositive")
    ):
        return True
    return _bounded_one_sign(real) or _radical_dominates(real) or _radical_without_real_zero(real)


def _radical_dominates(u: sympy.Expr) -> bool:
    """``x + sqrt(x**2 + a**2)`` (the textbook ``ln|x + sqrt(x^2 + a^2)|``, with a parameter) is never
    negative: a term k*sqrt(q) whose square is at least the square of the rest p (k**2*q - p**2 >= 0 by
    SymPy's assumptions, real symbols) gives p + k*sqrt(q) the sign of k, or 0. A proof, so exact."""
    for term in sympy.Add.make_args(u):
        k, radical = term.as_coeff_Mul()
        if not (radical.is_Pow and radical.exp == sympy.S.Half and k.is_Rational and k != 0):
            continue
        rest = u - term
        if rest == 0:
            continue
        gap = sympy.expand(k**2 * radical.base - rest**2)
        if sympy.count_ops(gap) <= _MAX_RADICAL_OPS and gap.is_nonnegative is True:
            return True
    return False


def _bounded_one_sign(u: sympy.Expr) -> bool:
    """``cos(x) + 1`` (a factor of the textbook ``ln|sin(x)/(cos(x) + 1)|``) is never negative, and
    SymPy's assumptions cannot say so. Its interval over the whole line (SymPy's ``AccumBounds``, which
    may only overstate a range: both signs in an overstated range leave the argument to be examined)
    lies on one side of 0. Only for x alone and exact numbers, as the radical rule below."""
    if len(u.free_symbols) != 1 or u.has(sympy.Float) or sympy.count_ops(u) > _MAX_RADICAL_OPS:
        return False
    (x,) = u.free_symbols
    try:
        bounds = u.xreplace({x: sympy.AccumBounds(-sympy.oo, sympy.oo)})
    except Exception:  # SymPy could not bound a function: not shown
        return False
    if not isinstance(bounds, sympy.AccumBounds):
        return False
    return bool(bounds.min >= 0) or bool(bounds.max <= 0)


# Operations of a radical argument solved for its real zeros: past this, solveset may take long.
_MAX_RADICAL_OPS = 24


def _radical_without_real_zero(u: sympy.Expr) -> bool:
    """``x + sqrt(x**2 + 1)`` (the argument of the textbook ``ln|x + sqrt(x^2 + 1)|``) is positive on the
    whole line, and SymPy's assumptions cannot say so. A function continuous on all of R with no real
    zero keeps one sign there (intermediate values), so the other side does not exist to be examined.
    Only for x alone (no parameter), exact numbers, sums, products and rational powers: radical
    equations that ``solveset`` solves by squaring and checking its candidates, and whose continuity
    ``continuous_domain`` reads from the radicands."""
    if len(u.free_symbols) != 1 or u.has(sympy.Float) or sympy.count_ops(u) > _MAX_RADICAL_OPS:
        return False
    for node in sympy.preorder_traversal(u):
        if node.is_Pow and not node.exp.is_Rational:
            return False
        if not (node.is_Atom or node.is_Add or node.is_Mul or node.is_Pow):
            return False
    (x,) = u.free_symbols
    try:
        if sympy.calculus.util.continuous_domain(u, x, sympy.S.Reals) != sympy.S.Reals:
            return False
        return sympy.solveset(u, x, sympy.S.Reals) is sympy.S.EmptySet
    except Exception:  # SymPy gave up on the equation (NotImplementedError and others): not shown
        return False


def _sign_at(u: sympy.Expr, env: Mapping, seed: int) -> int | None:
    value = real_value(u, env, seed)
    return None if value is None or value == 0 else (1 if value > 0 else -1)


_STEPS = (sympy.floor, sympy.ceiling)


def single_step(
    exprs: Sequence[sympy.Basic],
    envs: Iterable[Mapping[sympy.Symbol, object]],
    names: set[str],
    seed: int,
) -> str | None:
    """A floor/ceiling seen at one value only: where it steps was never examined.

    A step's features are placed where its argument is 0; ``floor(3/2 + sin(x)/4 + sin(sqrt(2)*x)/4 +
    1/1000)`` is 1 everywhere except in windows ~0.02 wide where it is 2, the nearest at x = -136.7, and
    an answer wrong only there agreed at every point. Seeing two values at least shows points on both
    sides of some step; a correct answer whose step never steps (``floor(1/2 + sin(x)/4)``) is undecided.
    Steps still hide in windows between other values: a weakness this rule narrows, not closes."""
    nodes: dict[sympy.Expr, None] = {}
    for expr in exprs:
        for node in expr.atoms(*_STEPS):
            if any(s.name in names for s in node.free_symbols):
                nodes.setdefault(node, None)
    return _seen_once(list(nodes)[:MAX_SWITCHES], envs, lambda node, env: _step_value(node, env, seed))


def _step_value(node: sympy.Expr, env: Mapping, seed: int) -> int | None:
    value = real_value(node.args[0], env, seed)
    if value is None:
        return None
    return int(mpmath.floor(value) if node.func is sympy.floor else mpmath.ceil(value))
