"""Plain math as models write it, rewritten token by token into strict SymPy (Python) syntax.

``2x e^(2x)``, ``x sin x``, ``sin^2(x)``, ``ln|x|``, ``√(x+1)``, ``∫ x sin(x) dx`` are not Python. This
layer only inserts ``*`` and brackets, renames (``^`` to ``**``, ``|x|`` to ``Abs(x)``, ``sin^-1`` to
``asin``) and cuts glued names (``validators.parse_names``); it evaluates nothing, and what it returns is
read by the whitelist AST reader like any other SymPy-syntax text. Python keywords and builtins are never
touched, so hostile text keeps the shape the reader refuses.

Conventions: a function written without brackets takes the factors glued to it (``sin 2x`` is sin(2x),
``sin x cos x`` is sin(x)*cos(x), ``ln x + 1`` is ln(x) + 1); ``f^n(x)`` is f(x)**n and ``f^-1`` the inverse
for trigonometric and hyperbolic functions; ``√`` takes one atom (``√2x`` is sqrt(2)*x); powers bind
as in Python (``x^2y`` is x**2*y), except that ``e^2x`` is refused as ambiguous.
"""

from __future__ import annotations

import re

from validators.math_language import CONSTANT_NAMES, RESERVED_NAMES
from validators.parse_names import CALL_NAMES, is_differential, split_name
from validators.parse_refusals import ParseError, ParseRefusal
from validators.parse_render import Renderer, Tok

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<string>'[^']*'|\"[^\"]*\")|(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|\^|.)",
    re.S,
)
_MAX_INTEGRAL_SIGNS = 16
_ROOTS = {"√": "sqrt", "∛": "radical3", "∜": "root4"}
_OPENERS = frozenset({"(", "[", ",", "+", "-", "*", "/", "**", "=", "<", ">", "Abs"})


def to_python(text: str, variable: str, max_depth: int) -> str:
    """The Python-syntax text the AST reader reads, or ``ParseError``."""
    tokens = _tokenize(text)
    tokens = _absolute_values(tokens)
    tokens = _integrals(tokens, variable)
    tokens = _classify(tokens, variable)
    _refuse_ambiguous_powers(tokens, variable)
    _refuse_ambiguous_divisions(tokens, variable)
    _refuse_root_shorthand(tokens)
    return Renderer(tokens, variable, max_depth).render(0, len(tokens))


def _tokenize(text: str) -> list[Tok]:
    tokens: list[Tok] = []
    spaced = False
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "space":
            spaced = True
            continue
        kind, token = match.lastgroup or "op", match[0]
        kind = "hard" if kind == "string" else kind  # refused by the reader; its inside is not math
        if kind == "num" and "e" in token.lower():  # 5e-1 x shows 5e - x (Euler's e), not x/2: rounds 40, 42
            raise ParseError(ParseRefusal.AMBIGUOUS, f"{token}: a number in e-notation or Euler's e?")
        tokens.append(Tok(kind, "**" if token == "^" else token, spaced))
        spaced = False
    return tokens


def _absolute_values(tokens: list[Tok]) -> list[Tok]:
    """``|x|`` -> ``Abs(x)``: a bar opens after an operator, a bracket or the start, and closes otherwise."""
    out: list[Tok] = []
    open_bars = 0
    for tok in tokens:
        if tok.text != "|":
            out.append(tok)
            continue
        previous = out[-1] if out else None
        opens = (
            not open_bars
            or previous is None
            or (
                previous.kind in ("op", "name") and (previous.text in _OPENERS or previous.text in CALL_NAMES)
            )
        )
        if opens:
            open_bars += 1
            out += [Tok("name", "Abs", tok.spaced), Tok("op", "(")]
        else:
            open_bars -= 1
            out.append(Tok("op", ")"))
    if open_bars:
        raise ParseError(ParseRefusal.SYNTAX, "unbalanced |")
    return out


