"""Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, SGLang, Ollama, llama.cpp) as a Provider.

Each call is one HTTP request (``chat_http.py``, a lean aiohttp client: the ``openai`` SDK's request
pipeline costs several times more CPU per request, see there) and is never retried here: revsynth's one
retry layer is ``pipeline/providers/retry.py``, with admission control in front of the server, which must
see every 429 to slow down (retries in two layers would multiply). What this module adds: spreading
requests over several endpoints, asking for JSON in whatever way the server understands (stepping down
once per mode when a server refuses one, and remembering it), and turning every failure into a named
``ProviderError`` carrying the server's Retry-After, so the retry layer can tell a transient failure from
a bad request, and a bad endpoint costs a rejected sample with a reason instead of a crashed run.
"""

from __future__ import annotations

import email.utils
import errno
import ipaddress
import json
import logging
import math
import os
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pipeline.providers.base import Completion, CompletionRequest, ProviderError, Usage
from pipeline.providers.chat_http import ChatCompletionsClient, HTTPStatusFailure, TransportFailure
from pipeline.providers.sdk_client import OpenAISDKClient
from pipeline.run.config import OpenAIProviderConfig, StructuredMode

log = logging.getLogger(__name__)

OPENAI_API_BASE_URL = "https://api.openai.com/v1"
NO_KEY = "sk-no-key"  # local servers do not check keys; some proxies insist on a header
_DETAIL_CHARS = 300

# Where to go when a server refuses a way of asking for JSON. "prompt" sends no response_format at all:
# the schema is already in the prompt, and the answer is validated either way.
STRUCTURED_FALLBACK: dict[str, StructuredMode] = {
    "json_schema": "json_object_schema",
    "json_object_schema": "json_object",
    "json_object": "prompt",
}
_REFUSAL_MARKERS = ("response_format", "json_schema", "json_object", "'text'")


class ProviderFailure(StrEnum):
    """Why an OpenAI-compatible provider gave no answer; the value is the ``ProviderError.kind``."""

    MISSING_API_KEY = "missing_api_key"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    SERVER_ERROR = "server_error"
    BAD_REQUEST = "bad_request"
    AUTH = "auth"
    MALFORMED_RESPONSE = "malformed_response"
    API_ERROR = "api_error"


_TRANSPORTS = {"openai_sdk": OpenAISDKClient, "aiohttp": ChatCompletionsClient}


@dataclass
class _Endpoint:
    base_url: str
    client: ChatCompletionsClient | OpenAISDKClient
    in_flight: int = 0


class OpenAICompatProvider:
    """A Provider backed by one model served at one or more OpenAI-compatible base URLs."""

    def __init__(
        self, config: OpenAIProviderConfig, api_key: str | None = None, name: str = "openai"
    ) -> None:
        self.name = name
        self.model = config.model
        self.config = config
        self.fallbacks: list[str] = []
        self.http_requests = 0  # every request sent, answered or not: retries and fallbacks included
        self._mode: StructuredMode = config.structured_output
        self._turn = 0
        key = resolve_api_key(config, api_key)
        self._endpoints = [
            _Endpoint(
                base_url=url,
                client=_TRANSPORTS[config.transport](url, key, config.request_timeout_s),
            )
            for url in (u or OPENAI_API_BASE_URL for u in config.endpoints())
        ]

    @property
    def structured_mode(self) -> StructuredMode:
        """The way JSON is currently asked for (after any fallback)."""
        return self._mode

    async def complete(self, request: CompletionRequest) -> Completion:
        endpoint = self._pick_endpoint()
        endpoint.in_flight += 1
        started = time.monotonic()
        try:
            response, mode = await self._create_with_fallback(endpoint, request)
        finally:
            endpoint.in_flight -= 1
        return self._to_completion(response, mode, time.monotonic() - started, endpoint)

    async def aclose(self) -> None:
        for endpoint in self._endpoints:
            await endpoint.client.close()

    def _pick_endpoint(self) -> _Endpoint:
        """Least requests in flight; ties go round-robin so idle endpoints all get used."""
        count = len(self._endpoints)
        start = self._turn % count
        self._turn += 1
        order = self._endpoints[start:] + self._endpoints[:start]
        return min(order, key=lambda e: e.in_flight)

    async def _create_with_fallback(
        self, endpoint: _Endpoint, request: CompletionRequest
    ) -> tuple[Any, StructuredMode | None]:
        mode: StructuredMode | None = self._mode if request.response_schema is not None else None
        while True:
            self.http_requests += 1
            try:
                return await endpoint.client.create(self._create_args(request, mode)), mode
            except HTTPStatusFailure as err:
                if mode is None or mode == "prompt" or not is_structured_output_refusal(err):
                    raise provider_error_from(err, endpoint.base_url) from err
                mode = self._fall_back_from(mode, err, endpoint.base_url)
            except TransportFailure as err:
                raise provider_error_from(err, endpoint.base_url) from err

    def _fall_back_from(self, refused: StructuredMode, err: HTTPStatusFailure, url: str) -> StructuredMode:
        """Step down from a refused mode; only the first call to see the refusal records it."""
        if self._mode == refused:
            self._mode = STRUCTURED_FALLBACK[refused]
            note = (
                f"{self.model} at {url} refused structured output {refused!r} "
                f"({_shorten(err.message)}); using {self._mode!r} from now on"
            )
            log.warning(note)
            self.fallbacks.append(note)
        return self._mode

    def _create_args(self, request: CompletionRequest, mode: StructuredMode | None) -> dict[str, Any]:
        config = self.config
        args: dict[str, Any] = {
            "model": config.model,
            "messages": [message.model_dump() for message in request.messages],
            "temperature": config.temperature,
            "max_tokens": config.max_tokens,
            "seed": config.seed if config.seed is not None else request.seed,
        }
        if config.top_p is not None:
            args["top_p"] = config.top_p
        response_format = response_format_for(mode, request)
        if response_format is not None:
            args["response_format"] = response_format
        if config.extra_body:
            args.update(config.extra_body)  # merged into the body, winning (as the SDK's extra_body)
        return args

    def _to_completion(
        self, body: bytes, mode: StructuredMode | None, latency_s: float, endpoint: _Endpoint
    ) -> Completion:
        try:
            response = json.loads(body)
            choice = response["choices"][0]
            content = choice["message"].get("content")
            finish_reason = choice.get("finish_reason")
            model = response.get("model")
            usage = _usage_of(response)
        except (AttributeError, IndexError, TypeError, KeyError, ValueError) as err:
            raise ProviderError(
                ProviderFailure.MALFORMED_RESPONSE,
                f"{endpoint.base_url}: not a chat completion ({type(err).__name__}): {_shorten(body[:1000])}",
            ) from err
        return Completion(
            text=content if isinstance(content, str) else "",
            finish_reason=finish_reason if isinstance(finish_reason, str) else None,
            usage=usage,
            model=model if isinstance(model, str) and model else self.config.model,
            provider="openai",
            structured_mode=mode,
            latency_s=latency_s,
        )


