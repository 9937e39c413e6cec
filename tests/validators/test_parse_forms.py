"""What models write in answer fields, one row per written form, and what each must parse to (or why not)."""

from __future__ import annotations

import pytest
import sympy

from validators.parse import ParseError, parse_math, parse_with_differential
from validators.parts_pairs import split_companions

x, t, u, a, k, C = sympy.symbols("x t u a k C")
E, pi = sympy.E, sympy.pi
sin, cos, tan, exp, log, sqrt = sympy.sin, sympy.cos, sympy.tan, sympy.exp, sympy.log, sympy.sqrt


def same(got: sympy.Expr, expected: sympy.Expr) -> bool:
    return got == expected or sympy.expand(got - expected) == 0


# ----------------------------------------------------------------------------------------- differentials

DIFFERENTIALS = [
    # (text, variable, expression, differential)
    ("sin(x) dx", "x", sin(x), "x"),
    ("sin(x)*dx", "x", sin(x), "x"),
    ("sin(x)dx", "x", sin(x), "x"),
    ("2x dx", "x", 2 * x, "x"),
    ("(2*x) dx", "x", 2 * x, "x"),
    ("2xdx", "x", 2 * x, "x"),
    ("x^2 d x", "x", x**2, "x"),
    ("dx", "x", sympy.Integer(1), "x"),
    ("2t dt", "t", 2 * t, "t"),
    ("2t dt", "x", 2 * t, "t"),  # written in t while the problem is in x: the caller can tell
    ("cos(u) du", "x", cos(u), "u"),
    (r"\sin(x)\,dx", "x", sin(x), "x"),
    (r"\sin x\, dx", "x", sin(x), "x"),
    (r"x\sin x \, dx", "x", x * sin(x), "x"),
    (r"e^{x}\mathrm{d}x", "x", exp(x), "x"),
    (r"e^{x}\,\mathrm{d}x", "x", exp(x), "x"),
    (r"\frac{1}{x}\, \mathrm{d} x", "x", 1 / x, "x"),
    (r"2x \cdot dx", "x", 2 * x, "x"),
    (r"\cos\theta\,d\theta", "theta", cos(sympy.Symbol("theta")), "theta"),
    # the differential in a fraction's numerator
    (r"\frac{dx}{x}", "x", 1 / x, "x"),
    (r"\frac{dx}{1+x^{2}}", "x", 1 / (1 + x**2), "x"),
    (r"\frac{2\,dx}{x}", "x", 2 / x, "x"),
    (r"du = \frac{dt}{t}", "x", 1 / t, "t"),
    # a left-hand label of one or two letters is dropped
    ("du = 2x dx", "x", 2 * x, "x"),
    ("dv = sin(x) dx", "x", sin(x), "x"),
    ("dv = dx", "x", sympy.Integer(1), "x"),
    ("dw = 3x^2 dx", "x", 3 * x**2, "x"),
    (r"du = 2x\,dx", "x", 2 * x, "x"),
    (r"\mathrm{d}u = \cos x \, \mathrm{d}x", "x", cos(x), "x"),
    ("du/dx = 2x", "x", 2 * x, None),
    ("v = -cos(x) + C", "x", -cos(x) + C, None),
    ("u = x^2", "x", x**2, None),
    ("u' = 2x", "x", 2 * x, None),
    ("v(x) = e^x", "x", exp(x), None),
    ("F(x) = x^2/2 + C", "x", x**2 / 2 + C, None),
    # no differential at all
    ("x^2/2", "x", x**2 / 2, None),
    ("x + d", "x", x + sympy.Symbol("d"), None),
]


@pytest.mark.parametrize(("text", "variable", "expected", "differential"), DIFFERENTIALS)
def test_differentials(text, variable, expected, differential):
    got, got_differential = parse_with_differential(text, variable)
    assert same(got, expected), got
    assert got_differential == differential


@pytest.mark.parametrize(("text", "variable", "expected", "differential"), DIFFERENTIALS)
def test_parse_math_drops_the_differential(text, variable, expected, differential):
    assert same(parse_math(text, variable), expected)


# ------------------------------------------------------------------------------------------- integrals

INTEGRALS = [
    ("∫ x sin(x) dx", sympy.Integral(x * sin(x), x)),
    ("∫ x dx", sympy.Integral(x, x)),
    ("∫xdx", sympy.Integral(x, x)),
    ("∫ dx", sympy.Integral(1, x)),
    ("∫ e^x dx", sympy.Integral(exp(x), x)),
    ("∫ 2t dt", sympy.Integral(2 * t, t)),
    ("∫ x sin(x) d x", sympy.Integral(x * sin(x), x)),
    ("x e^x - ∫ e^x dx", x * exp(x) - sympy.Integral(exp(x), x)),
    ("-x cos(x) + ∫ cos(x) dx", -x * cos(x) + sympy.Integral(cos(x), x)),
    ("∫ x sin(x) dx = -x cos(x) + sin(x) + C", -x * cos(x) + sin(x) + C),
    (r"∫ \frac{1}{x} dx", sympy.Integral(1 / x, x)),
    (r"\int x\ln x\,dx", sympy.Integral(x * log(x), x)),
    (r"\int x \,\mathrm{d}x", sympy.Integral(x, x)),
    # several integrals in one LaTeX field: each ends at its own differential
    (r"\int \ln^{2}x\,dx + 2\int \ln x\,dx", sympy.Integral(log(x) ** 2, x) + 2 * sympy.Integral(log(x), x)),
    (r"-\int x\ln x\,dx - \int (x+1)\,dx", -sympy.Integral(x * log(x), x) - sympy.Integral(x + 1, x)),
    (r"\int \frac{dx}{x}", sympy.Integral(1 / x, x)),
    ("Integral(exp(x))", sympy.Integral(exp(x), x)),  # keeps its default variable
    ("Integral(sin(x), x)", sympy.Integral(sin(x), x)),
]


@pytest.mark.parametrize(("text", "expected"), INTEGRALS)
def test_integral_signs(text, expected):
    got, differential = parse_with_differential(text)
    assert got == expected
    assert differential is None  # the integral's dx is its own


# ------------------------------------------------------------------- implicit products and function names

