"""Writing classified tokens back as Python: products made explicit, functions given their brackets.

The second half of ``validators.parse_plain`` (which tokenizes, pairs ``|x|``, turns ``∫ ... dx`` into
``Integral`` and classifies names). Every rule here is a rewrite of notation, never an evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

from validators.math_language import CONSTANT_NAMES, ELEMENTARY_FUNCTIONS, INVERSES
from validators.parse_refusals import ParseError, ParseRefusal


@dataclass
class Tok:
    kind: str  # num, name, op; after classification also value, func, hard, root
    text: str
    spaced: bool = False  # whitespace before it


_ENDS = frozenset({"num", "value", "close", "app"})
_STARTS = frozenset({"num", "value", "open"})


class Renderer:
    """Writes the classified tokens back as Python, with the products and brackets made explicit."""

    def __init__(self, tokens: list[Tok], variable: str, max_depth: int) -> None:
        self.t = tokens
        self.variable = variable
        self.max_depth = max_depth
        self.depth = 0

    def render(self, i: int, j: int) -> str:
        out: list[str] = []
        previous: str | None = None  # how the last item ends
        while i < j:
            spaced, first = self.t[i].spaced, i
            text, start, end, i = self._item(i, j)
            glued_numbers = start == "num" and previous in ("num", "value")  # 2 3, x 2: not products
            base = first + 1 < j and self.t[first + 1].text == "**"
            if glued_numbers and base and (previous == "value" or spaced):
                glued_numbers = False  # x 5^x, x^2 2^x, 2 2^x: a power's base after a space, a product
            if previous in _ENDS and start in _STARTS and not glued_numbers:
                out.append("*")
            out.append(" " + text if spaced else text)  # keywords keep their spaces: x if 1 else 2
            previous = end
        return "".join(out)

    def _item(self, i: int, j: int) -> tuple[str, str | None, str | None, int]:
        tok = self.t[i]
        if tok.kind == "num":
            return tok.text, "num", "num", i + 1
        if tok.kind == "value":
            calls = i + 1 < j and self.t[i + 1].text == "(" and not self.t[i + 1].spaced
            plain = tok.text == self.variable or tok.text in CONSTANT_NAMES
            return tok.text, "value", ("callee" if calls and not plain else "value"), i + 1
        if tok.kind in ("func", "root"):
            text, k = self._application(i, j)
            if text is not None:
                return text, "value", "app", k
            if tok.kind == "root":
                raise ParseError(ParseRefusal.SYNTAX, "a root sign without what it applies to")
            return tok.text, "value", None, i + 1
        if tok.text == "(":
            return "(", "open", None, i + 1
        if tok.text == ")":
            return ")", None, "close", i + 1
        return tok.text, None, None, i + 1

    def _application(self, i: int, j: int) -> tuple[str | None, int]:
        """``sin(x)``, ``sin x``, ``sin^2 x``, ``sin^-1(x)``, ``√x``: the call as Python, or ``None``."""
        self.depth += 1
        if self.depth > self.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"functions nested deeper than {self.max_depth}")
        try:
            return self._apply(i, j)
        finally:
            self.depth -= 1

    def _apply(self, i: int, j: int) -> tuple[str | None, int]:
        name, k, power = self.t[i].text, i + 1, None
        if self.t[i].kind == "root":
            arg, k = self._atom(k, j)
            if arg is None:
                return None, i + 1
            return (f"root({arg}, 4)" if name == "root4" else f"{name}({arg})"), k
        bare = name in ELEMENTARY_FUNCTIONS
        if bare and k < j and self.t[k].text == "**":
            power, k = self._function_power(k + 1, j)
            if power is None:
                return None, i + 1
        if k < j and self.t[k].text == "(":
            close = self._matching(k, j)
            call, k = f"{name}({self.render(k + 1, close)})", close + 1
        elif bare:
            arg, k = self._bare_argument(k, j)
            if arg is None:
                return None, i + 1
            call = f"{name}({arg})"
        else:
            return None, i + 1
        if power is None:
            return call, k
        if power == "-1" and name in INVERSES:
            return INVERSES[name] + call[len(name) :], k
        if power.startswith("-"):
            raise ParseError(
                ParseRefusal.AMBIGUOUS, f"{name}^{power}: an inverse function or a power? write it out"
            )
        return f"({call}**{power})", k

    def _function_power(self, k: int, j: int) -> tuple[str | None, int]:
        """The integer n of ``f^n``, ``f^-n``, ``f^(-n)``; ``None`` if it is not one."""
        words = [t.text for t in self.t[k : min(j, k + 4)]]
        for size, shape in ((1, ("n",)), (2, ("-", "n")), (3, ("(", "n", ")")), (4, ("(", "-", "n", ")"))):
            got = words[:size]
            fits = len(got) == size and all(
                w.isdigit() if s == "n" else w == s for w, s in zip(got, shape, strict=True)
            )
            if fits:
                return "".join(w for w in got if w not in "()"), k + size
        return None, k

    def _bare_argument(self, k: int, j: int) -> tuple[str | None, int]:
        """The factors glued to a function written without brackets: ``2x``, ``x^2``, ``cos x``."""
        start, sign, factors = k, "", []
        if k + 1 < j and self.t[k].text in ("+", "-") and not self.t[k + 1].spaced:
            sign, k = self.t[k].text, k + 1
        while k < j:
            tok = self.t[k]
            if factors and (tok.spaced or tok.kind not in ("num", "value")):
                break
            if tok.kind in ("num", "value"):
                text, k = tok.text, k + 1
            else:
                text, k = self._atom(k, j)
                if text is None:
                    break
            if k < j and self.t[k].text == "**":
                exponent, k = self._atom(k + 1, j, signed=True)
                if exponent is None:
                    raise ParseError(ParseRefusal.SYNTAX, "a power without its exponent")
                text = f"{text}**{exponent}"
            factors.append(text)
        if not factors:
            return None, start
        after = self.t[k] if k < j else None
        over_a_number = after is not None and after.text == "/" and k + 1 < j and self.t[k + 1].kind == "num"
        if over_a_number and k - start == 1 + bool(sign):
            # cos x/2: cos(x/2) or cos(x)/2? (ln x/x stays (ln x)/x, cos 2x/2 is cos(2x)/2: round 40)
            raise ParseError(ParseRefusal.AMBIGUOUS, "cos x/2: the half angle or half the cosine? brackets")
        number_then_name = after is not None and after.spaced and after.kind == "value"
        if len(factors) == 1 and self.t[k - 1].kind == "num" and number_then_name:  # cos 2 x: cos(2)·x?
            raise ParseError(ParseRefusal.AMBIGUOUS, "a function of a number, then a name: use brackets")
        return sign + "*".join(factors), k

    def _atom(self, k: int, j: int, signed: bool = False) -> tuple[str | None, int]:
        """One number, name, bracket or function application (with a sign, for an exponent)."""
        if signed and k + 1 < j and self.t[k].text in ("+", "-"):
            inner, after = self._atom(k + 1, j)
            return (None, k) if inner is None else (f"({self.t[k].text}{inner})", after)
        if k >= j:
            return None, k
        tok = self.t[k]
        if tok.kind in ("num", "value"):
            return tok.text, k + 1
        if tok.text == "(":
            close = self._matching(k, j)
            return f"({self.render(k + 1, close)})", close + 1
        if tok.kind in ("func", "root"):
            return self._application(k, j)
        return None, k

    def _matching(self, k: int, j: int) -> int:
        depth = 0
        for i in range(k, j):
            depth += {"(": 1, ")": -1}.get(self.t[i].text, 0)
            if depth == 0:
                return i
        raise ParseError(ParseRefusal.SYNTAX, "unbalanced brackets")
