"""LaTeX as models write it, rewritten into the subset the converter's grammar reads the way we mean it.

The grammar reads ``\\sin x \\cdot x`` as sin(x**2), ``xsin x`` as a product of letters and
``\\text{constant}`` as nonsense; ``normalize_latex`` fixes what it can first (fences and spacing go,
bare function names get their backslash, glued names are cut as in plain text, an unbracketed function
argument before a product gets its brackets) so that ``validators.latex_reader`` only screens and converts.
"""

from __future__ import annotations

import re

from validators.math_language import (
    ALL_FUNCTION_NAMES,
    ELEMENTARY_FUNCTIONS,
    GREEK_NAMES,
    RESERVED_NAMES,
    WORD_SYMBOLS,
)
from validators.parse_latex_division import rewrite_divisions
from validators.parse_names import is_differential, is_known, split_name
from validators.parse_refusals import ParseError, ParseRefusal
from validators.parse_text import closing_bracket

# fmt: off
LATEX_NATIVE_FUNCTIONS = frozenset({
    "sin", "cos", "tan", "csc", "sec", "cot", "arcsin", "arccos", "arctan", "arccsc", "arcsec", "arccot",
    "sinh", "cosh", "tanh", "arsinh", "arcosh", "artanh", "arcsinh", "arccosh", "arctanh", "log", "ln", "exp",
    "sqrt",
})
_GREEK = frozenset({
    "alpha", "beta", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi",
    "omega", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
})
LATEX_COMMANDS = LATEX_NATIVE_FUNCTIONS | _GREEK | {
    "frac", "dfrac", "tfrac", "cfrac", "sqrt", "int", "cdot", "times", "div", "infty", "mathrm", "boxed",
    "lvert", "rvert", "vert",
}
# fmt: on
_LATEX_FENCES = re.compile(r"\\(?:left|right)\s*\.|\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])")
_LATEX_SPACING = re.compile(r"\\(?:displaystyle|textstyle|limits|nolimits|quad|qquad)(?![A-Za-z])|\\[,;:! ]")
_LATEX_NAMED = re.compile(
    r"\\(?:operatorname|mathrm|textrm|text|mathit|textit|mathbf|boldsymbol)\s*\{\s*([A-Za-z0-9]+)\s*\}"
)
_LATEX_BARE_FUNCTION = re.compile(
    r"(?<![\\A-Za-z{])(arcsin|arccos|arctan|sinh|cosh|tanh|sin|cos|tan|cot|sec|csc|ln|log|exp)(?![A-Za-z])"
)
LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
# A name-taking command with its braces, a subscript, any other command, or a run of letters to look at.
_LETTER_RUN = re.compile(
    r"\\(?:mathrm|text|textrm|operatorname|mathit|textit|mathbf|boldsymbol|begin|end)\s*\{[^{}]*\}"
    r"|_\s*\{[^{}]*\}|_\s*\w|\\[A-Za-z]+|(?<![A-Za-z])([A-Za-z]{2,})(?![A-Za-z])"
)
_FUNCTION_ALTERNATIVES = "|".join(sorted(LATEX_NATIVE_FUNCTIONS - {"sqrt"}, key=len, reverse=True))
# \sin x \cdot x: the grammar would take "x \cdot x" as the argument.
_FUNCTION_AND_ARGUMENT = (
    rf"(\\(?:{_FUNCTION_ALTERNATIVES})(?![A-Za-z])(?:\s*[\^_]\s*(?:\{{[^{{}}]*\}}|\w))*)\s*"
    r"((?:\d*\.?\d*[A-Za-z]|\d+(?:\.\d+)?)(?:\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?)"
)
_UNBRACKETED_ARGUMENT = re.compile(_FUNCTION_AND_ARGUMENT + r"(?=\s*(?:\\cdot|\\times|\*))")
# A thin, medium or thick space ends a bare argument before a factor: \ln x \, e^{3x} renders ln x · e^{3x}
# (a round-1 writer's step; refused as ambiguous since round 46, once the spaces were gone). Bracketed
# before the spaces are.
_SPACED_ARGUMENT = re.compile(
    _FUNCTION_AND_ARGUMENT + r"(?=\s*\\[,;:]\s*(?![-+=)}\]\s]|$|d\s*[A-Za-z](?![A-Za-z])))"
)


_FRAC = re.compile(r"\\[dtc]?frac\s*(?=\{)")
_DIGITS_BEFORE = re.compile(r"\d[\s{}]*$")
# an exponent's digits, its group closed before the fraction (x^{2}\frac{1}{2}, x^2\frac{1}{2}); inside an
# open group the fraction is in the exponent (x^{3\frac{1}{2}} is x^(7/2) to a reader: round 50)
_EXPONENT_BEFORE = re.compile(r"[\^_]\s*(?:\{\s*[-+]?\s*[\d.]+\s*\}|[-+]?\d)\s*$")