PLAIN = [
    ("2x", 2 * x),
    ("2x e^(2x)", 2 * x * exp(2 * x)),
    ("2xe^(2x)", 2 * x * exp(2 * x)),
    ("x sin(x)", x * sin(x)),
    ("xsin(x)", x * sin(x)),
    ("xe^x", x * exp(x)),
    ("x e^x", x * exp(x)),
    ("xe^x - e^x + C", x * exp(x) - exp(x) + C),
    ("3x^2 e^(2x)", 3 * x**2 * exp(2 * x)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("x(x+1)", x * (x + 1)),
    ("2sin(x)cos(x)", 2 * sin(x) * cos(x)),
    ("x cos x", x * cos(x)),
    ("x ln x", x * log(x)),
    ("x ln x - x", x * log(x) - x),
    ("x^2 ln x - x^2/2", x**2 * log(x) - x**2 / 2),
    ("e^x sin x", exp(x) * sin(x)),
    ("ex", E * x),
    ("ax", a * x),
    ("e^(ax)", exp(a * x)),
    ("Ce^x", C * exp(x)),
    ("sinx", sin(x)),
    ("sinxcosx", sin(x) * cos(x)),
    ("xsinx", x * sin(x)),
    ("sin2x", sin(2 * x)),
    ("sin 2x", sin(2 * x)),
    ("sin x cos x", sin(x) * cos(x)),
    ("sin x^2", sin(x**2)),
    ("sin(x)^2", sin(x) ** 2),
    ("ln x + 1", log(x) + 1),
    ("ln(x)/x", log(x) / x),
    ("ln x/x", log(x) / x),
    ("1/2 x^2", x**2 / 2),  # spaced: a half of x^2
    ("x^2/2 ln x", x**2 * log(x) / 2),
    ("1/x^2 y", sympy.Symbol("y") / x**2),
    ("sin cos x", sin(cos(x))),
    ("sin -x", sin(-x)),
    ("cost", cos(t)),  # with variable t: cos t
    ("sin^2(x)", sin(x) ** 2),
    ("sin^2 x", sin(x) ** 2),
    ("sin^2x", sin(x) ** 2),
    ("sin²(x)", sin(x) ** 2),
    ("sin^2 x cos x", sin(x) ** 2 * cos(x)),
    ("cos^3(2x)", cos(2 * x) ** 3),
    ("tan^2(x)", tan(x) ** 2),
    ("sec^2(x)", sympy.sec(x) ** 2),
    ("ln^2(x)", log(x) ** 2),
    ("log^2 x", log(x) ** 2),
    ("sinh^2(x)", sympy.sinh(x) ** 2),
    ("sin^-1(x)", sympy.asin(x)),
    ("sin^(-1)(x)", sympy.asin(x)),
    ("sin^{-1}(x)", sympy.asin(x)),
    (r"\sin^{-1}(x)", sympy.asin(x)),
    ("tan^-1 x", sympy.atan(x)),
    ("cosh^-1(x)", sympy.acosh(x)),
    ("ln(x)", log(x)),
    ("log(x)", log(x)),
    ("arcsin(x) + arctan x", sympy.asin(x) + sympy.atan(x)),
    ("x arctan(x)", x * sympy.atan(x)),
    ("xarctan(x)", x * sympy.atan(x)),
    ("|x|", sympy.Abs(x)),
    ("ln|x| + C", log(sympy.Abs(x)) + C),
    ("ln |x+1|", log(sympy.Abs(x + 1))),
    ("x|x|/2", x * sympy.Abs(x) / 2),
    ("|x - |x||", sympy.Abs(x - sympy.Abs(x))),
    ("e^(2x)", exp(2 * x)),
    ("e^{2x}", exp(2 * x)),
    ("e^x", exp(x)),
    ("e^-x", exp(-x)),
    ("e^(-x^2)", exp(-(x**2))),
    ("e^x^2", exp(x**2)),
    ("e^2 x", E**2 * x),  # spaced: the power is e^2
    ("x^2y", x**2 * sympy.Symbol("y")),
    ("2^x ln 2", 2**x * log(2)),
    ("pi x", pi * x),
    ("2pi", 2 * pi),
    ("sqrt x", sqrt(x)),
    ("sqrt(x)", sqrt(x)),
    ("exp x", exp(x)),
    ("kx^2", k * x**2),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN)
def test_plain_math(text, expected):
    variable = "t" if text == "cost" else "x"
    assert same(parse_math(text, variable), expected)


# ---------------------------------------------------------------------------------------------- unicode

UNICODE = [
    ("2−x", 2 - x),
    ("2–x", 2 - x),
    ("2×x", 2 * x),
    ("2·x", 2 * x),
    ("2⋅x", 2 * x),
    ("x÷2", x / 2),
    ("√x", sqrt(x)),
    ("√(x+1)", sqrt(x + 1)),
    ("2√x", 2 * sqrt(x)),
    ("√2x", sqrt(2) * x),  # the root takes one atom
    ("x√(1-x^2)", x * sqrt(1 - x**2)),
    ("∛(x^2 + 1)", sympy.cbrt(x**2 + 1)),  # ∛x: the real root or the principal one? refused
    ("∜x", sympy.root(x, 4)),
    ("x²", x**2),
    ("x³ + x⁴", x**3 + x**4),
    ("x¹⁰", x**10),
    ("x⁻¹", 1 / x),
    ("x⁻²", x**-2),
    ("e⁻ˣ", exp(-x)),
    ("eˣ", exp(x)),
    ("½x^2", x**2 / 2),
    ("x·arctan(x) − ½ln(1+x²)", x * sympy.atan(x) - log(1 + x**2) / 2),
    (r"¾\sin x", sympy.Rational(3, 4) * sin(x)),
    ("π", pi),
    ("2πx", 2 * pi * x),
    ("sin(πx)", sin(pi * x)),
    ("x\u00a0+\u00a01", x + 1),  # non-breaking spaces
    ("x\u2009sin\u2009x", x * sin(x)),  # thin spaces
    ("x\u200b+1", x + 1),  # zero-width space
    ("C₁ + x", sympy.Symbol("C_1") + x),
    (r"\frac{√x}{2}", sqrt(x) / 2),
    (r"√{x} + \frac{1}{2}", sqrt(x) + sympy.Rational(1, 2)),
    (r"\frac{1}{2}x²", x**2 / 2),
    (r"2π\sin x", 2 * pi * sin(x)),
]


@pytest.mark.parametrize(("text", "expected"), UNICODE)
def test_unicode(text, expected):
    assert same(parse_math(text), expected)


# ------------------------------------------------------------------------------ constant of integration

CONSTANTS = [
    ("x^2 + C", "C"),
    ("x^2 + c", "c"),
    ("x^2 + C_1", "C_1"),
    ("x^2 + C1", "C1"),
    ("x^2 + K", "K"),
    ("x^2 + constant", "constant"),
    ("x^2 + const", "const"),
    (r"x^2 + \text{C}", "C"),
    (r"x^2 + \mathrm{C}", "C"),
    (r"x^{2} + C_{1}", "C_1"),
    (r"\frac{x^2}{2} + \text{constant}", "constant"),
    (r"\frac{x^2}{2} + \text{const}", "const"),
]


@pytest.mark.parametrize(("text", "name"), CONSTANTS)
def test_constants_of_integration_are_symbols(text, name):
    got = parse_math(text)
    assert sympy.Symbol(name) in got.free_symbols
    assert got.free_symbols == {x, sympy.Symbol(name)}


# ------------------------------------------------------------------------------------ special functions


def test_hypergeometric_and_meijer_g_are_read_as_sympy_objects():
    assert parse_math("hyper((1,2),(3,),x)") == sympy.hyper((1, 2), (3,), x)
    assert parse_math("hyper([1, 2], [3], x)") == sympy.hyper((1, 2), (3,), x)
    assert parse_math("hyp2f1(1, 2, 3, x)") == sympy.hyper((1, 2), (3,), x)
    assert parse_math("appellf1(1,2,3,4,x,x)") == sympy.appellf1(1, 2, 3, 4, x, x)
    assert parse_math("meijerg(((1,),()),((1,),()),x)") == sympy.meijerg(((1,), ()), ((1,), ()), x)
    assert parse_math("meijerg([1], [], [1], [], x)") == sympy.meijerg([1], [], [1], [], x)
    assert isinstance(parse_math("hyper((1/2,),(3/2,),-x**2)"), sympy.hyper)  # not expanded


def test_a_published_cas_antiderivative_reads_back():
    antiderivative = sympy.integrate(sympy.sqrt(1 + x**3), x)  # hyper(...) of x**3*exp_polar(I*pi)
    assert parse_math(sympy.sstr(antiderivative)) == antiderivative


# ---------------------------------------------------------------------------------------------- decimals

DECIMALS = [
    ("0.5*x", x / 2),
    ("0.5x", x / 2),
    ("0.1", sympy.Rational(1, 10)),
    (".25", sympy.Rational(1, 4)),
    ("2.", sympy.Integer(2)),
    ("3.0", sympy.Integer(3)),
    ("0.333333", sympy.Rational(333333, 10**6)),
    ("0.1*x**3", sympy.Rational(1, 10) * x**3),
    ("x^0.5", sqrt(x)),
    (r"0.5x^{2}", x**2 / 2),
    (r"x^{0.5}", sqrt(x)),
    (r"-0.25\sin x", -sin(x) / 4),
    (r"\frac{0.1}{3}", sympy.Rational(1, 30)),
]


@pytest.mark.parametrize(("text", "expected"), DECIMALS)
def test_decimals_are_the_exact_rationals_written(text, expected):
    got = parse_math(text)
    assert got == expected
    assert not got.atoms(sympy.Float)


def test_exact_decimals_make_exact_antiderivatives():
    # 0.1*x**3 is exactly an antiderivative of 0.3*x**2; a rounded 1/3 is exactly not 1/3.
    assert sympy.diff(parse_math("0.1*x**3"), x) == parse_math("0.3*x**2")
    assert parse_math("0.333333*x**3") - x**3 / 3 == -(x**3) / 3000000


# --------------------------------------------------------------------------- LaTeX read the way it is meant

LATEX = [
    (r"\sin x \cdot x", x * sin(x)),  # the grammar alone reads sin(x**2)
    (r"\ln x \cdot x", x * log(x)),
    (r"\sin x \cdot \cos x", sin(x) * cos(x)),
    (r"\sin^{2} x \cdot \cos x", sin(x) ** 2 * cos(x)),
    (r"xsin x + \cos x", x * sin(x) + cos(x)),
    (r"2xe^{2x}", 2 * x * exp(2 * x)),
    (r"\frac{xe^{x}}{2}", x * exp(x) / 2),
    (r"e^{x}\sin x", exp(x) * sin(x)),
    (r"\sin^{-1}(x) + \cos^{-1} x", sympy.asin(x) + sympy.acos(x)),
    (r"erf(x) + \frac{1}{2}", sympy.erf(x) + sympy.Rational(1, 2)),
    (r"x\ln|x| - x", x * log(sympy.Abs(x)) - x),
    (r"\log_2 x \cdot x", x * log(x, 2)),
    # a bare / binds like a product, as in plain text (the grammar alone reads these three differently)
    (r"x^{2}/2 \ln x", x**2 * log(x) / 2),
    (r"1/2 e^{2x}", exp(2 * x) / 2),
    (r"\ln x/x", log(x) / x),
    (r"x/2 \sin x", x * sin(x) / 2),
    (r"\sin 2x/3", sin(2 * x) / 3),
    (r"2^{x}/\ln 2", 2**x / log(2)),
    (r"a/b/c", a / (sympy.Symbol("b") * sympy.Symbol("c"))),
    (r"x/(2x+1) + \frac{1}{2}", x / (2 * x + 1) + sympy.Rational(1, 2)),
    (r"x^{2}/\sqrt{x}", x ** sympy.Rational(3, 2)),
    (r"e^{x/2}", exp(x / 2)),
]


@pytest.mark.parametrize(("text", "expected"), LATEX)
def test_latex_forms(text, expected):
    assert same(parse_math(text), expected)


def test_named_functions_before_a_bare_argument():
    assert parse_math(r"2\operatorname{arctan} x") == 2 * sympy.atan(x)
    assert parse_math(r"\operatorname{sech}^{2}x") == sympy.sech(x) ** 2
    assert parse_math(r"\operatorname{arcsin} x") == sympy.asin(x)


# ------------------------------------------------------------ held-out round 3: forms first seen there

ROUND3 = [
    # a function name glued to a number is that function of the number, as sin2x is sin(2x)
    ("2^x/ln2", 2**x / log(2)),
    ("2^x(x ln2 - 1)/(ln2)^2 + C", 2**x * (x * log(2) - 1) / log(2) ** 2 + C),
    ("xln2", x * log(2)),
    # Greek letters as variables, spelled in unicode, by name or in LaTeX
    ("θ·sin(θ)", sympy.Symbol("theta") * sin(sympy.Symbol("theta"))),
    ("2θ", 2 * sympy.Symbol("theta")),
    (
        "4∫ θ sin θ dθ",
        4 * sympy.Integral(sympy.Symbol("theta") * sin(sympy.Symbol("theta")), sympy.Symbol("theta")),
    ),
    ("e^φ", exp(sympy.Symbol("phi"))),
    ("sinθ", sin(sympy.Symbol("theta"))),
    ("cos2θ", cos(2 * sympy.Symbol("theta"))),  # as cos2x is cos(2x)
    # a Greek name without its backslash, when plain syntax falls back to the LaTeX grammar: once t*h*e*t*a
    ("x^theta 2", 2 * x ** sympy.Symbol("theta")),
    ("x^alpha 2", 2 * x ** sympy.Symbol("alpha")),
    # TeX's single-token fraction arguments
    (r"\( \tfrac13 e^{3x} \)", exp(3 * x) / 3),
    (
        r"\tfrac13 e^{3x}\sin x - \tfrac13\int e^{3x}\cos x\,dx",
        exp(3 * x) * sin(x) / 3 - sympy.Integral(exp(3 * x) * cos(x), x) / 3,
    ),
    (r"\dfrac12 x", x / 2),
    (r"\frac1{x}", 1 / x),
    (r"\frac{x}2", x / 2),
    (r"\frac123", sympy.Rational(3, 2)),  # TeX: \frac{1}{2}3
    # CAS forms: a power of the variable past 1000, Max and Min
    ("x**1001/1001", x**1001 / 1001),
    (r"\frac{x^{1001}}{1001}", x**1001 / 1001),
    ("Max(0, x)**2/2", sympy.Max(0, x) ** 2 / 2),
    ("Min(1, x) + Max(x, -1, 2)", sympy.Min(1, x) + sympy.Max(x, -1, 2)),
]


@pytest.mark.parametrize(("text", "expected"), ROUND3)
def test_round3_forms(text, expected):
    assert same(parse_math(text), expected)


def test_sympy_printed_and_and_not_in_piecewise_conditions():
    # sympy.integrate prints Piecewise((0, Eq(a, 0) & Eq(b, 0)), ...)
    expr = parse_math("Piecewise((0, Eq(a, 0) & Eq(b, 0)), (x, ~(x > 1)), (1, True))")
    assert expr.has(sympy.And) and expr.args[1].cond == (sympy.Symbol("x") <= 1)


def test_and_outside_a_condition_is_refused():
    with pytest.raises(ParseError):
        parse_math("x & 1")


@pytest.mark.parametrize(
    "text",
    [
        "atan(x)*(x + Abs(x))/(x + Abs(x))",  # SymPy would cancel it to atan(x): no value for x <= 0
        "2*atan(x)*(100 - x)/(100 - x + Abs(x - 100))",  # 0/0 for every x >= 100
        "exp(x)*(1 - sign(x))/(1 - sign(x))",
        "2*x**2/(x + Abs(x))",  # round 5: 0/0 for x < 0, an antiderivative of 1 on x > 0 only
        # round 8: sqrt(x**2) is Abs(x) for real x; Max is an Abs form; a sign is 0 where its argument is
        "atan(x) + (x - sqrt(x**2))/(x - sqrt(x**2))",
        "x**2/2 + (Max(0, x) - x)/(Max(0, x) - x)",
        "sin(x) + sign(x - sqrt(x**2))/sign(x - sqrt(x**2))",
        # five signs are past the cap of choices tried: refused, not let through unexamined
        "atan(x) + (x + Abs(x))*(2 + sign(x - 1)*sign(x - 2)*sign(x - 3)*sign(x - 4))"
        "/((x + Abs(x))*(2 + sign(x - 1)*sign(x - 2)*sign(x - 3)*sign(x - 4)))",
    ],
)
def test_a_denominator_that_is_zero_on_a_whole_interval_is_refused(text):
    with pytest.raises(ParseError, match="0 on a whole interval"):
        parse_math(text)


@pytest.mark.parametrize(
    "text",
    [
        "atan(x) + (sin(x)**2 + cos(x)**2 - 1)/(sin(x)**2 + cos(x)**2 - 1)",  # SymPy would cancel u/u to 1
        "atan(x) + (atan(x) + atan(1/x) - pi/2)/(atan(x) + atan(1/x) - pi/2)",  # 0 for x > 0 only
    ],
)
def test_a_constant_in_disguise_cancelled_against_itself_is_refused(text):
    with pytest.raises(ParseError, match="constant in disguise"):
        parse_math(text)


@pytest.mark.parametrize("text", ["x/Abs(x)", "(x + Abs(x))/(2*x)", "1/(Abs(x) + 1)", "sign(x)/x"])
def test_denominators_with_abs_that_vanish_at_points_only_are_read(text):
    assert parse_math(text).has(sympy.Symbol("x"))


def test_steps_and_east_european_names():
    x = sympy.Symbol("x")
    assert parse_math("arctg(x) + tg(x)") == sympy.atan(x) + sympy.tan(x)
    assert parse_math("2*pi*floor((x + pi)/(2*pi))/3").has(sympy.floor)


# ------------------------------------------------------------------------------------------------ round 4

ROUND4 = [
    # (text, variable, expression, differential)
    # Wolfram Language, as models write after seeing CAS output: each capitalised head has one meaning
    ("Sin[4 x]", "x", sin(4 * x), None),
    (
        "(x Sin[4 x])/4 - Integrate[Sin[4 x]/4, x]",
        "x",
        x * sin(4 * x) / 4 - sympy.Integral(sin(4 * x) / 4, x),
        None,
    ),
    ("-x - x^2/4 + (x + x^2/2) Log[x]", "x", -x - x**2 / 4 + (x + x**2 / 2) * log(x), None),
    ("2 Sin[Sqrt[x]] - 2 Sqrt[x] Cos[Sqrt[x]]", "x", 2 * sin(sqrt(x)) - 2 * sqrt(x) * cos(sqrt(x)), None),
    ("-x/4 + ArcTan[2 x]/8", "x", -x / 4 + sympy.atan(2 * x) / 8, None),
    ("(2 x)/(4 + x^2)", "x", 2 * x / (4 + x**2), None),
    ("E^x (2 - 2 x + x^2) + C", "x", exp(x) * (2 - 2 * x + x**2) + C, None),
    (
        "(E^(3 x) (3 Cos[2 x] + 2 Sin[2 x]))/13 + C[1]",
        "x",
        exp(3 * x) * (3 * cos(2 * x) + 2 * sin(2 * x)) / 13 + sympy.Symbol("C_1"),
        None,
    ),  # C[1] is C_1
    (
        "1/3 E^x^3 (-1 + x^3)",
        "x",
        exp(x**3) * (x**3 - 1) / 3,
        None,
    ),  # ^ right-associative; spaced factor above
    ("(1/3) Integrate[t E^t, t]", "t", sympy.Integral(t * exp(t), t) / 3, None),
    (
        "Cosh[x] + Exp[2 x] + ArcSin[x] + Abs[x]",
        "x",
        sympy.cosh(x) + exp(2 * x) + sympy.asin(x) + sympy.Abs(x),
        None,
    ),
    ("x^-4", "x", x**-4, None),
    ("-(x^2 Cos[Pi x])/Pi", "x", -(x**2) * cos(pi * x) / pi, None),  # Pi is π among Wolfram calls
    ("Sin[x]^-1", "x", 1 / sin(x), None),  # a power of the call, not the inverse function
    # a LIATE note after the field is not part of it
    ("x (algebraic)", "x", x, None),
    ("ln(x) (logarithmic)", "x", log(x), None),
    ("e^(5x) dx (exponential)", "x", exp(5 * x), "x"),
    ("cos(x) dx (trig)", "x", cos(x), "x"),
    ("arctan(x) (inverse trig)", "x", sympy.atan(x), None),
    # a pending integral in words
    (
        "-(1/3)x e^(-3x) + (1/3) integral of e^(-3x) dx",
        "x",
        -x * exp(-3 * x) / 3 + sympy.Integral(exp(-3 * x), x) / 3,
        None,
    ),
    ("x + the integral of (1/3)cos(3x+1) dx", "x", x + sympy.Integral(cos(3 * x + 1) / 3, x), None),
    # a sentence around the label: "Let u = ...", "then du = ..."
    ("Let u = x²", "x", x**2, None),
    ("then du = 2x dx", "x", 2 * x, "x"),
    ("and v = (1/4)sin(4x)", "x", sin(4 * x) / 4, None),
    ("so v = −cos t", "t", -cos(t), None),
    # a plain-text differential over one atom is the whole field
    ("dv = dx/x²", "x", x**-2, "x"),
    ("dt/(t + 1)", "t", 1 / (t + 1), "t"),
    ("dx/x", "x", 1 / x, "x"),
]


@pytest.mark.parametrize(("text", "variable", "expected", "differential"), ROUND4)
def test_round4_forms(text, variable, expected, differential):
    got, named = parse_with_differential(text, variable)
    assert same(got, expected), got
    assert named == differential


ROUND5 = [
    # (text, variable, expression): Maple's int/Int for a pending integral, and a result written as the
    # right side of the step's equation
    ("1/6*x^6*ln(x) - int(1/6*x^5, x)", "x", x**6 * log(x) / 6 - sympy.Integral(x**5 / 6, x)),
    ("Int(x*exp(x), x)", "x", sympy.Integral(x * sympy.exp(x), x)),
    ("= (x^6/6) ln x - x^6/36 + C", "x", x**6 * log(x) / 6 - x**6 / 36 + sympy.Symbol("C")),
]


@pytest.mark.parametrize(("text", "variable", "expected"), ROUND5)
def test_round5_forms(text, variable, expected):
    assert same(parse_math(text, variable), expected)


def test_a_definite_maple_integral_is_refused():
    with pytest.raises(ParseError):
        parse_math("int(x, x=0..1)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2x dx/(x^2+9)", 2 * x / (x**2 + 9)),  # round 5, terse: the differential in the numerator
        ("2dx/√(1-4x^2)", 2 / sqrt(1 - 4 * x**2)),
        ("x dx/(x+1)", x / (x + 1)),
    ],
)
def test_a_differential_in_the_numerator_of_a_whole_field_is_read(text, expected):
    got, named = parse_with_differential(text, "x")
    assert same(got, expected) and named == "x"


