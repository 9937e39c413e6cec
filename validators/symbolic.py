"""The exact path: show F' - g (or a - b) is 0 by algebra alone, which is a proof (``Method.SYMBOLIC``).

Only sound rewrites are used, so this path may only ever *accept*: SymEngine's differentiation and
``expand`` (its automatic simplifications were checked not to "prove" identities that fail on some branch:
sqrt(x**2) - x, log(exp(x)) - x, (x**a)**b - x**(a*b), log(x*y) - log(x) - log(y) all stay as they are),
then, for what is left, a common denominator with every non-rational piece (atan(x), exp(x), sqrt(x) ...)
replaced by an independent symbol. If a rational function of x and independent symbols is 0, it stays 0
when the symbols are put back, whatever they stand for: no identity between the pieces is assumed.

Why SymEngine: differentiating with it costs ~0.1 ms where ``sympy.diff`` costs ~6 ms, and SymPy cannot be
interrupted in-process. Everything runs under size guards (nodes, powers of sums) because expansion is
exponential in the worst case; anything SymEngine cannot represent (Integral inside a product, hyper ...)
is simply not proved here, and the numeric path decides.

SymEngine also rewrites some trees *while building them*, and two of those rewrites are false off the
positive reals: ``(1/u)**r -> u**(-r)`` for non-integer r (so ``sqrt(x)*sqrt(1/x)`` becomes 1, though it is
-1 for x < 0) and ``sign(exp(z)) -> 1`` (false for complex z); ``sign(sqrt(-x))`` even crashes it. So a
tree goes to SymEngine only if converting it back gives the same SymPy tree (``_faithful``), and never if
it holds ``sign``: a tree SymEngine changed on the way in is not proved here, whatever the change was.
"""

from __future__ import annotations

import functools

import sympy

from validators.expand_guard import powers_survive_expand
from validators.multiple_angles import exponential_forms, multiple_angles_expanded
from validators.sign_split import sign_patterns

__all__ = [
    "derivative_minus",
    "exact_zero",
    "exact_zero_split",
    "prove_antiderivative",
    "prove_antiderivative_split",
]

EXPAND_MAX_NODES = 400
EXPAND_MAX_POWER = 8
CANCEL_MAX_TERMS = 400


# Functions whose SymEngine derivative was checked against mpmath's numeric derivative of SymPy's principal
# branch at real and complex points (acosh and asech are not: SymEngine's d/dx acosh(x) = 1/sqrt(x**2 - 1)
# is wrong for x < -1, where it should be 1/(sqrt(x - 1)*sqrt(x + 1))). Anything else is not differentiated
# here: the numeric path, whose own table is checked the same way (tests/validators/test_derivative.py),
# decides.
AUDITED_DERIVATIVES = frozenset(
    {
        sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
        sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.asec, sympy.acsc,
        sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch,
        sympy.asinh, sympy.atanh, sympy.acoth, sympy.acsch,
        sympy.erf, sympy.erfc, sympy.gamma, sympy.loggamma, sympy.LambertW,
        sympy.Ei, sympy.Si, sympy.Ci, sympy.Shi, sympy.Chi, sympy.li, sympy.fresnels, sympy.fresnelc,
    }
)  # fmt: skip


