"""What the parser must keep refusing (and why) now that it reads plain math, and hostile random text."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from validators.parse import ParseError, ParseRefusal, parse_math, parse_with_differential


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hyper((1,)*9, (2,), x)", ParseRefusal.FORBIDDEN),
        ("hyper(" + "(1,1,1,1,1,1,1,1,1)" + ", (2,), x)", ParseRefusal.FORBIDDEN),
        ("hyper((10**6,), (2,), x)", ParseRefusal.EXPONENT_TOO_LARGE),
        ("hyper(1, 2, x)", ParseRefusal.SYNTAX),
        ("hyper((1,), (2,), (x,))", ParseRefusal.SYNTAX),
        ("hyper(((1,),), (2,), x)", ParseRefusal.FORBIDDEN),
        ("hyper((__import__('os'),), (2,), x)", ParseRefusal.UNKNOWN_NAME),
        ("meijerg(((1,),()),((0,),()),x)", ParseRefusal.NOT_AN_EXPRESSION),  # SymPy: a1 - b1 is 1
        ("meijerg((1,), (2,), x)", ParseRefusal.SYNTAX),
        ("appellf1(1, 2, x)", ParseRefusal.SYNTAX),
    ],
)
def test_special_function_arguments_are_whitelisted_and_bounded(text, reason):
    with pytest.raises(ParseError) as caught:
        parse_math(text)
    assert caught.value.reason is reason


# ----------------------------------------------------------------------------------------------- refusals

REFUSED = [
    # eval-like input stays refused, with the same reasons as before
    ("__import__('os').system('echo hi')", ParseRefusal.FORBIDDEN),
    ("__import__('os')", ParseRefusal.UNKNOWN_NAME),
    ("().__class__.__bases__", ParseRefusal.FORBIDDEN),
    ("lambda: 1", ParseRefusal.FORBIDDEN),
    ("lambda x: x", ParseRefusal.FORBIDDEN),
    ("x.func", ParseRefusal.FORBIDDEN),
    ("xsin.func", ParseRefusal.FORBIDDEN),
    ("x if 1 else 2", ParseRefusal.FORBIDDEN),
    ("[y for y in x]", ParseRefusal.FORBIDDEN),
    ("eval('1')", ParseRefusal.UNKNOWN_NAME),
    ("exec", ParseRefusal.UNKNOWN_NAME),
    ("getattr(x, 'func')", ParseRefusal.UNKNOWN_NAME),
    ("sin(x) if x else 1", ParseRefusal.FORBIDDEN),
    ("'xsin(x)'", ParseRefusal.FORBIDDEN),
    ("x; import os", ParseRefusal.SYNTAX),
    ("x and y", ParseRefusal.NOT_AN_EXPRESSION),
    ("x is y", ParseRefusal.NOT_AN_EXPRESSION),
    # resource bounds, checked before anything big is built
    ("9**9**9**9", ParseRefusal.EXPONENT_TOO_LARGE),
    ("9^9^9^9", ParseRefusal.EXPONENT_TOO_LARGE),
    ("x^100000", ParseRefusal.EXPONENT_TOO_LARGE),
    ("(10^30)^1000", ParseRefusal.EXPONENT_TOO_LARGE),
    ("1e999999", ParseRefusal.AMBIGUOUS),  # e-notation is refused before its size is looked at
    ("0." + "1" * 40, ParseRefusal.LITERAL_TOO_LARGE),
    ("sin " * 100 + "x", ParseRefusal.TOO_DEEP),
    ("√" * 100 + "x", ParseRefusal.TOO_DEEP),
    ("∫" * 20 + "x" + " dx" * 20, ParseRefusal.TOO_LONG),
    # a differential that is not at the end of the field, or has no integral to belong to
    ("x*dx + 1", ParseRefusal.NOT_AN_EXPRESSION),
    ("x + dx", ParseRefusal.NOT_AN_EXPRESSION),
    ("dx*x + C", ParseRefusal.NOT_AN_EXPRESSION),
    ("x^2 dx + C", ParseRefusal.NOT_AN_EXPRESSION),
    ("∫ x", ParseRefusal.NOT_AN_EXPRESSION),
    ("(∫ x) dx", ParseRefusal.NOT_AN_EXPRESSION),
    ("∫_0^1 x dx", ParseRefusal.FORBIDDEN),
    (r"\int_0^1 x\,dx", ParseRefusal.FORBIDDEN),
    # two plausible readings
    ("e^2x", ParseRefusal.AMBIGUOUS),
    ("e^-2x", ParseRefusal.AMBIGUOUS),
    ("xe^2x", ParseRefusal.AMBIGUOUS),
    ("e^πx", ParseRefusal.AMBIGUOUS),  # a constant exponent glued to a name, as e^2x
    ("e^pix", ParseRefusal.AMBIGUOUS),
    ("2x^1/2/3", ParseRefusal.AMBIGUOUS),  # a root shorthand: x^(1/2), or x^1 over 2?
    ("-2x^-1/2", ParseRefusal.AMBIGUOUS),
    ("sin^-2(x)", ParseRefusal.AMBIGUOUS),
    ("ln^-1(x)", ParseRefusal.AMBIGUOUS),
    ("cosec(x)", ParseRefusal.AMBIGUOUS),  # cos(e*c) or c*o*sec: no cut is better than the other
    ("1/2x", ParseRefusal.AMBIGUOUS),  # x/2 or 1/(2x)?
    ("1/(x+1)(x-1)", ParseRefusal.AMBIGUOUS),
    ("e^x/2x", ParseRefusal.AMBIGUOUS),
    ("1/xy", ParseRefusal.AMBIGUOUS),
    (r"1/2x + \frac{1}{2}", ParseRefusal.AMBIGUOUS),
    (r"1/2\sin x", ParseRefusal.AMBIGUOUS),
    # prose and unreadable glued names
    ("x^2 + C where C is a constant", ParseRefusal.UNKNOWN_NAME),
    ("xyz", ParseRefusal.UNKNOWN_NAME),
    ("xdx + 1", ParseRefusal.UNKNOWN_NAME),
    (r"\frac{x^2}{2} + C for all x", ParseRefusal.UNKNOWN_NAME),
    # other equations and unknown functions
    ("f(x)", ParseRefusal.UNKNOWN_NAME),
    ("log_10x", ParseRefusal.UNKNOWN_NAME),  # glued: base 10 of x, or base 10x? (log_10(x) is read)
    ("2x = 4", ParseRefusal.CHAIN),  # two claims: a step result reads both (parse_chain)
    ("abc = x", ParseRefusal.CHAIN),
    ("x + |", ParseRefusal.SYNTAX),
    ("√", ParseRefusal.SYNTAX),
    # a number glued to the variable or e: x2 may be x*2, x**2 or x_2, e2x may be e**2*x or e**(2x); read
    # as one symbol, a counterexample would pick its value (x*2**x once came out incorrect this way)
    ("x2^x/ln2", ParseRefusal.AMBIGUOUS),
    ("x2", ParseRefusal.AMBIGUOUS),
    ("e2x", ParseRefusal.AMBIGUOUS),
    ("3xe2", ParseRefusal.AMBIGUOUS),
    ("sin2 x", ParseRefusal.AMBIGUOUS),  # sin(2)*x, or sin squared x?
    # powers: a number's power stays bounded at 1000, the variable's at 2000
    ("2**1001", ParseRefusal.EXPONENT_TOO_LARGE),
    ("x**2001", ParseRefusal.EXPONENT_TOO_LARGE),
    ("x^{2001}", ParseRefusal.EXPONENT_TOO_LARGE),
    # a Greek letter glued to what follows is not cut into names
    ("θx", ParseRefusal.UNKNOWN_NAME),
    ("x^θ2", ParseRefusal.UNKNOWN_NAME),
    # Wolfram calls whose meaning differs from the language's, or that are not calls: left unread
    ("Log[2, x]", ParseRefusal.FORBIDDEN),  # base-2 log in Mathematica, argument order unlike SymPy's log
    ("ArcTan[x, 1]", ParseRefusal.FORBIDDEN),  # the two-argument arctangent
    ("Integrate[x, {x, 0, 1}]", ParseRefusal.UNKNOWN_NAME),  # definite
    ("f[x]", ParseRefusal.FORBIDDEN),
    ("2[x + 1] + Sin[x]", ParseRefusal.FORBIDDEN),  # one [ that is not a call: nothing is rewritten
    ("C[a]", ParseRefusal.FORBIDDEN),
    ("sin[x]", ParseRefusal.FORBIDDEN),  # lower case is not a Wolfram head
    # a plain-text differential over more than one atom stays ambiguous or misplaced
    ("dx/2x", ParseRefusal.AMBIGUOUS),
    ("dx/x^2 + 1", ParseRefusal.NOT_AN_EXPRESSION),
    # words that are not a LIATE note, or a note that does not end the field, are not dropped
    ("x (algebra) (algebraic) + 1", ParseRefusal.UNKNOWN_NAME),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refusals(text, reason):
    with pytest.raises(ParseError) as caught:
        parse_with_differential(text)
    assert caught.value.reason is reason, caught.value


def test_names_that_mention_nothing_known_stay_one_symbol():
    # uv, alpha, const: no variable, e, pi or function in them, so there is no cut to trust
    assert parse_math("uv + alpha + const") == sympy.Symbol("uv") + sympy.Symbol("alpha") + sympy.Symbol(
        "const"
    )


# ------------------------------------------------------------------------------------ hostile random text

PLAIN_ALPHABET = [
    "x",
    "e",
    "t",
    "d",
    "dx",
    "dt",
    "sin",
    "cos",
    "ln",
    "log",
    "exp",
    "sqrt",
    "Abs",
    "C",
    "pi",
    "hyper",
    "meijerg",
    "Integral",
    "0",
    "1",
    "2",
    "9",
    ".",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "(",
    ")",
    "[",
    "]",
    ",",
    "=",
    "|",
    "'",
    "_",
    "∫",
    "√",
    "∛",
    "²",
    "⁻",
    "¹",
    "ˣ",
    "π",
    "−",
    "·",
    "×",
    "÷",
]
HOSTILE = settings(max_examples=300, deadline=timedelta(seconds=5))


def _refused_or_parsed(text: str) -> None:
    try:
        result, differential = parse_with_differential(text)
    except ParseError:
        return
    assert isinstance(result, sympy.Expr)
    assert differential is None or isinstance(differential, str)


@HOSTILE
@given(st.lists(st.sampled_from([*PLAIN_ALPHABET, " "]), max_size=40).map("".join))
def test_random_plain_math_only_ever_raises_parse_error(text):
    _refused_or_parsed(text)


@HOSTILE
@given(st.text(alphabet="xedtsinclogp^()|∫√²⁻ˣ0123456789+-*/ .,_", max_size=60))
def test_random_glued_text_only_ever_raises_parse_error(text):
    _refused_or_parsed(text)


@HOSTILE
@given(st.text(alphabet="\\fracsqrtlnintdmathrm{}^_()|x0123456789+-*/ ,.∫√", max_size=80))
def test_random_latex_with_differentials_only_ever_raises_parse_error(text):
    _refused_or_parsed(text)