# Round 6 (held out): code spellings, each with one meaning.
CODE_SPELLINGS = [
    ("(3*x + 5) * np.exp(3*x) / 9 + C", "(3*x + 5)*exp(3*x)/9 + C"),
    ("math.exp(x/3)", "exp(x/3)"),
    ("sp.Integral(np.cos(3*x) / 3, x)", "Integral(cos(3*x)/3, x)"),
    ("np.pi*x + math.e**x", "pi*x + exp(x)"),
    ("(exp(3*x).*(3*x + 5))/9 + C", "(3*x + 5)*exp(3*x)/9 + C"),
    ("x.^3 - 2*log(x)./x", "x**3 - 2*log(x)/x"),
]


@pytest.mark.parametrize(("text", "meant"), CODE_SPELLINGS)
def test_module_prefixes_and_elementwise_operators_are_read_as_meant(text, meant):
    assert parse_math(text) == parse_math(meant)


# Round 6 (held out): one $...$ span in a field with only words around it is that span.
PROSE_AROUND_ONE_SPAN = [
    ("Let $u = x + 2$ (algebraic, so it simplifies)", "x + 2"),
    ("$du = \\tfrac{1}{2(x^2+4)}\\,dx$ (chain rule)", "1/(2*(x**2 + 4))"),
    ("where $v = e^{3x}/3$.", "exp(3*x)/3"),
]


