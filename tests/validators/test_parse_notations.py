"""Other tools' spellings (HTML, Maxima, unicode subscripts): read as displayed, or refused when the
display has two readings."""

from __future__ import annotations

import pytest
import sympy

from validators.parse import ParseError, parse_math
from validators.parse_refusals import ParseRefusal

x = sympy.Symbol("x")
C, C_1, C_2, K_1 = sympy.symbols("C C_1 C_2 K_1")

READ = [
    # (text, meaning)
    ("x^2/2 + %c1*x - %c2*x", x**2 / 2 + C_1 * x - C_2 * x),  # distinct constants stay distinct
    ("x^2/2 + %c", x**2 / 2 + C),
    ("%e^x + %k1", sympy.exp(x) + K_1),
    ("-((7*x+1)*%e^(-7*x))/49 + C", -(7 * x + 1) * sympy.exp(-7 * x) / 49 + C),  # %e beside C: no second C
    ("x<sup>2</sup>/2 + C<sub>1</sub>", x**2 / 2 + C_1),
    ("x<sup>2</sup>·e<sup>x</sup>", x**2 * sympy.exp(x)),
    ("x<sup>e<sup>2</sup></sup>", x ** sympy.exp(2)),  # nested: a real tower
    ("x²³", x**23),  # one run of superscripts: one exponent
    ("x*log₂(x) - x/ln(2)", x * sympy.log(x) / sympy.log(2) - x / sympy.log(2)),
    ("log₁₀ x", sympy.log(x) / sympy.log(10)),
    ("x<sup>2</sup><sup></sup>/2", x**2 / 2),  # an empty superscript renders as nothing
    ("x² 3", 3 * x**2),  # a space between: a product
    ("e^(x²)", sympy.exp(x**2)),  # a tower in brackets of its own
    ("E^x^3", sympy.exp(x**3)),  # carets alone: a^b^c is a^(b^c), as in math (a round-4 answer's E^x^3)
    ("2^(-x^2)", 2 ** (-(x**2))),
    ("x^((1/2)^2)", x ** sympy.Rational(1, 4)),
    ("(x^2)^3", x**6),
    (r"{x^2}^3", x**6),
    ("math.tau*x^2/(4*pi)", x**2 / 2),  # math.tau is 2π
    ("cmath.tau*x", 2 * sympy.pi * x),
    ("∛(x^2 + 1)", (x**2 + 1) ** sympy.Rational(1, 3)),  # an odd root of what is positive: one value
    ("e^xsin(x)", sympy.exp(x) * sympy.sin(x)),
    ("(x+1)^2(x-1)", (x + 1) ** 2 * (x - 1)),  # a bracketed base before a bracket: a product
    ("(x^3)⁄3", x**3 / 3),  # a division slash, as answers use it
    ("2sin(x⁄2)", 2 * sympy.sin(x / 2)),
    ("e²x²/2", sympy.exp(2) * x**2 / 2),  # the superscript ends the exponent
    ("-x cos 2x/2 + sin 2x/4", -x * sympy.cos(2 * x) / 2 + sympy.sin(2 * x) / 4),
    ("ln x/x", sympy.log(x) / x),
    ("e^(2x)sin(x)", sympy.exp(2 * x) * sympy.sin(x)),
    (
        "x^2 2^x/Log[2] - Integrate[2 x 2^x/Log[2], x]",
        x**2 * 2**x / sympy.log(2) - sympy.Integral(2 * x * 2**x / sympy.log(2), x),
    ),
]


@pytest.mark.parametrize(("text", "meaning"), READ)
def test_other_spellings_read_as_displayed(text, meaning):
    assert sympy.expand(parse_math(text, "x") - meaning) == 0


