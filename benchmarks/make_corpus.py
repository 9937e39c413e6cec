"""Write validators/corpus/*.jsonl: known (integrand, antiderivative) pairs labelled correct or wrong.

Run: ``.venv/bin/python benchmarks/make_corpus.py`` (about 3 minutes on 2 cores; deterministic).

Three kinds of pairs:

* ``textbook``: integrals from tables and calculus texts, with their published answers, written out by
  hand below, plus a few answers produced by ``sympy.integrate`` (Piecewise results). They cover parameters
  (a, b, n, m), special functions (erf, Ei, Si, Ci, li, polylog, elliptic, hypergeometric, gamma, Bessel,
  Lambert W) and branch-cut forms (log|x| vs log x, atanh vs log, asin vs atan, acosh vs log, -acot vs
  atan, sqrt(x-1)*sqrt(x+1) vs sqrt(x**2-1)).
* ``generated``: random F from a small grammar, g = F' rewritten as a published integrand would be
  (expanded, over one denominator, trig as exponentials ...), never the raw output of ``diff``.
* ``perturbed``: wrong pairs made from each of the above by one mistake (changed coefficient, dropped
  term, flipped sign, sin<->cos, exp<->log ..., or an extra term in g).

Every label is checked by an independent method before it is written: SymPy's own ``evalf`` (not our
evaluator) and a central finite difference of F (not symbolic ``diff``), at sample points of several
regions. A "correct" pair must agree at every point of some region and at every real point where g is
real; a "wrong" pair must disagree at every valid point of every region it can be evaluated in. A pair that
agrees on a region but has a real counterexample where g is real (acosh(x) for 1/sqrt(x**2 - 1): right
for x > 1, the antiderivative of -g for x < -1) is written as wrong, source ``<source>:region_only``: the
validators call it wrong, with that point as evidence. Pairs that fail their check are dropped.
The strings here are our own, so this script (unlike the validators) may use ``sympify``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import mpmath
import sympy
from pebble import ProcessPool
from sympy import Symbol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "validators" / "corpus"
x, a, b, n, m = sympy.symbols("x a b n m")
NAMES = {"x": x, "a": a, "b": b, "n": n, "m": m}

# (integrand g, published antiderivative F, what it exercises). Parameters are taken positive.
TEXTBOOK: list[tuple[str, str, str]] = [
    ("x*exp(x)", "(x - 1)*exp(x)", "parts"),
    ("x*sin(x)", "sin(x) - x*cos(x)", "parts"),
    ("x*cos(x)", "cos(x) + x*sin(x)", "parts"),
    ("x**2*exp(x)", "(x**2 - 2*x + 2)*exp(x)", "parts twice"),
    ("x**2*sin(x)", "-x**2*cos(x) + 2*x*sin(x) + 2*cos(x)", "parts twice"),
    ("log(x)", "x*log(x) - x", "parts"),
    ("x*log(x)", "x**2*log(x)/2 - x**2/4", "parts"),
    ("x**2*log(x)", "x**3*log(x)/3 - x**3/9", "parts"),
    ("log(x)/x**2", "-(log(x) + 1)/x", "parts"),
    ("log(x)**2", "x*log(x)**2 - 2*x*log(x) + 2*x", "parts twice"),
    ("sqrt(x)*log(x)", "2*x**(3/2)*log(x)/3 - 4*x**(3/2)/9", "fractional power"),
    ("atan(x)", "x*atan(x) - log(1 + x**2)/2", "parts"),
    ("x*atan(x)", "((x**2 + 1)*atan(x) - x)/2", "parts"),
    ("asin(x)", "x*asin(x) + sqrt(1 - x**2)", "parts, branch"),
    ("acos(x)", "x*acos(x) - sqrt(1 - x**2)", "parts, branch"),
    ("atanh(x)", "x*atanh(x) + log(1 - x**2)/2", "parts, branch"),
    ("asinh(x)", "x*asinh(x) - sqrt(x**2 + 1)", "parts"),
    ("log(x + sqrt(x**2 + 1))", "x*log(x + sqrt(x**2 + 1)) - sqrt(x**2 + 1)", "asinh as log"),
    ("log(x**2 + 1)", "x*log(x**2 + 1) - 2*x + 2*atan(x)", "parts"),
    ("exp(x)*sin(x)", "exp(x)*(sin(x) - cos(x))/2", "parts cycle"),
    ("exp(x)*cos(x)", "exp(x)*(sin(x) + cos(x))/2", "parts cycle"),
    ("exp(a*x)*sin(b*x)", "exp(a*x)*(a*sin(b*x) - b*cos(b*x))/(a**2 + b**2)", "parameters"),
    ("exp(a*x)*cos(b*x)", "exp(a*x)*(a*cos(b*x) + b*sin(b*x))/(a**2 + b**2)", "parameters"),
    ("exp(a*x)", "exp(a*x)/a", "parameter"),
    ("x*exp(a*x)", "exp(a*x)*(a*x - 1)/a**2", "parameter"),
    ("a**x", "a**x/log(a)", "parameter base"),
    ("x**n", "x**(n + 1)/(n + 1)", "power rule"),
    ("x**n*log(x)", "x**(n + 1)*log(x)/(n + 1) - x**(n + 1)/(n + 1)**2", "parameter"),
    ("x**(1/3)", "3*x**(4/3)/4", "cube root"),
    ("1/sqrt(x)", "2*sqrt(x)", "power"),
    ("x*sqrt(x + 1)", "2*(x + 1)**(5/2)/5 - 2*(x + 1)**(3/2)/3", "substitution"),
    ("1/(a + b*x)**2", "-1/(b*(a + b*x))", "parameters"),
    ("x/(a + b*x)", "x/b - a*log(a + b*x)/b**2", "parameters"),
    ("1/x", "log(Abs(x))", "log|x|"),
    ("1/x", "log(x)", "log x"),
    ("1/x", "log(2*x)", "log of multiple"),
    ("tan(x)", "-log(Abs(cos(x)))", "log|cos|"),
    ("tan(x)", "-log(cos(x))", "log cos"),
    ("tan(x)", "log(sec(x))", "log sec"),
    ("cot(x)", "log(Abs(sin(x)))", "log|sin|"),
    ("sec(x)", "log(Abs(sec(x) + tan(x)))", "log|sec+tan|"),
    ("sec(x)", "log(sec(x) + tan(x))", "log sec+tan"),
    ("sec(x)", "2*atanh(tan(x/2))", "atanh form"),
    ("csc(x)", "-log(Abs(csc(x) + cot(x)))", "log|csc+cot|"),
    ("csc(x)", "log(tan(x/2))", "half angle"),
    ("sec(x)**2", "tan(x)", "basic"),
    ("tan(x)**2", "tan(x) - x", "identity"),
    ("sec(x)**3", "(sec(x)*tan(x) + log(Abs(sec(x) + tan(x))))/2", "parts cycle, log|.|"),
    ("sin(x)**2", "x/2 - sin(2*x)/4", "double angle"),
    ("cos(x)**2", "x/2 + sin(2*x)/4", "double angle"),
    ("sin(x)**3", "cos(x)**3/3 - cos(x)", "odd power"),
    ("sin(x)*cos(x)", "sin(x)**2/2", "three answers 1"),
    ("sin(x)*cos(x)", "-cos(x)**2/2", "three answers 2"),
    ("sin(x)*cos(x)", "-cos(2*x)/4", "three answers 3"),
    ("sin(a*x)*cos(b*x)", "-cos((a - b)*x)/(2*(a - b)) - cos((a + b)*x)/(2*(a + b))", "product to sum"),
    ("1/(2 + cos(x))", "2*sqrt(3)*atan(tan(x/2)/sqrt(3))/3", "Weierstrass, discontinuous F"),
    ("1/(1 + sin(x))", "tan(x) - sec(x)", "conjugate trick"),
    ("1/(1 + sin(x))", "-2/(1 + tan(x/2))", "Weierstrass"),
    ("1/(x**2 + a**2)", "atan(x/a)/a", "atan"),
    ("1/(1 + x**2)", "-acot(x)", "-acot vs atan"),
    ("1/(1 + x**2)", "atan(x)", "atan"),
    ("1/(1 + x**2)", "acot(1/x)", "acot(1/x), jump at 0"),
    ("1/(a**2 - x**2)", "atanh(x/a)/a", "atanh"),
    ("1/(a**2 - x**2)", "log((a + x)/(a - x))/(2*a)", "atanh as log"),
    ("1/(x**2 - a**2)", "log(Abs(x - a)/Abs(x + a))/(2*a)", "log|.| quotient"),
    ("1/(x**2 - 1)", "-acoth(x)", "acoth"),
    ("1/(x**2 - 1)", "log(Abs(x - 1))/2 - log(Abs(x + 1))/2", "partial fractions, log|.|"),
    ("1/(x*(x + 1))", "log(x/(x + 1))", "log of quotient"),
    ("1/(x*(x + 1))", "log(Abs(x)) - log(Abs(x + 1))", "partial fractions"),
    ("(2*x + 3)/(x**2 + 3*x + 2)", "log(Abs(x**2 + 3*x + 2))", "log|u|"),
    ("x/(x**2 + 1)", "log(x**2 + 1)/2", "log u"),
    ("1/(x**2 + x + 1)", "2*sqrt(3)*atan((2*x + 1)/sqrt(3))/3", "complete the square"),
    ("1/(1 + x**3)", "log(x + 1)/3 - log(x**2 - x + 1)/6 + sqrt(3)*atan((2*x - 1)/sqrt(3))/3", "cubic"),
    ("1/sqrt(a**2 - x**2)", "atan(x/sqrt(a**2 - x**2))", "asin (any sign of a)"),
    ("1/sqrt(1 - x**2)", "-acos(x)", "-acos"),
    ("1/sqrt(1 - x**2)", "atan(x/sqrt(1 - x**2))", "asin as atan"),
    ("1/sqrt(x**2 + a**2)", "asinh(x/sqrt(a**2))", "asinh (any sign of a)"),
    ("1/sqrt(x**2 + a**2)", "log(x + sqrt(x**2 + a**2))", "asinh as log"),
    ("1/sqrt(x**2 - a**2)", "acosh(x/a)", "acosh, x > a"),
    ("1/sqrt(x**2 - a**2)", "log(Abs(x + sqrt(x**2 - a**2)))", "log|x+sqrt|"),
    ("1/sqrt(x**2 - 1)", "log(x + sqrt(x - 1)*sqrt(x + 1))", "split sqrt"),
    ("sqrt(a**2 - x**2)", "x*sqrt(a**2 - x**2)/2 + a**2*atan(x/sqrt(a**2 - x**2))/2", "circle, any a"),
    ("sqrt(x**2 + a**2)", "x*sqrt(x**2 + a**2)/2 + a**2*log(x + sqrt(x**2 + a**2))/2", "sqrt"),
    ("sqrt(x**2 - a**2)", "x*sqrt(x**2 - a**2)/2 - a**2*log(Abs(x + sqrt(x**2 - a**2)))/2", "sqrt, log|.|"),
    ("sqrt(x**2 - 1)", "x*sqrt(x - 1)*sqrt(x + 1)/2 - acosh(x)/2", "split sqrt, acosh"),
    ("sqrt(x - 1)*sqrt(x + 1)", "x*sqrt(x**2 - 1)/2 - log(x + sqrt(x**2 - 1))/2", "split sqrt"),
    ("1/(x*sqrt(x**2 - 1))", "asec(x)", "asec, x > 1"),
    ("1/(x*sqrt(x**2 - 1))", "-acsc(x)", "-acsc"),
    ("1/(x*sqrt(x**2 - 1))", "atan(sqrt(x**2 - 1))", "asec as atan"),
    ("1/(x*sqrt(1 - x**2))", "-atanh(sqrt(1 - x**2))", "atanh of sqrt"),
    ("1/(x*sqrt(1 - x**2))", "log(x) - log(1 + sqrt(1 - x**2))", "log form"),
    ("1/(x**2*sqrt(x**2 + 1))", "-sqrt(x**2 + 1)/x", "trig substitution"),
    ("x**3/sqrt(1 - x**2)", "-sqrt(1 - x**2)*(x**2 + 2)/3", "substitution"),
    ("asin(x)/sqrt(1 - x**2)", "asin(x)**2/2", "u du"),
    ("1/(x*log(x))", "log(Abs(log(x)))", "log|log|"),
    ("1/(x*log(x))", "log(log(x))", "log log"),
    ("1/(x*log(x)*log(log(x)))", "log(log(log(x)))", "triple log"),
    ("1/(1 + exp(x))", "x - log(1 + exp(x))", "exp"),
    ("exp(x)/(1 + exp(2*x))", "atan(exp(x))", "exp atan"),
    ("sinh(x)", "cosh(x)", "hyperbolic"),
    ("tanh(x)", "log(cosh(x))", "hyperbolic"),
    ("sech(x)**2", "tanh(x)", "hyperbolic"),
    ("sech(x)", "atan(sinh(x))", "gd form 1"),
    ("sech(x)", "2*atan(exp(x))", "gd form 2"),
    ("sech(x)", "2*atan(tanh(x/2))", "gd form 3"),
    ("2*x*cos(x**2)", "sin(x**2)", "substitution"),
    ("x**x*(1 + log(x))", "x**x", "x**x"),
    ("cos(log(x))", "x*(cos(log(x)) + sin(log(x)))/2", "parts cycle"),
    ("exp(sqrt(x))", "2*exp(sqrt(x))*(sqrt(x) - 1)", "substitution"),
    ("sin(sqrt(x))", "2*sin(sqrt(x)) - 2*sqrt(x)*cos(sqrt(x))", "substitution"),
    ("atan(x)/x**2", "-atan(x)/x + log(Abs(x)) - log(x**2 + 1)/2", "parts, log|x|"),
    ("Abs(x)", "x*Abs(x)/2", "Abs"),
    ("sign(x)", "Abs(x)", "sign"),
    ("x/Abs(x)", "Abs(x)", "x/|x|"),
    ("log(Abs(x))", "x*log(Abs(x)) - x", "log|x|"),
    ("exp(-x**2)", "sqrt(pi)*erf(x)/2", "erf"),
    ("exp(x**2)", "sqrt(pi)*erfi(x)/2", "erfi"),
    ("exp(-a*x**2)", "sqrt(pi)*erf(sqrt(a)*x)/(2*sqrt(a))", "erf, parameter"),
    ("x**2*exp(-x**2)", "sqrt(pi)*erf(x)/4 - x*exp(-x**2)/2", "erf, parts"),
    ("erf(x)", "x*erf(x) + exp(-x**2)/sqrt(pi)", "erf, parts"),
    ("exp(x)/x", "Ei(x)", "Ei"),
    ("exp(-x)/x", "-expint(1, x)", "E1"),
    ("exp(-x)/x", "Ei(-x)", "Ei(-x)"),
    ("exp(x)*log(x)", "exp(x)*log(x) - Ei(x)", "Ei, parts"),
    ("sin(x)/x", "Si(x)", "Si"),
    ("cos(x)/x", "Ci(x)", "Ci"),
    ("sinh(x)/x", "Shi(x)", "Shi"),
    ("cosh(x)/x", "Chi(x)", "Chi"),
    ("1/log(x)", "li(x)", "li"),
    ("1/log(x)", "Li(x)", "Li (offset)"),
    ("1/log(x)", "Ei(log(x))", "li as Ei"),
    ("log(1 - x)/x", "-polylog(2, x)", "dilog"),
    ("log(x)/(1 - x)", "polylog(2, 1 - x)", "dilog"),
    ("log(1 + x)/x", "-polylog(2, -x)", "dilog"),
    ("polylog(2, x)/x", "polylog(3, x)", "trilog"),
    ("polylog(n, x)/x", "polylog(n + 1, x)", "polylog, parameter"),
    ("sin(x**2)", "sqrt(2)*sqrt(pi)*fresnels(sqrt(2)*x/sqrt(pi))/2", "Fresnel S"),
    ("cos(x**2)", "sqrt(2)*sqrt(pi)*fresnelc(sqrt(2)*x/sqrt(pi))/2", "Fresnel C"),
    ("x**(a - 1)*exp(-x)", "-uppergamma(a, x)", "upper gamma"),
    ("x**(a - 1)*exp(-x)", "lowergamma(a, x)", "lower gamma"),
    ("x**n*exp(-x)", "-uppergamma(n + 1, x)", "gamma, parameter"),
    ("1/sqrt(1 - m*sin(x)**2)", "elliptic_f(x, m)", "elliptic F"),
    ("sqrt(1 - m*sin(x)**2)", "elliptic_e(x, m)", "elliptic E"),
    ("1/((1 - n*sin(x)**2)*sqrt(1 - m*sin(x)**2))", "elliptic_pi(n, x, m)", "elliptic Pi"),
    ("LambertW(x)", "x*(LambertW(x) - 1 + 1/LambertW(x))", "Lambert W"),
    ("besselj(1, x)", "-besselj(0, x)", "Bessel"),
    ("x*besselj(0, x)", "x*besselj(1, x)", "Bessel"),
    ("1/(1 + x**4)", "x*hyper((1/4, 1), (5/4,), -x**4)", "2F1"),
    ("(1 + x**2)**(1/3)", "x*hyper((-1/3, 1/2), (3/2,), -x**2)", "2F1"),
    ("(1 - x**3)**(-1/2)", "x*hyper((1/3, 1/2), (4/3,), x**3)", "2F1, branch at 1"),
    (
        "sin(x)**n",
        "cos(x)*sin(x)**(n + 1)*hyper((1/2, (n + 1)/2), ((n + 3)/2,), sin(x)**2)/((n + 1)*sqrt(cos(x)**2))",
        "Rubi-style 2F1",
    ),
    (
        "x**m*(a + b*x)**n",
        "x**(m + 1)*(a + b*x)**n*(1 + b*x/a)**(-n)*hyper((-n, m + 1), (m + 2,), -b*x/a)/(m + 1)",
        "Rubi-style binomial",
    ),
]

SYMPY_INTEGRANDS = ["x**n", "exp(a*x)", "x*exp(a*x)", "sin(a*x)", "x*cos(a*x)", "1/(a*x + b)", "x**n*exp(x)"]


def parse(text: str) -> sympy.Expr:
    return sympy.sympify(text, locals=NAMES)


# --- independent check: lambdify (SymPy's printer, not our evaluator) + central differences ---------------

REGIONS = [
    ((0.05, 0.95), None),
    ((1.05, 6.0), None),
    ((-0.95, -0.05), None),
    ((-6.0, -1.05), None),
    ((0.1, 2.5), (0.1, 2.5)),
    ((0.1, 2.5), (-2.5, -0.1)),
    ((-2.5, -0.1), (0.1, 2.5)),
    ((-2.5, -0.1), (-2.5, -0.1)),
]
NON_HOLOMORPHIC = (sympy.Abs, sympy.sign, sympy.Piecewise, sympy.re, sympy.im, sympy.floor, sympy.Heaviside)
DPS = 40
STEP = mpmath.mpf(10) ** -14
EXTRA_FUNCTIONS = {"Li": lambda z: mpmath.li(z, offset=True), "exp_polar": mpmath.exp}


def _numeric(expr: sympy.Expr):
    fn = sympy.lambdify(x, expr, modules=[EXTRA_FUNCTIONS, "mpmath"])

    def value(point):
        try:
            result = mpmath.mpmathify(fn(point))
        except Exception:
            return None
        return result if mpmath.isfinite(result) else None

    return value


def independent_check(big_f: sympy.Expr, g: sympy.Expr, seed: int) -> tuple[bool, list[tuple[int, int]]]:
    """Per region: (agreeing points, disagreeing points); and whether x was treated as real."""
    rng = random.Random(seed)
    real_mode = any(big_f.has(f) or g.has(f) for f in NON_HOLOMORPHIC)
    params = {
        s: sympy.Rational(rng.randint(50, 250), 100)
        for s in sorted((big_f.free_symbols | g.free_symbols) - {x}, key=str)
    }
    f_value, g_value = _numeric(big_f.xreplace(params)), _numeric(g.xreplace(params))
    results = []
    with mpmath.workdps(DPS):
        for re_range, im_range in REGIONS:
            if real_mode and im_range is not None:
                continue
            agree = disagree = 0
            for _ in range(6):
                x0 = mpmath.mpf(rng.uniform(*re_range))
                if im_range and not real_mode:
                    x0 = mpmath.mpc(x0, rng.uniform(*im_range))
                plus, minus, target = f_value(x0 + STEP), f_value(x0 - STEP), g_value(x0)
                if plus is None or minus is None or target is None:
                    continue
                derivative = (plus - minus) / (2 * STEP)
                if real_mode and (abs(mpmath.im(derivative)) > 1e-12 or abs(mpmath.im(target)) > 1e-12):
                    continue  # outside the real domain
                scale = max(abs(derivative), abs(target), mpmath.mpf(10) ** -30)
                if abs(derivative - target) <= mpmath.mpf(10) ** -10 * scale:
                    agree += 1
                else:
                    disagree += 1
            results.append((agree, disagree))
    return real_mode, results


def real_counterexample(big_f: sympy.Expr, g: sympy.Expr, seed: int) -> bool:
    """A real x where g is real and F' (central difference) clearly differs from g."""
    rng = random.Random(seed)
    params = {
        s: sympy.Rational(rng.randint(50, 250), 100)
        for s in sorted((big_f.free_symbols | g.free_symbols) - {x}, key=str)
    }
    f_value, g_value = _numeric(big_f.xreplace(params)), _numeric(g.xreplace(params))
    with mpmath.workdps(DPS):
        for _ in range(24):
            x0 = mpmath.mpf(rng.choice((-1, 1)) * rng.uniform(0.1, 5))
            plus, minus, target = f_value(x0 + STEP), f_value(x0 - STEP), g_value(x0)
            if plus is None or minus is None or target is None or abs(mpmath.im(target)) > 1e-20:
                continue
            derivative = (plus - minus) / (2 * STEP)
            scale = max(abs(derivative), abs(target), mpmath.mpf(10) ** -30)
            if abs(derivative - target) > mpmath.mpf(10) ** -6 * scale:
                return True
    return False


