"""Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, SGLang, Ollama, llama.cpp) as a Provider.

The ``openai`` SDK is the one retry layer: it already retries connection errors, timeouts, 408/409/429
and 5xx with backoff and honours Retry-After, so this module adds no retry loop of its own. What it adds:
spreading requests over several endpoints, asking for JSON in whatever way the server understands
(stepping down once per mode when a server refuses one, and remembering it), and turning every failure
left after the SDK's retries into a named ``ProviderError``, so a bad endpoint costs a rejected sample
with a reason instead of a crashed run.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import openai
from openai import AsyncOpenAI

from pipeline.config import OpenAIProviderConfig, StructuredMode
from pipeline.providers.base import Completion, CompletionRequest, ProviderError, Usage

log = logging.getLogger(__name__)

OPENAI_API_BASE_URL = "https://api.openai.com/v1"
NO_KEY = "sk-no-key"  # local servers do not check keys, but the SDK insists on one
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


@dataclass
class _Endpoint:
    base_url: str
    client: AsyncOpenAI
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
        self._mode: StructuredMode = config.structured_output
        self._turn = 0
        key = resolve_api_key(config, api_key)
        self._endpoints = [
            _Endpoint(
                base_url=url,
                client=AsyncOpenAI(
                    base_url=url,
                    api_key=key,
                    max_retries=config.max_retries,
                    timeout=config.request_timeout_s,
                ),
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
            try:
                response = await endpoint.client.chat.completions.create(**self._create_args(request, mode))
                return response, mode
            except openai.APIStatusError as err:
                if mode is None or mode == "prompt" or not is_structured_output_refusal(err):
                    raise provider_error_from(err, endpoint.base_url, self.config.max_retries) from err
                mode = self._fall_back_from(mode, err, endpoint.base_url)
            except (openai.OpenAIError, ValueError) as err:
                raise provider_error_from(err, endpoint.base_url, self.config.max_retries) from err

    def _fall_back_from(
        self, refused: StructuredMode, err: openai.APIStatusError, url: str
    ) -> StructuredMode:
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
            args["extra_body"] = dict(config.extra_body)
        return args

    def _to_completion(
        self, response: Any, mode: StructuredMode | None, latency_s: float, endpoint: _Endpoint
    ) -> Completion:
        try:
            choice = response.choices[0]
            content = choice.message.content
            finish_reason = choice.finish_reason
            model = response.model
        except (AttributeError, IndexError, TypeError, KeyError) as err:
            raise ProviderError(
                ProviderFailure.MALFORMED_RESPONSE,
                f"{endpoint.base_url}: not a chat completion ({type(err).__name__}): "
                f"{_shorten(repr(response))}",
            ) from err
        return Completion(
            text=content if isinstance(content, str) else "",
            finish_reason=finish_reason,
            usage=_usage_of(response),
            model=model or self.config.model,
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


def is_structured_output_refusal(err: openai.APIStatusError) -> bool:
    """Whether a 400/422 says the server does not support the requested ``response_format``."""
    if err.status_code not in (400, 422):
        return False
    text = f"{err.message} {json.dumps(err.body, default=str)}".lower()
    return any(marker in text for marker in _REFUSAL_MARKERS)


def provider_error_from(err: Exception, url: str, retries: int) -> ProviderError:
    """Name a failure the SDK gave up on (after its retries)."""
    where = f"{url} (after up to {retries} retries)"
    if isinstance(err, openai.APITimeoutError):
        return ProviderError(ProviderFailure.TIMEOUT, f"{where}: request timed out")
    if isinstance(err, openai.APIConnectionError):
        cause = err.__cause__ or err
        return ProviderError(
            ProviderFailure.CONNECTION, f"{where}: {type(cause).__name__}: {_shorten(cause)}"
        )
    if isinstance(err, openai.APIStatusError):
        status = err.status_code
        if status == 429:
            kind = ProviderFailure.RATE_LIMITED
        elif status in (401, 403):
            kind = ProviderFailure.AUTH
        elif status >= 500:
            kind = ProviderFailure.SERVER_ERROR
        else:
            kind = ProviderFailure.BAD_REQUEST
        return ProviderError(kind, f"{where}: HTTP {status}: {_shorten(err.message)}")
    if isinstance(err, openai.APIResponseValidationError | ValueError):
        return ProviderError(
            ProviderFailure.MALFORMED_RESPONSE, f"{url}: response body is not valid: {_shorten(err)}"
        )
    return ProviderError(ProviderFailure.API_ERROR, f"{url}: {type(err).__name__}: {_shorten(err)}")


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


def _usage_of(response: Any) -> Usage:
    usage = getattr(response, "usage", None)
    if usage is None:
        return Usage()
    prompt = getattr(usage, "prompt_tokens", None) or 0
    completion = getattr(usage, "completion_tokens", None) or 0
    total = getattr(usage, "total_tokens", None) or prompt + completion
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total)


def _shorten(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 3] + "..."
