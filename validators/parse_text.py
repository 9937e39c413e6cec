"""Text clean-up before either reader: JSON damage, unicode, wrappers, ``F(x) =``, a trailing ``dx``.

Everything here works on the text alone and builds nothing; the readers come after.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from validators.math_language import ALL_FUNCTION_NAMES, CONSTANT_NAMES, GREEK_NAMES
from validators.parse_refusals import ParseError, ParseRefusal

_JSON_ESCAPED_COMMAND = re.compile(r"[\b\f\t\r\n](?=[a-zA-Z])")
_JSON_ESCAPES = {"\b": "\\b", "\f": "\\f", "\t": "\\t", "\r": "\\r", "\n": "\\n"}

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                            "\u202f\u205f\u3000"), " ")  # fmt: skip
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SYMBOLS = str.maketrans({
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "﹣": "-", "－": "-", "＋": "+",
    "×": "*", "✕": "*", "∗": "*", "·": "*", "⋅": "*", "∙": "*", "•": "*", "÷": "/", "∕": "/",
    "′": "'", "″": "''", "₀": "_0", "₁": "_1", "₂": "_2", "₃": "_3", "₄": "_4", "₅": "_5", "₆": "_6",
    "₇": "_7", "₈": "_8", "₉": "_9",
})  # fmt: skip
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁿ⁽⁾", "0123456789-+xn()")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁿ⁽⁾]+")
# Rendered, a tower and a second power look alike (a round-26 adversary's x⁸/8): a superscript run after a
# caret's exponent (x^2³, ``power_then``), after another run across a space (x² ³), or before a caret (x³^2).
_SUPERSCRIPT_START = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁿ⁽⁾]")
# x²3 shows x² beside a 3 (read as x^23 once the superscript is a caret), 2³4 shows 2³·4 (read 2^34)
_DIGIT_AFTER_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁿ⁽⁾][0-9.]")
_CARET_AT = re.compile(r"\^|\*\*")
_EXPONENT_WORD = re.compile(r"(?:(?![⁰¹²³⁴⁵⁶⁷⁸⁹ˣⁿ⁽⁾⁻⁺])[\w.])+")  # \w holds superscripts: 2³ is 2, then ³


def power_then(text: str, what: re.Pattern[str]) -> bool:
    """Whether some caret's exponent is followed, whitespace aside, by ``what`` (a superscript, a
    ``<sup>``): one power right after another. The exponent is a signed name or number, a call
    (``sqrt(2)``), a bracket at any depth (``(((2)))``, ``{2}``) or a pair of bars (``|2|``)."""
    for caret in _CARET_AT.finditer(text):
        end = _exponent_end(text, caret.end())
        if end is None:
            continue
        while end < len(text) and text[end].isspace():
            end += 1
        if what.match(text, end):
            return True
    return False


def _exponent_end(text: str, i: int) -> int | None:
    while i < len(text) and (text[i].isspace() or text[i] in "+-"):
        i += 1
    if i < len(text) and text[i] == "|":
        close = text.find("|", i + 1)
        return None if close < 0 else close + 1
    word = _EXPONENT_WORD.match(text, i)
    if word is not None:
        i = word.end()
        if i >= len(text) or text[i] not in "({[":
            return i  # a name or number; followed by a bracket it is a call: its bracket ends it
    if i < len(text) and text[i] in "({[":
        depth = 0
        for j in range(i, len(text)):
            depth += (text[j] in "({[") - (text[j] in ")}]")
            if depth == 0:
                return j + 1
    return None


_STACKED_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹ˣⁿ⁾]\s+[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁿ⁽⁾]|[⁰¹²³⁴⁵⁶⁷⁸⁹ˣⁿ⁾]\s*(?:\^|\*\*)")
_VULGAR_FRACTIONS = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
# e^½x, e**-½x, 4^½√x: is x in the exponent?
_FRACTION_EXPONENT = re.compile(r"(?:\^|\*\*)\s*[-+]?\s*[" + "".join(_VULGAR_FRACTIONS) + r"]\s*[A-Za-z(√∛∜]")
_MIXED_NUMBER = re.compile(r"\d\s*[" + "".join(_VULGAR_FRACTIONS) + "]")  # fmt: skip
_LATEX_ROOTS = {"√": r"\sqrt", "∛": r"\sqrt[3]", "∜": r"\sqrt[4]"}
# Greek letters models use as variables (θ = x/2, then steps in θ); γ, ζ, λ are left out (functions, keyword).
_GREEK_LETTERS = {
    "α": "alpha", "β": "beta", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta", "ϑ": "vartheta",
    "κ": "kappa", "μ": "mu", "ν": "nu", "ξ": "xi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi",
    "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
_ROOT_ARGUMENT = re.compile(r"\s*(\d+(?:\.\d+)?|[A-Za-z]|\\[A-Za-z]+)")

# Markdown bold and inline code too (``**x^2 + C**``, a field written as `` `x + 2` ``): ``**`` cannot open or
# close an expression, nor a backtick.
_WRAPPERS = (
    (r"\(", r"\)"), (r"\[", r"\]"), ("$$", "$$"), ("$", "$"), ("**", "**"), ("```", "```"), ("`", "`"),
)  # fmt: skip
_LHS_LABEL = re.compile(
    r"(?:(?:\\mathrm\{d\}|d)\s*[A-Za-z]|[A-Za-z]{1,2})(?:_\{?\w+\}?)?(?:'|\\prime|\^\{?\\prime\}?)*"
    r"(?:\s*\(\s*[A-Za-z]\w*\s*\))?|d[A-Za-z]\s*/\s*d[A-Za-z]"
)
_DERIVATIVE_MARK = re.compile(
    r"'|\\prime|/\s*d|^(?:\\mathrm\{d\}|d|D)(?:_\{?\w+\}?)?\s*[A-Za-z]"
)  # Df, D_x F

# Words a sentence puts before a field's label: "Let u = x", "then du = dx", "and v = sin(x)".
_LEAD_WORDS = re.compile(r"(?:(?:let|then|so|and|hence|thus|where|with|giving)\s+)+", re.I)
# A LIATE note after a field ("x (algebraic)", "cos(x) dx (trig)"): words no expression spells.
_ANNOTATION = re.compile(
    r"\s*\(\s*(?:inverse\s+)?(?:algebraic|logarithmic|trig|trigonometric|exponential|polynomial|hyperbolic)"
    r"(?:\s+function)?\s*\)\s*$",
    re.I,
)
# A trailing note in brackets in CJK script ("ln x（对数函数）", "+ C（C 为任意常数）"), dropped only when
# it is made of the closed list below: "（再加上一个 x sin x）" (add one more x sin x) carries math, and a
# field that keeps it is refused (round 61's step adversary).
_CJK_NOTE = re.compile(r"\s*\((?P<note>[^()]*[\u3040-\u30ff\u4e00-\u9fff][^()]*)\)\s*$")
_CJK_NOTE_WORDS = re.compile(
    r"其中|这里|此处|为|是|任意|积分|常数|常量|函数|对数|代数|三角|反三角|指数|幂|多项式|"
    r"は|ただし|任意の|積分|定数|関数|対数|指数|三角|逆三角|多項式|代数|べき|"
    r"[CcK](?:_?\d)?|[\s,，、。.:：;；∈ℝR]"
)
# A trailing LaTeX note: "x - 3 \quad \text{(algebraic)}": words in brackets, or after a \quad (never
# "+ \text{const}", a constant, or \text{d}x); dropped only when its words are all of _NOTE_WORDS
# ("\quad \text{(plus e to the x once more)}" is math in words: round 61).
_LATEX_NOTE = re.compile(
    r"(?:\s|\\[,;])*(?:\\q?quad(?:\s|\\[,;]|\\q?quad)*\\text\{\s*\(?(?P<a>[A-Za-z][A-Za-z ,-]{2,})\)?\s*\}"
    r"|\\text\{\s*\((?P<b>[A-Za-z][A-Za-z ,-]{2,})\)\s*\})\s*$"
)
# Words a note may hold without carrying math: LIATE kinds, the constant of integration, the rule used.
_NOTE_WORDS = frozenset(
    {"algebraic", "logarithmic", "log", "trig", "trigonometric", "exponential", "polynomial", "hyperbolic",
     "inverse", "function", "functions", "constant", "constants", "arbitrary", "real", "integration", "of",
     "the", "a", "an", "is", "where", "with", "c", "k", "by", "parts", "chain", "rule", "liate", "choice",
     "chosen", "choose", "for", "u", "dv", "so", "it", "simplifies", "simplify", "simpler", "this", "that",
     "from", "using", "used", "use", "power", "formula", "step", "above", "previous", "substitution",
     "let", "then", "and", "hence", "thus", "giving", "we", "take", "set", "since", "here", "our",
     "first", "second", "third", "round", "again", "next", "now", "last", "final", "new", "pick", "part",
     "integral", "remaining", "rest", "other", "time", "in", "on", "at", "to", "as", "before", "after"}
)  # fmt: skip
_INTEGRAL_IN_WORDS = re.compile(r"(?<![A-Za-z])(?:the\s+)?integral\s+of\s+(?=\S)", re.I)
_CALLED_DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])d\(\s*([A-Za-z])\s*\)\s*$")
# A plain-text differential over one atom, as the whole field: "dx/x^2", "dt/(t + 1)", "dx/x".
_DIFFERENTIAL_OVER = re.compile(
    r"\s*(?P<num>\d+(?:\s*[A-Za-z](?:\^\d+)?)?|[A-Za-z](?:\^\d+)?)?\s*"  # 2x dx/(x^2 + 9): (2x/(x^2 + 9)) dx
    r"d(?P<var>[A-Za-z])\s*/\s*"
    r"(?P<den>(?:[A-Za-z]+|\d+)(?:\^\(?-?\d+\)?)?|(?:sqrt|√)?\([^()]*\)(?:\^\(?-?\d+\)?)?)\s*"
)
_LHS_CALCULUS = ("\\int", "∫", "integrate", "Integral", "\\frac{d", "d/d", "Derivative", "diff")
_NOT_ASSIGNMENT = "=<>!:"

_INTEGRAL_SIGN = re.compile(r"∫|\\i*nt(?![A-Za-z])|\\oint")
_TRAILING_DIFFERENTIAL = re.compile(
    r"(?P<sep>(?:\s|\\[,;:! ]|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])|\*)*)"
    r"(?P<d>\\(?:mathrm|text|textrm|operatorname|mathop|rm)\s*\{\s*d\s*\}|d)"
    r"\s*(?P<var>\\?[A-Za-z]+|\{\s*\\?[A-Za-z]+\s*\})\s*$"
)
_DIFFERENTIAL_TAIL = 80
_GREEK_VARIABLES = GREEK_NAMES - {"pi", "lambda"}


def restore_json_escapes(text: str) -> str:
    """Undo what JSON did to LaTeX written with single backslashes.

    A model writing ``"\\frac"`` inside a JSON string means the LaTeX command, but JSON decodes it to a form
    feed followed by ``rac`` (likewise ``\\theta``, ``\\beta``, ``\\nabla``, ``\\right``). A control character
    directly followed by a letter never occurs in real math, so it is read back as backslash + letter.
    """
    return _JSON_ESCAPED_COMMAND.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ", ", "：": ": ", "；": "; ", "。": ". ", "＝": "="})


def normalize_spaces(text: str) -> str:
    """Non-breaking, thin and zero-width spaces become plain spaces (or nothing); full-width brackets and
    punctuation (``（`` ``，`` ``。``, as Chinese prose writes them) their ASCII forms; mathematical italic
    and bold letters and digits (``2𝑥``, ``e^(6𝑥)``, ``d𝑥``: a round-13 answer) their plain ones."""
    text = text.translate(_SPACES).translate(_INVISIBLE).translate(FULL_WIDTH)
    return text.translate(_MATH_ALPHANUMERIC) if any(ord(c) >= 0x1D400 for c in text) else text


# U+1D400-U+1D7FF (𝑥, 𝐱, 𝒙, 𝟐 ...): each the letter or digit it is a style of (its compatibility form).
_MATH_ALPHANUMERIC = {
    cp: plain
    for cp in range(0x1D400, 0x1D800)
    if len(plain := unicodedata.normalize("NFKC", chr(cp))) == 1 and plain != chr(cp)
}


def normalize_unicode(text: str, latex: bool) -> str:
    """Unicode operators, superscripts, roots, Greek letters, π, ∞ and ∫ in the spelling of the reader that
    gets the text.

    Plain text keeps ``√``, ``∛``, ``∜`` and ``∫`` for ``validators.parse_plain``; LaTeX gets commands.
    """
    text = _fraction_slashes(text.translate(_SYMBOLS))
    if _MIXED_NUMBER.search(text):  # 1½: one and a half, or 1·½? (a round-25 adversary's wrong answers)
        raise ParseError(ParseRefusal.AMBIGUOUS, "a digit before a vulgar fraction (a mixed number?)")
    if _FRACTION_EXPONENT.search(text):
        raise ParseError(ParseRefusal.AMBIGUOUS, "e^½x: is x in the exponent? write e^(x/2) or e^(1/2)*x")
    if _STACKED_SUPERSCRIPT.search(text) or power_then(text, _SUPERSCRIPT_START):  # x^2³, x² ³, x³^2
        raise ParseError(ParseRefusal.AMBIGUOUS, "a superscript next to another exponent (a tower?)")
    if _DIGIT_AFTER_SUPERSCRIPT.search(text):
        raise ParseError(ParseRefusal.AMBIGUOUS, "a digit right after a superscript (x²3: x²·3, or x²³?)")
    text = _SUPERSCRIPT_RUN.sub(lambda m: _superscript(m[0].translate(_SUPERSCRIPTS), latex), text)
    for char, (p, q) in _VULGAR_FRACTIONS.items():
        text = text.replace(char, f"{{\\frac{{{p}}}{{{q}}}}}" if latex else f"({p}/{q})")
    text = _greek(text, latex)
    if not latex:
        return text.replace("π", "pi").replace("∞", "oo")
    text = text.replace("π", r"\pi ").replace("∞", r"\infty ").replace("∫", r"\int ")
    return _latex_roots(text)


_GREEK_LETTER = re.compile("[" + "".join(_GREEK_LETTERS) + "]")


def _fraction_slashes(text: str) -> str:
    """U+2044 is a division slash as answers use it (a round-8 writer's ``x^3⁄3`` is x³/3; reading it as the
    fraction a font composes, x^(3/3), labelled true claims incorrect), except right after an exponent, where
    a font may compose it into the exponent (``x^5⁄3``, ``2e^x⁄2``: a round-40 adversary's): refused there."""
    if "⁄" not in text:
        return text
    if re.search(r"(?:\^|\*\*)\s*[-+]?[\w.]+\s*⁄", text):  # x^5⁄3, x**5⁄3 (round 44)
        raise ParseError(ParseRefusal.AMBIGUOUS, "a fraction slash (⁄) after an exponent: in it or not?")
    return text.replace("⁄", "/")


def _greek(text: str, latex: bool) -> str:
    """Greek letters as the names the readers know: ``\\theta`` for LaTeX; in plain text ``theta``, after a
    space when a letter precedes (``sinθ``, ``xθ``), and left as it is (so refused) when a letter or digit
    follows (``θx``, ``θ2``: one name glued to the next would be a guess)."""
    if not _GREEK_LETTER.search(text):
        return text

    def name(match: re.Match[str]) -> str:
        word = _GREEK_LETTERS[match[0]]
        if latex:
            return f"\\{word} "
        after = text[match.end() : match.end() + 1]
        if after.isascii() and after.isalnum():
            return match[0]
        before = text[match.start() - 1 : match.start()]
        return (" " if before.isascii() and before.isalpha() else "") + word

    return _GREEK_LETTER.sub(name, text)


def greek_letters_as_names(text: str) -> str:
    """``θ = x/2`` -> ``theta = x/2``: Greek letters spelled as plain text reads them (explanations)."""
    return _greek(text, latex=False)


def _superscript(power: str, latex: bool) -> str:
    if latex:
        return f"^{{{power}}}"
    return f"^{power} " if power.isdigit() else f"^({power})"  # the space: e²x² is e²·x², its x no exponent


def _latex_roots(text: str) -> str:
    """``√x``, ``√(x+1)``, ``∛{x}`` -> ``\\sqrt{x}``, ``\\sqrt{x+1}``, ``\\sqrt[3]{x}``."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char not in _LATEX_ROOTS:
            out.append(char)
            i += 1
            continue
        out.append(_LATEX_ROOTS[char])
        rest = text[i + 1 :].lstrip()
        skipped = len(text) - i - 1 - len(rest)
        if rest.startswith("("):
            close = closing_bracket(rest, 0)
            out.append("{" + rest[1:close] + "}")
            i += 1 + skipped + close + 1
        elif (argument := _ROOT_ARGUMENT.match(rest)) is not None:
            out.append("{" + argument[1] + "}")
            i += 1 + skipped + argument.end()
        else:
            i += 1 + skipped
    return "".join(out)


def closing_bracket(text: str, open_index: int) -> int:
    """Index of the bracket closing the one at ``open_index``; ``len(text)`` if it is never closed."""
    depth = 0
    for i in range(open_index, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


_ONE_MATH_SPAN = re.compile(r"(?P<before>[^$]*)\$(?P<math>[^$]+)\$(?P<after>[^$]*)")
_PROSE = re.compile(r"[A-Za-z ,;:.()'-]*")
_MATH_WORDS = re.compile(
    r"\b(?:plus|minus|times|over|squared|cubed|power|half|twice|double|negative|divided|multiplied|"
    r"constant|C|sign|inverse|reciprocal|root|log|ln|sin|cos|tan|exp|e|x|t|u|v|dx|dt|du|dv)\b",
    re.IGNORECASE,
)


def unwrap(text: str) -> str:
    """Strip ``$...$``, ``\\(...\\)``, ``\\[...\\]`` and a final full stop. A field with one ``$...$``
    span and only words around it (``Let $u = x + 2$ (algebraic, so it simplifies)``) is that span: the
    words carry no math to check (two spans, or math outside, stay whole for the reader to refuse). The
    words must all be of the closed list _NOTE_WORDS: "$\\cos x$, negated" is math in words (round 61)."""
    text = text.strip()
    span = _ONE_MATH_SPAN.fullmatch(text)
    words = f"{span['before']} {span['after']}" if span else ""
    if words.strip() and _PROSE.fullmatch(words) and not _MATH_WORDS.search(words) and only_note_words(words):
        text = f"${span['math']}$"
    for _ in range(3):  # **`x^2`**: markdown around code, code around math
        for opening, closing in _WRAPPERS:
            fits = len(text) >= len(opening) + len(closing)
            if fits and text.startswith(opening) and text.endswith(closing):
                text = text[len(opening) : len(text) - len(closing)].strip()
                break
        else:
            break
    if text.endswith((".", ",")) and not text[-2:-1].isdigit():
        text = text[:-1].rstrip()
    return text


def top_level(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every character outside all brackets (the brackets themselves left out):
    where a field's ``=`` or a call's ``,`` can cut it."""
    depth = 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            yield i, char


def calculus_sides(text: str, *, any_left: bool = False) -> tuple[str, str] | None:
    """(left, right) of ``<left> = <right>`` when the left holds an integral or derivative (``\\int g\\,dx``,
    ``x e^x - ∫ e^x dx``) — or, with ``any_left``, is any expression but a label — else None; the caller
    decides whether it is a label or a claim of its own."""
    cuts = [i for i, char in top_level(text) if char == "=" and not _around_is_relation(text, i)]
    if len(cuts) != 1:
        return None
    left = text[: cuts[0]].strip()
    left = left[_LEAD_WORDS.match(left).end() :] if _LEAD_WORDS.match(left) else left
    calculus = any(marker in left for marker in _LHS_CALCULUS)
    if not left or _LHS_LABEL.fullmatch(left) or not (calculus or any_left):
        return None
    return left, text[cuts[0] + 1 :]


def equation_members(text: str) -> list[str] | None:
    """The members of ``A = B = C`` (every ``=`` outside brackets that is no relation), a leading label
    (``F(x) =``, lead words dropped) left out; None with fewer than two members."""
    cuts = [i for i, char in top_level(text) if char == "=" and not _around_is_relation(text, i)]
    if not cuts:
        return None
    members = [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    first = members[0].strip()
    first = first[_LEAD_WORDS.match(first).end() :] if _LEAD_WORDS.match(first) else first
    if not first or _LHS_LABEL.fullmatch(first):
        members = members[1:]
    else:
        members[0] = first
    return members if len(members) >= 2 else None


def names_a_derivative(text: str) -> bool:
    """Whether the text opens with a label that names a derivative: ``F'(x) =``, ``y′ =``, ``dy/dx =``,
    ``dF =``, ``F^{\\prime}(x) =``. Dropped like ``F(x) =``, its right side would pass for F itself — in a
    final antiderivative it is the derivative (a round-26 adversary's ``F'(x) = x^2/2`` for x)."""
    text = text.replace("′", "'").replace("″", "''")
    cuts = [i for i, char in top_level(text) if char == "=" and not _around_is_relation(text, i)]
    if not cuts:
        return False
    first = text[: cuts[0]].strip()
    first = first[_LEAD_WORDS.match(first).end() :] if _LEAD_WORDS.match(first) else first
    return bool(_LHS_LABEL.fullmatch(first) and _DERIVATIVE_MARK.search(first))


def _around_is_relation(text: str, i: int) -> bool:
    return any(c in _NOT_ASSIGNMENT for c in text[i - 1 : i] + text[i + 1 : i + 2])


def right_hand_side(text: str) -> str:
    """``F(x) = ...``, ``du = ...``, ``\\int g\\,dx = ...`` -> the right side; other equations are refused."""
    cuts = []
    for i, char in top_level(text):
        if char == "=":
            around = text[i - 1 : i] + text[i + 1 : i + 2]
            if not any(c in _NOT_ASSIGNMENT for c in around):
                cuts.append(i)
    if not cuts:
        return text
    if len(cuts) > 1:  # "∫ g dx = A + C = B + C": every member a claim (parse_chain)
        raise ParseError(ParseRefusal.CHAIN, "more than one '='")
    left = text[: cuts[0]].strip()
    left = left[_LEAD_WORDS.match(left).end() :] if _LEAD_WORDS.match(left) else left
    # "= x*sin(x) + cos(x) + C": a result written as the right side of the step's equation
    if left and not (_LHS_LABEL.fullmatch(left) or any(marker in left for marker in _LHS_CALCULUS)):
        raise ParseError(  # two claims ("2x + x = 3x"): a step result reads both (parse_chain)
            ParseRefusal.CHAIN, f"an equation, and {left[:40]!r} is not a name for it"
        )
    return text[cuts[0] + 1 :]


_MODULE_PREFIX = re.compile(r"(?<![\w.])(?:np|numpy|math|cmath|sp|sympy|Math)\.(?=[A-Za-z_]\w*)")
_JAVASCRIPT_CONSTANTS = re.compile(r"(?<![\w.])Math\.(PI|E)\b")
_MAPLE_PI = re.compile(r"(?<![\w.])Pi(?![\w(\[])")  # Maple's and Mathematica's name for pi
_ELEMENTWISE = re.compile(r"\.(?=[*/^])")


# Names a module gives another meaning than SymPy's (a round-34 adversary's np.sinc(x), sin(πx)/(πx), read as
# sin(x)/x; np.cbrt is the real cube root, SymPy's the principal one), and math's tau (2π, a free tau once
# the prefix went).
_OTHER_MEANING = re.compile(r"(?<![\w.])(?:np|numpy|math|Math)\.(sinc|cbrt)\b")
_TAU = re.compile(r"(?<![\w.])(?:np|numpy|math|cmath)\.tau\b")
# After a module's prefix, a name the language knows; any other (np.euler_gamma, Math.SQRT2: round 36) would
# be read as a free symbol
_MODULE_NAMES = ALL_FUNCTION_NAMES | CONSTANT_NAMES | {"Rational", "Integer", "Float", "Symbol"}


def code_spellings(text: str) -> str:
    """Spellings from code, each with one meaning: a module prefix on a function or constant
    (``np.exp(3*x)``, ``math.pi``, ``sp.Integral``: the name after it is then read, or refused, like any
    other; JavaScript's ``Math.exp``, ``Math.PI``, ``Math.E`` too), Maple's ``Pi`` and MATLAB's element-wise
    operators (``x.^2``, ``a.*b``, ``1./x``: for scalars the plain ones; ``1./x`` is also Python's ``1.0/x``,
    the same value). For SymPy syntax, not LaTeX."""
    text = _MAPLE_PI.sub("pi", _JAVASCRIPT_CONSTANTS.sub(lambda m: "pi" if m[1] == "PI" else "E", text))
    if other := _OTHER_MEANING.search(text):
        raise ParseError(ParseRefusal.AMBIGUOUS, f"{other[0]}: the module's {other[1]} is not SymPy's")
    text = _TAU.sub("(2*pi)", text)
    for prefix in _MODULE_PREFIX.finditer(text):
        name = re.match(r"\w+", text[prefix.end() :])[0]
        if name not in _MODULE_NAMES:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"{prefix[0]}{name}: a name of the module not read")
    return _ELEMENTWISE.sub("", _MODULE_PREFIX.sub("", text))


def words_out(text: str) -> str:
    """Words with one mathematical meaning, out: a trailing LIATE note (``x (algebraic)`` is ``x``, also as
    ``\\quad \\text{(algebraic)}`` or in CJK script) and ``integral of h dx`` (``∫ h dx``). Other words are
    left for the readers to refuse."""
    text = _ANNOTATION.sub("", text, count=1)
    cjk = _CJK_NOTE.search(text)
    if cjk and not _CJK_NOTE_WORDS.sub("", cjk["note"]):
        text = text[: cjk.start()]
    latex = _LATEX_NOTE.search(text)
    if latex and only_note_words(latex["a"] or latex["b"]):
        text = text[: latex.start()]
    return _INTEGRAL_IN_WORDS.sub("∫ ", text)


def only_note_words(words: str) -> bool:
    """Are all the words of a note among those that carry no math (_NOTE_WORDS)?"""
    return all(w.lower() in _NOTE_WORDS for w in re.findall(r"[A-Za-z]+", words))


def split_differential(text: str, variable: str) -> tuple[str, str | None]:
    """``2x dx`` -> (``2x``, ``"x"``); a field that is only ``dx`` is ``1``; no differential -> (text, None).

    Only a differential that ends the field and follows a factor is taken (``x + dx`` keeps its ``dx``,
    which the reader then refuses), and never when the field holds an integral sign: its ``dx`` belongs
    to the integral.
    """
    text = _CALLED_DIFFERENTIAL.sub(r" d\1", text)  # "x^4 d(x)": d is no function of the language
    over = _DIFFERENTIAL_OVER.fullmatch(text)
    if over and (len(over["var"]) == 1 or over["var"] == variable):
        return f"({over['num'] or 1})/({over['den']})", over["var"]
    tail = max(0, len(text) - _DIFFERENTIAL_TAIL)  # the search is quadratic in what it scans
    match = _TRAILING_DIFFERENTIAL.search(text, tail)
    if match is None or _INTEGRAL_SIGN.search(text):
        return text, None
    name = match["var"].strip("{} \\")
    if not (len(name) == 1 or name == variable or name in _GREEK_VARIABLES):
        return text, None
    rest = text[: match.start()].rstrip()
    if not rest:
        return "1", name
    glued = not match["sep"] and match["d"] == "d"
    if glued and rest[-1].isalpha():
        word = re.search(r"[A-Za-z]+$", rest)[0]  # type: ignore[index]
        if not (word == variable or len(word) == 1) or rest[: -len(word)].endswith("\\"):
            return text, None
    if rest[-1] in "+-*/^(=,_" or rest.endswith(("\\cdot", "\\times", "\\left(")):
        return text, None
    return rest, name


def bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest
