"""A parts field written as two equations: ``u = x, du = dx``, ``dv = dx, so v = x``.

Tutoring-style answers state a choice's partner in the same field. Reading only the first equation would
put the second into training text as part of a checked claim without anyone checking it, so the field is
cut into its own value and its *companions*, and ``validators.solution_labels`` checks every companion
like the field it names (a ``du`` against u', a ``v`` against dv, a ``u``/``dv`` against that field).

Only a cut with one meaning is made: at bracket depth 0, a comma, semicolon or connective (``so``,
``then``, ``and``, ``hence``, ``thus``, ``giving``, ``where``, ``with``, ``as``, ``which means``, ``for
which``, ``⇒``, ``=>``), a code comment's ``#`` or a line break, followed by ``<name> =``
for another part name, each name at most once. Anything else is left whole, for the reader to read or
refuse as before.
"""

from __future__ import annotations

import re

from validators.parse_text import top_level

__all__ = ["PART_NAMES", "split_companions"]

PART_NAMES = ("u", "dv", "du", "v")

_CONNECTIVE = (
    r"(?:(?:so|then|and|hence|thus|giving|which\s+gives|which\s+means|we\s+get|where|with|as|for\s+which"
    r"|since|because)\b|⇒|=>|→|->|\\Rightarrow|\\implies)"
)
_COMPANION = re.compile(
    rf"(?:\s*[,;\n]\s*(?:{_CONNECTIVE}\s*)?|\s+{_CONNECTIVE}\s+|\s+#\s*)"
    r"(?P<start>\$?\s*(?P<name>du|dv|u|v)\s*(?:\(\s*\w\s*\)\s*)?=(?!=))"
)


def split_companions(text: str, own: str) -> tuple[str, list[tuple[str, str]]]:
    """``("u = x, du = dx", "u")`` -> ``("u = x", [("du", "du = dx")])``; no companion -> ``(text, [])``.

    ``own`` is the field's part name. A companion naming ``own``, or a name given twice, leaves the text
    whole: two values for one name in one field is not a pair.
    """
    if not isinstance(text, str) or "=" not in text:
        return text, []
    outside = {i for i, _ in top_level(text)}
    cuts = [m for m in _COMPANION.finditer(text) if m.start() in outside and m.start("start") in outside]
    if not cuts:
        return text, []
    names = [m["name"] for m in cuts]
    if own in names or len(set(names)) != len(names):
        return text, []
    head = text[: cuts[0].start()].strip()
    companions = []
    for m, end in zip(cuts, [c.start() for c in cuts[1:]] + [len(text)], strict=True):
        companions.append((m["name"], text[m.start("start") : end].strip().rstrip(".")))
    return head, companions