def response_format_for(mode: StructuredMode | None, request: CompletionRequest) -> dict[str, Any] | None:
    """The ``response_format`` body field for a structured-output mode (None: send none)."""
    if mode is None or mode == "prompt" or request.response_schema is None:
        return None
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": request.response_schema, "strict": False},
        }
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": request.response_schema}
    return {"type": "json_object"}


def is_structured_output_refusal(err: HTTPStatusFailure) -> bool:
    """Whether an error says the server does not support the requested ``response_format``.

    Most servers answer 400/422. llama-cpp-python's server answers **500** with its pydantic validation
    error ("loc: ('body', 'response_format', 'type') ... Input should be 'text' or 'json_object'"), so a
    5xx counts too, but only when it names the ``response_format`` field itself: a plain server error
    must still go to the retry layer.
    """
    text = f"{err.message} {json.dumps(err.body, default=str)}".lower()
    if err.status in (400, 422):
        return any(marker in text for marker in _REFUSAL_MARKERS)
    return err.status == 500 and "response_format" in text


def provider_error_from(err: Exception, url: str) -> ProviderError:
    """Name the failure of one request, keeping the server's Retry-After for the retry layer."""
    if isinstance(err, TransportFailure):
        kind = ProviderFailure.TIMEOUT if err.kind == "timeout" else ProviderFailure.CONNECTION
        return ProviderError(kind, f"{url}: {_shorten(err.detail)}", cause=_connection_cause(err))
    if isinstance(err, HTTPStatusFailure):
        status = err.status
        if status == 429:
            kind = ProviderFailure.RATE_LIMITED
        elif status == 408:
            kind = ProviderFailure.TIMEOUT
        elif status in (401, 403):
            kind = ProviderFailure.AUTH
        elif status >= 500:
            kind = ProviderFailure.SERVER_ERROR
        else:
            kind = ProviderFailure.BAD_REQUEST
        detail = f"{url}: HTTP {status}: {_shorten(err.message)}"
        return ProviderError(kind, detail, retry_after_s=retry_after_seconds(err.headers), status=status)
    return ProviderError(ProviderFailure.API_ERROR, f"{url}: {type(err).__name__}: {_shorten(err)}")


def _connection_cause(err: BaseException) -> str | None:
    """ "connection_refused" or "host_not_found" when the exception chain says so (aiohttp and the SDK
    wrap the socket's error differently, so the chain is walked), else None."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "host_not_found"
        if (
            isinstance(current, ConnectionRefusedError)
            or getattr(current, "errno", None) == errno.ECONNREFUSED
        ):
            return "connection_refused"
        current = current.__cause__ or current.__context__
    return None


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The server's requested wait: ``retry-after-ms``, else ``retry-after`` in seconds or as an HTTP date."""
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            continue
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def resolve_api_key(config: OpenAIProviderConfig, override: str | None = None) -> str:
    """The key to send: the override, else the configured environment variable, else a dummy if local.

    A missing key for a remote endpoint fails here, at construction, rather than as a 401 on every sample.
    """
    if override:
        return override
    if config.api_key_env:
        key = os.environ.get(config.api_key_env)
        if key:
            return key
    remote = [url or OPENAI_API_BASE_URL for url in config.endpoints() if not is_local_url(url)]
    if not remote:
        return NO_KEY
    variable = config.api_key_env or "OPENAI_API_KEY"
    hint = "" if config.api_key_env else f" and set api_key_env: {variable} in the config"
    raise ProviderError(
        ProviderFailure.MISSING_API_KEY,
        f"set the environment variable {variable}{hint} to the API key for {remote[0]} "
        "(any value works for a server that does not check keys)",
    )


def is_local_url(url: str | None) -> bool:
    """Whether a base URL points at this machine or a private network, where servers rarely check keys."""
    if url is None:
        return False
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost") or ("." not in host and ":" not in host):
        return True  # single-label names are container / LAN hosts (e.g. "vllm" in docker compose)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


def _usage_of(response: dict[str, Any]) -> Usage:
    usage = response.get("usage")
    if not isinstance(usage, dict):
        return Usage()
    prompt = usage.get("prompt_tokens") or 0
    completion = usage.get("completion_tokens") or 0
    total = usage.get("total_tokens") or prompt + completion
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total)


def _shorten(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 3] + "..."