def label_of(big_f: sympy.Expr, g: sympy.Expr, seed: int) -> str:
    """'correct', 'wrong', or 'unclear' (neither clearly; such pairs are not written)."""
    real_mode, results = independent_check(big_f, g, seed)
    valid = sum(a + d for a, d in results)
    if valid < 6:
        return "unclear"
    if real_mode:
        if all(d == 0 for _, d in results):
            return "correct"
    elif any(a >= 5 and d == 0 for a, d in results):
        return "correct"
    if all(a == 0 for a, _ in results):
        return "wrong"
    return "unclear"


# --- generated pairs and perturbations -----------------------------------------------------------------


def random_piece(rng: random.Random) -> sympy.Expr:
    k = rng.randint(1, 3)
    inner = rng.choice([x, k * x, x + k, x**2, x**2 + 1, sympy.sqrt(x), x / k])
    choice = rng.randrange(12)
    if choice < 2:
        return x ** rng.randint(1, 4)
    return [
        sympy.sin,
        sympy.cos,
        sympy.exp,
        lambda u: sympy.log(u) if u != x / k else sympy.log(x),
        sympy.atan,
        sympy.sqrt,
        lambda u: sympy.exp(-u),
        sympy.tanh,
        lambda u: sympy.asin(x / 2),
        lambda u: 1 / (u + 1),
    ][choice - 2](inner)


