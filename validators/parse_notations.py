"""Other tools' spellings of the same mathematics: chat-UI HTML, Maxima/Sage code and Typst math.

Answers are copied out of chat interfaces that render HTML (``x<sup>2</sup>&middot;e<sup>&minus;4x</sup>``),
written by models imitating a CAS (Maxima's ``%e^(-7*x)``, ``'integrate(h, x)``, ``+ %c``), with a log's base
as a plain-text subscript (``log_2(x)``, ``x log_2 x``: as LaTeX's ``\\log_2 x``), or typesetting in
Typst (``integral x e^(-4x)/2 dif x``, ``frac(a, b)``). Each spelling below has one meaning, so it is
rewritten into the plain math the readers know before anything is read; nothing is evaluated, and whatever
else the text holds is left for the readers to accept or refuse (a round-14 writer's answers in these three
styles had 0 of 30 all-true answers accepted before).
"""

from __future__ import annotations

import html
import re
import unicodedata

from validators.math_language import ALL_FUNCTION_NAMES
from validators.parse_refusals import ParseError, ParseRefusal
from validators.parse_text import normalize_spaces, power_then

__all__ = ["other_notations"]

# --- HTML: entities, <sup> as a power, presentational tags dropped
_HTML_HINT = re.compile(r"&#?\w+;|</?(?:sup|sub|i|b|em|strong|var|span|p|br|mi|mn|mo)\b", re.IGNORECASE)
# Only bare tags: a tag with attributes may hide its text (<span style="display:none">), so it is left for
# the reader to refuse (a round-23 adversary hid "+ x" that way).
_PRESENTATION_TAG = re.compile(r"</?(?:i|b|em|strong|var|span|p|br|mi|mn|mo|math|mrow)\s*/?>", re.IGNORECASE)
# --- Maxima / Sage
_MAXIMA_CONSTANT = re.compile(r"%(e|pi|i|[ck]\d*|r\d*)\b")
_MAXIMA_INTEGRATION_CONSTANT = re.compile(r"%[ck]\d*\b")  # %e beside a C is no second constant
_MAXIMA_CONSTANTS = {"e": "e", "pi": "pi", "i": "I"}  # %c -> C, %c1 -> C_1, %k2 -> K_2 (each its own)
# Adjacent powers: x<sup>2</sup><sup>3</sup> renders as x²³, and x^2<sup>3</sup> as x²³ or a tower.
_STACKED_SUP = re.compile(r"(?:</sup\s*>|[⁰¹²³⁴⁵⁶⁷⁸⁹ˣⁿ⁾])\s*<sup\b|</sup\s*>\s*(?:\^|\*\*)", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(name.lower() for name in ALL_FUNCTION_NAMES) | {"ln", "lg", "tg", "arc", "sen"}
_SUP_TAG = re.compile(r"<sup\b", re.IGNORECASE)
_EMPTY_SUP = re.compile(r"<sup\s*>\s*</sup\s*>", re.IGNORECASE)  # x<sup>2</sup><sup></sup> is x²
_OTHER_CONSTANT = re.compile(r"[CcKk]")  # in the probe, function names and %-names taken out
_SUBSCRIPT_INDEX = re.compile(r"(?<=[A-Za-z])<sub\s*>(\d{1,2})</sub\s*>", re.IGNORECASE)  # C<sub>1</sub>: C_1
_NOUN_FORM = re.compile(r"'(?=(?:integrate|diff)\s*\()")  # 'integrate(h, x): the unevaluated integral
# --- a log to a base written as a subscript in plain text: log_2(x), log_{10} x (LaTeX's \log_2 is read)
_LOG_BASE = re.compile(r"(?<![\w\\])log_(?:\{(\d+)\}|(\d+))")
_LOG_SUBSCRIPT = re.compile(r"(?<![\w])log([₀₁₂₃₄₅₆₇₈₉]+)")
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_LOG_TOKEN = re.compile(r"\s+([A-Za-z]|\d+)(?=\s*(?:$|[-+)/,;]))")  # log_2 x: one name, nothing bound to it
# --- Typst
_TYPST_INTEGRAL = re.compile(r"(?<![\w\\])integral(?![\w(])(?!\s+of\b)")  # "integral of h dx": words_out
_TYPST_DIFFERENTIAL = re.compile(r"(?<![\w\\])dif\s+(?=[A-Za-z]\b)")
_TYPST_FRAC = re.compile(r"(?<![\w\\])frac\s*\(")
_TYPST_ROOT = re.compile(r"(?<![\w\\])root\s*\(\s*\d")  # Typst root(3, x); SymPy's is root(x, 3)


def other_notations(text: str) -> str:
    """``text`` with HTML, Maxima and Typst spellings written as plain math (unchanged when it has none)."""
    if "&" in text or "<" in text:
        text = _html_out(text)
    if "%" in text or "'" in text:
        text = _NOUN_FORM.sub("", _maxima_constants(text))
    if "log" in text:  # log₂(x): the subscript digits as log_2, before the base is read
        text = _LOG_SUBSCRIPT.sub(lambda m: "log_" + m[1].translate(_SUBSCRIPT_DIGITS), text)
    if "log_" in text and "\\" not in text:
        text = _logs_to_a_base(text)
    if "integral" in text or "dif" in text or "frac" in text:
        text = _TYPST_DIFFERENTIAL.sub("d", _TYPST_INTEGRAL.sub("∫", text))
        text = _fractions_as_quotients(text)
    if "root" in text and _TYPST_ROOT.search(text):
        raise ParseError(
            ParseRefusal.AMBIGUOUS, "root(n, ...) with a number first: Typst's n-th root or SymPy's?"
        )
    return text


def _html_out(text: str) -> str:
    if not _HTML_HINT.search(text):
        return text
    # judged as rendered: empty bare tags and invisible characters between two powers show nothing
    text = _EMPTY_SUP.sub("", text)
    rendered = _EMPTY_SUP.sub("", normalize_spaces(html.unescape(_PRESENTATION_TAG.sub("", text))))
    if _STACKED_SUP.search(rendered) or power_then(rendered, _SUP_TAG):
        raise ParseError(ParseRefusal.AMBIGUOUS, "a <sup> right after another exponent (x²³, or a tower?)")
    text = _SUBSCRIPT_INDEX.sub(r"_\1", text)
    for _ in range(4):  # x<sup>e<sup>2</sup></sup>: innermost first
        text, count = re.subn(r"<sup\s*>((?:(?!<sup).)*?)</sup\s*>", r"^(\1)", text, flags=re.IGNORECASE)
        if not count:
            break
    return html.unescape(_PRESENTATION_TAG.sub("", text)).replace("\u00a0", " ")


def _logs_to_a_base(text: str) -> str:
    """``log_2(u)`` is ``(log(u)/log(2))`` — bracketed whole, so ``log_2(x)^2`` is (log x / log 2)**2 —
    and ``log_2 x`` the same for one name or number; anything else after ``log_b`` is left (and refused)."""
    out, position = [], 0
    for match in _LOG_BASE.finditer(text):
        base, rest = match[1] or match[2], match.end()
        if text[rest : rest + 1] == "(":
            args, end = _call_arguments(text, rest + 1)
            if args is None or len(args) != 1:
                continue
            argument = args[0]
        elif token := _LOG_TOKEN.match(text, rest):
            argument, end = token[1], token.end()
        else:
            continue
        out.append(f"{text[position : match.start()]}(log({argument})/log({base}))")
        position = end
    return "".join(out) + text[position:]


def _maxima_constants(text: str) -> str:
    """``%e``, ``%pi``, ``%i`` by name; ``%c``, ``%c1``, ``%k2`` as C, C_1, K_2 — distinct constants stay
    distinct (all read as one C, ``%c1*x - %c2*x`` cancelled: a round-26 adversary's wrong answers). A name
    the text also spells itself (``C*x - %c*x``) and Maxima's solve parameters ``%r1`` are refused."""

    def constant(match: re.Match[str]) -> str:
        name = match[1]
        if name in _MAXIMA_CONSTANTS:
            return _MAXIMA_CONSTANTS[name]
        if name.startswith("r"):
            raise ParseError(ParseRefusal.AMBIGUOUS, f"%{name}: a parameter of a solution, not a constant")
        return name[0].upper() + (f"_{name[1:]}" if len(name) > 1 else "")

    if _MAXIMA_INTEGRATION_CONSTANT.search(text) and _OTHER_CONSTANT.search(_constant_probe(text)):
        raise ParseError(ParseRefusal.AMBIGUOUS, "a Maxima constant (%c, %k) beside one the text names")
    return _MAXIMA_CONSTANT.sub(constant, text)


def _constant_probe(text: str) -> str:
    """The text as the readers will see its names: C₁, C_{1}, C[1], 𝐶 and C\u200b_1 all become C1."""
    text = unicodedata.normalize("NFKC", normalize_spaces(html.unescape(text)))
    text = re.sub(r"[\[\]{}_]|<su[bp]\s*>|</su[bp]\s*>|%[A-Za-z]+\d*", "", text)
    return re.sub(r"[A-Za-z]{2,}", lambda m: "" if m[0].lower() in _FUNCTION_WORDS else m[0], text)


def _fractions_as_quotients(text: str) -> str:
    """Typst's ``frac(a, b)`` is ``((a)/(b))``; a call whose arguments are not two is left as written."""
    for _ in range(8):
        match = _TYPST_FRAC.search(text)
        if match is None:
            return text
        args, end = _call_arguments(text, match.end())
        if args is None or len(args) != 2:
            return text
        text = f"{text[: match.start()]}(({args[0]})/({args[1]})){text[end:]}"
    return text


def _call_arguments(text: str, start: int) -> tuple[list[str] | None, int]:
    """The top-level comma-separated arguments of the call whose ``(`` ends at ``start``, and the index
    after its ``)``; (None, start) when the brackets do not close."""
    depth, args, begin = 0, [], start
    for index in range(start, len(text)):
        char = text[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                args.append(text[begin:index].strip())
                return args, index + 1
            depth -= 1
        elif char == "," and depth == 0:
            args.append(text[begin:index].strip())
            begin = index + 1
    return None, start