@pytest.mark.parametrize(("text", "meant"), PROSE_AROUND_ONE_SPAN)
def test_words_around_one_math_span_are_left_out(text, meant):
    assert parse_math(text) == parse_math(meant)


@pytest.mark.parametrize("text", ["$x^2$ plus 3", "$x^2$ plus the constant", "Let $u = t$ after $t = x$"])
def test_words_that_carry_math_or_a_second_span_are_not_left_out(text):
    with pytest.raises(ParseError):
        parse_math(text)


# Round 7 (held out): d(x) as the differential, notes in CJK script or LaTeX \text, full-width brackets.
ROUND_7 = [
    ("x^4 d(x)", "x**4", "x"),
    ("e^(2w) d(w)", "exp(2*w)", "w"),
    ("ln x（对数函数）", "log(x)", None),
    ("x + C（C 为任意常数）", "x + C", None),
    ("x - 3 \\quad \\text{(algebraic)}", "x - 3", None),
    ("x\\,\\text{d}x", "x", "x"),
]


@pytest.mark.parametrize(("text", "meant", "differential"), ROUND_7)
def test_round_7_spellings_are_read_as_meant(text, meant, differential):
    assert parse_with_differential(text) == (parse_math(meant), differential)


# Round 61 (a step adversary): a note is dropped only when its words carry no math; one that says
# "add one more x sin x", "plus e to the x once more" or "negated" keeps the field whole, and the reader
# refuses it (the claim is unverifiable, never checked without its note).
NOTES_WITH_MATH = [
    "x*sin(x) + cos(x)（再加上一个 x sin x）",
    "exp(x)（を 2 倍する）",
    "-cos(x)（取相反数）",
    "x^{2} e^{x} - 2 x e^{x} + 2 e^{x} \\quad \\text{(plus e to the x once more)}",
    "\\frac{x e^{2x}}{2} \\qquad \\text{(each term halved)}",
    "$\\frac{e^{x^{2}}}{2}$, doubled",
    "$-x\\cos x + \\sin x$, negated",
]


