"""The chat-completions transport through the official ``openai`` SDK (the default).

Same interface as ``chat_http.ChatCompletionsClient`` (send a body, get the raw answer bytes, failures as
``HTTPStatusFailure`` / ``TransportFailure``), so the provider does not care which one it talks through.
The SDK is the reference client for every OpenAI-compatible server and follows the API's changes; its own
retries are switched off (``max_retries=0``) because ``retry.py`` is the one retry layer. Its cost is
client CPU: 1.5-6 ms per request here, which matters only at very high concurrency against a fast local
server — then ``transport: aiohttp`` is the faster choice (see benchmarks/README.md, "Runtime").
"""

from __future__ import annotations

from typing import Any

import openai

from pipeline.providers.chat_http import HTTPStatusFailure, TransportFailure

# Body fields the SDK takes as named arguments; everything else travels as ``extra_body``.
_NAMED = ("model", "messages", "temperature", "max_tokens", "seed", "top_p", "response_format")


class OpenAISDKClient:
    """POSTs chat-completion bodies with ``AsyncOpenAI``; returns the raw response body."""

    def __init__(self, base_url: str, api_key: str, timeout_s: float) -> None:
        self._client = openai.AsyncOpenAI(
            base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=0
        )
        self.timeout_s = timeout_s

    async def create(self, body: dict[str, Any]) -> bytes:
        named = {key: body[key] for key in _NAMED if key in body}
        extra = {key: value for key, value in body.items() if key not in _NAMED}
        try:
            raw = await self._client.chat.completions.with_raw_response.create(
                **named, extra_body=extra or None
            )
        except openai.APIStatusError as err:
            headers = {k.lower(): v for k, v in err.response.headers.items()}
            message = err.message
            if isinstance(err.body, dict) and isinstance(err.body.get("message"), str):
                message = err.body["message"]
            raise HTTPStatusFailure(err.status_code, message, err.body, headers) from err
        except openai.APITimeoutError as err:
            raise TransportFailure("timeout", f"no answer within {self.timeout_s:g} s") from err
        except openai.APIConnectionError as err:
            raise TransportFailure("connection", f"{type(err).__name__}: {err}") from err
        return raw.content

    async def close(self) -> None:
        await self._client.close()