def _mixed_number(text: str) -> bool:
    """A number, then a fraction of numbers: ``3\\frac{1}{2}``, ``{3}\\frac{1}{2}``, ``2{\\frac{1}{4}}``,
    ``5\\frac{1}{{2}}`` all render 3½-like (an exponent's digits before it, ``x^{2}\\frac{1}{2}``, do not)."""
    for match in _FRAC.finditer(text):
        if (found := fraction_slots(text, match.end())) is None:
            continue
        numerator_end, start, denominator_end = found
        slots = (text[match.end() : numerator_end + 1], text[start : denominator_end + 1])
        if not all(re.fullmatch(r"[\s{}]*\d+[\s{}]*", slot) for slot in slots):
            continue
        before = text[: match.start()]
        if _DIGITS_BEFORE.search(before) and not _EXPONENT_BEFORE.search(before):
            return True
    return False


def skip_spaces(text: str, i: int) -> int:
    """The first index at or after ``i`` that is not a space."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def fraction_slots(text: str, brace: int) -> tuple[int, int, int] | None:
    """For a ``\\frac`` whose numerator's brace is at ``brace``: (numerator end, denominator start,
    denominator end), the ends at the closing braces; None when no braced denominator follows."""
    numerator_end = closing_brace(text, brace)
    if numerator_end >= len(text):
        return None
    start = skip_spaces(text, numerator_end + 1)
    if not text.startswith("{", start):
        return None
    return numerator_end, start, closing_brace(text, start)


# TeX takes one token as an unbraced argument: \tfrac13 is \tfrac{1}{3}, \frac1{x} is \frac{1}{x}.
_FRAC_TWO_DIGITS = re.compile(r"(\\[dtc]?frac)\s*(\d)\s*(\d)")
_FRAC_DIGIT_FIRST = re.compile(r"(\\[dtc]?frac)\s*(\d)(?=\s*\{)")
_FRAC_DIGIT_SECOND = re.compile(r"(\\[dtc]?frac\s*\{[^{}]*\})\s*(\d)")


def braced_fraction_arguments(text: str) -> str:
    """``\\tfrac13`` -> ``\\tfrac{1}{3}``: single-digit arguments without braces, as TeX reads them."""
    text = _FRAC_TWO_DIGITS.sub(r"\1{\2}{\3}", text)
    text = _FRAC_DIGIT_FIRST.sub(r"\1{\2}", text)
    return _FRAC_DIGIT_SECOND.sub(r"\1{\2}", text)


def normalize_latex(text: str, variable: str) -> str:
    """Rewrite the LaTeX that models write into the subset the grammar reads the way we mean it."""
    text = braced_fraction_arguments(_LATEX_FENCES.sub("", text))
    text = _LATEX_SPACING.sub(" ", _SPACED_ARGUMENT.sub(r"\1(\2)", text))
    text = _LATEX_NAMED.sub(_named, text)
    text = _NAMED_BARE_ARGUMENT.sub(r"\1(\2)", text)
    text = _bracket_integrals(differentials_out_of_fractions(text))
    text = _cut_glued_names(text, variable)
    text = _LATEX_BARE_FUNCTION.sub(r"\\\1", text)
    text = re.sub(r"\\log(?!\s*_)(?![A-Za-z])", r"\\ln", text)  # natural log, as in calculus
    # \Gamma and \erf-like commands the grammar lacks become named functions (checked by the builder).
    text = re.sub(r"\\Gamma(?![A-Za-z])", r"\\mathrm{gamma}", text)
    text = LATEX_COMMAND.sub(
        lambda m: (
            rf"\mathrm{{{m[1]}}}"
            if m[1] in ALL_FUNCTION_NAMES and m[1] not in LATEX_NATIVE_FUNCTIONS
            else m[0]
        ),
        text,
    )
    text = _unwrap_braced_arguments(text)
    if _mixed_number(text):  # 3\frac{1}{2} renders 3½: the plain reader refuses 1½ too (rounds 44, 46)
        raise ParseError(ParseRefusal.AMBIGUOUS, "a number before a numeric fraction (3½: 3 + 1/2 or 3/2?)")
    text = re.sub(r"(\d)\s*(\\[dtc]?frac)(?![A-Za-z])", r"\1\\cdot\2", text)  # 2\frac{x}{2} is 2*(x/2)
    text = text.replace("**", "^")
    text = re.sub(r"\^\s*(-?\d+(?:\.\d+)?)", r"^{\1}", text)  # x^10 means x^{10}, x^-1 means x^{-1}
    text = re.sub(r"\\div(?![A-Za-z])", "/", text)  # \ln x \div x is ln(x)/x, as ln x/x (round 44)
    text = rewrite_divisions(text, LATEX_NATIVE_FUNCTIONS)
    return _UNBRACKETED_ARGUMENT.sub(r"\1(\2)", text)


# \mathrm{sech}^{2}x: a named function before an unbracketed argument gets its brackets (natively named
# functions go back to their command, which the grammar reads with a bare argument: \operatorname{arctan} x).
_NAMED_BARE_ARGUMENT = re.compile(
    r"(\\mathrm\{[A-Za-z]+\}(?:\s*\^\s*(?:\{[^{}]*\}|\w))?)\s*(\d*\.?\d*\s*[A-Za-z](?![A-Za-z])(?:\s*\^\s*(?:\{[^{}]*\}|\w))?)"
)


def _named(match: re.Match[str]) -> str:
    name = match[1]
    if len(name) == 1:
        return name
    return f"\\{name}" if name in LATEX_NATIVE_FUNCTIONS else rf"\mathrm{{{name}}}"


_FRACTION_OF_DIFFERENTIAL = re.compile(
    r"\\[dtc]?frac\s*\{\s*(\d*)\s*(?:\\[,;:!]\s*)?d\s*([A-Za-z])\s*\}\s*\{"
)


def differentials_out_of_fractions(text: str) -> str:
    """``\\frac{dx}{1+x^{2}}`` is ``\\frac{1}{1+x^{2}} dx``: the differential moves out of the numerator."""
    while (match := _FRACTION_OF_DIFFERENTIAL.search(text)) is not None:
        close = closing_brace(text, match.end() - 1)
        if close >= len(text):
            break
        numerator = match[1] or "1"
        denominator = text[match.end() : close]
        text = f"{text[: match.start()]}\\frac{{{numerator}}}{{{denominator}}} d{match[2]}{text[close + 1 :]}"
    return text


def closing_brace(text: str, open_index: int) -> int:
    """Index of the brace closing the one at ``open_index``; ``len(text)`` if it is never closed."""
    depth = 0
    for i in range(open_index, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


def _bracket_integrals(text: str) -> str:
    """Each ``\\int ... dx`` in brackets of its own.

    The grammar lets an integral run to the *last* differential of the field, so ``\\int x dx + \\int x^2 dx``
    would read as one integral of ``x dx + \\int x^2``; bracketed, each integral ends at its own ``dx``.
    """
    starts = [m.start() for m in re.finditer(r"\\int(?![A-Za-z])", text)]
    if not starts:
        return text
    spans = []
    for start in starts:
        end = _differential_end(text, start + 4)
        if end is not None:
            spans.append((start, end))
    for start, end in sorted(spans, reverse=True):  # innermost and last first keeps earlier offsets valid
        text = f"{text[:start]}({text[start:end]}){text[end:]}"
    return text


def _differential_end(text: str, i: int) -> int | None:
    """Index just past the differential that closes the integral whose body starts at ``i``."""
    depth = nested = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            word = re.match(r"\\[A-Za-z]+", text[i:])
            if word is not None:
                nested += word[0] == "\\int"
                i += len(word[0])
                continue
        elif char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        elif char == "d" and depth == 0 and (i == 0 or not text[i - 1].isalpha()):
            differential = re.match(r"d\s*[A-Za-z](?![A-Za-z])", text[i:])
            if differential is not None:
                if nested == 0:
                    return i + len(differential[0])
                nested -= 1
        i += 1
    return None


_BRACED_ARGUMENT = re.compile(r"\\mathrm\{[A-Za-z]+\}\s*\{\s*\(")


def _unwrap_braced_arguments(text: str) -> str:
    """``\\mathrm{erf}{(x - 1)}`` (SymPy's own LaTeX for named functions) becomes ``\\mathrm{erf}(x - 1)``.

    The grammar reads a braced group after a named function as a product, so the call is unwrapped when
    the braces hold exactly one parenthesised argument.
    """
    out, start = [], 0
    for match in _BRACED_ARGUMENT.finditer(text):
        if match.start() < start:
            continue
        brace = text.index("{", text.index("}", match.start()) + 1)
        i = closing_bracket(text, match.end() - 1)
        close = i + 1
        while close < len(text) and text[close] == " ":
            close += 1
        if i < len(text) and close < len(text) and text[close] == "}":
            out.append(text[start:brace] + text[brace + 1 : i + 1])
            start = close + 1
    out.append(text[start:])
    return "".join(out)


def _cut_glued_names(text: str, variable: str) -> str:
    """Runs of letters outside commands, as plain text reads them: ``xsin x`` -> ``x \\sin x``.

    The grammar reads any run of letters as a product of single letters, so a run is cut the way
    ``validators.parse_names`` cuts a glued name (and refused when that refuses: ``where``), function names
    get their backslash, ``constant`` stays one symbol, a differential (``dx``) is left to the grammar.
    """

    def cut(match: re.Match[str]) -> str:
        word = match[1]
        if word is None or is_differential(word, variable) or word == variable:
            return match[0]
        if word in ALL_FUNCTION_NAMES:
            return "\\" + word + " "
        if word in WORD_SYMBOLS:
            return rf"\mathrm{{{word}}}"
        if word == "pi" or word in GREEK_NAMES:  # theta without its backslash is not t*h*e*t*a
            return f"\\{word} "
        if word in RESERVED_NAMES:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"{word!r} is not math")
        if is_known(word, variable):
            return word
        pieces = split_name(word, variable)
        if pieces is None:
            return word
        return " ".join(f"\\{p} " if p in ELEMENTARY_FUNCTIONS or p == "pi" else p for p in pieces)

    return _LETTER_RUN.sub(cut, text)
