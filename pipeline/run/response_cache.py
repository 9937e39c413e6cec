"""A response cache on disk, so a finished request is never paid for twice.

The key is a sha256 of everything that decides the answer: the rendered messages, the model, the
generation parameters and the request's seed (itself derived from the sample, stage and attempt). So a
re-run of the same config makes zero requests, and editing a template or a parameter misses the cache for
exactly the calls it changes — never a stale hit (keying on the prompt *function* instead of the rendered
messages is the mistake other tools made). The endpoint URL is left out, so several servers of one model
share the cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from pipeline.providers.base import Completion, CompletionRequest, Provider

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    completion TEXT NOT NULL,
    created REAL DEFAULT (unixepoch('subsec'))
)
"""


def cache_key(request: CompletionRequest, model: str, parameters: dict[str, Any]) -> str:
    payload = {
        "messages": [m.model_dump() for m in request.messages],
        "model": model,
        "parameters": parameters,
        "schema": request.response_schema,
        "seed": request.seed,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class ResponseCache:
    """SQLite file of completions. Safe to share between runs; writes are committed one by one."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get(self, key: str) -> Completion | None:
        with self._lock:
            row = self._db.execute("SELECT completion FROM responses WHERE key = ?", (key,)).fetchone()
        return Completion.model_validate_json(row[0]) if row else None

    def put(self, key: str, completion: Completion) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, completion) VALUES (?, ?)",
                (key, completion.model_dump_json()),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()


class CachedProvider:
    """A provider in front of which the cache answers whatever it has already seen."""

    def __init__(self, inner: Provider, cache: ResponseCache, parameters: dict[str, Any]) -> None:
        self.inner = inner
        self.cache = cache
        self.parameters = parameters
        self.name = inner.name
        self.model = inner.model
        self.hits = 0
        self.misses = 0

    def __getattr__(self, item: str) -> Any:
        # structured_mode, fallbacks, ...: whatever the wrapped provider reports.
        return getattr(self.inner, item)

    async def complete(self, request: CompletionRequest) -> Completion:
        key = cache_key(request, self.model, self.parameters)
        cached = self.cache.get(key)
        if cached is not None:
            self.hits += 1
            return cached.model_copy(update={"latency_s": 0.0, "cached": True})
        self.misses += 1
        completion = await self.inner.complete(request)
        # Committed before the answer is used, so a kill after this point never pays for it again; in a
        # thread, because a commit can wait on the disk for a millisecond or more, and the event loop has
        # the other answers in flight to read meanwhile.
        await asyncio.to_thread(self.cache.put, key, completion)
        return completion

    async def aclose(self) -> None:
        await self.inner.aclose()