AMBIGUOUS = [
    "x<sup>2</sup><sup>3</sup>/8",  # renders x²³; read one by one, a tower x^(2^3)
    "x²<sup>3</sup>/8",
    "x<sup>2</sup>²/4",
    "x^2<sup>3</sup>",
    "x^2³",
    "x² ³",
    "x³^2",
    "e^x²",  # e^(x²) or (e^x)²?
    "x^2/2 + C*x - %c*x",  # %c and C: one constant or two?
    "%e^x + %k1*x - %r1*x",  # %r1: a parameter of a solution
    # round 28: the same, behind empty tags, entities, invisible characters, ** and signed exponents
    "x<sup>2</sup><i></i><sup>3</sup>/8",
    "x<sup>2</sup>&#8203;<sup>3</sup>/8",
    "x**2<sup>3</sup>/8",
    "x**2³/8",
    "x^-2³",
    "x^((2))³/8",
    "x³**2/9",
    "e**x²",
    "x^2/2 + %c1*x - C₁*x",  # the text's own C₁, C_{1}, C[1], 𝐶, C\u200b_1 are C_1 too
    "x^2/2 + %c1*x - C_{1}*x",
    "x^2/2 + %c1*x - C[1]*x",
    "x^2/2 + %c*x - 𝐶*x",
    "x^2/2 + %c1*x - C\u200b_1*x",
    # round 30: a coefficient glued to the text's constant, an HTML power then a caret, deep brackets
    "x**2/2 + 2%c1*x - 2C_1*x",
    "x^2/2 + x%c1 - xC_1",
    "x<sup>2</sup>^3/8",
    "x<sup>2</sup>&#94;3/8",
    "x^(((2)))³/8",
    "x^(((2)))<sup>3</sup>/8",
    # round 32: any whitespace beside the exponent, an exponent that is a call or in bars
    "x^(((3)))\t²/6",
    "2^\t(((x)))²",
    "x^sqrt(2)²",
    "x^sqrt(2)<sup>2</sup>",
    "e^sin(x)²",
    "x^|2|³/8",
    # a digit right after a superscript: x²3 shows x²·3, and 2³4 shows 2³·4
    "x²3/6",
    "2³4*x",
    "x².5",
    "x<sup>2</sup><sup> </sup><sup>3</sup>/8",  # whitespace alone between two superscripts
    # round 34: beside a superscript or .^, the parser refuses a power of a power without brackets, whatever
    # spells the exponent
    "x^sqrt (6)²/3",
    "x^√5²/5",
    "2^√x²",
    "x^|3 - |1||³/8",
    "x.^2.^3",  # MATLAB's .^ is left-associative: (x^2)^3
    r"x^\pi²",  # TeX's double superscript
    r"x^{2}^{3}",
    r"x^{2}{}^{3}",
    "np.sinc(x)",  # NumPy's sinc is sin(πx)/(πx)
    "np.cbrt(x)",
    # round 36: TeX double superscripts at any depth, e^2x in other shapes, module names not read as
    # symbols, a function of NumPy's read as a product, an odd root of what may be negative
    r"e^{\sqrt{\frac{x}{2}}}^{2}",
    r"x^{{{2}}}^{3}/6",
    "e^½x",
    "e^2(x+1)",
    "2^3x",
    "10^-2x",
    "e^ax",
    "log1p(x)",
    "∛x",
    r"\sqrt[3]{x}",
    # round 38: superscripts as HTML entities, ½ after a signed or ** exponent, a bracketed or π base
    "x^sqrt (6)&sup2;/6",
    "x^|3 - |1||&#179;/8",
    "-2e^-½x",
    "2e**½x",
    "(e)^2x/2",
    "π^2x/(2ln(π))",
    "e^(2)x/2",
    r"x^{2}{}{}^{3}/6",
    r"2\,3\,x",  # two numbers side by side: the LaTeX converter added them (5x)
    # round 40: e-notation where math text means Euler's e, constant exponents in brackets, the fraction
    # slash after an exponent, a bare function over a number, a function of a number then a name
    "3e+2x",
    "x^2/2 + 5e-1x",
    "x^3/3 + 5e-1 x",  # round 42: e-notation is refused wherever it stands (5e-1 is 5e - 1 in math text)
    "x/(2e-1)",
    "1e-30",
    "-e^(-2)x/2",
    "e^(π)x/π",
    "2e^(1/2)x",
    "2e^x⁄2",
    "x^5⁄3",  # after an exponent a font may compose the fraction into it
    "-2cos x/2",
    "-cos 2 x/2",
    # round 44: E-notation in LaTeX, a LaTeX function without brackets before a product, a mixed number in
    # LaTeX, a root of a number as an exponent or a denominator, a fraction slash after **
    r"\frac{x^{3}}{3} + 5E-1 x",
    r"x^{5E-1}",
    r"\sin{x} \cdot x",
    r"\ln\left|x\right| \cdot x",
    r"\sin 2 x \cdot x",
    r"\cos\frac{x}{2} \cdot x",
    r"3\frac{1}{2}x^{2}",
    r"2\frac{1}{2}",
    "e^√2x/√2",
    "-1/√2x",
    "3x**5⁄3/5",
    # round 46: a signed argument, a factor side by side after a bare function's argument, mixed numbers
    # with braces
    r"\sin -x \cdot x",
    r"\sin{x}\,x",
    r"\sin x \left|x\right|",  # (\ln x \, x^{2}: the thin space ends the argument, test_parse.py)
    r"\cos x \frac{x}{2}",
    r"\ln x (x+1)",
    r"{3}\frac{1}{2}x^{2}",
    r"5\frac{1}{{2}}x^{2}",
    r"2{\frac{1}{4}}x",
    # round 50: a mixed number inside an exponent or a subscript, a name after a bare function's argument
    r"x^{3\frac{1}{2}}",
    r"\log_{1\frac{1}{2}} x",
    r"\sin x \mathrm{const}",
]


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_spellings_with_two_readings_are_refused(text):
    with pytest.raises(ParseError) as refused:
        parse_math(text, "x")
    assert refused.value.reason is ParseRefusal.AMBIGUOUS


@pytest.mark.parametrize("text", ["x*2 3", "2 3", "x + 10 5"])
def test_two_numbers_side_by_side_are_never_read(text):
    with pytest.raises(ParseError):  # 2 3 was read as 5 by the LaTeX converter, the plain path's fallback
        parse_math(text, "x")
