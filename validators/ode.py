"""Checks for first-order linear ODEs y' + p(x)*y = q(x): the claims an integrating-factor solution makes.

Pure, synchronous and family-free like every validator; callers run them under a time limit. Each question
is answered with a ``validators.equivalence.Verdict`` (proved by algebra, or shown numerically), so step
labels and dataset cards read them like any other check:

* ``check_solution(y, p, q)``: y' + p*y = q identically (y free of constants: one solution);
* ``check_general_solution(y, p, q)``: y(x, C) solves the equation *for every C* and is the general
  solution: affine in C with a nonzero homogeneous part, so every solution is y(x, C) for some C;
* ``check_integrating_factor(mu, p)``: mu is not 0 and mu' = p*mu, which is what makes
  mu*(y' + p*y) = (mu*y)';
* ``check_product_form(mu, rhs, p, q)``: multiplying by mu gives (mu*y)' = rhs, with rhs = mu*q;
* ``check_homogeneous(y_h, p)`` and ``check_variation(y_h, v_prime, p, q)``: the claims of variation of
  parameters (y_h solves y' + p*y = 0; y = v*y_h solves the equation when v'*y_h = q);
* ``check_initial_condition(general, constant, particular, x0, y0)``: the constant's value turns the
  general solution into the stated particular one, and that one takes the value y0 at x0.

Why "for every C" is never left to sampling alone: a numeric check draws a free symbol from (0.5, 2.5), so
``y_p + sqrt(C**2)*y_h`` (which misses every negative multiple) would pass. So the general solution is split
into C-free claims — y0 = y(x, 0) solves the equation, y1 = y(x, 1) - y0 solves the homogeneous one and is
not 0 — and only "y is y0 + C*y1" keeps C, checked for C as a parameter *and* at C = -1 and C = -2.

A wrong verdict is always ``Reason.NOT_EQUIVALENT`` (so exports, labels and preference pairs read it as
decided), with the specific reason first in ``detail`` (``no_constant: ...``, ``not_general: ...``).
Before any check, tan/cot/sec/csc/tanh/coth are written through sin, cos, sinh and cosh: the same functions
on the same domain, which lets the exact path prove what independent symbols tan(x) and cos(x) hide.
"""

from __future__ import annotations

import time

import sympy

from validators.equivalence import Method, Reason, Verdict, check_antiderivative, check_equal
from validators.parse import ParseError, parse_math

__all__ = [
    "check_general_solution", "check_homogeneous", "check_initial_condition", "check_integrating_factor",
    "check_product_form", "check_solution", "check_variation", "constant_symbol",
]  # fmt: skip

Expr = str | sympy.Expr
SYMBOLIC_DETAILS = ("structural", "expand", "cancel")
NEGATIVE_CONSTANTS = (-1, -2)

_REWRITES = {
    sympy.tan: lambda a: sympy.sin(a) / sympy.cos(a),
    sympy.cot: lambda a: sympy.cos(a) / sympy.sin(a),
    sympy.sec: lambda a: 1 / sympy.cos(a),
    sympy.csc: lambda a: 1 / sympy.sin(a),
    sympy.tanh: lambda a: sympy.sinh(a) / sympy.cosh(a),
    sympy.coth: lambda a: sympy.cosh(a) / sympy.sinh(a),
}


