"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol, scripted by tests.

Why a real server and not a mocked client: the provider's behaviour that matters (the SDK's retries,
Retry-After, timeouts, dropped sockets, refused ``response_format``) lives in the HTTP layer, so the tests
must cross it. A ``Responder`` sees each parsed request body and returns a ``ScriptedReply`` saying what
to answer and how badly to behave. Requests are served concurrently (one thread each), so the fake can
stand in for a slow model server in throughput benchmarks.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"

REFUSED_JSON_SCHEMA_MESSAGE = "Input should be 'text' or 'json_object'"
# What llama-cpp-python 0.3.x's server really answers (HTTP 500) to a json_schema response_format.
LLAMA_CPP_PYTHON_REFUSAL = (
    "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', "
    "'ctx': {'expected': \"'text' or 'json_object'\"}}\n"
)

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
}


@dataclass
class ScriptedReply:
    """What the fake answers to one request, including how it misbehaves."""

    content: str | None = None
    status: int = 200
    finish_reason: str = "stop"
    delay_s: float = 0.0
    retry_after: float | None = None
    error_message: str | None = None
    drop_connection: bool = False
    malformed_body: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


Responder = Callable[[dict[str, Any]], ScriptedReply]


def scripted(replies: list[ScriptedReply]) -> Responder:
    """Answer with ``replies`` in order, then keep repeating the last one."""
    if not replies:
        raise ValueError("scripted() needs at least one reply")
    lock = threading.Lock()
    position = 0

    def respond(_body: dict[str, Any]) -> ScriptedReply:
        nonlocal position
        with lock:
            reply = replies[min(position, len(replies) - 1)]
            position += 1
        return reply

    return respond


def refuse_json_schema(
    responder: Responder, status: int = 400, message: str = REFUSED_JSON_SCHEMA_MESSAGE
) -> Responder:
    """Refuse ``response_format.type == "json_schema"`` as llama.cpp servers do, else delegate.

    ``status=500, message=LLAMA_CPP_PYTHON_REFUSAL`` is llama-cpp-python's server, byte for byte.
    """

    def respond(body: dict[str, Any]) -> ScriptedReply:
        response_format = body.get("response_format")
        if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
            return ScriptedReply(status=status, error_message=message)
        return responder(body)

    return respond


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4) if text else 0


def _prompt_text(body: dict[str, Any]) -> str:
    messages = body.get("messages")
    if not isinstance(messages, list):
        return ""
    return "".join(str(m.get("content", "")) for m in messages if isinstance(m, dict))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like a real server; every reply sets Content-Length
    disable_nagle_algorithm = True  # headers and body are separate writes: Nagle would add ~40 ms each
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("fake openai: " + format, *args)

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/v1/models":
            self._send_json(404, _error_body(404, f"no route GET {self.path}"))
            return
        fake = self.server.fake
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in fake.models]
        self._send_json(200, {"object": "list", "data": data})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send_json(404, _error_body(404, f"no route POST {self.path}"))
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._send_json(400, _error_body(400, "request body is not valid JSON"))
            return
        fake = self.server.fake
        fake._record(body, {name.lower(): value for name, value in self.headers.items()})
        if fake.api_key is not None and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
            self._send_json(401, _error_body(401, "Incorrect API key provided."))
            return
        try:
            reply = fake.responder(body)
        except Exception as err:  # a broken responder is a test bug: answer 500 and say why
            log.exception("fake openai responder failed")
            self._send_json(500, _error_body(500, f"responder raised {err!r}"), retry=False)
            return
        if reply.delay_s > 0 and fake._stopping.wait(reply.delay_s):
            self._drop()
            return
        if reply.drop_connection:
            self._drop()
            return
        if reply.malformed_body:
            self._send_raw(200, b'{"id": "chatcmpl-broken", "choices": [', "application/json")
            return
        if reply.status != 200:
            message = reply.error_message or f"fake error (status {reply.status})"
            headers = {} if reply.retry_after is None else {"Retry-After": f"{reply.retry_after:g}"}
            self._send_json(reply.status, _error_body(reply.status, message), headers=headers)
            return
        self._send_json(200, _completion_body(body, reply))

    def _drop(self) -> None:
        """Close the socket without a response, as a crashed server or a proxy reset would."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send_json(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None, retry: bool = True
    ) -> None:
        extra = dict(headers or {})
        if not retry:
            extra["x-should-retry"] = "false"
        self._send_raw(status, json.dumps(payload).encode(), "application/json", extra)

    def _send_raw(
        self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (timeout) before we answered: nothing to do
            self.close_connection = True


def _error_body(status: int, message: str) -> dict[str, Any]:
    error_type = _ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": message, "type": error_type, "code": str(status)}}


def _completion_body(request: dict[str, Any], reply: ScriptedReply) -> dict[str, Any]:
    prompt_tokens = (
        reply.prompt_tokens if reply.prompt_tokens is not None else _estimate_tokens(_prompt_text(request))
    )
    completion_tokens = (
        reply.completion_tokens
        if reply.completion_tokens is not None
        else _estimate_tokens(reply.content or "")
    )
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler stuck in a delay never blocks interpreter exit
    block_on_close = False
    request_queue_size = 1024  # the stdlib's 5 resets connections when many clients connect at once
    fake: FakeOpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("fake openai: connection error from %s", client_address, exc_info=True)


class FakeOpenAIServer:
    """An OpenAI-compatible endpoint on 127.0.0.1, served from a background thread.

    Use as a context manager; ``base_url`` is what a client needs, ``requests`` holds every received
    chat-completions body in arrival order, and ``request_headers`` their headers (names lower-cased).
    """

    def __init__(
        self,
        responder: Responder,
        host: str = LOOPBACK,
        port: int = 0,
        api_key: str | None = None,
        models: Sequence[str] = ("fake-model",),
    ) -> None:
        if host != LOOPBACK:
            raise ValueError(f"the fake server only binds to {LOOPBACK}, not {host!r}")
        self.responder = responder
        self.host = host
        self.api_key = api_key
        self.models = list(models)
        self.requests: list[dict[str, Any]] = []
        self.request_headers: list[dict[str, str]] = []
        self._requested_port = port
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake server is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/v1"

    def start(self) -> None:
        if self._server is not None:
            return
        self._stopping.clear()
        server = _Server((LOOPBACK, self._requested_port), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting requests; delayed replies in flight are abandoned (their sockets closed)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=2)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _record(self, body: dict[str, Any], headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(body)
            self.request_headers.append(headers)
