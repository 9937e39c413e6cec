"""How many of a local model's answers parse, stage by stage, with and without the one-shot example.

A tiny model almost never gets past the derive stage, so an all-local run says nothing about how it
answers the reverse or solve prompts. Here each stage is measured alone: that stage asks the local
server, and the other two are the symbolic teacher (always right), so every sample reaches the stage
under test with correct inputs. Each stage runs once per template set (``prompts/ibp``, with the worked
example, and ``prompts/ibp-minimal``, without), and the table says, per stage: answers that parse (valid
JSON matching the schema), answers that pass every check, answers that copy the worked example's
function instead of answering about their own problem, why the others failed, tokens, time, tokens/s.

    make serve-local
    .venv/bin/python scripts/local_parse_rate.py --samples 10
    .venv/bin/python scripts/local_parse_rate.py --samples 10 --structured prompt   # no JSON grammar
    .venv/bin/python scripts/local_parse_rate.py --report-only                      # re-read the last runs

The provider block (endpoint, model, temperature, max_tokens) is read from ``configs/ibp-local.yaml``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.families import get_family
from pipeline.run.loading import load_run
from pipeline.run.runner import run_dataset

STAGES = get_family("ibp").stage_names  # the local parse-rate study is of the ibp templates

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_SETS = ("ibp", "ibp-minimal")
# The worked example in prompts/ibp is f(x) = x**2*sin(exp(x**2)); an answer that names it while its own
# problem does not is copying the demonstration.
EXAMPLE_FUNCTION = re.compile(r"sin\(exp\(x(\*\*|\^)2\)\)")

HEADER = (
    "| stage | templates | parse | pass | copies example | truncated | prompt tok/ask | completion tok/ask "
    "| wall | tok/s | top failures |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


@dataclass
class StageFigures:
    """What the stage under test answered over one run, counted from the records the run wrote."""

    templates: str
    stage: str
    structured: str
    asked: int = 0
    parsed: int = 0
    passed: int = 0
    accepted: int = 0
    copies_example: int = 0
    truncated: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    request_seconds: float = 0.0
    wall_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)

    @property
    def tokens_per_second(self) -> float:
        """Completion tokens over request time (prompt processing included): what a run experiences."""
        return self.completion_tokens / self.request_seconds if self.request_seconds else 0.0

    def row(self) -> str:
        n = max(self.asked, 1)
        reasons = ", ".join(f"{reason} {count}" for reason, count in self.failures.most_common(3)) or "-"
        return (
            f"| {self.stage} | `{self.templates}` | {self.parsed}/{self.asked} ({self.parsed / n:.0%}) "
            f"| {self.passed}/{self.asked} | {self.copies_example}/{self.asked} | {self.truncated} "
            f"| {self.prompt_tokens // n} | {self.completion_tokens // n} | {self.wall_seconds:.0f} s "
            f"| {self.tokens_per_second:.0f} | {reasons} |"
        )


def _who(stage: str, under_test: str) -> str:
    return "local" if stage == under_test else "teacher"


def stage_config(local: dict, templates: str, stage: str, samples: int, out: Path, structured: str) -> dict:
    """A run where only `stage` asks the local server; the teacher answers the other two."""
    return {
        "name": f"local-{templates}-{stage}",
        "seed": 1234,
        "count": samples,
        "output_dir": str(out),
        "templates_dir": str(REPO / "prompts" / templates),
        "providers": {"local": {**local, "structured_output": structured}, "teacher": {"type": "symbolic"}},
        "stages": {
            s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": _who(s, stage)}
            for s in STAGES
        },
        # One request at a time, as llama.cpp's server answers anyway: a request's latency is then its own
        # prompt processing and generation, not time queued behind another. No cache: every answer is
        # asked for again, so the timings are real.
        "runtime": {"concurrency": 1, "max_attempts": 1, "max_samples": samples, "cache": False},
    }


def count_stage(output_dir: Path, figures: StageFigures) -> StageFigures:
    """Fill the figures for the stage under test from the run's records and summary.json."""
    for name in ("accepted.jsonl", "rejected.jsonl"):
        path = output_dir / name
        for line in path.read_text().splitlines() if path.exists() else []:
            record = json.loads(line)
            figures.accepted += name == "accepted.jsonl"
            stage = record["stages"].get(figures.stage)
            if stage is None:  # an earlier (teacher) stage failed: the local one was never asked
                continue
            own_f = record["f"] if "f" in record else record["problem"]["f"]
            figures.asked += 1
            figures.parsed += stage["answer"] is not None
            figures.passed += stage["ok"]
            figures.copies_example += bool(EXAMPLE_FUNCTION.search(stage["raw_answer"])) and not (
                EXAMPLE_FUNCTION.search(own_f)
            )
            if stage["failure"]:
                figures.failures[stage["failure"]] += 1
            for attempt in stage["attempts"]:
                figures.truncated += attempt["finish_reason"] == "length"
                figures.prompt_tokens += attempt["usage"]["prompt_tokens"]
                figures.completion_tokens += attempt["usage"]["completion_tokens"]
                figures.request_seconds += attempt["latency_s"]
    summary = json.loads((output_dir / "summary.json").read_text())
    figures.wall_seconds = summary["wall_seconds"]
    figures.notes = [f"structured output: {summary['structured_modes'].get('local')}"]
    figures.notes += summary.get("provider_notes", [])
    return figures


async def run_stage_alone(
    local: dict, templates: str, stage: str, samples: int, out: Path, structured: str
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    config_path = out.parent / f"{out.name}.yaml"
    config_path.write_text(yaml.safe_dump(stage_config(local, templates, stage, samples, out, structured)))
    await run_dataset(load_run(config_path, root=REPO), overwrite=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=10, help="problems per stage and template set")
    parser.add_argument("--config", default="configs/ibp-local.yaml", help="defines providers.local")
    parser.add_argument("--structured", default=None, help="override structured_output (e.g. prompt)")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--templates", default=",".join(TEMPLATE_SETS))
    parser.add_argument("--out", default="out/local-parse-rate")
    parser.add_argument("--report-only", action="store_true", help="count the runs already in --out")
    args = parser.parse_args()
    local = yaml.safe_load((REPO / args.config).read_text())["providers"]["local"]
    structured = args.structured or local.get("structured_output", "json_schema")
    print(f"model {local['model']} at {local['base_url']}; structured_output requested: {structured}")
    print(HEADER)
    for stage in args.stages.split(","):
        for templates in args.templates.split(","):
            out = REPO / args.out / f"{structured}-{templates}-{stage}"
            if not args.report_only:
                await run_stage_alone(local, templates, stage, args.samples, out, structured)
            figures = count_stage(out, StageFigures(templates=templates, stage=stage, structured=structured))
            print(figures.row(), flush=True)
            if figures.notes != [f"structured output: {structured}"]:
                print(f"    {'; '.join(figures.notes)}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
