"""What a model's text says that the answer's schema does not read: prose around the JSON, unknown keys.

Why: a step checker reads letters by what the answer says they are, and a definition can stand anywhere
the model wrote it. "Let c = x sin x" in the prose before the JSON block, or in a key the schema ignores
(``"where": "C_1 = x^2 e^x"``, a round-47 adversary's), gave c a meaning the checker never saw, so c stayed
a constant of integration and a false claim was labelled correct. An answer model that declares an
``unread_text`` field gets these texts there (set by ``parse_answer``, never by the model), so its checks
can read them and a stored record keeps them (a re-check from the record sees the same texts).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

FIELD = "unread_text"
MAX_TEXTS = 64
MAX_CHARS = 2_000  # per text: a definition is a sentence, not a page


def unread_texts(prose: str, candidate: dict[str, Any], model: type[BaseModel]) -> list[str]:
    """The prose outside the answer object, then every value under a key ``model`` does not declare, at
    any depth (a parts entry's ``"note"``), as ``key: value`` texts."""
    texts = [prose.strip()] if prose.strip() else []
    _collect(candidate, model, texts)
    return [text[:MAX_CHARS] for text in texts[:MAX_TEXTS]]


def _collect(value: Any, model: type[BaseModel] | None, texts: list[str]) -> None:
    if len(texts) >= MAX_TEXTS:
        return
    if isinstance(value, dict):
        fields = model.model_fields if model is not None else {}
        for key, item in value.items():
            declared = fields.get(key) if key != FIELD else None
            if declared is None:
                texts.append(f"{key}: {_flat(item)}")
            else:
                _collect(item, _submodel(declared.annotation), texts)
    elif isinstance(value, list):
        for item in value:
            _collect(item, model, texts)


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The answer model a field holds (``list[PartsChoice]`` -> PartsChoice), or None for plain text."""
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_flat(v) for v in value)
    return str(value)


def prose_around(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the outermost of ``spans`` (the JSON objects) and without code-fence markers."""
    outer: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if outer and start < outer[-1][1]:
            continue
        outer.append((start, end))
    kept, at = [], 0
    for start, end in outer:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return "".join(kept).replace("```json", " ").replace("```", " ")
