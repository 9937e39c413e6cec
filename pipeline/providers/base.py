"""The one small async interface every model provider implements.

Stages never know which provider answers them: they render messages, send a ``CompletionRequest`` and get
text back. The request also carries the structured inputs the template was rendered from (``problem`` and
``inputs``): LLM providers ignore them, the built-in symbolic teacher reads them instead of parsing English.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from pipeline.core.problem import Problem


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class CompletionRequest(BaseModel):
    stage: str = Field(description="derive, reverse or solve")
    messages: list[ChatMessage]
    response_schema: dict[str, Any] | None = Field(default=None, description="JSON schema of the answer")
    schema_name: str = "answer"
    problem: Problem
    inputs: dict[str, str] = Field(default_factory=dict, description="the template's variables")
    seed: int = 0
    attempt: int = 0


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class Completion(BaseModel):
    text: str
    finish_reason: str | None = None
    usage: Usage = Field(default_factory=Usage)
    model: str
    provider: str
    structured_mode: str | None = Field(default=None, description="how JSON was requested, if at all")
    latency_s: float = 0.0
    cached: bool = Field(default=False, description="answered from the response cache, not paid for")


class ProviderError(RuntimeError):
    """A provider could not produce an answer (transport failure after retries, refused request...).

    ``kind`` names the failure so it ends up, as is, in the rejected record. ``status`` is the HTTP status
    if the server answered, and ``cause`` a finer name where one is known ("connection_refused",
    "host_not_found"): the circuit breaker (``breaker.py``) tells a dead endpoint from a flaky one by them.
    """

    def __init__(
        self,
        kind: str,
        detail: str,
        retry_after_s: float | None = None,
        *,
        status: int | None = None,
        cause: str | None = None,
    ) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.retry_after_s = retry_after_s  # the server's Retry-After, if it sent one
        self.status = status
        self.cause = cause


class Provider(Protocol):
    """A source of answers: an LLM endpoint or the symbolic teacher."""

    name: str
    model: str

    async def complete(self, request: CompletionRequest) -> Completion: ...

    async def aclose(self) -> None: ...