@pytest.mark.parametrize("text", NOTES_WITH_MATH)
def test_a_note_that_carries_math_is_not_dropped(text):
    with pytest.raises(ParseError):
        parse_math(text)


# Round 62 (a step adversary): a '#' comment with no space before it, or spelled as an HTML entity, is a
# comment like any other (refused unless it says nothing); a '%' in a LaTeX field is a TeX comment.
@pytest.mark.parametrize(
    "text",
    [
        "x*sin(x) + cos(x)# plus x*sin(x)",
        "x**2*exp(x) - 2*(x - 1)*exp(x) &#35; plus 2*exp(x)",
        "exp(2*x)/2 &#x23; plus exp(2*x)/2",
        "x*exp(x) &num; minus exp(x)",
        "x e^{x} - 1 %e^{x}",
        "\\frac{x e^{2x}}{2} - \\frac{1}{4} %e^{2x}",
    ],
)
def test_comments_that_may_act_on_the_value_are_refused(text):
    with pytest.raises(ParseError):
        parse_math(text)


def test_maxima_percent_constants_outside_latex_are_still_read():
    assert parse_math("%e^x + %pi") == sympy.exp(sympy.Symbol("x")) + sympy.pi


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("x^2 \\quad \\text{(by the power rule)}", "x**2"),
        ("e^x（指数函数）", "exp(x)"),
        ("$\\sin x$ (chain rule)", "sin(x)"),
        ("Then $u = \\cos x$ for the second round", "cos(x)"),
    ],
)
def test_a_note_without_math_is_dropped(text, meant):
    assert parse_math(text) == parse_math(meant)


