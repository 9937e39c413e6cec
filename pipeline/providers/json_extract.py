r"""Find the JSON answer in a model's text, and say precisely why when there is none.

Models wrap JSON in prose, in ```json fences, or get cut off mid-object; servers without structured
output make this the normal case. The search is deliberately forgiving about *where* the object is and
strict about *what* it is: nothing is repaired or guessed, because a repaired answer is a different answer
from the one the model gave. What is read beyond strict JSON changes no value, each spelling having one
meaning: raw control characters (newlines) inside strings; a backslash before a character no JSON escape
uses (``"\ln x"``, ``"x^{2}\,dx"``: LaTeX written with single backslashes), which can only mean a literal
backslash; and three JSON5 (JavaScript object literal) spellings small models write: a trailing comma
before ``}``/``]``, ``//``, ``#`` and ``/* */`` comments outside strings, and single-quoted strings.
Anything else (``{"a": 1,,}``, ``[,]``, unquoted keys, a comment left open) stays invalid JSON.

Model output is hostile input: the scan is a single regex-driven pass, and the number of characters
handed to ``json.loads`` is bounded by a small multiple of the text length, so the time stays linear even
for 100k unbalanced braces.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.providers.answer_context import FIELD, read_values, unread_texts
from pipeline.providers.answer_doubts import comment_speaks_of_value, mark_corrections, mark_disagreements
from pipeline.providers.answer_reasoning import final_part

MAX_ANSWER_CHARS = 100_000
_MAX_ATTEMPTS = 256  # JSON candidates parsed per text
_MAX_FENCES = 16  # fenced blocks tried, from the last
_DETAIL_CHARS = 300

_SPECIAL = re.compile(r'[{}"\\]')
# What an object can start with: a key (double- or JSON5 single-quoted), a comment, or an immediate close.
_OBJECT_START = re.compile(r"""\{\s*["'}]|\{\s*/[/*]""")
_FENCE = "```"

M = TypeVar("M", bound=BaseModel)


class AnswerFormatReason(StrEnum):
    NO_JSON = "no_json"
    INVALID_JSON = "invalid_json"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"
    NOT_OBJECT = "not_object"
    SCHEMA = "schema_mismatch"


class AnswerFormatError(ValueError):
    """The text holds no usable answer object; ``reason`` says which way it failed."""

    def __init__(self, reason: AnswerFormatReason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def extract_json_object(text: str) -> dict[str, Any]:
    """The answer object in ``text``: the whole text, else the last fenced block, else the last in prose."""
    return find_json_objects(text)[0]


def parse_answer(text: str, model: type[M]) -> M:
    """The first JSON object in ``text`` (in ``find_json_objects`` order) that validates as ``model``, its
    values marked where the answer doubts them (``answer_doubts``: a key correcting a field, another valid
    object that says otherwise).

    An answer with a reasoning block (``<think>...</think>``, or all before a lone ``</think>``) and a
    valid object after it is read from after it alone: a draft in the scratchpad that the model then
    corrected is not "another block that says otherwise" (a round-6 answer's draft with /3 where its
    final says /5 had made every true claim of the final unverifiable)."""
    final = final_part(text)
    if final != text and final.strip():
        try:
            return _parse_in(final, text, model)
        except AnswerFormatError:
            pass  # nothing valid after the reasoning: the whole answer is read, as before
    return _parse_in(text, text, model)


def _parse_in(search: str, text: str, model: type[M]) -> M:
    first_error: ValidationError | None = None
    valid: list[M] = []
    for candidate in find_json_objects(search):
        try:
            valid.append(model.model_validate(mark_corrections(candidate, model)))
        except ValidationError as err:
            first_error = first_error or err
    if not valid:
        assert first_error is not None  # find_json_objects never returns an empty list
        raise AnswerFormatError(AnswerFormatReason.SCHEMA, describe_validation_error(first_error))
    answer, others = valid[0], valid[1:]
    if others:
        dumps = [other.model_dump(exclude={FIELD}) for other in others]
        answer = model.model_validate(mark_disagreements(answer.model_dump(exclude={FIELD}), dumps))
    if FIELD in model.model_fields:  # every text that may name a letter, for the checks (answer_context)
        setattr(answer, FIELD, unread_texts(text, read_values(answer.model_dump(exclude={FIELD}))))
    return answer


def find_json_objects(text: str) -> list[dict[str, Any]]:
    """Every JSON object found in ``text``, best first; never empty (raises ``AnswerFormatError`` instead).

    Order: the whole text if it is JSON; then fenced blocks, last first; then balanced ``{...}`` spans in
    the text, last first, outermost first (objects nested in an accepted one are not listed again).
    """
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerFormatError(
            AnswerFormatReason.TOO_LARGE, f"{len(text)} characters, over the limit of {MAX_ANSWER_CHARS}"
        )
    stripped = text.strip()
    if not stripped:
        raise AnswerFormatError(AnswerFormatReason.NO_JSON, "the answer is empty")
    try:
        whole = _loads(stripped)
    except ValueError:
        pass
    else:
        if isinstance(whole, dict):
            return [whole]
        if (inner := _object_in_string(whole)) is not None:
            return [inner]
        raise AnswerFormatError(AnswerFormatReason.NOT_OBJECT, f"the answer is {_kind(whole)}, not an object")

    search = _Search(budget=4 * len(text) + 1_000)
    for start, end in reversed(_fenced_blocks(text)[-_MAX_FENCES:]):
        search.try_span(text, start, end, fenced=True)
    spans, unclosed = _balanced_spans(text)
    for start, end in sorted(spans, key=lambda span: (-span[1], span[0])):
        if search.exhausted():
            break
        if _OBJECT_START.match(text, start) and not search.covers(start, end):
            search.try_span(text, start, end)
    if search.objects:
        return search.objects

    if any(_OBJECT_START.match(text, start) for start in unclosed):
        raise AnswerFormatError(
            AnswerFormatReason.TRUNCATED, "a JSON object is opened but never closed (cut off?)"
        )
    if search.error is not None:
        raise AnswerFormatError(AnswerFormatReason.INVALID_JSON, search.error)
    if search.non_object is not None:
        raise AnswerFormatError(AnswerFormatReason.NOT_OBJECT, f"the JSON found is {search.non_object}")
    raise AnswerFormatError(AnswerFormatReason.NO_JSON, "no JSON object in the answer")


def _object_in_string(value: Any) -> dict[str, Any] | None:
    """The object a JSON string literal holds whole (``"{\\n  \\"u\\": ...}"``), or None.

    Chat models deliver the answer object serialised twice; the string's text is the object they meant,
    and reading it changes no value. Only one level, and only a string that is all one object."""
    if not isinstance(value, str) or not value.strip().startswith("{"):
        return None
    try:
        inner = _loads(value.strip())
    except ValueError:
        return None
    return inner if isinstance(inner, dict) else None


def describe_validation_error(err: ValidationError, limit: int = 3) -> str:
    """A one-line, bounded summary of pydantic's message: where, and what was wrong."""
    problems = err.errors(include_url=False)
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}" for e in problems[:limit]]
    if len(problems) > limit:
        parts.append(f"and {len(problems) - limit} more")
    return _shorten("; ".join(parts))


class _Search:
    """Candidates tried so far: the objects found, and the best explanation if none is found."""

    def __init__(self, budget: int) -> None:
        self.objects: list[dict[str, Any]] = []
        self.error: str | None = None
        self.non_object: str | None = None
        # Spans that parsed, so nothing inside them is a separate answer. Brace spans are nested or
        # disjoint and are visited by decreasing end, so only the last settled one can contain the next.
        self._settled_fences: list[tuple[int, int]] = []
        self._last_settled: tuple[int, int] = (-1, -1)
        self._budget = budget
        self._attempts = 0

    def exhausted(self) -> bool:
        return self._budget <= 0 or self._attempts >= _MAX_ATTEMPTS

    def covers(self, start: int, end: int) -> bool:
        s, e = self._last_settled
        return (s <= start and end <= e) or any(s <= start and end <= e for s, e in self._settled_fences)

    def try_span(self, text: str, start: int, end: int, fenced: bool = False) -> None:
        candidate = text[start:end].strip()
        if not candidate.startswith(("{", "[")) or self.exhausted():
            return
        self._attempts += 1
        self._budget -= len(candidate)
        try:
            value = _loads(candidate)
        except ValueError as err:
            self.error = self.error or _shorten(err)
            return
        if fenced:
            self._settled_fences.append((start, end))
        else:
            self._last_settled = (start, end)
        if not isinstance(value, dict):
            self.non_object = self.non_object or _kind(value)
        elif value not in self.objects:
            self.objects.append(value)


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)