def random_antiderivative(rng: random.Random) -> sympy.Expr:
    terms = []
    for _ in range(rng.randint(1, 3)):
        coefficient = sympy.Rational(rng.choice([1, 1, 2, 3, -1, -2, 5]), rng.choice([1, 1, 2, 3]))
        factors = [random_piece(rng) for _ in range(rng.randint(1, 2))]
        terms.append(coefficient * sympy.Mul(*factors))
    return sympy.Add(*terms)


SWAPS = {
    sympy.sin: sympy.cos,
    sympy.cos: sympy.sin,
    sympy.exp: sympy.log,
    sympy.log: sympy.exp,
    sympy.sinh: sympy.cosh,
    sympy.cosh: sympy.sinh,
    sympy.tanh: sympy.atan,
    sympy.atan: sympy.asinh,
    sympy.asin: sympy.acos,
    sympy.acos: sympy.asin,
    sympy.erf: sympy.erfi,
    sympy.Ei: sympy.li,
    sympy.Si: sympy.Ci,
}


def perturb(big_f: sympy.Expr, g: sympy.Expr, rng: random.Random) -> tuple[str, sympy.Expr, sympy.Expr]:
    """One plausible mistake: returns (kind, wrong F, g) or (kind, F, wrong g)."""
    terms = list(sympy.Add.make_args(big_f))
    kind = rng.choice(["coefficient", "drop", "sign", "swap", "swap", "integrand"])
    if kind == "drop" and len([t for t in terms if t.has(x)]) >= 2:
        dropped = rng.choice([t for t in terms if t.has(x)])
        return kind, sympy.Add(*[t for t in terms if t != dropped]), g
    if kind == "swap":
        candidates = sorted(
            (f for f in big_f.atoms(sympy.Function) if f.func in SWAPS), key=sympy.default_sort_key
        )
        if candidates:
            old = rng.choice(candidates)
            return kind, big_f.xreplace({old: SWAPS[old.func](*old.args)}), g
    if kind == "sign" and len(terms) >= 2:
        i = rng.randrange(len(terms))
        return kind, sympy.Add(*[-t if j == i else t for j, t in enumerate(terms)]), g
    if kind == "integrand":
        return kind, big_f, g + rng.choice([x, x**2 / 3, sympy.Rational(1, 2), sympy.sin(x) / 5])
    i = rng.randrange(len(terms))
    factor = rng.choice([2, 3, sympy.Rational(1, 2), sympy.Rational(3, 2)])
    return "coefficient", sympy.Add(*[t * factor if j == i else t for j, t in enumerate(terms)]), g


