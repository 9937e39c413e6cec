"""What an eval measured: pass@1, pass@k and step validity, overall and by construction and difficulty.

pass@k is the unbiased estimator of the Codex paper (Chen et al. 2021): from n answers of which c are
correct, ``1 - C(n-c, k) / C(n, k)``, the chance that k answers drawn from the n hold a correct one. With
n == k it is plain "any of the k correct"; asking for n > k samples lowers its variance. A problem with
fewer than k answered samples (the provider never answered some) has no pass@k and is left out of it, so
an outage never counts as a wrong answer.

"Correct" is the family's final check (the answer is right); "accepted" is what ``revsynth dataset``
would keep (every check and every step passed). Step validity is the share of the checked steps (claims)
of all answers that were labelled correct: unverifiable claims count as checked and not correct.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import comb

from pydantic import BaseModel, Field

__all__ = ["BadLine", "EvalReport", "EvalSample", "GroupStats", "group_stats", "pass_at_k"]


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k from n samples with c correct (requires k <= n)."""
    if not 0 < k <= n or not 0 <= c <= n:
        raise ValueError(f"pass@k needs 0 < k <= n and 0 <= c <= n, got n={n}, c={c}, k={k}")
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


class EvalSample(BaseModel):
    """One answer to one problem, as scored: a line of the eval's ``samples.jsonl`` (its resume journal)."""

    key: str = Field(description="the problem's key: a hash of its family and the solve stage's inputs")
    sample: int = Field(description="which of the n answers to the problem (0-based)")
    problem: str = Field(description="the problem's id (record id, or the problems file's id or line)")
    construction: str
    difficulty: str
    correct: bool = Field(description="the family's final check passed")
    accepted: bool = Field(description="every check and step passed (what `revsynth dataset` keeps)")
    failure: str | None = Field(default=None, description="why not accepted, e.g. format:no_json")
    step_labels: list[str] = Field(default_factory=list, description="correct/incorrect/unverifiable")
    cached: bool = False
    raw_answer: str = ""


class BadLine(BaseModel):
    """A problems-file line that was not evaluated, and why."""

    line: int
    reason: str


class GroupStats(BaseModel):
    """The figures of one group of problems (all, one construction, one difficulty)."""

    problems: int = 0
    samples: int = Field(default=0, description="answers scored")
    correct: int = Field(default=0, description="answers whose final answer was right")
    accepted: int = Field(default=0, description="answers with every check and step right")
    pass_at_1: float | None = None
    pass_at_k: float | None = None
    pass_at_k_problems: int = Field(default=0, description="problems with >= k answers (pass@k's base)")
    accepted_rate: float | None = None
    step_validity: float | None = Field(default=None, description="steps labelled correct / steps checked")
    steps_checked: int = 0
    steps_correct: int = 0
    steps_incorrect: int = 0
    steps_unverifiable: int = 0


def group_stats(by_problem: Iterable[list[EvalSample]], k: int) -> GroupStats:
    """Figures over problems, each given as its scored answers; pass@1 averages c/n per problem."""
    stats = GroupStats()
    pass1: list[float] = []
    passk: list[float] = []
    for answers in by_problem:
        if not answers:
            continue
        n, c = len(answers), sum(a.correct for a in answers)
        stats.problems += 1
        stats.samples += n
        stats.correct += c
        stats.accepted += sum(a.accepted for a in answers)
        pass1.append(c / n)
        if n >= k:
            passk.append(pass_at_k(n, c, k))
        for answer in answers:
            for label in answer.step_labels:
                stats.steps_checked += 1
                stats.steps_correct += label == "correct"
                stats.steps_incorrect += label == "incorrect"
                stats.steps_unverifiable += label == "unverifiable"
    stats.pass_at_k_problems = len(passk)
    stats.pass_at_1 = round(sum(pass1) / len(pass1), 4) if pass1 else None
    stats.pass_at_k = round(sum(passk) / len(passk), 4) if passk else None
    stats.accepted_rate = round(stats.accepted / stats.samples, 4) if stats.samples else None
    if stats.steps_checked:
        stats.step_validity = round(stats.steps_correct / stats.steps_checked, 4)
    return stats


class EvalReport(BaseModel):
    """``report.json`` of ``revsynth eval``: what was asked of whom, and the figures."""

    config: str
    family: str
    solver: str = Field(description="provider/model of the config's solve (path) stage")
    source: str = Field(description="the dataset folder and split, or the problems file")
    k: int
    samples_per_problem: int = Field(description="n, the answers asked per problem (n >= k)")
    problems: int = Field(description="problems evaluated")
    problems_rebuilt: int = Field(
        default=0, description="dataset problems the config could not draw again: rebuilt from their record"
    )
    overall: GroupStats
    by_construction: dict[str, GroupStats]
    by_difficulty: dict[str, GroupStats]
    failures: dict[str, int] = Field(description="answers not accepted, by reason")
    unanswered: int = Field(default=0, description="answers the provider never gave (re-run to ask again)")
    resumed: int = Field(default=0, description="answers read back from an earlier, interrupted eval")
    requests_sent: int = Field(default=0, description="HTTP requests sent to LLM servers (cache hits free)")
    cache_hits: int = 0
    bad_lines: list[BadLine] = Field(default_factory=list, description="problems-file lines not evaluated")
    stopped_by_provider: str | None = None
    stopped_by_budget: bool = False
    wall_seconds: float = 0.0