def _literal_backslashes(candidate: str) -> str:
    """Double every backslash that does not start a JSON escape (pairs are read left to right)."""

    def fix(match: re.Match) -> str:
        escape = match.group(1)
        return match.group(0) if escape[0] in '"\\/bfnrt' or len(escape) == 5 else "\\\\" + escape

    return _ESCAPE.sub(fix, candidate)


def _loads(candidate: str) -> Any:
    """json.loads that rejects NaN/Infinity and turns too-deep nesting into a ValueError.

    Text that is not strict JSON is read once more as the JSON5 subset of ``_strict_json`` (trailing
    commas, comments, single quotes); the first error is the one reported when that fails too.
    """
    try:
        return _loads_strict(candidate)
    except ValueError as first:
        try:
            relaxed = _strict_json(candidate)
        except ValueError:
            raise first from None
        if relaxed == candidate:
            raise
        try:
            return _loads_strict(relaxed)
        except ValueError:
            raise first from None


def _loads_strict(candidate: str) -> Any:
    try:
        try:
            return json.loads(candidate, strict=False, parse_constant=_reject_constant)
        except json.JSONDecodeError as err:
            if "escape" not in err.msg:
                raise
            return json.loads(_literal_backslashes(candidate), strict=False, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


_JSON5_TOKEN = re.compile(
    r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|//[^\n]*|#[^\n]*|/\*.*?\*/|[,\]}]|\s+|[^"',\]}/#\s]+|.""",
    re.S,
)
_SINGLE_QUOTED_ESCAPE = re.compile(r"""\\'|\\.|\"""", re.S)


def _strict_json(candidate: str) -> str:
    """``candidate`` with JSON5's trailing commas, comments and single-quoted strings spelled as JSON.

    One regex pass: a double-quoted string is copied as it is; a single-quoted one is re-quoted (``\\'`` is
    a quote, ``"`` gets its backslash, other escapes are kept); a comment outside strings becomes a space;
    a comma followed (after spaces and comments) by ``}`` or ``]`` is dropped when it follows a value (not
    ``[,`` ``{,`` ``,,`` ``:,``, which stay for ``json.loads`` to refuse). ValueError for a comment or a
    string left open. A comment on the line of a string that is math or takes the value back goes *into*
    that string, so that no value is read without what the answer wrote beside it: ``"result": "x*sin(x)"
    /* + cos(x) */`` is a claim the math reader refuses (unverifiable), not ``x*sin(x)`` (round 63); a
    label in words (``// first parts``, ``# + C is the constant of integration``) is dropped as before
    (``answer_doubts.comment_speaks_of_value``).
    """
    out: list[str] = []
    last = ""  # the last character written that is not a space
    pending = False  # a comma after a value, held back: dropped if a closer comes next
    string_at = None  # where in ``out`` the last double-quoted string is, while its line lasts
    for match in _JSON5_TOKEN.finditer(candidate):
        token = match[0]
        if token.startswith(("//", "/*", "#")):  # "#": a Python comment after a line (Qwen-coder-like)
            if string_at is not None and comment_speaks_of_value(token):  # "x*sin(x)" /* + cos(x) */
                out[string_at] = out[string_at][:-1] + " " + json.dumps(token, ensure_ascii=False)[1:-1] + '"'
            out.append(" ")
            continue
        if token == "/" and candidate.startswith("/*", match.start()):
            raise ValueError("a /* comment is never closed")
        if token in ("'", '"'):  # raised at once: no second scan to the end from a later quote
            raise ValueError("a string is never closed")
        if token.isspace():
            out.append(token)
            string_at = None if "\n" in token else string_at
            continue
        if pending and token not in ("}", "]"):
            out.append(",")
            last = ","
        pending = False
        if token == "," and last and last not in "[{,:":
            pending = True
            continue
        if token.startswith("'"):
            token = '"' + _SINGLE_QUOTED_ESCAPE.sub(_requote, token[1:-1]) + '"'
        string_at = len(out) if token.startswith('"') else None  # a key's string is followed by ":"
        out.append(token)
        last = token[-1]
    if pending:
        out.append(",")
    return "".join(out)


def _requote(match: re.Match) -> str:
    return {"\\'": "'", '"': '\\"'}.get(match[0], match[0])


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _balanced_spans(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """(start, end) of every balanced ``{...}`` and the starts of braces never closed.

    Braces inside JSON strings do not count; a string can only open inside a brace, so quotes in prose
    ("don't", 'say "hi"') do not derail the scan. Only ``{ } " \\`` are visited, so this is one pass.
    """
    spans: list[tuple[int, int]] = []
    open_at: list[int] = []
    in_string = False
    escaped_at = -1
    for match in _SPECIAL.finditer(text):
        i = match.start()
        char = text[i]
        if in_string:
            if i == escaped_at:
                continue
            if char == "\\":
                escaped_at = i + 1
            elif char == '"':
                in_string = False
            continue
        if char == "{":
            open_at.append(i)
        elif char == "}":
            if open_at:
                spans.append((open_at.pop(), i + 1))
        elif char == '"' and open_at:
            in_string = True
    return spans, open_at


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the contents of ``` fences, without the language tag, in order.

    An unclosed last fence counts too: that is what a cut-off answer looks like.
    """
    blocks = []
    position = 0
    inside = False
    for piece in text.split(_FENCE):
        if inside:
            first_line, newline, _rest = piece.partition("\n")
            has_tag = newline and "{" not in first_line and "[" not in first_line
            start = position + len(first_line) + 1 if has_tag else position
            blocks.append((start, position + len(piece)))
        position += len(piece) + len(_FENCE)
        inside = not inside
    return blocks


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return "a literal"
    return "a number"


def _shorten(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 3] + "..."