class _Refused(Exception):
    """An input that cannot be checked: its verdict is carried out as the exception's value."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.detail)
        self.verdict = verdict


def _verdict(start: float, ok: bool, reason: Reason, detail: str, method: Method = Method.NONE) -> Verdict:
    return Verdict(ok=ok, reason=reason, method=method, detail=detail, seconds=time.perf_counter() - start)


def _wrong(start: float, why: str, detail: str, evidence: dict | None = None) -> Verdict:
    verdict = _verdict(start, False, Reason.NOT_EQUIVALENT, f"{why}: {detail}", Method.NONE)
    return verdict.model_copy(update={"evidence": evidence})


def _read(item: Expr, variable: str, start: float, what: str) -> sympy.Expr:
    """Safe parse (strings) and the sound rewrites of the module doc; refuse leftover integrals."""
    if isinstance(item, str):
        try:
            expr = parse_math(item, variable)
        except ParseError as err:
            implicit = explicit_from_equation(item, variable) if what == "y" else None
            if implicit is None:
                raise _Refused(_verdict(start, False, Reason.PARSE, f"{what}: {err}")) from None
            expr = implicit
    else:
        expr = sympy.sympify(item, strict=True)
    if expr.has(sympy.Integral, sympy.Derivative):
        detail = f"{what} still contains an unevaluated Integral or Derivative"
        raise _Refused(_verdict(start, False, Reason.UNFINISHED, detail))
    for func, rewrite in _REWRITES.items():
        expr = expr.replace(func, rewrite)
    return expr


UNKNOWN = "y"
MAX_EQUATION_CHARS = 2000


def explicit_from_equation(text: str, variable: str) -> sympy.Expr | None:
    """y from a solution written implicitly but linear in y, e.g. ``exp(x**2)*y = x**2/2 + C`` (the form an
    integrating factor leaves), solved exactly for y; None when the text is not such an equation.

    Only a single ``=`` whose sides parse safely and whose difference is a*y + b with a not zero is read:
    solving a linear equation is exact, so the check that follows judges the same family the text states."""
    if not isinstance(text, str) or len(text) > MAX_EQUATION_CHARS or text.count("=") != 1:
        return None
    left, right = text.split("=")
    try:
        difference = parse_math(left, variable) - parse_math(right, variable)
    except ParseError:
        return None
    y = next((s for s in difference.free_symbols if s.name == UNKNOWN), None)
    if y is None or variable == UNKNOWN:
        return None
    expanded = sympy.expand(difference)
    a, b = expanded.coeff(y, 1), expanded.coeff(y, 0)
    if a == 0 or a.has(y) or b.has(y) or sympy.expand(a * y + b - expanded) != 0:
        return None
    return sympy.together(-b / a)


def read_solution(text: str, variable: str) -> sympy.Expr:
    """A stated solution y: an expression (``y = ...`` is read by the parser) or an equation linear in y;
    ParseError when it is neither."""
    try:
        return parse_math(text, variable)
    except ParseError:
        implicit = explicit_from_equation(text, variable)
        if implicit is None:
            raise
        return implicit


def constant_symbol(expr: sympy.Expr, variable: str) -> sympy.Symbol | None | bool:
    """The one free symbol of ``expr`` other than the variable (the constant C); None if there is none,
    False if there are several (an answer with two unknowns is not a solution family we can read)."""
    others = sorted((s for s in expr.free_symbols if s.name != variable), key=lambda s: s.name)
    if not others:
        return None
    return others[0] if len(others) == 1 else False


def _free_of_constants(expr: sympy.Expr, variable: str, start: float, what: str) -> None:
    extra = sorted(s.name for s in expr.free_symbols if s.name != variable)
    if extra:
        detail = f"{what} must be a function of {variable} alone, but it holds {', '.join(extra)}"
        raise _Refused(_verdict(start, False, Reason.UNSUPPORTED, detail))


def _combine(start: float, parts: list[Verdict]) -> Verdict:
    """Every part established: proved when every part was proved, else numeric (evidence)."""
    if all(part.method == Method.SYMBOLIC for part in parts):
        first = next((p.detail.split(" ", 1)[0] for p in parts if p.detail), "structural")
        how = f"{first if first in SYMBOLIC_DETAILS else 'structural'} ({len(parts)} proved)"
        return _verdict(start, True, Reason.EQUIVALENT, how, Method.SYMBOLIC)
    numeric = next(p for p in parts if p.method != Method.SYMBOLIC)
    verdict = _verdict(start, True, Reason.EQUIVALENT, f"numeric: {numeric.detail}", Method.NUMERIC)
    return verdict.model_copy(update={"coverage": numeric.coverage})


def _established(verdict: Verdict, start: float, why: str, what: str) -> Verdict | None:
    """None when ``verdict`` established its claim; else the failing verdict, renamed for the ODE."""
    if verdict.ok:
        return None
    if verdict.reason is Reason.NOT_EQUIVALENT:
        return _wrong(start, why, what, verdict.evidence)
    return verdict.model_copy(
        update={"detail": f"{what}: {verdict.detail}", "seconds": time.perf_counter() - start}
    )


def _nonzero(expr: sympy.Expr, variable: str, start: float, why: str, what: str) -> Verdict | None:
    """None when ``expr`` is shown not identically 0; a wrong verdict when it is 0; else undecided."""
    verdict = check_equal(expr, sympy.S.Zero, variable)
    if verdict.ok:
        return _wrong(start, why, f"{what} is identically 0")
    if verdict.reason is Reason.NOT_EQUIVALENT:
        return None
    return verdict.model_copy(update={"detail": f"{what} not shown nonzero: {verdict.detail}"})


def _solves(y: sympy.Expr, p: sympy.Expr, q: sympy.Expr, variable: str) -> Verdict:
    """y' = q - p*y, by the antiderivative check (exact derivative first, then y's tree numerically)."""
    return check_antiderivative(y, q - p * y, variable)


def _run(check, *args) -> Verdict:
    start = time.perf_counter()
    try:
        return check(start, *args)
    except _Refused as refused:
        return refused.verdict
    except (RecursionError, MemoryError) as err:
        return _verdict(start, False, Reason.ERROR, type(err).__name__)


def check_solution(y: Expr, p: Expr, q: Expr, variable: str = "x") -> Verdict:
    """Is ``y`` (free of constants) a solution: y' + p*y = q identically?"""
    return _run(_check_solution, y, p, q, variable)


