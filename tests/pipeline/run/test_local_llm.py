"""The LLM path against a real model on a real server: llama.cpp serving SmolLM2-135M on 127.0.0.1.

Opt-in (marked ``local_llm``, left out of the default run): ``make test-local`` starts the server and runs
this file. Without the server the tests skip, unless ``REVSYNTH_LOCAL_LLM=1`` asks for it, in which case
the server is built if needed, started with ``make serve-local`` and stopped afterwards.

The model is far too small to do calculus, so nothing here expects an accepted sample. What is checked is
the bookkeeping a real, unreliable model exercises: the server refuses OpenAI's ``json_schema`` and the
provider falls back (and says so), every sample ends up accepted or rejected with a named reason, the
raw answers are kept, and no exception escapes the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request

import pytest
import yaml

from pipeline.families.ibp.generator.settings import GeneratorConfig as SamplerConfig
from pipeline.families.ibp.sampler import sample_problem
from pipeline.providers.base import ChatMessage, CompletionRequest
from pipeline.providers.openai_compat import OpenAICompatProvider
from pipeline.run.config import OpenAIProviderConfig
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset
from pipeline.run.templates import answer_schema
from tests.conftest import REPO

pytestmark = pytest.mark.local_llm

LOCAL_CONFIG = "configs/ibp-local.yaml"
SAMPLES = 3
KNOWN_STAGES = ("sample", "derive", "reverse", "solve")


def _local_provider() -> dict:
    return yaml.safe_load((REPO / LOCAL_CONFIG).read_text())["providers"]["local"]


def _answers(base_url: str) -> bool:
    try:
        # No server: refused at once. A busy one answers /models only after its current request.
        with urllib.request.urlopen(f"{base_url}/models", timeout=300) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def base_url():
    """The local server's URL; started (and later stopped) here only when REVSYNTH_LOCAL_LLM=1 asks."""
    url = _local_provider()["base_url"].rstrip("/")
    if _answers(url):
        yield url
        return
    if os.environ.get("REVSYNTH_LOCAL_LLM") != "1":
        pytest.skip(f"no local LLM server at {url}: run `make serve-local` or set REVSYNTH_LOCAL_LLM=1")
    subprocess.run(["make", "serve-local"], cwd=REPO, check=True)
    try:
        yield url
    finally:
        subprocess.run(["make", "stop-local"], cwd=REPO, check=False)


async def test_server_refuses_json_schema_and_the_provider_falls_back(base_url):
    config = OpenAIProviderConfig(
        **{**_local_provider(), "structured_output": "json_schema", "max_tokens": 256}
    )
    provider = OpenAICompatProvider(config, name="local")
    problem = sample_problem(1234, 0, "x", SamplerConfig())
    request = CompletionRequest(
        stage="reverse",
        messages=[
            ChatMessage(
                role="user", content=f"Restate g(x) = {problem.details.integrand} as a problem, as JSON."
            )
        ],
        response_schema=answer_schema("reverse"),
        schema_name="reverse_answer",
        problem=problem,
    )
    try:
        completion = await provider.complete(request)
    finally:
        await provider.aclose()

    assert provider.structured_mode == "json_object_schema"
    assert len(provider.fallbacks) == 1 and "refused structured output 'json_schema'" in provider.fallbacks[0]
    assert completion.structured_mode == "json_object_schema"
    assert completion.usage.completion_tokens > 0
    if completion.finish_reason == "stop":  # the server's grammar makes a finished answer schema-shaped
        # ... though its strings may hold raw newlines: JSON strict mode refuses them, our extractor does not
        assert set(json.loads(completion.text, strict=False)) >= {"problem", "integrand"}


async def test_every_sample_is_accounted_for_with_a_reason(base_url, write_config):
    path = write_config(LOCAL_CONFIG, count=SAMPLES, runtime={"max_samples": SAMPLES, "concurrency": 2})
    loaded = load_run(path)

    summary = await run_dataset(loaded)

    assert summary.accepted + summary.rejected == summary.tried == SAMPLES
    assert sum(summary.rejected_by_reason.values()) == summary.rejected
    # configs/ibp-local.yaml asks for json_schema; llama.cpp refuses it and the run goes on in its own mode.
    assert summary.structured_modes == {"local": "json_object_schema"}
    assert len(summary.provider_notes) == 1 and "'json_schema'" in summary.provider_notes[0]
    assert summary.stages["derive"].requests == SAMPLES
    assert summary.stages["derive"].completion_tokens > 0

    records = [
        json.loads(line)
        for name in ("accepted.jsonl", "rejected.jsonl")
        if (loaded.output_dir / name).exists()
        for line in (loaded.output_dir / name).read_text().splitlines()
    ]
    assert sorted(r["index"] for r in records) == list(range(SAMPLES))
    for record in (r for r in records if "failed_stage" in r):
        stage, _, reason = record["reason"].partition(":")
        assert stage in KNOWN_STAGES and stage == record["failed_stage"] and reason
        failed = record["stages"][stage]
        assert failed["attempts"], "every ask is kept"
        assert failed["attempts"][-1]["structured_mode"] == "json_object_schema"
        assert any(not check["ok"] for check in failed["checks"]), "the failing check is named"

    on_disk = json.loads((loaded.output_dir / "summary.json").read_text())
    assert on_disk["structured_modes"] == {"local": "json_object_schema"}