# Round 8 (held out): Spanish and French function names, called with brackets.
@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("sen(2x)", "sin(2*x)"),
        ("arcsen(x/2)", "asin(x/2)"),
        ("senh(x)", "sinh(x)"),
        ("\\operatorname{Arctan}\\left(\\frac{x}{2}\\right)", "atan(x/2)"),
        ("sh(x) + ch(x)", "sinh(x) + cosh(x)"),
        ("argsh(x)", "asinh(x)"),
    ],
)
def test_spanish_and_french_function_names(text, meant):
    assert parse_math(text) == parse_math(meant)


def test_a_chain_with_a_claim_on_the_left_is_not_read_as_its_last_member():
    with pytest.raises(ParseError, match="chain"):
        parse_math("x e^x - ∫ e^x dx = x e^x - e^x")
    assert parse_math("\\int x e^x\\,dx = x e^x - e^x") == parse_math("x e^x - e^x")  # a label, as before


# Round 9 (held out): markdown inside JSON fields, bold or inline code around the math.
@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("`x + 2`", "x + 2"),
        ("`sin(3x)`", "sin(3*x)"),
        ("**(x/3)*sinh(3x) - cosh(3x)/9 + C**", "x*sinh(3*x)/3 - cosh(3*x)/9 + C"),
        ("**$x^2$**", "x**2"),
        ("```x^2```", "x**2"),
    ],
)
def test_markdown_around_a_field_is_left_out(text, meant):
    assert parse_math(text) == parse_math(meant)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        (
            "\\frac{1}{3} \\left. \\left( \\sin w - w \\cos w \\right) \\right|_{w = x^{3}}",
            "(sin(x**3) - x**3*cos(x**3))/3",
        ),
        ("\\left. \\frac{w}{2} \\right|_{w = 2x+1}", "(2*x + 1)/2"),
        ("\\left. w \\wedge \\right|_{w = x}", None),  # \\wedge keeps its w, and is refused as before
    ],
)
def test_an_evaluation_bar_puts_its_value_in(text, meant):
    if meant is None:
        with pytest.raises(ParseError):
            parse_math(text)
    else:
        assert sympy.simplify(parse_math(text) - parse_math(meant)) == 0


