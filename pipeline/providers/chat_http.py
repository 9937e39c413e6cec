"""A lean HTTP client for one OpenAI-compatible ``/chat/completions`` endpoint, on aiohttp.

Why not the official ``openai`` SDK: with C requests in flight against a server that answers in L
seconds, every millisecond of client CPU per request delays a whole wave of answers. The SDK's request
pipeline (typed-parameter transform, httpx request and response objects, option models) costs 1.5-4 ms of
CPU per request here — over 1.4 ms even on its aiohttp transport — which caps a 64-request loop at
L = 0.2 s at 0.4-0.6 of the ideal C/L; aiohttp alone costs ~0.4 ms and reaches 0.93
(``benchmarks/README.md``, "Runtime"). What is sent is the same JSON body; the little the SDK did for
a chat completion is here: the URL, Bearer auth, a wall-clock timeout, keep-alive connections, proxies
from the environment (``HTTPS_PROXY``...), and errors that keep the status, message and Retry-After.

Failures are raised as ``HTTPStatusFailure`` (the server answered with an error status) or
``TransportFailure`` (no answer: timeout or connection), for the provider to name; nothing is retried
here (``retry.py`` is the one retry layer).
"""

from __future__ import annotations

import json
import os
from typing import Any

import aiohttp

USER_AGENT = "revsynth/0.1 (aiohttp)"
MAX_CONNECTIONS = 1000  # per endpoint; admission (max_in_flight) is where concurrency is limited


class HTTPStatusFailure(Exception):
    """The server answered with an error status; ``message`` is its error message if it gave one."""

    def __init__(self, status: int, message: str, body: object, headers: dict[str, str]) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message
        self.body = body
        self.headers = headers


class TransportFailure(Exception):
    """No answer came back: ``kind`` is "timeout" or "connection"."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class ChatCompletionsClient:
    """POSTs chat-completion bodies to ``{base_url}/chat/completions``; returns the raw response body."""

    def __init__(self, base_url: str, api_key: str, timeout_s: float) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the event loop that is running when it is created.
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS, limit_per_host=MAX_CONNECTIONS)
            # Proxies from the environment only when one is set: trust_env costs two thread hops a request.
            self._session = aiohttp.ClientSession(connector=connector, trust_env=_proxy_in_environment())
        return self._session

    async def create(self, body: dict[str, Any]) -> bytes:
        """Send one request; the body of a 2xx answer, else ``HTTPStatusFailure`` / ``TransportFailure``."""
        data = json.dumps(body).encode()
        try:
            async with self._open().post(
                self.url, data=data, headers=self.headers, timeout=self.timeout
            ) as reply:
                payload = await reply.read()
                if reply.status >= 400:
                    raise _status_failure(reply.status, payload, dict(reply.headers))
                return payload
        except (TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise TransportFailure("timeout", f"no answer within {self.timeout.total:g} s") from err
        except aiohttp.ClientError as err:
            raise TransportFailure("connection", f"{type(err).__name__}: {err}") from err
        except OSError as err:
            raise TransportFailure("connection", f"{type(err).__name__}: {err}") from err

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _proxy_in_environment() -> bool:
    return any(os.environ.get(f"{scheme}_proxy") or os.environ.get(f"{scheme.upper()}_PROXY")
               for scheme in ("http", "https", "all"))  # fmt: skip


def _status_failure(status: int, payload: bytes, headers: dict[str, str]) -> HTTPStatusFailure:
    """Read an error answer: OpenAI-style ``{"error": {"message": ...}}``, or whatever text came back."""
    text = payload.decode("utf-8", errors="replace")
    try:
        body: object = json.loads(text)
    except ValueError:
        body = text
    message = text.strip() or f"HTTP {status}"
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            message = error["message"]
        elif isinstance(error, str):
            message = error
        elif isinstance(body.get("detail"), str):
            message = body["detail"]
    return HTTPStatusFailure(status, message, body, {k.lower(): v for k, v in headers.items()})