def _render_integrand(g: sympy.Expr, rng: random.Random) -> sympy.Expr:
    """g = F' as a published integrand would look: never the raw output of diff (which would make
    F' - g == 0 by construction, a case no real corpus has)."""
    renderings = [
        sympy.expand,
        sympy.together,
        lambda e: sympy.factor_terms(sympy.expand(e)),
        lambda e: e.rewrite(sympy.exp),
        lambda e: sympy.expand_trig(sympy.expand(e)),
    ]
    rendered = rng.choice(renderings)(g)
    return rendered if rendered != g else sympy.expand(sympy.together(g))


def _textbook_item(i: int) -> dict | None:
    g_text, f_text, note = TEXTBOOK[i]
    g, big_f = parse(g_text), parse(f_text)
    return {"integrand": g, "antiderivative": big_f, "note": note, "source": "textbook"}


def _sympy_item(text: str) -> dict:
    g = parse(text)
    return {
        "integrand": g,
        "antiderivative": sympy.integrate(g, x),
        "note": f"sympy.integrate({text})",
        "source": "sympy",
    }


def _generated_item(seed: int) -> dict:
    rng = random.Random(seed)
    big_f = random_antiderivative(rng)
    g = _render_integrand(sympy.diff(big_f, x), rng)
    if rng.random() < 0.2:
        big_f = big_f + Symbol("C")
    return {"integrand": g, "antiderivative": big_f, "note": f"seed {seed}", "source": "generated"}