# Round 10 (held out): SymPy's constructor spellings, as srepr prints them, each with one meaning.
SYMPY_CONSTRUCTORS = [
    ("Rational(1, 3)*x**3", "x**3/3"),
    ("sp.Rational(-1, 10)*sp.exp(-x)*(sin(3*x) + 3*cos(3*x)) + C", "-exp(-x)*(sin(3*x) + 3*cos(3*x))/10 + C"),
    ("x**Rational(1, 2)", "sqrt(x)"),  # bracketed: the power takes the whole 1/2
    ("Integer(-3) + Integer(2)*x", "2*x - 3"),
    ("Float('0.5')*x + Float(0.25)", "x/2 + 1/4"),
    ("Add(Symbol('x'), Integer(-3))", "x - 3"),
    ("Mul(Rational(-1, 2), cos(Mul(Integer(2), Symbol('x'))))", "-cos(2*x)/2"),
    ("Pow(Symbol('x'), Integer(2))", "x**2"),
    (
        "Mul(Rational(1, 5), exp(Mul(Integer(2), Symbol('x'))), Add(sin(Symbol('x')), Mul(Integer(2), "
        "cos(Symbol('x'))))) + Symbol('C')",
        "exp(2*x)*(sin(x) + 2*cos(x))/5 + C",
    ),
    ("Integral(Rational(1, 18)*x, x)", "Integral(x/18, x)"),
]


@pytest.mark.parametrize(("text", "meant"), SYMPY_CONSTRUCTORS)
def test_sympy_constructor_spellings_are_read_as_meant(text, meant):
    assert parse_math(text) == parse_math(meant)


@pytest.mark.parametrize(
    "text",
    [
        "Symbol('xe')",  # one symbol named xe: reading it as x*e would be another expression
        "Symbol('__import__')",
        "Symbol('E') + x",  # a symbol named E, not Euler's number
        "Symbol('I')*x",
        "Symbol('lambda')",
        "Symbol(x)",
        "Rational(x, 2)",  # only literal integers
        "Pow(x)",
        "Add()",
        "Mul(x, evaluate=False)",
        "Rational(1, 0)",
    ],
)
def test_sympy_constructors_outside_their_one_meaning_are_refused(text):
    with pytest.raises(ParseError):
        parse_math(text)


# Round 10 (held out): Italian and Portuguese function names, and square brackets used for grouping.
ROUND10_PLAIN = [
    ("arccotg(2x)", "acot(2*x)"),  # not 2*x*acot(g)
    ("2x·arccotg(2x) + ln(1 + 4x^2)/2 + c", "2*x*acot(2*x) + log(4*x**2 + 1)/2 + c"),
    ("cotg(x) + tg x", "cot(x) + tan(x)"),
    ("sen^2(t)", "sin(t)**2"),
    ("∫sen^2(t) dt", "Integral(sin(t)**2, t)"),
    ("sen t", "sin(t)"),
    ("x / 5 [ cos ( 2 ln x ) + 2 sin ( 2 ln x ) ] + C", "x*(cos(2*log(x)) + 2*sin(2*log(x)))/5 + C"),
    ("[x + 1]^2 - 2*[x - 1]", "(x + 1)**2 - 2*(x - 1)"),
    ("hyper([1/2], [3/2], -x**2)", "hyper((1/2,), (3/2,), -x**2)"),  # lists stay lists
]


@pytest.mark.parametrize(("text", "meant"), ROUND10_PLAIN)
def test_romance_function_names_and_grouping_brackets_are_read_as_meant(text, meant):
    assert parse_math(text) == parse_math(meant)


@pytest.mark.parametrize("text", ["x[1]", "[x]", "x/5*[cos(x)]", "x / 5 [ cos ( x ) + 1", "(x + 1] * 2"])
def test_a_subscript_or_an_unmatched_square_bracket_is_still_refused(text):
    with pytest.raises(ParseError):
        parse_math(text)


# Round 11 (held out): a code comment after a field's value, decimal commas.
@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("-math.exp(-2*x)/2  # same v", "-exp(-2*x)/2"),
        ("0,5·x^2", "x**2/2"),
        ("0,25*exp(4*x)", "exp(4*x)/4"),
        ("e^(0,5x)", "exp(x/2)"),
    ],
)
def test_a_code_comment_and_decimal_commas_are_read_as_meant(text, meant):
    assert parse_math(text) == parse_math(meant)


def test_a_comment_holding_a_claim_is_not_dropped():
    # "# du = dx/x^2" is a claim (a round-22 adversary's false partner went unchecked while every comment
    # was dropped): the field alone is refused, and a parts field cuts it off as a companion to check
    for text in ("x  # dv = dx", "x**2  # doubled", "x  # since Integral(exp(x), x) = exp(x)/2"):
        with pytest.raises(ParseError):
            parse_math(text)
    assert split_companions("ln(x)  # du = dx/x^2", "u") == ("ln(x)", [("du", "du = dx/x^2")])


@pytest.mark.parametrize("text", ["1,000*x", "x^2, 3x"])
def test_commas_that_may_be_something_else_are_not_decimal_points(text):
    with pytest.raises(ParseError):
        parse_math(text)


def test_a_comma_inside_a_call_keeps_its_meaning():
    assert parse_math("atan2(1,2) + x") == sympy.atan2(1, 2) + sympy.Symbol("x")


# Round 12 (held out): AsciiMath's integral sign.
@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("-x cos(5x)/5 + int cos(5x)/5 dx", "-x*cos(5*x)/5 + Integral(cos(5*x)/5, x)"),
        ("int x^2 e^(4x) dx", "Integral(x**2*exp(4*x), x)"),
    ],
)
def test_asciimath_int_is_an_integral_sign(text, meant):
    assert parse_math(text) == parse_math(meant)


# Round 13 (held out): mathematical italic and bold letters, as some chat front ends render them.
@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("2𝑥", "2*x"),
        ("(6𝑥 − 1)⋅e^(6𝑥)/36 + C", "(6*x - 1)*exp(6*x)/36 + C"),
        ("𝑥 sin(𝑥)", "x*sin(x)"),
        ("𝐱^2", "x**2"),
    ],
)
def test_mathematical_letters_are_their_plain_letters(text, meant):
    assert parse_math(text) == parse_math(meant)


# ------------------------------------------------------------------- printers' spellings (notation survey)