def _integrals(tokens: list[Tok], variable: str) -> list[Tok]:
    """``∫ body dx`` -> ``Integral((body), x)``, the last sign first so nested integrals come out right."""
    if sum(1 for t in tokens if t.text == "∫") > _MAX_INTEGRAL_SIGNS:
        raise ParseError(ParseRefusal.TOO_LONG, f"more than {_MAX_INTEGRAL_SIGNS} integral signs")
    while any(t.text == "∫" for t in tokens):
        start = max(i for i, t in enumerate(tokens) if t.text == "∫")
        if start + 1 < len(tokens) and (
            tokens[start + 1].text == "**" or tokens[start + 1].text.startswith("_")
        ):
            raise ParseError(ParseRefusal.FORBIDDEN, "definite integrals are not supported")
        found = _differential_after(tokens, start + 1, variable)
        if found is None:
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "an integral sign without its differential (dx)")
        body, var, end = found
        tokens = [
            *tokens[:start],
            Tok("name", "Integral", tokens[start].spaced),
            Tok("op", "("),
            Tok("op", "("),
            *(body or [Tok("num", "1")]),
            Tok("op", ")"),
            Tok("op", ","),
            Tok("name", var),
            Tok("op", ")"),
            *tokens[end:],
        ]
    return tokens


def _differential_after(tokens: list[Tok], start: int, variable: str) -> tuple[list[Tok], str, int] | None:
    """(body, variable name, index after the differential) of the first ``dx`` outside brackets."""
    depth = 0
    for i in range(start, len(tokens)):
        tok = tokens[i]
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if depth < 0:
            return None
        if depth or tok.kind != "name":
            continue
        if is_differential(tok.text, variable):
            return tokens[start:i], tok.text[1:], i + 1
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            tok.text == "d"
            and following
            and following.kind == "name"
            and is_differential("d" + following.text, variable)
        ):
            return tokens[start:i], following.text, i + 2
        for var in dict.fromkeys((variable, tok.text[-1])):
            prefix = tok.text[: -len(var) - 1]
            if var.isalpha() and prefix.isalpha() and tok.text.endswith("d" + var):  # xdx, sinxdx
                return [*tokens[start:i], Tok("name", prefix, tok.spaced)], var, i + 1
    return None


def _classify(tokens: list[Tok], variable: str) -> list[Tok]:
    """Cut glued names and give every name its role: value, func (a call), hard (never touched)."""
    out: list[Tok] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "op" and tok.text in _ROOTS:
            out.append(Tok("root", _ROOTS[tok.text], tok.spaced))
            continue
        if tok.kind != "name":
            out.append(tok)
            continue
        after_dot = i > 0 and tokens[i - 1].text == "."
        pieces = None if after_dot or tok.text.startswith("_") else split_name(tok.text, variable)
        called = i + 1 < len(tokens) and tokens[i + 1].text == "(" and not tokens[i + 1].spaced
        if pieces and called and any(p.isdigit() for p in pieces) and pieces[-1] not in CALL_NAMES:
            # log1p(x) is NumPy's log(1 + x), not log(1*p)*x; the sin2x cut holds for no call
            raise ParseError(ParseRefusal.AMBIGUOUS, f"{tok.text}(...): a function of its own, or a product?")
        for k, piece in enumerate(pieces or [tok.text]):
            spaced = tok.spaced if k == 0 else False
            if piece.isdigit():
                out.append(Tok("num", piece, spaced))
            elif after_dot or piece.startswith("_"):
                out.append(Tok("hard", piece, spaced))
            elif piece in CALL_NAMES:
                out.append(Tok("func", piece, spaced))
            elif piece in RESERVED_NAMES:
                out.append(Tok("hard", piece, spaced))
            else:
                out.append(Tok("value", piece, spaced))
    return out


