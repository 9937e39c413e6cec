"""The value of dF/dx at a point, computed from F's tree (forward-mode differentiation with mpmath).

Why not ``sympy.diff`` first: on the corpus, building F' symbolically was the largest single cost of an
antiderivative check (about 6 ms median, cold caches, more for large answers), more than evaluating
F' - g at all sample points together. Differentiating numerically along the tree costs about two
evaluations of F per point and never builds F'. It is exact arithmetic up to rounding: the chain, product
and power rules applied to mpmath values, with each function's derivative from a table (on SymPy's
principal branches), or, for functions not in the table, from ``mpmath.diff`` of that one function
(mpmath raises its working precision for this, so the result keeps the working precision).

Pieces with no value but a known derivative are allowed at the top of F: ``Integral(h, x)`` (an
unfinished integral in a solution step) has derivative h. Anything else without a value raises
UnsupportedError, and callers fall back to ``sympy.diff``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import mpmath
import sympy

from validators.numeric import (
    _FUNCTIONS,
    EXPONENTIAL,
    TRIGONOMETRIC,
    EvaluationError,
    NoBranchError,
    Number,
    UnsupportedError,
    _Evaluator,
    _finite,
    guard_argument,
)

__all__ = ["derivatives_all", "derivatives_with_magnitude"]

_ZERO = mpmath.mpf(0)


def _sqrt1m(u: Number) -> Number:
    return mpmath.sqrt(1 - u * u)


# d f(u) / du for one-argument functions, on the same branches as the values.
_UNARY: dict[type, Callable[[Number], Number]] = {
    sympy.exp: mpmath.exp,
    sympy.exp_polar: mpmath.exp,
    sympy.log: lambda u: 1 / u,
    sympy.sin: mpmath.cos,
    sympy.cos: lambda u: -mpmath.sin(u),
    sympy.tan: lambda u: 1 + mpmath.tan(u) ** 2,
    sympy.cot: lambda u: -1 - mpmath.cot(u) ** 2,
    sympy.sec: lambda u: mpmath.sec(u) * mpmath.tan(u),
    sympy.csc: lambda u: -mpmath.csc(u) * mpmath.cot(u),
    sympy.asin: lambda u: 1 / _sqrt1m(u),
    sympy.acos: lambda u: -1 / _sqrt1m(u),
    sympy.atan: lambda u: 1 / (1 + u * u),
    sympy.acot: lambda u: -1 / (1 + u * u),
    sympy.asec: lambda u: 1 / (u * u * mpmath.sqrt(1 - 1 / (u * u))),
    sympy.acsc: lambda u: -1 / (u * u * mpmath.sqrt(1 - 1 / (u * u))),
    sympy.sinh: mpmath.cosh,
    sympy.cosh: mpmath.sinh,
    sympy.tanh: lambda u: mpmath.sech(u) ** 2,  # not 1 - tanh(u)**2: that is 0 at 30 digits for |u| > 40
    sympy.coth: lambda u: -(mpmath.csch(u) ** 2),
    sympy.sech: lambda u: -mpmath.sech(u) * mpmath.tanh(u),
    sympy.csch: lambda u: -mpmath.csch(u) * mpmath.coth(u),
    sympy.asinh: lambda u: 1 / mpmath.sqrt(1 + u * u),
    sympy.acosh: lambda u: 1 / (mpmath.sqrt(u - 1) * mpmath.sqrt(u + 1)),
    sympy.atanh: lambda u: 1 / (1 - u * u),
    sympy.acoth: lambda u: 1 / (1 - u * u),
    # acosh(1/u)' on the principal branch (-1/(u*sqrt(1 - u**2)) has the wrong sign on the cut u < -1)
    sympy.asech: lambda u: -1 / (u * u * mpmath.sqrt(1 / u - 1) * mpmath.sqrt(1 / u + 1)),
    sympy.acsch: lambda u: -1 / (u * u * mpmath.sqrt(1 + 1 / (u * u))),
    sympy.erf: lambda u: 2 * mpmath.exp(-u * u) / mpmath.sqrt(mpmath.pi),
    sympy.erfc: lambda u: -2 * mpmath.exp(-u * u) / mpmath.sqrt(mpmath.pi),
    sympy.erfi: lambda u: 2 * mpmath.exp(u * u) / mpmath.sqrt(mpmath.pi),
    sympy.Ei: lambda u: mpmath.exp(u) / u,
    sympy.Si: lambda u: mpmath.sin(u) / u,
    sympy.Ci: lambda u: mpmath.cos(u) / u,
    sympy.Shi: lambda u: mpmath.sinh(u) / u,
    sympy.Chi: lambda u: mpmath.cosh(u) / u,
    sympy.li: lambda u: 1 / mpmath.log(u),
    sympy.Li: lambda u: 1 / mpmath.log(u),
    sympy.fresnels: lambda u: mpmath.sin(mpmath.pi * u * u / 2),
    sympy.fresnelc: lambda u: mpmath.cos(mpmath.pi * u * u / 2),
    sympy.gamma: lambda u: mpmath.gamma(u) * mpmath.digamma(u),
    sympy.loggamma: mpmath.digamma,
    sympy.LambertW: lambda u: mpmath.lambertw(u) / (u * (1 + mpmath.lambertw(u))),
}

# d f(a, z) / dz for functions whose last argument is the usual variable.
_LAST_ARGUMENT: dict[type, Callable[..., Number]] = {
    sympy.polylog: lambda s, z: mpmath.polylog(s - 1, z) / z,
    sympy.besselj: lambda nu, z: (mpmath.besselj(nu - 1, z) - mpmath.besselj(nu + 1, z)) / 2,
    sympy.bessely: lambda nu, z: (mpmath.bessely(nu - 1, z) - mpmath.bessely(nu + 1, z)) / 2,
    sympy.besseli: lambda nu, z: (mpmath.besseli(nu - 1, z) + mpmath.besseli(nu + 1, z)) / 2,
    sympy.besselk: lambda nu, z: -(mpmath.besselk(nu - 1, z) + mpmath.besselk(nu + 1, z)) / 2,
    sympy.uppergamma: lambda a, z: -mpmath.power(z, a - 1) * mpmath.exp(-z),
    sympy.lowergamma: lambda a, z: mpmath.power(z, a - 1) * mpmath.exp(-z),
    sympy.expint: lambda nu, z: -mpmath.expint(nu - 1, z),
}


def _delta(m: Number, phi: Number) -> Number:
    return mpmath.sqrt(1 - m * mpmath.sin(phi) ** 2)


# d f / d(argument i) for (function, number of arguments, i) not covered above: the amplitude of the
# incomplete elliptic integrals (numeric differentiation of ellippi far from the real axis is very slow),
# the two variables of appellf1.
_PARTIALS: dict[tuple[type, int, int], Callable[..., Number]] = {
    (sympy.elliptic_f, 2, 0): lambda phi, m: 1 / _delta(m, phi),
    (sympy.elliptic_e, 2, 0): lambda phi, m: _delta(m, phi),
    (sympy.elliptic_pi, 3, 1): lambda n, phi, m: 1 / ((1 - n * mpmath.sin(phi) ** 2) * _delta(m, phi)),
    # Appell's F1 in its two variables (DLMF 16.16.1 differentiated term by term): numeric differentiation
    # of mpmath's appellf1 took up to 0.8 s a point, so a Rubi-style answer ran out of time (round 21)
    (sympy.appellf1, 6, 4): lambda a, b1, b2, c, x, y: (
        a * b1 / c * mpmath.appellf1(a + 1, b1 + 1, b2, c + 1, x, y)
    ),
    (sympy.appellf1, 6, 5): lambda a, b1, b2, c, x, y: (
        a * b2 / c * mpmath.appellf1(a + 1, b1, b2 + 1, c + 1, x, y)
    ),
}

# Non-holomorphic functions, for real x (the only case where the caller uses them): derivative given
# the argument values and their derivatives.
_REAL_RULES: dict[type, Callable[..., Number]] = {
    sympy.re: lambda u, du: mpmath.re(du),
    sympy.im: lambda u, du: mpmath.im(du),
    sympy.conjugate: lambda u, du: mpmath.conj(du),
    sympy.arg: lambda u, du: mpmath.im(du / u),
    sympy.sign: lambda u, du: _ZERO,
    sympy.floor: lambda u, du: _ZERO,
    sympy.ceiling: lambda u, du: _ZERO,
    sympy.Heaviside: lambda u, du, *rest: _ZERO,
    sympy.DiracDelta: lambda u, du, *rest: _ZERO,
    sympy.frac: lambda u, du: du,
}


def derivatives_all(
    exprs: Sequence[sympy.Basic],
    env: Mapping[sympy.Symbol, Number],
    variables: Sequence[sympy.Symbol],
    seed: int = 0,
) -> list[Number]:
    """d/dx of each tree at the point ``env``, where x is every symbol in ``variables`` (one name, maybe
    with and without assumptions). Raises EvaluationError (no finite value here) or UnsupportedError."""
    return derivatives_with_magnitude(exprs, env, variables, seed)[0]


def derivatives_with_magnitude(
    exprs: Sequence[sympy.Basic],
    env: Mapping[sympy.Symbol, Number],
    variables: Sequence[sympy.Symbol],
    seed: int = 0,
    trace: list | None = None,
) -> tuple[list[Number], Number]:
    """``derivatives_all`` and the largest |value| or |slope| of any subtree (the rounding-noise scale).

    ``trace``, if given, receives the evaluator: its ``cache`` and ``slopes`` hold every subtree's value
    and derivative met on the way."""
    slopes = _Slopes(env, seed, variables)
    values = [slopes.slope(e) for e in exprs]
    if trace is not None:
        trace.append(slopes)
    return values, slopes.magnitude


class _Slopes(_Evaluator):
    def __init__(self, env: Mapping[sympy.Symbol, Number], seed: int, variables: Sequence[sympy.Symbol]):
        super().__init__(env, seed)
        self.variables = frozenset(variables)
        self.slopes: dict[sympy.Basic, Number] = {}
        self.depends: dict[sympy.Basic, bool] = {}

    def _depends(self, expr: sympy.Basic) -> bool:
        known = self.depends.get(expr)
        if known is None:
            known = expr in self.variables or any(self._depends(a) for a in expr.args)
            self.depends[expr] = known
        return known

    def slope(self, expr: sympy.Basic) -> Number:
        if not self._depends(expr):
            return _ZERO
        cached = self.slopes.get(expr)
        if cached is not None:
            return cached
        try:
            result = self._slope(expr)
        except (ZeroDivisionError, OverflowError, NotImplementedError, mpmath.libmp.NoConvergence) as err:
            raise EvaluationError(f"{type(err).__name__} in d/dx {expr.func.__name__}") from err
        except (TypeError, ValueError) as err:
            if isinstance(err, UnsupportedError):
                raise
            raise EvaluationError(f"{type(err).__name__}: {err}") from err
        if not _finite(result):
            raise EvaluationError(f"non-finite derivative at {expr.func.__name__}")
        size = abs(result)
        if size > self.magnitude:
            self.magnitude = size
        self.slopes[expr] = result
        return result

    def _slope(self, expr: sympy.Basic) -> Number:  # noqa: C901 (one dispatch)
        if isinstance(expr, sympy.Symbol):
            return mpmath.mpf(1)
        if isinstance(expr, sympy.Add):
            return mpmath.fsum(self.slope(a) for a in expr.args)
        if isinstance(expr, sympy.Mul):
            varying = [f for f in expr.args if self._depends(f)]
            constant = mpmath.mpf(1)
            for factor in expr.args:
                if not self._depends(factor):
                    constant = constant * self.value(factor)
            if len(varying) == 1:  # c * f(x): f's value is not needed (it may be costly: elliptic_pi ...)
                return constant * self.slope(varying[0])
            value, slope = mpmath.mpf(1), _ZERO
            for factor in varying:
                factor_value = self.value(factor)
                slope = slope * factor_value + value * self.slope(factor)
                value = value * factor_value
            return constant * slope
        if isinstance(expr, sympy.Pow):
            return self._power_slope(expr)
        if isinstance(expr, sympy.Integral):
            return self._integral_slope(expr)
        if isinstance(expr, sympy.Piecewise):
            for piece, cond in expr.args:
                if self.truth(cond):
                    return self.slope(piece)
            raise NoBranchError("no Piecewise branch applies")
        if isinstance(expr, sympy.Abs):
            (u,) = expr.args
            u_value, u_slope = self.value(u), self.slope(u)
            if mpmath.im(u_value) == 0:
                return mpmath.sign(mpmath.re(u_value)) * u_slope
            re_part, im_part = mpmath.re(u_value), mpmath.im(u_value)
            return (re_part * mpmath.re(u_slope) + im_part * mpmath.im(u_slope)) / mpmath.fabs(u_value)
        rule = _REAL_RULES.get(expr.func)
        if rule is not None:
            return rule(self.value(expr.args[0]), self.slope(expr.args[0]), *expr.args[1:])
        if isinstance(expr, (sympy.Max, sympy.Min)):
            values = [mpmath.re(self.value(a)) for a in expr.args]
            chosen = values.index(max(values) if isinstance(expr, sympy.Max) else min(values))
            return self.slope(expr.args[chosen])
        if isinstance(expr, (sympy.Derivative, sympy.Subs, sympy.hyper, sympy.meijerg)):
            return self._numeric_slope(expr)
        return self._function_slope(expr)

    def _power_slope(self, expr: sympy.Pow) -> Number:
        base, exponent = expr.args
        base_slope, exponent_slope = self.slope(base), self.slope(exponent)
        if exponent_slope == 0:
            if isinstance(exponent, sympy.Integer):
                n = int(exponent)
                return n * mpmath.power(self.value(base), n - 1) * base_slope
            b, e = self.value(base), self.value(exponent)
            return e * mpmath.power(b, e - 1) * base_slope
        b, e = self.value(base), self.value(exponent)
        log_base = 1 if base is sympy.E else mpmath.log(b)
        return self.value(expr) * (exponent_slope * log_base + (e * base_slope / b if base_slope != 0 else 0))

    def _integral_slope(self, expr: sympy.Integral) -> Number:
        # d/dx Integral(h, x) = h for an indefinite integral in x; anything else has no known slope here.
        (variable, *bounds), *more = expr.limits
        if more or bounds or variable not in self.variables:
            raise UnsupportedError("only an indefinite Integral(h, x) can be differentiated here")
        return self.value(expr.function)

    def _function_slope(self, expr: sympy.Basic) -> Number:
        args = expr.args
        slopes = [self.slope(a) for a in args]
        if all(s == 0 for s in slopes):
            # a flat argument (sign(x), floor(x) ...): the slope is 0 only where the function has a value,
            # and log(1 + sign(x)) has none for x < 0 (log 0): evaluate it, so a missing value shows
            self.value(expr)
            return _ZERO
        total = _ZERO
        for i, arg_slope in enumerate(slopes):
            if arg_slope == 0:
                continue
            values = [self.value(a) for a in args]
            if expr.func in EXPONENTIAL or expr.func in TRIGONOMETRIC:
                guard_argument(expr.func, values[0])
            if len(args) == 1 and expr.func in _UNARY:
                partial = _UNARY[expr.func](values[0])
            elif i == len(args) - 1 and expr.func in _LAST_ARGUMENT:
                partial = _LAST_ARGUMENT[expr.func](*values)
            elif (expr.func, len(args), i) in _PARTIALS:
                partial = _PARTIALS[expr.func, len(args), i](*values)
            else:
                partial = self._numeric_partial(expr, values, i)
            total += partial * arg_slope
        return total

    def _numeric_partial(self, expr: sympy.Basic, values: list[Number], i: int) -> Number:
        """d f / d(argument i) by mpmath.diff of the one function (undefined functions included)."""
        if isinstance(expr, sympy.core.function.AppliedUndef):
            names = [sympy.Dummy() for _ in values]
            inner = expr.func(*names)

            def along(t: Number) -> Number:
                env = dict(zip(names, values, strict=True))
                env[names[i]] = t
                return _Evaluator(env, self.seed).value(inner)

            return mpmath.diff(along, values[i])
        fn = _FUNCTIONS.get(expr.func)
        if fn is None:
            raise UnsupportedError(f"cannot differentiate {expr.func.__name__}")

        def vary(t: Number) -> Number:
            return fn(*values[:i], t, *values[i + 1 :])

        return mpmath.diff(vary, values[i])

    def _numeric_slope(self, expr: sympy.Basic) -> Number:
        """d/dx of a whole subtree by mpmath.diff along x (hyper with x in its parameters, Derivative ...)."""
        (x,) = sorted(self.variables & expr.free_symbols, key=sympy.default_sort_key)[:1] or (None,)
        if x is None:
            return _ZERO

        def along(t: Number) -> Number:
            env = dict(self.env)
            env.update({v: t for v in self.variables})
            return _Evaluator(env, self.seed).value(expr)

        return mpmath.diff(along, self.env[x])
