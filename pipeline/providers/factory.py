"""Turn the providers named in a config into live provider objects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pipeline.providers.base import Provider
from pipeline.run.config import OpenAIProviderConfig, ProviderConfig, SymbolicProviderConfig


def build_provider(config: ProviderConfig, run_sync: Callable[..., Awaitable[Any]]) -> Provider:
    """`run_sync` runs a picklable function in the time-limited check pool (the symbolic teacher uses it)."""
    if isinstance(config, SymbolicProviderConfig):
        from pipeline.providers.symbolic import SymbolicTeacherProvider

        return SymbolicTeacherProvider(run_sync=run_sync)
    if isinstance(config, OpenAIProviderConfig):
        from pipeline.providers.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(config)
    raise TypeError(f"unknown provider config {type(config).__name__}")


def provider_parameters(config: ProviderConfig) -> dict[str, Any]:
    """The generation parameters worth recording beside every answer."""
    if isinstance(config, OpenAIProviderConfig):
        return config.model_dump(
            include={"model", "temperature", "top_p", "max_tokens", "seed", "structured_output", "extra_body"}
        )
    return {"model": config.model}