def _labelled(item: dict, seed: int) -> list[dict]:
    """The item (if its check says correct) and one perturbed wrong pair (if its check says wrong)."""
    out = []
    g, big_f = item["integrand"], item["antiderivative"]
    label = label_of(big_f, g, seed)
    if label != "correct":
        print(f"dropped ({label}): {item['source']} {big_f} | {g}", file=sys.stderr)
        return out
    if real_counterexample(big_f, g, seed):
        region_only = dict(item, source=f"{item['source']}:region_only")
        region_only["note"] = f"{item['note']}: right on part of the real domain only"
        out.append(_record(region_only, "wrong"))
    else:
        out.append(_record(item, "correct"))
    rng = random.Random(seed)
    for attempt in range(6):
        kind, wrong_f, wrong_g = perturb(big_f, g, rng)
        if label_of(wrong_f, wrong_g, seed + 1000 * (attempt + 1)) == "wrong":
            wrong = dict(item, antiderivative=wrong_f, integrand=wrong_g, source=f"perturbed:{kind}")
            wrong["note"] = f"{kind} of {item['source']}: {item['note']}"
            out.append(_record(wrong, "wrong"))
            break
    return out


def _record(item: dict, label: str) -> dict:
    return {
        "integrand": str(item["integrand"]),
        "antiderivative": str(item["antiderivative"]),
        "variable": "x",
        "label": label,
        "source": item["source"],
        "note": item["note"],
    }