def _check_solution(start: float, y: Expr, p: Expr, q: Expr, variable: str) -> Verdict:
    y_, p_, q_ = (_read(e, variable, start, name) for e, name in ((y, "y"), (p, "p"), (q, "q")))
    _free_of_constants(y_, variable, start, "y")
    verdict = _solves(y_, p_, q_, variable)
    return _established(verdict, start, "not_a_solution", "y' + p*y is not q") or _combine(start, [verdict])


def check_general_solution(y: Expr, p: Expr, q: Expr, variable: str = "x") -> Verdict:
    """Is ``y`` (with one constant, any name) the general solution of y' + p*y = q (see the module doc)?"""
    return _run(_check_general, y, p, q, variable)


def _check_general(start: float, y: Expr, p: Expr, q: Expr, variable: str) -> Verdict:
    y_, p_, q_ = (_read(e, variable, start, name) for e, name in ((y, "y"), (p, "p"), (q, "q")))
    c = constant_symbol(y_, variable)
    if c is None:
        return _wrong(start, "no_constant", "the answer holds no constant, so it is one solution, not all")
    if c is False:
        names = sorted(s.name for s in y_.free_symbols if s.name != variable)
        return _verdict(start, False, Reason.UNSUPPORTED, f"several unknowns {names}: which one is C?")
    y0, y_one = y_.subs(c, 0), y_.subs(c, 1)
    if y0.has(sympy.zoo, sympy.nan, sympy.oo) or y_one.has(sympy.zoo, sympy.nan, sympy.oo):
        return _wrong(start, "not_general", f"y is undefined at {c} = 0 or 1: not affine in {c}")
    y1 = y_one - y0
    zero = _nonzero(y1, variable, start, "no_constant", f"the part multiplying {c}")
    if zero is not None:
        return zero
    claims = [  # checked in order, each only when the ones before it held
        (lambda: _solves(y0, p_, q_, variable), "not_a_solution",
         f"y at {c} = 0 does not solve the equation"),
        (lambda: _solves(y1, p_, sympy.S.Zero, variable), "not_a_solution",
         f"the part multiplying {c} does not solve y' + p*y = 0, so y fails for some {c}"),
        (lambda: check_equal(y_, y0 + c * y1, variable), "not_general",
         f"{c} does not enter linearly, so the family misses solutions"),
    ] + [
        (lambda v=v: check_equal(y_.subs(c, v), y0 + v * y1, variable), "not_general",
         f"at {c} = {v}, y is not y0 + {c}*y1")
        for v in NEGATIVE_CONSTANTS
    ]  # fmt: skip
    parts = []
    for check, why, what in claims:
        verdict = check()
        failed = _established(verdict, start, why, what)
        if failed is not None:
            return failed
        parts.append(verdict)
    return _combine(start, parts)


def check_integrating_factor(mu: Expr, p: Expr, variable: str = "x") -> Verdict:
    """Is ``mu`` an integrating factor of y' + p*y: not 0, and mu' = p*mu?"""
    return _run(_check_integrating_factor, mu, p, variable)


def _check_integrating_factor(start: float, mu: Expr, p: Expr, variable: str) -> Verdict:
    mu_, p_ = _read(mu, variable, start, "mu"), _read(p, variable, start, "p")
    _free_of_constants(mu_, variable, start, "mu")
    zero = _nonzero(mu_, variable, start, "zero_factor", "mu")
    if zero is not None:
        return zero
    verdict = check_antiderivative(mu_, p_ * mu_, variable)
    failed = _established(verdict, start, "not_integrating_factor", "mu' is not p*mu")
    return failed or _combine(start, [verdict])