def derivative_minus(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """d/dx F - g, expanded, with every top-level ``c*Integral(h, x)`` of F read as c*h; None if not
    buildable (a function outside ``AUDITED_DERIVATIVES``, a Piecewise, an Integral inside a product ...)."""
    difference = _derivative_minus(big_f, g, x)
    return None if difference is None else sympy.sympify(difference)


def prove_antiderivative(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> str | None:
    """How d/dx F - g was shown to be 0 ("expand", "cancel" or "normal form"), or None.

    "normal form": 0 once function arguments are expanded and exp pieces made integer powers of
    independent symbols (``validators.exact_normal``); a tree ``_faithful`` refuses (SymEngine would
    combine exp(a)*exp(b) on the way in) is converted by that module instead."""
    how = _prove_as_written(big_f, g, x)
    if how is _NONZERO:
        return None
    if how is not None or _too_big(big_f) or _too_big(g):
        return how
    if (expanded := multiple_angles_expanded(big_f, g)) is not None:
        how = _prove_as_written(*expanded, x)
        if how is not None and how is not _NONZERO:
            return f"{how} after expanding multiple angles"
    if (rewritten := exponential_forms(big_f, g)) is not None:
        try:
            how = _prove_as_written(*rewritten, x)
        except (OverflowError, ValueError, TypeError, RecursionError):  # SymPy on huge exp powers
            return None
        if how is not None and how is not _NONZERO:
            return f"{how} after writing trig functions through exp"
    return None


def _prove_as_written(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> str | None:
    difference = _derivative_minus(big_f, g, x)
    if difference is None:
        return _normal_vanishes(_derivative_minus(big_f, g, x, _normal_tree))
    if difference == 0:
        return "expand"
    if clearly_nonzero(difference):
        return _NONZERO
    if _vanishes_over_common_denominator(difference):
        return "cancel"
    return _normal_vanishes(difference)


# Returned by _prove_as_written when the difference is seen to be nonzero: no rewrite can prove it 0.
_NONZERO = "nonzero"
_PROBE = complex(0.6180339887498949, 0.3141592653589793)  # no special point of any function here
_NONZERO_RELATIVE = 1e-6


def clearly_nonzero(difference) -> bool:
    """Is the expanded SymEngine ``difference`` plainly not 0, by its value at one complex point (every free
    symbol a different one) in double precision, against the sizes of its terms?

    Only ever skips proof attempts, never accepts or rejects: every rewrite the exact route tries after
    expanding (a common denominator, the normal form, multiple angles expanded) is an identity wherever
    the tree is defined, so a tree with a value far from 0 at a point cannot come out 0. On a wrong answer
    those attempts were ~2 ms of a ~4 ms check (``expand_trig`` alone up to 12 ms). A value that cannot
    be computed, is not finite or is near 0 says nothing, and the attempts run as before."""
    import symengine

    try:
        symbols = sorted(difference.free_symbols, key=str)
        point = {s: symengine.sympify(_PROBE * (1 + 0.137 * k)) for k, s in enumerate(symbols)}
        terms = difference.args if isinstance(difference, symengine.Add) else (difference,)
        values = [complex(term.xreplace(point).n(53, real=False)) for term in terms]
    except Exception:  # SymEngine cannot evaluate a function here (or a pole): no opinion
        return False
    scale = sum(abs(v) for v in values)
    if not (scale < 1e200) or any(v != v for v in values):  # inf or nan
        return False
    return abs(sum(values)) > _NONZERO_RELATIVE * scale


def prove_antiderivative_split(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> str | None:
    """``prove_antiderivative`` for every choice of the Abs/sign values (``validators.sign_split``)."""
    patterns = sign_patterns([big_f, g], x)
    if patterns is None:
        return None
    cases, plain = patterns
    return _for_every_choice(cases, lambda f_case, g_case: prove_antiderivative(f_case, g_case, plain))


def exact_zero_split(expr: sympy.Expr, x: sympy.Symbol) -> str | None:
    """``exact_zero`` for every choice of the Abs/sign values (``validators.sign_split``)."""
    patterns = sign_patterns([expr], x)
    return None if patterns is None else _for_every_choice(patterns[0], exact_zero)


def _for_every_choice(cases: list[list[sympy.Expr]], prove) -> str | None:
    """How every choice was proved (``prove(*case)``), or None when one is undefined or not proved."""
    hows = set()
    for case in cases:
        how = None if any(_undefined(e) for e in case) else prove(*case)
        if how is None:
            return None
        hows.add(how)
    return f"{'/'.join(sorted(hows))}, Abs/sign split: each of the {len(cases)} choices of their values"


def _undefined(expr: sympy.Expr) -> bool:
    """A value put in made the tree undefined (log(0), 1/0, atanh(1)): no proof for that choice."""
    return expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def exact_zero(expr: sympy.Expr) -> str | None:
    """Name of the exact step that shows ``expr`` == 0 ("structural", "expand", "cancel", "normal form"
    as in ``prove_antiderivative``), or None."""
    if expr == 0:
        return "structural"
    if _too_big(expr) or not powers_survive_expand((expr,)):
        return None
    try:
        import symengine

        converted = _faithful(expr)
        if converted is None:
            converted = _normal_tree(expr)
            return None if converted is None else _normal_vanishes(symengine.expand(converted))
        expanded = symengine.expand(converted)
    except Exception:  # not representable in SymEngine: the numeric path decides
        return None
    if expanded == 0:
        return "expand"
    if clearly_nonzero(expanded):
        return None
    if _vanishes_over_common_denominator(expanded):
        return "cancel"
    return _normal_vanishes(expanded)


def _derivative_minus(big_f: sympy.Expr, g: sympy.Expr, x: sympy.Symbol, convert=None):
    """The SymEngine expression d/dx F - g, expanded (see ``derivative_minus``); both sides go to
    SymEngine through ``convert`` (``_faithful`` unless told)."""
    convert = convert or _faithful
    if any(f.func not in AUDITED_DERIVATIVES for f in big_f.atoms(sympy.Function) if not f.is_number):
        return None
    terms, integral_part = [], sympy.S.Zero
    for term in sympy.Add.make_args(big_f):
        if term.has(sympy.Integral):
            coefficient, integral = term.as_independent(sympy.Integral, as_Add=False)
            if not (isinstance(integral, sympy.Integral) and _indefinite_in(integral, x)):
                return None
            if coefficient.has(x) or coefficient.has(sympy.Integral):
                return None
            integral_part += coefficient * integral.function
        else:
            terms.append(term)
    if _too_big(big_f) or _too_big(g) or not powers_survive_expand((big_f, g)):
        return None  # too big to expand, or expand would rewrite a root unsoundly (validators.expand_guard)
    try:
        import symengine

        primitive, rest = convert(sympy.Add(*terms)), convert(integral_part - g)
        if primitive is None or rest is None:
            return None
        derivative = symengine.diff(primitive, symengine.Symbol(x.name))
        difference = symengine.expand(derivative + rest)
        return difference if _small_se(difference) else None
    except Exception:  # SymEngine cannot represent the tree (hyper, meijerg ...): the numeric path decides
        return None


def _normal_tree(expr: sympy.Expr):
    """``expr`` in SymEngine with its function arguments expanded (``validators.exact_normal``)."""
    from validators.exact_normal import to_symengine

    return None if expr.has(sympy.sign) else to_symengine(expr)


def _normal_vanishes(expanded) -> str | None:
    """ "normal form" if the expanded SymEngine ``expanded``, its exp pieces made integer powers of
    independent symbols (``validators.exact_normal``), is 0 over a common denominator; else None."""
    if expanded is None:
        return None
    import symengine

    from validators.exact_normal import exp_pieces

    try:
        pieces = exp_pieces(expanded)
        if pieces is None:
            return None
        pieces = symengine.expand(pieces)
        if not _small_se(pieces):
            return None
        return "normal form" if pieces == 0 or _vanishes_over_common_denominator(pieces) else None
    except Exception:  # a failed rewrite proves nothing
        return None


def _faithful(expr: sympy.Expr):
    """``expr`` as a SymEngine tree, or None when SymEngine would change it on the way in.

    Converting back and comparing with the SymPy tree catches every construction-time rewrite at once,
    the known false ones (``(1/u)**r -> u**(-r)``, ``sign(exp(z)) -> 1``) and any not yet found; a tree
    SymEngine merely reorders compares equal. ``sign`` is refused before conversion: SymEngine crashes
    on some of its arguments (``sign(sqrt(-x))``), which would kill the worker.
    """
    if expr.has(sympy.sign):
        return None
    found = _FAITHFUL.get(expr, _MISSING)
    if found is _MISSING:
        import symengine

        from validators.from_symengine import to_sympy  # sympy.sympify, remembering built subtrees

        try:
            converted = symengine.sympify(expr)
            found = converted if to_sympy(converted) == expr else None
        except Exception as err:  # remembered as raised: the callers' ``except`` decides, as before
            found = _Raised(err)
        if len(_FAITHFUL) >= FAITHFUL_CACHE_SIZE:
            _FAITHFUL.clear()
        _FAITHFUL[expr] = found
    if isinstance(found, _Raised):
        raise found.error
    return found


# ``_faithful`` is a pure function of the tree (SymPy equality is structural: types, numbers and symbol
# assumptions), and one sample's checks convert the same trees again and again (a step's function is the
# next step's, g is in every check of the solve stage): its round trip through SymPy is remembered.
FAITHFUL_CACHE_SIZE = 8192
_FAITHFUL: dict = {}
_MISSING = object()


class _Raised:
    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def _vanishes_over_common_denominator(expr) -> bool:
    """Is the (expanded, SymEngine) ``expr`` 0 as a rational function of x and independent symbols?

    Every maximal non-rational piece (a function application, a non-integer power) becomes an independent
    symbol, then every term is multiplied by the product of all denominators (SymEngine cancels a
    denominator against the same base at once) and the sum expanded. 0 there means 0 as a rational
    function of independent symbols, hence 0 whatever the pieces stand for: no identity between them is
    assumed (so none can be wrongly assumed).
    """
    import symengine

    try:
        atomized = _atomize(expr)
        if atomized is None:
            return False
        terms = atomized.args if isinstance(atomized, symengine.Add) else (atomized,)
        if len(terms) > CANCEL_MAX_TERMS:
            return False
        denominators: dict = {}
        for term in terms:
            for factor in term.args if isinstance(term, symengine.Mul) else (term,):
                if isinstance(factor, symengine.Pow) and factor.args[1].is_Integer and factor.args[1] < 0:
                    base, power = factor.args[0], -int(factor.args[1])
                    denominators[base] = max(denominators.get(base, 0), power)
        if not denominators:
            return False  # a polynomial that expand did not send to 0 is not 0
        common = symengine.Mul(*(base**power for base, power in denominators.items()))
        return symengine.expand(symengine.Add(*(term * common for term in terms))) == 0
    except Exception:  # a failed rewrite proves nothing
        return False


def _atomize(expr):
    """``expr`` with each maximal non-rational piece replaced by a fresh symbol (None if it cannot)."""
    import symengine

    pieces = [f for f in expr.atoms(symengine.Function) if f.free_symbols]
    pieces += [p for p in expr.atoms(symengine.Pow) if p.free_symbols and not p.args[1].is_Integer]
    # maximal ones only: a piece inside another goes with it
    maximal = [p for p in pieces if not any(q != p and p in q.atoms(type(p)) for q in pieces)]
    stand_ins = {piece: symengine.Symbol(f"_revsynth_p{i}") for i, piece in enumerate(maximal)}
    atomized = expr.xreplace(stand_ins) if stand_ins else expr
    leftover = [f for f in atomized.atoms(symengine.Function) if f.free_symbols]
    return None if leftover else atomized


def _indefinite_in(integral: sympy.Integral, x: sympy.Symbol) -> bool:
    return len(integral.limits) == 1 and len(integral.limits[0]) == 1 and integral.limits[0][0] == x


@functools.lru_cache(maxsize=8192)  # a pure function of the tree, asked of the same trees again
def _too_big(expr: sympy.Basic) -> bool:
    """More than EXPAND_MAX_NODES nodes, or a sum raised to an integer power above EXPAND_MAX_POWER (one
    walk through the tree for both)."""
    worst = 0
    for nodes, node in enumerate(sympy.preorder_traversal(expr), start=1):
        if nodes > EXPAND_MAX_NODES:
            return True
        if node.is_Pow and node.exp.is_Integer and node.base.is_Add:
            worst = max(worst, abs(int(node.exp)))
    return worst > EXPAND_MAX_POWER


def _small_se(expr) -> bool:
    try:
        return len(str(expr)) < 20_000
    except Exception:
        return False
