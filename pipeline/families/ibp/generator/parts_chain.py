"""Integration-by-parts chains, step by step: how each kind of problem is integrated, as true claims.

One module computes the chain for both sides that need it: the generator (which needs the closed-form
antiderivative to state the problem) and the symbolic teacher (which writes the steps). Every step is a
claim "integral of ``integrand`` dx = ``result``" whose result may keep one unfinished ``Integral``; each
is true by construction and stays checkable by differentiation.

Chains, by the kind of problem:

* **tabular** (polynomial * exp/sin/cos/sinh/cosh of a linear argument): u = the polynomial; each
  application lowers its degree by one, and the last integral is a table one.
* **log power** (polynomial * log(a*x + b)**m): u = the log power, v = the antiderivative of the
  polynomial that vanishes at x = -b/a, so v*du is again a polynomial times a lower log power.
* **atan** (polynomial * atan(a*x + b)): one application, then a rational integral (partial fractions).
* **arcsin/arccos** (c * asin(a*x + b)): one application with v = c*(a*x + b)/a, then a substitution.
* **cyclic** (exp(a*x + b) * sin(c*x + d), x**k * cos(log(x)), ...): two applications bring back a
  multiple of the original integral; solve the equation for it.
* **known** (F * G', from ``parts_from_primitive``): one application, and the integral of F' * G is a
  known one.

Everything here is bounded symbolic algebra on small expressions (diff, polynomial division, one
``ratint`` of a rational function with a quadratic denominator); callers still run it under time limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sympy
from sympy.integrals.rationaltools import ratint

from pipeline.families.ibp.generator.distribute import distributed
from pipeline.families.shared import expansion
from pipeline.families.shared.memo import derivative


class ChainError(ValueError):
    """The integrand is not of the shape this chain handles (a generator bug or a hand-made problem)."""


class StepKind(StrEnum):
    PARTS = "parts"
    TABLE = "table"
    POLYNOMIAL = "polynomial"
    RATIONAL = "rational"
    SUBSTITUTION = "substitution"
    KNOWN = "known"
    CYCLIC_COMBINE = "cyclic_combine"
    CYCLIC_SOLVE = "cyclic_solve"


class ChainKind(StrEnum):
    TABULAR = "tabular"
    LOG_POWER = "log_power"
    ATAN = "atan"
    ARCSIN = "arcsin"
    CYCLIC = "cyclic"
    KNOWN = "known"


@dataclass(frozen=True)
class PartsLink:
    """One application: the integral of u*dv is u*v minus the integral of v*du."""

    u: sympy.Expr
    dv: sympy.Expr
    du: sympy.Expr
    v: sympy.Expr

    @property
    def integrand(self) -> sympy.Expr:
        return self.u * self.dv

    @property
    def remainder(self) -> sympy.Expr:
        return self.v * self.du


@dataclass(frozen=True)
class ChainStep:
    """The claim: the integral of ``integrand`` is ``result`` (``link`` for a parts application)."""

    kind: StepKind
    integrand: sympy.Expr
    result: sympy.Expr
    link: PartsLink | None = None


@dataclass(frozen=True)
class PartsChain:
    kind: ChainKind
    integrand: sympy.Expr
    steps: tuple[ChainStep, ...]
    antiderivative: sympy.Expr

    @property
    def links(self) -> list[PartsLink]:
        return [step.link for step in self.steps if step.link is not None]


# --- the small table of antiderivatives the chains rely on --------------------------------------------

_KERNEL_ANTIDERIVATIVES = {
    sympy.exp: (1, sympy.exp),
    sympy.sin: (-1, sympy.cos),
    sympy.cos: (1, sympy.sin),
    sympy.sinh: (1, sympy.cosh),
    sympy.cosh: (1, sympy.sinh),
}


def linear_slope(w: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """a if w = a*x + b with constant a != 0, else None."""
    a = derivative(w, x)
    if a == 0 or a.has(x) or derivative(a, x) != 0:
        return None
    return a


def kernel_antiderivative(kernel: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(alpha, K) with the integral of ``kernel`` = alpha*K, for exp/sin/cos/sinh/cosh of a linear argument
    and powers x**k (k != -1); None for anything else."""
    if kernel == 1:
        return sympy.S.One, x
    if kernel == x:
        return sympy.Rational(1, 2), x**2
    if kernel.is_Pow and kernel.base == x and kernel.exp.is_number and kernel.exp != -1:
        k = kernel.exp
        return 1 / (k + 1), x ** (k + 1)
    entry = _KERNEL_ANTIDERIVATIVES.get(kernel.func) if isinstance(kernel, sympy.Function) else None
    if entry is None:
        return None
    a = linear_slope(kernel.args[0], x)
    if a is None:
        return None
    sign, antiderivative = entry
    coefficient, core = split_constant(antiderivative(kernel.args[0]), x)
    return sign * coefficient / a, core