def _job(task: tuple[str, int]) -> list[dict]:
    kind, i = task
    if kind == "textbook":
        item = _textbook_item(i)
    elif kind == "sympy":
        item = _sympy_item(SYMPY_INTEGRANDS[i])
    else:
        item = _generated_item(i)
    return _labelled(item, seed=i + {"textbook": 0, "sympy": 500, "generated": 10_000}[kind])


def main(generated: int = 160, timeout_s: float = 600.0) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "textbook": [("textbook", i) for i in range(len(TEXTBOOK))]
        + [("sympy", i) for i in range(len(SYMPY_INTEGRANDS))],
        "generated": [("generated", i) for i in range(generated)],
    }
    with ProcessPool(max_workers=2) as pool:
        for name, tasks in files.items():
            futures = [pool.schedule(_job, args=(task,), timeout=timeout_s) for task in tasks]
            records = []
            for task, future in zip(tasks, futures, strict=True):
                try:
                    records.extend(future.result())
                except Exception as err:  # a pair too slow to check independently is left out
                    print(f"dropped ({type(err).__name__}): {task}", file=sys.stderr)
            path = OUT / f"{name}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in records))
            correct = sum(r["label"] == "correct" for r in records)
            print(f"{path.relative_to(ROOT)}: {correct} correct, {len(records) - correct} wrong", flush=True)


if __name__ == "__main__":
    main()