def check_product_form(mu: Expr, rhs: Expr, p: Expr, q: Expr, variable: str = "x") -> Verdict:
    """Does multiplying y' + p*y = q by ``mu`` give (mu*y)' = ``rhs``? (mu' = p*mu, and rhs = mu*q.)"""
    return _run(_check_product_form, mu, rhs, p, q, variable)


def _check_product_form(start: float, mu: Expr, rhs: Expr, p: Expr, q: Expr, variable: str) -> Verdict:
    factor = check_integrating_factor(mu, p, variable)
    if not factor.ok:
        return factor
    mu_, rhs_, q_ = (_read(e, variable, start, n) for e, n in ((mu, "mu"), (rhs, "rhs"), (q, "q")))
    verdict = check_equal(rhs_, mu_ * q_, variable)
    failed = _established(verdict, start, "wrong_right_side", "the right side is not mu*q")
    return failed or _combine(start, [factor, verdict])


def check_homogeneous(y_h: Expr, p: Expr, variable: str = "x") -> Verdict:
    """Is ``y_h`` a nonzero solution of y' + p*y = 0?"""
    return _run(_check_homogeneous, y_h, p, variable)


def _check_homogeneous(start: float, y_h: Expr, p: Expr, variable: str) -> Verdict:
    yh, p_ = _read(y_h, variable, start, "y_h"), _read(p, variable, start, "p")
    _free_of_constants(yh, variable, start, "y_h")
    zero = _nonzero(yh, variable, start, "zero_solution", "y_h")
    if zero is not None:
        return zero
    verdict = _solves(yh, p_, sympy.S.Zero, variable)
    failed = _established(verdict, start, "not_homogeneous", "y_h' + p*y_h is not 0")
    return failed or _combine(start, [verdict])


def check_variation(y_h: Expr, v_prime: Expr, p: Expr, q: Expr, variable: str = "x") -> Verdict:
    """Does y = v*y_h solve y' + p*y = q exactly when v' = ``v_prime``? (y_h homogeneous, v'*y_h = q.)"""
    return _run(_check_variation, y_h, v_prime, p, q, variable)


def _check_variation(start: float, y_h: Expr, v_prime: Expr, p: Expr, q: Expr, variable: str) -> Verdict:
    homogeneous = check_homogeneous(y_h, p, variable)
    if not homogeneous.ok:
        return homogeneous
    yh, vp, q_ = (_read(e, variable, start, n) for e, n in ((y_h, "y_h"), (v_prime, "v'"), (q, "q")))
    verdict = check_equal(vp * yh, q_, variable)
    failed = _established(verdict, start, "wrong_variation", "v'*y_h is not q")
    return failed or _combine(start, [homogeneous, verdict])


def check_initial_condition(
    general: Expr, constant: Expr, particular: Expr, x0: Expr, y0: Expr, variable: str = "x"
) -> Verdict:
    """Does C = ``constant`` turn ``general`` into ``particular``, and is particular(x0) = y0?

    A claim about the stated general solution only (whether that one solves the equation is the final
    check's business), so a wrong general solution with a right constant still has a right step here."""
    return _run(_check_initial_condition, general, constant, particular, x0, y0, variable)


def _check_initial_condition(
    start: float, general: Expr, constant: Expr, particular: Expr, x0: Expr, y0: Expr, variable: str
) -> Verdict:
    y_ = _read(general, variable, start, "the general solution")
    c = constant_symbol(y_, variable)
    if not c:
        return _verdict(start, False, Reason.UNSUPPORTED, "the general solution has no single constant")
    value, at, target = (_read(e, variable, start, n) for e, n in ((constant, "C"), (x0, "x0"), (y0, "y0")))
    one = _read(particular, variable, start, "the particular solution")
    _free_of_constants(one, variable, start, "the particular solution")
    for expr, name in ((value, "C"), (at, "x0"), (target, "y0")):
        if expr.free_symbols:
            raise _Refused(_verdict(start, False, Reason.UNSUPPORTED, f"{name} must be a number, got {expr}"))
    verdict = check_equal(one, y_.subs(c, value), variable)
    failed = _established(verdict, start, "wrong_particular", f"the general solution at {c} = {value}")
    if failed is not None:
        return failed
    reached = one.subs(sympy.Symbol(variable), at)
    if reached.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return _wrong(start, "initial_condition_not_met", f"y is undefined at {variable} = {at}")
    met = check_equal(reached, target, variable)
    failed = _established(met, start, "initial_condition_not_met", f"y({at}) is not {target}")
    return failed or _combine(start, [verdict, met])
