"""Benchmark: does the runtime keep C requests in flight against a server that answers in L seconds?

Run: ``.venv/bin/python benchmarks/bench_runtime.py`` (or ``make bench``). A fake OpenAI-compatible server
(``tests/fakes``) runs in its own process — its CPU is the model's, not ours — and answers every request
after exactly L seconds. With C requests always in flight the ideal is C/L requests per second, so
``ratio = measured / (C/L)`` says how much the client side loses. Measured in the same run:

* **plain loop** — C coroutines looping on ``AsyncOpenAI().chat.completions.create`` (the usual way);
* **revsynth chain** — the same requests through the provider chain a run uses
  (Cache -> Retry -> Admission -> OpenAICompatProvider), each a cache miss, so each one is sent;
* **pipeline** — ``run_dataset`` with all three stages on the fake LLM (it answers each stage right, so
  samples are accepted) and ``runtime.concurrency = C``: samples/s against the ideal C/(3L) (three
  requests one after another per sample), and CPU per sample in the event loop and in the check workers
  (sampling and every SymPy check run there).

Each loop is measured twice and the better run is kept (other jobs share this machine: the load average
is printed). Writes the tables to ``benchmarks/README.md`` under "## Runtime" (other sections are kept).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402
from readme_section import replace_section  # noqa: E402  (benchmarks/, the script folder)

from pipeline.core.problem import Problem  # noqa: E402
from pipeline.families.shared.answers import DeriveAnswer  # noqa: E402
from pipeline.providers.base import ChatMessage, CompletionRequest  # noqa: E402
from pipeline.providers.factory import provider_parameters  # noqa: E402
from pipeline.providers.openai_compat import OpenAICompatProvider, response_format_for  # noqa: E402
from pipeline.providers.retry import resilient_provider  # noqa: E402
from pipeline.run.config import OpenAIProviderConfig  # noqa: E402
from pipeline.run.costs import SpendMeter  # noqa: E402
from pipeline.run.loading import LoadedRun, load_run  # noqa: E402
from pipeline.run.response_cache import CachedProvider, ResponseCache  # noqa: E402
from pipeline.run.runner import run_dataset  # noqa: E402
from pipeline.run.templates import answer_schema, schema_text  # noqa: E402

CONCURRENCY = 64
LATENCIES = (1.0, 0.2)
ROUNDS = {1.0: 8, 0.2: 25}  # requests per loop = C x rounds
PIPELINE_SAMPLES = 128
REPEATS = 2
CHECK_WORKERS = 2  # configs/ibp.yaml runtime.check_workers
STUB = Problem(index=0, seed=0, family="ibp", construction="-")


# --- the server, in its own process ------------------------------------------------------------------


def serve(config_path: str, indices: int) -> None:
    """``--serve``: the fake LLM. Latency comes from the model name (``fake@0.2``); stops when stdin closes.

    A minimal asyncio HTTP/1.1 keep-alive server rather than ``tests/fakes/openai_server.py``: that one
    serves each connection in a thread, and 64 threads waking at once queue for the GIL, which adds
    tens of milliseconds to L — the bench would measure the fake, not the client.
    """
    from tests.fakes.teacher_llm import TeacherLLM

    llm = TeacherLLM(load_run(config_path).config, indices=indices)
    llm.warm(range(indices))
    fixed = llm.answer(0, "derive")

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                body = json.loads(await reader.readexactly(length))
                await asyncio.sleep(float(str(body.get("model", "fake@0")).split("@")[-1]))
                content = llm(body).content if llm.knows(body) else fixed
                payload = json.dumps(completion_body(body, content)).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, StopIteration):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        print(f"http://127.0.0.1:{port}/v1", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

    asyncio.run(main())


def completion_body(request: dict, content: str | None) -> dict:
    prompt = sum(len(str(m.get("content", ""))) for m in request.get("messages", [])) // 4
    completion = len(content or "") // 4
    return {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model"),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def start_server(config_path: Path, indices: int) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, __file__, "--serve", str(config_path), str(indices)]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


# --- CPU of this process and its workers (not the server) ---------------------------------------------


def _proc_cpu() -> dict[int, tuple[int, float]]:
    """pid -> (ppid, user+system CPU seconds) for every process we can read."""
    ticks = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


class WorkerCPU:
    """CPU used by the check workers (our descendants without children), sampled every 0.2 s."""

    def __init__(self, exclude: int) -> None:
        self.exclude = exclude
        self.seen: dict[int, float] = {}
        self._start: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _descendants(self) -> dict[int, float]:
        table = _proc_cpu()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        found, stack = {}, [p for p in children.get(os.getpid(), []) if p != self.exclude]
        while stack:
            pid = stack.pop()
            if pid in children:  # the forkserver: its CPU is the pool's start-up (importing SymPy)
                stack += children[pid]
            else:
                found[pid] = table[pid][1]
        return found

    def _poll(self) -> None:
        while not self._stop.wait(0.2):
            for pid, cpu in self._descendants().items():
                self.seen[pid] = max(self.seen.get(pid, 0.0), cpu)

    def __enter__(self) -> WorkerCPU:
        self._start = self._descendants()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(cpu - self._start.get(pid, 0.0) for pid, cpu in self.seen.items())


# --- the loops ----------------------------------------------------------------------------------------


def derive_messages(loaded: LoadedRun) -> list[ChatMessage]:
    """A real first ask of the derive stage (prompt, system prompt and schema), for realistic bodies."""
    variables = {"function": "x**2*sin(exp(x))", "variable": "x", "schema": schema_text(DeriveAnswer)}
    return [ChatMessage(**m) for m in loaded.templates["derive"].render(variables)]


async def closed_loop(one, n: int, concurrency: int) -> tuple[float, float]:
    """Run ``one(i)`` for i < n, ``concurrency`` at once: (wall seconds, CPU seconds of this process)."""
    for i in range(4):
        await one(n + i)  # warm connections and code paths
    counter = iter(range(n))

    async def worker() -> None:
        for i in counter:
            await one(i)

    wall, cpu = time.monotonic(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.monotonic() - wall, time.process_time() - cpu


async def plain_loop(url: str, latency: float, n: int, messages: list[ChatMessage]) -> tuple[float, float]:
    client = AsyncOpenAI(base_url=url, api_key="sk-bench", max_retries=0)
    schema_request = CompletionRequest(
        stage="derive", messages=messages, problem=STUB, response_schema=answer_schema(DeriveAnswer)
    )
    response_format = response_format_for("json_schema", schema_request)
    body = [m.model_dump() for m in messages]

    async def one(i: int) -> None:
        response = await client.chat.completions.create(
            model=f"fake@{latency}",
            messages=body,
            temperature=0.7,
            max_tokens=2048,
            seed=2**31 + i,
            response_format=response_format,
        )
        assert response.choices[0].message.content

    try:
        return await closed_loop(one, n, CONCURRENCY)
    finally:
        await client.close()


async def chain_loop(
    url: str, latency: float, n: int, messages: list[ChatMessage], transport: str = "aiohttp"
) -> tuple[float, float]:
    config = OpenAIProviderConfig(
        type="openai", model=f"fake@{latency}", base_url=url, api_key_env=None, transport=transport
    )
    with tempfile.TemporaryDirectory() as tmp:
        cache = ResponseCache(Path(tmp) / "cache.sqlite")
        inner = resilient_provider(OpenAICompatProvider(config), config, SpendMeter())
        provider = CachedProvider(inner, cache, provider_parameters(config))
        schema = answer_schema(DeriveAnswer)

        async def one(i: int) -> None:
            request = CompletionRequest(
                stage="derive",
                messages=messages,
                response_schema=schema,
                schema_name="derive_answer",
                problem=STUB,
                seed=2**31 + i,
            )
            assert (await provider.complete(request)).text

        try:
            return await closed_loop(one, n, CONCURRENCY)
        finally:
            await provider.aclose()
            cache.close()


def pipeline_config(base: Path, tmp: Path, url: str, latency: float) -> Path:
    data = yaml.safe_load(base.read_text())
    data.update(
        templates_dir=str(ROOT / "prompts" / "ibp"),
        output_dir=str(tmp / f"out-{latency}"),
        count=PIPELINE_SAMPLES,
    )
    data["providers"] = {
        "llm": {
            "type": "openai",
            "model": f"fake@{latency}",
            "base_url": url,
            "api_key_env": None,
            "request_timeout_s": 60,
        }
    }
    data["stages"] = {s: {**data["stages"][s], "provider": "llm"} for s in ("derive", "reverse", "solve")}
    data["runtime"] = {
        **data.get("runtime", {}),
        "concurrency": CONCURRENCY,
        "max_attempts": 1,
        "cache_path": str(tmp / f"cache-{latency}.sqlite"),
    }
    path = tmp / f"pipeline-{latency}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def pipeline_run(config: Path, server_pid: int) -> dict:
    loaded = load_run(config)
    with WorkerCPU(exclude=server_pid) as workers:
        cpu = time.process_time()
        summary = asyncio.run(run_dataset(loaded, overwrite=True))
        cpu = time.process_time() - cpu
    return {"summary": summary, "loop_cpu": cpu, "worker_cpu": workers.seconds}


# --- report -------------------------------------------------------------------------------------------


def loop_rows(results: list[dict]) -> list[str]:
    head = "| L | C | loop | requests | wall s | requests/s | ideal C/L | **ratio** | client CPU ms/request |"
    rows = [head, "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ideal = CONCURRENCY / r["latency"]
        rate = r["n"] / r["wall"]
        cells = [f"{r['latency']:g} s", CONCURRENCY, r["loop"], r["n"], f"{r['wall']:.2f}", f"{rate:.1f}"]
        cells += [f"{ideal:.0f}", f"**{rate / ideal:.3f}**", f"{1000 * r['cpu'] / r['n']:.2f}"]
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return rows


def pipeline_rows(results: list[dict]) -> list[str]:
    rows = [
        "| L | C | accepted | wall s | samples/s | ideal C/(3L) | ratio | check-CPU bound | "
        "workers' CPU share | requests/s | CPU ms/sample: main process | CPU ms/sample: check workers |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r["summary"]
        tried = max(s.tried, 1)
        ideal = CONCURRENCY / (3 * r["latency"])
        rate = s.tried / s.wall_seconds
        bound = CHECK_WORKERS * tried / r["worker_cpu"] if r["worker_cpu"] else float("inf")
        cells = [f"{r['latency']:g} s", CONCURRENCY, f"{s.accepted}/{s.tried}", f"{s.wall_seconds:.1f}"]
        share = r["worker_cpu"] / (CHECK_WORKERS * s.wall_seconds)
        cells += [
            f"{rate:.1f}",
            f"{ideal:.1f}",
            f"{rate / ideal:.3f}",
            f"{bound:.1f} samples/s",
            f"{share:.0%}",
        ]
        cells += [f"{s.requests_sent / s.wall_seconds:.0f}", f"{1000 * r['loop_cpu'] / tried:.1f}"]
        cells += [f"{1000 * r['worker_cpu'] / tried:.0f}"]
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return rows


def write_readme(section: str) -> None:
    """Replace (or add) the "## Runtime" section of benchmarks/README.md, keeping the others."""
    replace_section("Runtime", section)


def main() -> None:
    load = os.getloadavg()
    base = ROOT / "configs" / "ibp.yaml"
    loaded = load_run(base, root=ROOT)
    messages = derive_messages(loaded)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        seed_config = pipeline_config(base, tmp, "http://127.0.0.1:9/v1", 0.0)  # only for the fake's seeds
        server, url = start_server(seed_config, int(PIPELINE_SAMPLES * 1.25))
        try:
            loops = []
            for latency in LATENCIES:
                n = CONCURRENCY * ROUNDS[latency]
                chains = (
                    ("plain `openai` loop", plain_loop),
                    (
                        "revsynth chain, `transport: openai_sdk` (default)",
                        functools.partial(chain_loop, transport="openai_sdk"),
                    ),
                    ("revsynth chain, `transport: aiohttp`", chain_loop),
                )
                for name, loop in chains:
                    runs = [asyncio.run(loop(url, latency, n, messages)) for _ in range(REPEATS)]
                    wall, cpu = min(runs)
                    loops.append({"latency": latency, "loop": name, "n": n, "wall": wall, "cpu": cpu})
                    print(loop_rows(loops)[-1], flush=True)
            pipelines = []
            for latency in LATENCIES:
                result = pipeline_run(pipeline_config(base, tmp, url, latency), server.pid)
                pipelines.append({"latency": latency, **result})
                print(pipeline_rows(pipelines)[-1], flush=True)
        finally:
            assert server.stdin is not None
            server.stdin.close()
            server.wait(timeout=30)
    intro = (
        "`make bench` → `benchmarks/bench_runtime.py`: a fake OpenAI-compatible server in its own\n"
        "process answers every request after exactly L seconds; with C requests always in flight the\n"
        "ideal is C/L requests/s, and **ratio** = measured / ideal. Both loops send the same body (a real\n"
        f"derive prompt with its JSON schema); best of {REPEATS} runs. Load average when the run started:\n"
        f"{load[0]:.1f} (2 cores, shared with other jobs). The plain loop uses the `openai` SDK as most\n"
        "tools do; the revsynth chain is what a run uses (Cache -> Retry -> Admission -> provider), through\n"
        "the SDK (the default transport) or the lean aiohttp client (`pipeline/providers/chat_http.py`,\n"
        "`transport: aiohttp`). Every client millisecond per\n"
        "request delays a whole wave of C answers, so the ratio falls with CPU/request x C / L.\n"
    )
    pipeline_intro = (
        f"Pipeline: `run_dataset`, all three stages on the fake LLM, `concurrency` = C, {PIPELINE_SAMPLES}\n"
        "samples; a sample is three requests in a row, so the ideal is C/(3L) samples/s. Sampling and\n"
        f"every SymPy check run in the {CHECK_WORKERS} check workers: at the measured check CPU per sample\n"
        "they cannot pass the *check-CPU bound* (workers / CPU per sample), whatever L and C are; the\n"
        "*workers' CPU share* is the CPU they got / (workers x wall time): with 64 samples in flight they\n"
        "always have work queued, so below 100% it is the share of the machine other jobs left them.\n"
        "Main-process CPU includes the event loop, the HTTP client and the pool's feeder threads.\n"
    )
    section = "\n".join([intro, *loop_rows(loops), "", pipeline_intro, *pipeline_rows(pipelines), ""])
    print(section)
    write_readme(section)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main()