def split_constant(expr: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """(c, rest) with expr = c*rest and c free of x (SymPy moves signs out: sin(-x) is -sin(x))."""
    return expr.as_independent(x, as_Add=False)


def polynomial_antiderivative(
    p: sympy.Expr, x: sympy.Symbol, zero_at: sympy.Expr = sympy.S.Zero
) -> sympy.Expr:
    """The antiderivative of the polynomial p that vanishes at ``zero_at``."""
    integral = sympy.Poly(p, x).integrate().as_expr()
    if zero_at == 0:  # Poly.integrate leaves no constant term: the subs would give 0 (a subs per chain step)
        return expansion.expand(integral)
    return expansion.expand(integral - integral.subs(x, zero_at))


# --- chains --------------------------------------------------------------------------------------------


class _Accumulator:
    """u1*v1 - (u2*v2 - (... - last)): the antiderivative, built as the chain goes."""

    def __init__(self) -> None:
        self.total: sympy.Expr = sympy.S.Zero
        self.sign = 1

    def parts(self, link: PartsLink) -> None:
        self.total += self.sign * link.u * link.v
        self.sign = -self.sign

    def finish(self, result: sympy.Expr) -> None:
        self.total += self.sign * result


def _parts_step(link: PartsLink, x: sympy.Symbol, remainder: sympy.Expr | None = None) -> ChainStep:
    rest = link.remainder if remainder is None else remainder
    return ChainStep(StepKind.PARTS, link.integrand, link.u * link.v - sympy.Integral(rest, x), link)


def tabular_chain(u: sympy.Expr, dv: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """Polynomial u times a kernel dv (exp/sin/cos/sinh/cosh of a linear argument)."""
    constant, kernel = split_constant(dv, x)
    u = expansion.expand(u * constant)
    if not u.is_polynomial(x) or not u.has(x):
        raise ChainError(f"tabular chains need a polynomial u, got {u}")
    integrand = u * kernel
    steps: list[ChainStep] = []
    total = _Accumulator()
    while u.has(x):
        table = kernel_antiderivative(kernel, x)
        if table is None:
            raise ChainError(f"no table antiderivative for {kernel}")
        alpha, next_kernel = table
        link = PartsLink(u=u, dv=kernel, du=derivative(u, x), v=alpha * next_kernel)
        next_u = expansion.expand(alpha * link.du)
        steps.append(_parts_step(link, x, next_u * next_kernel))
        total.parts(link)
        u, kernel = next_u, next_kernel
    table = kernel_antiderivative(kernel, x)
    if table is None:
        raise ChainError(f"no table antiderivative for {kernel}")
    last = u * table[0] * table[1]
    steps.append(ChainStep(StepKind.TABLE, u * kernel, last))
    total.finish(last)
    kernels = sorted(_functions(total.total, x), key=str)
    return PartsChain(ChainKind.TABULAR, integrand, tuple(steps), tidy(total.total, kernels, x))


def log_power_chain(u: sympy.Expr, dv: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """u = log(a*x + b)**m, dv = a polynomial."""
    log, m = (u.base, u.exp) if u.is_Pow else (u, sympy.Integer(1))
    if not isinstance(log, sympy.log) or not (m.is_Integer and m >= 1) or not dv.is_polynomial(x):
        raise ChainError(f"log chains need u = log(a*x + b)**m and a polynomial dv, got {u}, {dv}")
    w = log.args[0]
    a = linear_slope(w, x)
    if a is None:
        raise ChainError(f"log chains need a linear argument, got {w}")
    root = sympy.solve(w, x)[0] if w != a * x else sympy.S.Zero
    integrand = dv * u
    p, power = expansion.expand(dv), int(m)
    steps: list[ChainStep] = []
    total = _Accumulator()
    while power >= 1:
        v = polynomial_antiderivative(p, x, zero_at=root)
        link = PartsLink(u=log**power, dv=p, du=derivative(log**power, x), v=v)
        quotient, remainder = sympy.div(power * a * v, w, x)
        if remainder != 0:
            raise ChainError(f"{v} does not vanish at the root of {w}")
        next_p = expansion.expand(quotient)
        steps.append(_parts_step(link, x, next_p * log ** (power - 1)))
        total.parts(link)
        p, power = next_p, power - 1
    last = polynomial_antiderivative(p, x)
    steps.append(ChainStep(StepKind.POLYNOMIAL, p, last))
    total.finish(last)
    return PartsChain(ChainKind.LOG_POWER, integrand, tuple(steps), tidy(total.total, [log], x))


def atan_chain(u: sympy.Expr, dv: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """u = atan(a*x + b), dv = a polynomial: parts, then a rational integral."""
    if not isinstance(u, sympy.atan) or linear_slope(u.args[0], x) is None or not dv.is_polynomial(x):
        raise ChainError(f"atan chains need u = atan(a*x + b) and a polynomial dv, got {u}, {dv}")
    v = polynomial_antiderivative(dv, x)
    link = PartsLink(u=u, dv=dv, du=derivative(u, x), v=v)
    rational = sympy.cancel(link.remainder)
    rest = ratint(rational, x)
    if rest.has(sympy.RootSum, sympy.I):
        raise ChainError(f"the rational integral of {rational} has no real closed form here")
    steps = (_parts_step(link, x, rational), ChainStep(StepKind.RATIONAL, rational, rest))
    total = link.u * link.v - rest
    return PartsChain(ChainKind.ATAN, dv * u, steps, tidy(total, [u], x))


def arcsin_chain(u: sympy.Expr, dv: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """u = asin(a*x + b) or acos(a*x + b), dv = a constant c: v = c*(a*x + b)/a, then a substitution."""
    if not isinstance(u, (sympy.asin, sympy.acos)) or dv.has(x) or dv == 0:
        raise ChainError(f"arcsin chains need u = asin/acos(a*x + b) and a constant dv, got {u}, {dv}")
    w = u.args[0]
    a = linear_slope(w, x)
    if a is None:
        raise ChainError(f"arcsin chains need a linear argument, got {w}")
    v = dv * w / a
    link = PartsLink(u=u, dv=dv, du=derivative(u, x), v=v)
    sign = 1 if isinstance(u, sympy.asin) else -1
    root = sympy.sqrt(1 - w**2)
    rest = -sign * dv * root / a  # d/dx sqrt(1 - w**2) = -a*w/sqrt(1 - w**2)
    steps = (_parts_step(link, x), ChainStep(StepKind.SUBSTITUTION, link.remainder, rest))
    return PartsChain(ChainKind.ARCSIN, dv * u, steps, tidy(link.u * link.v - rest, [u], x))


def cyclic_chain(u: sympy.Expr, dv: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """u = c*sin/cos(...), dv = exp(a*x + b) or x**k: two applications give back mu * the integral."""
    integrand = u * dv
    first_v = kernel_antiderivative(dv, x)
    if first_v is None:
        raise ChainError(f"cyclic chains need a table dv, got {dv}")
    v = first_v[0] * first_v[1]
    first = PartsLink(u=u, dv=dv, du=derivative(u, x), v=v)
    second_u = sympy.cancel(first.remainder / dv)
    if second_u.has(*dv.atoms(sympy.exp)) or not second_u.has(x):
        raise ChainError(f"the second application of {integrand} does not have the same dv")
    second = PartsLink(u=second_u, dv=dv, du=derivative(second_u, x), v=v)
    mu = sympy.cancel(second.remainder / integrand)
    if mu.has(x) or mu == 1:
        raise ChainError(f"{integrand} does not come back after two applications (ratio {mu})")
    head = first.u * first.v - second.u * second.v
    steps = (
        _parts_step(first, x),
        _parts_step(second, x),
        ChainStep(StepKind.CYCLIC_COMBINE, integrand, head + mu * sympy.Integral(integrand, x)),
        ChainStep(StepKind.CYCLIC_SOLVE, integrand, head / (1 - mu)),
    )
    kernels = sorted(dv.atoms(sympy.exp), key=str)
    return PartsChain(ChainKind.CYCLIC, integrand, steps, tidy(head / (1 - mu), kernels, x))


def known_chain(u: sympy.Expr, v: sympy.Expr, known_primitive: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """The integral of u*v' where the integral of u'*v is known (``known_primitive``)."""
    link = PartsLink(u=u, dv=derivative(v, x), du=derivative(u, x), v=v)
    steps = (_parts_step(link, x), ChainStep(StepKind.KNOWN, link.remainder, known_primitive))
    return PartsChain(ChainKind.KNOWN, link.integrand, steps, link.u * link.v - known_primitive)


CHAINS = {
    ChainKind.TABULAR: tabular_chain,
    ChainKind.LOG_POWER: log_power_chain,
    ChainKind.ATAN: atan_chain,
    ChainKind.ARCSIN: arcsin_chain,
    ChainKind.CYCLIC: cyclic_chain,
}


def build_chain(kind: str, u: sympy.Expr, dv: sympy.Expr, x: sympy.Symbol) -> PartsChain:
    """The chain of ``kind`` for the integral of u*dv (all kinds but ``known``, which needs its primitive)."""
    try:
        chain = CHAINS[ChainKind(kind)]
    except (ValueError, KeyError):
        raise ChainError(f"no chain of kind {kind!r}; known: {[k.value for k in CHAINS]}") from None
    return chain(u, dv, x)


def tidy(expr: sympy.Expr, kernels: list[sympy.Expr], x: sympy.Symbol) -> sympy.Expr:
    """A readable closed form: products multiplied out, then collected on the transcendental kernels."""
    expanded = distributed(expr)  # expand_mul's very tree, built directly on the chains' usual shapes
    if expanded is None:
        expanded = expansion.expand_mul(expr)
    if not kernels:
        return expanded
    collected = collected_on_kernels(expanded, kernels)
    return sympy.collect(expanded, kernels) if collected is None else collected


def collected_on_kernels(expanded: sympy.Expr, kernels: list[sympy.Expr]) -> sympy.Expr | None:
    """``sympy.collect(expanded, kernels)`` for the chains' closed forms, built directly; None: another shape.

    Why: ``collect`` was most of a classic chain's cost (a ``subs`` of every kernel by a Dummy, a
    recursive ``collect`` of every term and factor, a ``match`` per factor and pattern) for a result that
    is, on these shapes, just the terms grouped by kernel power. The shapes taken: a sum of terms, each a
    product of at most one kernel factor (a kernel, or a kernel other than ``exp`` to an integer power
    above 1) and plain factors free of every kernel (rationals, symbols, rational powers of symbols and
    sums, functions other than ``exp``). For such a sum ``collect`` (``exact=None``) adds each kernel
    power it meets as a pattern of its own (all are powers of a kernel: the "simple" case), leaves every
    term and factor as it is in its per-term pass, matches a term only on its kernel power with the very
    same exponent, and rebuilds ``Add(*[power * Add(*coefficients)], *other terms)`` with the
    coefficients as products of the remaining factors (``expand_power_base`` without ``deep`` leaves a
    product and these powers alone), which is what this returns. ``exp`` is taken to power 1 only:
    ``collect`` reads exp(2*w) as exp(w)**2 and SymPy merges exp powers. Anything else goes to
    ``collect``. ``tests/pipeline/families/ibp/generator`` compares the two on the chains' closed forms.
    """
    if len(set(kernels)) != len(kernels) or not all(isinstance(k, sympy.Function) for k in kernels):
        return None
    groups: dict[sympy.Expr, list[sympy.Expr]] = {}
    rest: list[sympy.Expr] = []
    for term in sympy.Add.make_args(expanded):
        key = None
        others = []
        for factor in sympy.Mul.make_args(term):
            if factor in kernels or (
                factor.is_Pow
                and factor.base in kernels
                and not isinstance(factor.base, sympy.exp)
                and factor.exp.is_Integer
                and factor.exp > 1
            ):
                if key is not None:
                    return None  # two kernel factors in one term: collect's pattern order decides
                key = factor
                continue
            if not _plain_factor(factor) or factor.has(*kernels):
                return None
            others.append(factor)
        if key is None:
            rest.append(term)
        else:
            groups.setdefault(key, []).append(sympy.Mul(*others))
    return sympy.Add(*[key * sympy.Add(*values) for key, values in groups.items()], *rest)


def _plain_factor(factor: sympy.Expr) -> bool:
    if factor.is_Rational or factor.is_Symbol:
        return True
    if factor.is_Pow:
        return (factor.base.is_Symbol or factor.base.is_Add) and factor.exp.is_Rational
    return isinstance(factor, sympy.Function) and not isinstance(factor, sympy.exp)


def _functions(expr: sympy.Expr, x: sympy.Symbol) -> set[sympy.Expr]:
    return {f for f in expr.atoms(sympy.Function) if f.has(x)}
