"""Values an answer itself corrects or contradicts: read with what it says about them, never alone.

Why: a field is the model's claim only if nothing else in its answer takes it back. Round 63 took values
back where the schema does not look: a key the schema ignores (``"result_corrected": ...`` beside
``"result"``, ``"v_corrected"``, ``"erratum": "the result above should read ..."``), and a second JSON
block that differs from the one read (the prose disowning one of them, in words no reader can be trusted
to weigh). Read as written, a false claim was labelled correct and a true one incorrect. Which of two
values the model meant is not decidable here, so each value in doubt gets what doubts it appended, in
brackets no math reader reads: the claim is then unverifiable (never exported as checked), and every
value nothing doubts is read as before.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel

from validators.math_language import ALL_FUNCTION_NAMES

__all__ = ["comment_speaks_of_value", "mark_corrections", "mark_disagreements"]

OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: no math reader reads them, so a marked value is refused
MAX_NOTE = 200
# an unknown key, or the words of its value, that correct something (not "the correct choice of u")
_CORRECTING_KEY = re.compile(
    r"correct|errat|fix|revis|amend|actual|updat|replac|typo|mistake|wrong|instead", re.I
)
_CORRECTING_WORDS = re.compile(
    r"should (?:read|be|have)|errat|typo|mistake|corrected|correction|instead of|\bwrong\b|\bfix", re.I
)


# Words in a comment that make it part of the value: arithmetic said in words, or taking the value back.
_VALUE_WORDS = re.compile(
    r"\b(?:plus|minus|times|divided|over|add|added|adding|subtract|subtracted|multipl\w*|squared|cubed|"
    r"instead|actually|rather|not|sorry|oops|should|correct\w*|wrong|typo|fix\w*|mistake|errat\w*)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]{2,}")
# math that goes on from the value: it starts with an operator or an equals sign (a note names or maps:
# "w = x**2", "log(x) -> 1/x", "x**-3")
_CONTINUES = re.compile(r"[-+*/^=·×−]")
_MATH_WORDS = frozenset(name.lower() for name in ALL_FUNCTION_NAMES) | {"dx", "dt", "du", "dv", "pi"}


def comment_speaks_of_value(comment: str) -> bool:
    """Does a JSON comment beside a value say something about the value itself (math going on from it:
    ``+ cos(x)``, ``= x**2/2``; or words that change or take it back: ``plus cos x``, ``typo, should be
    v = -cos x``), rather than label it (``first parts``, ``+ C is the constant of integration``, ``t = x^3``,
    ``log**2 -> 2 log/x``)?

    Why: a comment that is math continues or restates the value, and which one the model meant cannot be
    told; a label in words is read by no one as part of the value, and doubting it made true claims
    unverifiable by the dozen (``// substitution``, ``# round 1`` in four earlier rounds)."""
    text = comment.strip()
    for marker in ("//", "/*", "#"):
        if text.startswith(marker):
            text = text[len(marker) :]
    text = text.removesuffix("*/").strip()
    if _VALUE_WORDS.search(text):
        return True
    if any(word.lower() not in _MATH_WORDS for word in _WORD.findall(text)):
        return False  # prose: a label
    return bool(_CONTINUES.match(text))  # "+ cos(x)", "= x**2/2"; not a note: "t = x^3", "log -> 1/x"


def mark_corrections(candidate: Any, model: type[BaseModel]) -> Any:
    """``candidate`` (a JSON object about to be validated as ``model``) with the fields a correcting
    unknown key speaks of marked: the field its name contains (``v_corrected``: v), else every field of
    its object (``erratum`` in a step: that step's; at the top: the whole answer's)."""
    if not isinstance(candidate, dict):
        return candidate
    fields = model.model_fields
    marked = {
        key: _nested(value, fields[key].annotation) if key in fields else value
        for key, value in candidate.items()
    }
    for key, value in candidate.items():
        if key in fields or not _correcting(key, value):
            continue
        named = [f for f in fields if f in _tokens(key) and f in marked]
        note = f"{key}: {_text(value)}"
        for name in named or list(fields):
            if name in marked:
                marked[name] = _marked(marked[name], note, deep=not named)
    return marked


def mark_disagreements(chosen: dict, others: list[dict]) -> dict:
    """``chosen`` (a validated answer's dump) with every string that some other valid object of the same
    answer has differently, or not at all, marked."""
    paths = {path for other in others for path in _differing(chosen, other)}
    return _mark_paths(chosen, paths, ()) if paths else chosen


def _nested(value: Any, annotation: Any) -> Any:
    """Corrections inside nested objects (a step's, a part's), by the field's model."""
    model = _model_of(annotation)
    if model is None:
        return value
    if isinstance(value, list):
        return [mark_corrections(item, model) for item in value]
    return mark_corrections(value, model)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if (model := _model_of(argument)) is not None:
            return model
    return None


def _correcting(key: str, value: Any) -> bool:
    return bool(_CORRECTING_KEY.search(key)) or (
        isinstance(value, str) and bool(_CORRECTING_WORDS.search(value))
    )


def _tokens(key: str) -> set[str]:
    return set(re.split(r"[^A-Za-z0-9]+", key))


def _text(value: Any) -> str:
    return str(value)[:MAX_NOTE]


def _marked(value: Any, note: str, *, deep: bool) -> Any:
    if isinstance(value, str):
        return f"{value} {OPEN}{note}{CLOSE}"
    if deep and isinstance(value, list):
        return [_marked(item, note, deep=deep) for item in value]
    if deep and isinstance(value, dict):
        return {k: _marked(v, note, deep=deep) for k, v in value.items()}
    return value


def _differing(chosen: Any, other: Any, path: tuple = ()) -> list[tuple]:
    """Paths of the strings of ``chosen`` that ``other`` does not have, the same, at the same place."""
    if isinstance(chosen, str):
        same = isinstance(other, str) and " ".join(other.split()) == " ".join(chosen.split())
        return [] if same else [path]
    if isinstance(chosen, dict):
        rest = other if isinstance(other, dict) else {}
        return [p for k, v in chosen.items() for p in _differing(v, rest.get(k), (*path, k))]
    if isinstance(chosen, list):
        rest = other if isinstance(other, list) else []
        return [
            p
            for i, v in enumerate(chosen)
            for p in _differing(v, rest[i] if i < len(rest) else None, (*path, i))
        ]
    return []


def _mark_paths(value: Any, paths: set[tuple], path: tuple) -> Any:
    if isinstance(value, str):
        return (
            f"{value} {OPEN}another JSON block of the answer says otherwise{CLOSE}"
            if path in paths
            else value
        )
    if isinstance(value, dict):
        return {k: _mark_paths(v, paths, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark_paths(v, paths, (*path, i)) for i, v in enumerate(value)]
    return value
