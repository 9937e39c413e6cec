"""Live counters of a run: read by the progress display, then turned into the run summary.

Counting from the records themselves (not from provider objects) keeps the summary true for answers
served from the response cache: a cached answer says which structured-output mode it came in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.core.records import AcceptedRecord, RejectedRecord, RunSummary, StageTotals
from pipeline.providers.base import Provider
from pipeline.run.config import RunConfig
from pipeline.run.costs import SpendMeter
from pipeline.run.outputs import is_unanswered

Outcome = AcceptedRecord | RejectedRecord


@dataclass
class Tally:
    """Live counters, read by the progress display and turned into the run summary."""

    accepted: int = 0
    rejected: int = 0
    in_flight: int = 0
    reasons: Counter = field(default_factory=Counter)
    stages: dict[str, StageTotals] = field(default_factory=dict)  # the run's stages, in order (runner)
    meter: SpendMeter = field(default_factory=SpendMeter)  # requests, tokens and spend, live
    stage_providers: dict[str, str] = field(default_factory=dict)  # stage -> provider name in the config
    modes: dict[str, Counter] = field(default_factory=dict)  # provider -> structured modes answers came in
    unanswered: int = 0  # samples of this invocation the provider never answered (asked again next run)

    def add(self, outcome: Outcome) -> None:
        if isinstance(outcome, AcceptedRecord):
            self.accepted += 1
        else:
            self.rejected += 1
            self.reasons[outcome.reason] += 1
            self.unanswered += is_unanswered(outcome)
        path_stages = {solution.stage.stage for solution in outcome.solutions}
        records = [r for name, r in outcome.stages.items() if name not in path_stages]
        records += [solution.stage for solution in outcome.solutions]
        for record in records:
            totals = self.stages.setdefault(record.stage, StageTotals())
            totals.requests += sum(not a.cached for a in record.attempts)
            totals.cached += sum(a.cached for a in record.attempts)
            totals.passed += int(record.ok)
            totals.failed += int(not record.ok)
            totals.prompt_tokens += record.usage.prompt_tokens
            totals.completion_tokens += record.usage.completion_tokens
            totals.seconds += sum(a.latency_s for a in record.attempts)
            provider = self.stage_providers.get(record.stage, record.provider)
            used = [a.structured_mode for a in record.attempts if a.structured_mode]
            self.modes.setdefault(provider, Counter()).update(used)

    def structured_mode(self, name: str, provider: Provider) -> str:
        """The structured-output mode(s) answers actually came in (cached ones included), most used first.

        Read from the answers rather than the provider: a resumed run served from the cache never asks
        the server, so its provider would report the configured mode, not the one that was used.
        """
        used = self.modes.get(name)
        if used:
            return ", ".join(mode for mode, _ in used.most_common())
        return getattr(provider, "structured_mode", None) or "n/a"


def run_summary(
    cfg: RunConfig,
    tally: Tally,
    providers: dict[str, Provider],
    meter: SpendMeter,
    wall: float,
    resumed: int,
) -> RunSummary:
    """The summary of a run from its live counters (``summary.json``, and the table the CLI prints)."""
    decided = tally.accepted + tally.rejected
    return RunSummary(
        name=cfg.name,
        run_seed=cfg.seed,
        requested=cfg.count,
        accepted=tally.accepted,
        rejected=tally.rejected,
        tried=decided,
        acceptance_rate=round(tally.accepted / decided, 4) if decided else 0.0,
        rejected_by_reason=dict(tally.reasons.most_common()),
        stages=tally.stages,
        structured_modes={name: tally.structured_mode(name, p) for name, p in providers.items()},
        provider_notes=[note for p in providers.values() for note in getattr(p, "fallbacks", [])],
        wall_seconds=round(wall, 3),
        samples_per_second=round((decided - resumed) / wall, 3) if wall > 0 else 0.0,
        resumed_from=resumed,
        requests_sent=sum(getattr(p, "http_requests", 0) for p in providers.values()),
        requests_answered=meter.requests,
        spend_usd=round(meter.usd, 6),
        stopped_by_budget=meter.exhausted and tally.accepted < cfg.count,
        unanswered=tally.unanswered,
        retries={name: dict(r) for name, p in providers.items() if (r := getattr(p, "retried", None))},
    )