def _refuse_ambiguous_powers(tokens: list[Tok], variable: str) -> None:
    """``e^2x`` (e**2*x in Python, e^(2x) to many readers), ``e^-2x``, ``e^πx``, ``e^2(x+1)`` and ``e^ax``
    are refused, and so are the same with a number for the base (``2^3x``, ``10^-2x``: round 36). ``x^2y``
    stays x**2*y, and ``e^xsin(x)`` e**x*sin(x); a bracketed base or π is a number's kind of base
    (``(e)^2x``, ``(1/2)^2x``, ``π^2x``), and a number in brackets a number (``e^(2)x``: round 38)."""
    for i, tok in enumerate(tokens[:-3]):
        euler = tok.kind == "value" and tok.text in ("e", "E") and tok.text != variable
        if not (euler or tok.kind == "num" or tok.text in (")", "pi")):
            continue
        j = i + 2 if tokens[i + 1].text == "**" else None
        if j is None:
            continue
        if tokens[j].text in ("+", "-") and j + 1 < len(tokens):
            j += 1
        power = tokens[j]
        if power.kind == "root" and j + 1 < len(tokens):  # e^√2x: a root of a number is a number (round 44)
            radicand = tokens[j + 1]
            if radicand.kind == "num" or radicand.text in CONSTANT_NAMES:
                j, power = j + 1, radicand
            elif radicand.text == "(" and (close := _constant_group_end(tokens, j + 1, variable)) is not None:
                j, power = close, Tok("num", "1")
        number = power.kind == "num" or power.text in CONSTANT_NAMES
        if power.text == "(" and (close := _constant_group_end(tokens, j, variable)) is not None:
            number, j = True, close  # e^(2)x, e^(-2)x, e^(π)x: a number in brackets, ending at its ")"
        letter = euler and power.kind == "value" and len(power.text) == 1  # e^ax
        if (number or letter) and j + 1 < len(tokens):
            after = tokens[j + 1]
            glued = after.kind in ("value", "func", "root") if number else after.kind == "value"
            bracket = number and after.text == "(" and tok.text != ")"  # (x+1)^2(x-1) is a product
            if not after.spaced and (glued or bracket):
                written = "".join(t.text for t in tokens[i : j + 2]).replace("**", "^", 1)
                raise ParseError(
                    ParseRefusal.AMBIGUOUS, f"{written}: is {after.text!r} in the exponent? use brackets"
                )


def _constant_group_end(tokens: list[Tok], j: int, variable: str) -> int | None:
    """The index of the ")" closing the bracket at ``j`` when what it holds is free of the variable and
    of calls (a number, a sign, π, a fraction, brackets: round 40's e^(-2)x, e^((2))x, 2e^(1/2)x)."""
    depth = 0
    for k in range(j, len(tokens)):
        tok = tokens[k]
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0:
            return k
        if tok.kind in ("func", "root", "hard") or tok.kind == "value" and tok.text not in CONSTANT_NAMES:
            return None
        if tok.text == variable:
            return None
    return None


def _refuse_root_shorthand(tokens: list[Tok]) -> None:
    """``x^1/2`` and ``x^-1/2``: nobody writes a power 1 to divide it, so the writer meant a root
    (x^(1/2), x^(-1/2)), while Python reads x/2 and 1/(2x)."""
    for i, tok in enumerate(tokens[:-3]):
        if tok.text != "**":
            continue
        j = i + 2 if tokens[i + 1].text in ("+", "-") else i + 1
        if j + 2 < len(tokens) and tokens[j].text == "1" and tokens[j + 1].text == "/":
            written = (tokens[i + 1].text if j == i + 2 else "") + "1/" + tokens[j + 2].text
            raise ParseError(
                ParseRefusal.AMBIGUOUS, f"^{written}: a root (^({written})) or a quotient? use brackets"
            )


def _refuse_ambiguous_divisions(tokens: list[Tok], variable: str) -> None:
    """``1/2x``, ``1/(x+1)(x-1)``: a factor glued to the denominator could be above or below the line."""
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.text != "/":
            continue
        j = i + 2 if i + 2 < n and tokens[i + 1].text in ("+", "-") else i + 1
        while j + 1 < n and tokens[j].kind == "root":  # 1/√2x: the root's radicand starts the denominator
            j += 1
        if j >= n or not (tokens[j].kind in ("num", "value") or tokens[j].text == "("):
            continue
        k = _after(tokens, j)
        while k + 1 < n and tokens[k].text == "**":  # the denominator's own power: 1/x^2 y
            k = _after(tokens, k + 2 if tokens[k + 1].text in ("+", "-") else k + 1)
        if k >= n or tokens[k].spaced:
            continue
        after = tokens[k]
        name = tokens[j].text
        calls = tokens[j].kind == "value" and name != variable and name not in CONSTANT_NAMES  # f(x)
        if after.kind in ("value", "func", "root") or (after.text == "(" and not calls):
            written = "".join(t.text for t in tokens[i : k + 1])
            raise ParseError(
                ParseRefusal.AMBIGUOUS,
                f"{written!r}: is what follows the denominator above or below the line? use brackets",
            )


def _after(tokens: list[Tok], j: int) -> int:
    """Index after the atom at ``j`` (a bracket group is one atom)."""
    if j >= len(tokens) or tokens[j].text != "(":
        return j + 1
    depth = 0
    for i in range(j, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[i].text, 0)
        if depth == 0:
            return i + 1
    return len(tokens)
