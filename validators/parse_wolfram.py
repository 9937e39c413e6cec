"""Wolfram Language calls (``Sin[4 x]``, ``Log[1 + x]``, ``Integrate[x Cos[x], x]``, ``C[1]``) as plain math.

Models that have seen CAS output answer in Mathematica's notation. A capitalised Wolfram head followed by
``[`` has one meaning, so each such call is rewritten to the language's own spelling (``sin(4 x)``,
``log(1 + x)``, ``Integral(x cos(x), x)``, the constant ``C_1``) and the result is read like any plain
math (``E`` is Euler's number there already; ``^`` is a power and right-associative, as in Mathematica).

Only what keeps its meaning is rewritten; otherwise the text is returned unchanged, for the readers to
refuse as before:

* every ``[`` of the text must open a known head's call (``2[x + 1]``, ``f[x]``: not rewritten);
* one argument for every head but ``Integrate``: ``Log[b, x]`` is the base-b logarithm and ``ArcTan[x, y]``
  the two-argument arctangent, whose argument orders differ from SymPy's;
* ``Integrate[f, x]`` only with a plain variable (``Integrate[f, {x, 0, 1}]`` is a definite integral);
* ``C[n]`` only with digits inside.

In a text that has such calls, ``Pi`` is π (elsewhere a bare ``Pi`` stays the name it always was).

Mathematica reads ``1/3 E^x`` as (1/3)*E^x; the plain reader's own convention for a spaced factor after a
denominator is the same, and a glued one (``1/2x``) it refuses as ambiguous.
"""

from __future__ import annotations

import re

from validators.parse_text import top_level

_HEADS = {
    "Sin": "sin", "Cos": "cos", "Tan": "tan", "Cot": "cot", "Sec": "sec", "Csc": "csc",
    "Sinh": "sinh", "Cosh": "cosh", "Tanh": "tanh", "Coth": "coth", "Sech": "sech", "Csch": "csch",
    "ArcSin": "asin", "ArcCos": "acos", "ArcTan": "atan", "ArcCot": "acot", "ArcSec": "asec",
    "ArcCsc": "acsc", "ArcSinh": "asinh", "ArcCosh": "acosh", "ArcTanh": "atanh", "Log": "log",
    "Exp": "exp", "Sqrt": "sqrt", "Abs": "Abs", "Integrate": "Integral",
}  # fmt: skip
_HEAD_BEFORE = re.compile(r"(?<![A-Za-z0-9_])([A-Z][A-Za-z]*)$")
_PLAIN_NAME = re.compile(r"\s*[A-Za-z][A-Za-z0-9]*\s*")
_MAX_CALLS = 200
_PI = re.compile(r"(?<![A-Za-z0-9_])Pi(?![A-Za-z0-9_])")


def wolfram_calls(text: str) -> str:
    """``text`` with its Wolfram calls in the language's spelling, or ``text`` itself (see the module)."""
    if "[" not in text or not re.search(r"[A-Z][A-Za-z]*\[", text):
        return text
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (head, index in out of the opening "(")
    for char in text:
        if char == "[":
            head = _HEAD_BEFORE.search("".join(out[-12:]))
            name = head[1] if head else ""
            if name != "C" and name not in _HEADS or len(stack) >= _MAX_CALLS:
                return text
            del out[len(out) - len(name) :]
            out.append(f"{_HEADS.get(name, 'C')}(")
            stack.append((name, len(out) - 1))
        elif char == "]":
            if not stack:
                return text
            name, start = stack.pop()
            inside = "".join(out[start + 1 :])
            arguments = _top_level_split(inside)
            if name == "C":
                if not inside.strip().isdigit():
                    return text
                out[start:] = [f"C_{inside.strip()}"]
                continue
            if name == "Integrate":
                if len(arguments) != 2 or not _PLAIN_NAME.fullmatch(arguments[1]):
                    return text
            elif len(arguments) != 1:
                return text
            out.append(")")
        else:
            out.append(char)
    if stack:
        return text
    return _PI.sub("pi", "".join(out))  # Pi is π in a text written in Wolfram notation


def _top_level_split(inside: str) -> list[str]:
    cuts = [i for i, char in top_level(inside) if char == ","]
    return [inside[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(inside)], strict=True)]