PRINTER_SPELLINGS = [
    # SymPy's LaTeX printer puts log(x)**3 as \log{\left(x \right)}^{3}: the power is on the bracket
    (r"\log{\left(x \right)}^{3}", log(x) ** 3),
    (r"\ln{(x)}^2", log(x) ** 2),
    (
        r"x \log{\left(x \right)}^{2} - \frac{3^{x}}{\log{\left(3 \right)}^{2}}",
        x * log(x) ** 2 - 3**x / log(3) ** 2,
    ),
    (r"\operatorname{atan}{\left(x \right)}^{2}", sympy.atan(x) ** 2),
    (r"\operatorname{acot}{\left[2 x \right]}", sympy.acot(2 * x)),
    (r"\arctan\left[x\right]^2", sympy.atan(x) ** 2),
    (r"\sin^{2}{\left(x \right)}", sin(x) ** 2),
    (r"\sqrt{\left(x+1\right)}^{3}", (x + 1) ** sympy.Rational(3, 2)),
    (r"\left|x\right|^{2} + \left|{x + 1}\right|^{3}", sympy.Abs(x) ** 2 + sympy.Abs(x + 1) ** 3),
    # JavaScript, C and Maple
    ("x*Math.asin(x) + 2*Math.sqrt(1 - Math.pow(x, 2))", x * sympy.asin(x) + 2 * sqrt(1 - x**2)),
    ("Math.PI*x + Math.E", pi * x + E),
    ("pow(x, 3)/3", x**3 / 3),
    ("x*sin(Pi*x)/Pi + cos(Pi*x)/Pi^2", x * sin(pi * x) / pi + cos(pi * x) / pi**2),
]


@pytest.mark.parametrize(("text", "expected"), PRINTER_SPELLINGS)
def test_code_printers_spellings_are_read_as_printed(text, expected):
    assert same(parse_math(text), expected)


@pytest.mark.parametrize("text", [r"\left. x^2 \right|_{0}^{1}", r"x^2 \Big|^{1}_{0}", "pow(2, 10**9)"])
def test_evaluation_bars_and_huge_powers_stay_refused(text):
    with pytest.raises(ParseError):
        parse_math(text)


# --------------------------------------------- other tools' notations and trailing remarks (round 14)

OTHER_NOTATIONS = [
    # chat-UI HTML copied out of a rendered answer
    (
        "x&middot;e<sup>&minus;7x</sup>/7 &minus; &int; e<sup>&minus;7x</sup>/7 dx",
        x * exp(-7 * x) / 7 - sympy.Integral(exp(-7 * x) / 7, x),
    ),
    ("&frac12;x<sup>2</sup> + &radic;(1 &minus; 4x<sup>2</sup>)", x**2 / 2 + sqrt(1 - 4 * x**2)),
    ("<i>x</i>&middot;cosh(6<i>x</i>) + ln<sup>2</sup>(x)", x * sympy.cosh(6 * x) + log(x) ** 2),
    # Maxima / Sage
    ("-((7*x+1)*%e^(-7*x))/49+%c", C - (7 * x + 1) * exp(-7 * x) / 49),
    (
        "-x^2*%e^(-4*x)/4+'integrate(x*%e^(-4*x)/2,x)",
        -(x**2) * exp(-4 * x) / 4 + sympy.Integral(x * exp(-4 * x) / 2, x),
    ),
    ("%pi*x + %i", pi * x + sympy.I),
    # Typst
    ("-x e^(-7x)/7 + integral e^(-7x)/7 dif x", -x * exp(-7 * x) / 7 + sympy.Integral(exp(-7 * x) / 7, x)),
    ("-frac((7x + 1) e^(-7x), 49) + C", C - (7 * x + 1) * exp(-7 * x) / 49),
    ("integral of x dx", sympy.Integral(x, x)),
    # a remark after the expression, in English, Arabic, Chinese
    ("x^2/2 + C, where C is a constant", x**2 / 2 + C),
    ("x^2/2 + C، حيث C ثابت التكامل", x**2 / 2 + C),
    ("x^2/2 + C，其中 C 为常数", x**2 / 2 + C),
    ("(6x - 1) e^(6x)/36 + C (C là hằng số tùy ý)", (6 * x - 1) * exp(6 * x) / 36 + C),
    ("atan2(x, 1)", sympy.atan2(x, 1)),  # a comma inside a call is no remark
    ("0,5x^2", x**2 / 2),  # nor a decimal comma
]


@pytest.mark.parametrize(("text", "expected"), OTHER_NOTATIONS)
def test_other_tools_notations_and_trailing_remarks_are_read_as_meant(text, expected):
    assert same(parse_math(text), expected)


@pytest.mark.parametrize(
    "text",
    [
        "x, where du = 2 dx",  # a claim in the clause: read whole (and refused), never dropped
        "x*e^x - e^x, since Integral(exp(x), x) = exp(x)",
        "x*cosh(x) - sinh(x), for x > 0, and x*cosh(x) + sinh(x) for x < 0",
        "ln|x| + C, for x ≠ 0",
        "x; import os",
        # words can carry value too (a round-23 adversary): only remarks on the constant are dropped
        "x**2, with everything divided by two",
        "-cos(x), with the sign reversed",
        "x**3 (divided by three, plus an arbitrary constant)",
        "tan(x) (squared, plus a constant)",
        # hidden HTML, Typst's root(3, x) (SymPy's root(x, 3)?), LaTeX groups TeX shows otherwise
        'x + <span style="display:none">+ x</span>',
        "root(3, x)",
        r"\sin{(x)+1}",
        r"\exp{(x)^{2}}",
        # rounds 24-25: comments that restate or act on the value, mixed numbers
        "x**2  # thrice",
        "x*e^x - e^x  # i.e. (x + 1)*e^x",
        "x  # u = sin(x)",
        "1½x²",
    ],
)
def test_a_clause_with_mathematics_or_no_clause_word_is_not_dropped(text):
    with pytest.raises(ParseError):
        parse_math(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("log_2(x)^2/2", log(x) ** 2 / (2 * log(2) ** 2)),  # the log to a base, bracketed whole
        ("x log_2 x - x/ln 2", x * log(x) / log(2) - x / log(2)),
        ("x**2 (a c)", a * C.subs(C, sympy.Symbol("c")) * x**2),  # parameters, not a remark
        ("math.acos(5*x)  # inverse trig", sympy.acos(5 * x)),  # a note on the choice
    ],
)
def test_what_rounds_24_and_25_found_is_read_as_displayed(text, expected):
    assert same(parse_math(text), expected)
