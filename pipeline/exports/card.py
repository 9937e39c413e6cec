"""The dataset card: a ``README.md`` in every dataset folder saying what the data is and how it was made.

A dataset is only reusable when its reader can tell how it was made and what is in it without running
anything: the config, the exact templates (by sha256), the counts, why samples were rejected, and how the
proved step labels and the rewards are distributed. Plots are PNGs beside the card (matplotlib's Agg
canvas, no display, no pyplot global state). Everything is read from the folder; nothing is re-proved.

matplotlib is optional (the ``data`` extra): without it the card is the same text, every figure a plot
would show is in its tables already, and each plot's place says how to get it drawn. A run never fails
after writing its data just because a picture could not be drawn.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline.core.family import Family
from pipeline.core.records import RunSummary
from pipeline.exports.card_lengths import lengths_section
from pipeline.exports.card_verdicts import verdict_section
from pipeline.exports.labelled import final_answer_label
from pipeline.exports.source import DatasetFolder, read_dataset
from pipeline.families import DEFAULT_FAMILY, get_family
from pipeline.rewards.components import RewardWeights
from pipeline.rewards.paths import PathReward, ProblemPaths, score_paths
from pipeline.run.outputs import MANIFEST, SUMMARY

if TYPE_CHECKING:
    from pipeline.run.loading import LoadedRun

CARD = "README.md"
NO_PLOTS = "_(plot not drawn: matplotlib is not installed; `pip install 'revsynth[data]'` adds it)_"
PLOTS = {"acceptance": "card_acceptance.png", "steps": "card_step_labels.png", "rewards": "card_rewards.png"}
LABELS = ("correct", "incorrect", "unverifiable")


def template_hashes(loaded: LoadedRun) -> list[tuple[str, str, str]]:
    """(stage, template file, sha256 of its source) for every template of the run."""
    rows = []
    for stage, templates in sorted(loaded.templates.items()):
        rows.append((stage, templates.user_name, hashlib.sha256(templates.user_source.encode()).hexdigest()))
        if templates.system_name and templates.system_source is not None:
            digest = hashlib.sha256(templates.system_source.encode()).hexdigest()
            rows.append((stage, templates.system_name, digest))
    return rows


def step_label_counts(folder: DatasetFolder) -> dict[str, Counter]:
    """Label counts by step kind (derive steps, parts choices, solve steps ...) and of final answers."""
    counts: dict[str, Counter] = {}
    for record in folder.accepted:
        problem = ProblemPaths.of_accepted(record)
        for name, stage in record.stages.items():
            if name == problem.spec.path_stage.name:
                continue  # counted once per path below
            for label in stage.step_labels:
                counts.setdefault(label.kind, Counter())[label.label] += 1
        for solution in problem.solutions:
            for label in solution.stage.step_labels:
                counts.setdefault(label.kind, Counter())[label.label] += 1
            final = final_answer_label(problem.family, solution)[0]
            counts.setdefault("final_answer", Counter())[final] += 1
    return counts


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "-"


def _summary(folder: DatasetFolder) -> RunSummary | None:
    path = folder.directory / SUMMARY
    return RunSummary.model_validate_json(path.read_text()) if path.is_file() else None


def _plot_acceptance(path: Path, accepted: int, reasons: Counter) -> None:
    fig, canvas = _figure()
    ax = fig.add_subplot()
    names = ["accepted", *reasons]
    ax.barh(names, [accepted, *reasons.values()], color=["tab:green"] + ["tab:red"] * len(reasons))
    ax.invert_yaxis()
    ax.set_xlabel("samples")
    ax.set_title("Accepted samples and rejections by reason")
    fig.tight_layout()
    canvas.print_png(str(path))


def _plot_steps(path: Path, counts: dict[str, Counter], first_errors: Counter) -> None:
    fig, canvas = _figure(width=10)
    ax, ax2 = fig.subplots(1, 2)
    kinds = sorted(counts)
    bottom = [0] * len(kinds)
    for label, colour in zip(LABELS, ("tab:green", "tab:red", "tab:gray"), strict=True):
        values = [counts[k][label] for k in kinds]
        ax.bar(kinds, values, bottom=bottom, label=label, color=colour)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title("Step labels by kind")
    _legend_or_empty(ax, "no step labels (no solution paths)")
    steps = sorted(first_errors)
    ax2.bar([str(s) for s in steps], [first_errors[s] for s in steps], color="tab:red")
    ax2.set_title("First incorrect step of flawed paths")
    ax2.set_xlabel("step index (reading order)")
    fig.tight_layout()
    canvas.print_png(str(path))


def _plot_rewards(path: Path, rewards: list[PathReward]) -> None:
    fig, canvas = _figure()
    ax = fig.add_subplot()
    bins = [i / 20 for i in range(21)]
    for correct, colour in ((True, "tab:green"), (False, "tab:red")):
        values = [r.reward for r in rewards if r.correct is correct]
        if values:
            ax.hist(values, bins=bins, color=colour, alpha=0.7, label="correct" if correct else "incorrect")
    ax.set_xlabel("combined reward")
    ax.set_ylabel("solution paths")
    ax.set_title("Reward of every solution path")
    _legend_or_empty(ax, "no solution paths")
    fig.tight_layout()
    canvas.print_png(str(path))


def _legend_or_empty(ax, empty_text: str) -> None:
    """A legend when something was drawn; otherwise say so on the axes (a run with nothing accepted)."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
    else:
        ax.text(0.5, 0.5, empty_text, ha="center", va="center", transform=ax.transAxes, color="gray")


def can_plot() -> bool:
    """Whether matplotlib can be imported (it comes with the ``data`` extra)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(width: float = 7):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, 4), dpi=100)
    return fig, FigureCanvasAgg(fig)


@dataclass
class _CardData:
    """What the card is written from, gathered once."""

    name: str
    folder: DatasetFolder
    reasons: Counter
    rewards: list[PathReward]
    labels: dict[str, Counter]
    first_errors: Counter
    weights: RewardWeights
    loaded: LoadedRun | None
    fingerprint: str
    family: Family

    @property
    def accepted(self) -> int:
        return len(self.folder.accepted)

    @property
    def rejected(self) -> int:
        return sum(self.reasons.values())


def _gather(dataset_dir: str | Path, loaded: LoadedRun | None, weights: RewardWeights | None) -> _CardData:
    folder = read_dataset(dataset_dir, with_rejected=True)
    summary = _summary(folder)
    manifest_path = folder.directory / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    name = manifest.get("name", folder.directory.name)
    if summary is not None:
        name = summary.name
    if loaded is not None:
        name = loaded.config.name
    reasons = Counter(summary.rejected_by_reason) if summary else Counter(r.reason for r in folder.rejected)
    chosen = weights or RewardWeights()
    rewards = [reward for record in folder.accepted for reward in score_paths(record, chosen)]
    first_errors = Counter(r.first_error_step for r in rewards if r.first_error_step is not None)
    family = loaded.config.family if loaded is not None else None
    family = family or next((r.family for r in folder.accepted), None) or manifest.get("family")
    return _CardData(
        name, folder, reasons, rewards, step_label_counts(folder), first_errors, chosen, loaded,
        manifest.get("fingerprint", "unknown"), get_family(family or DEFAULT_FAMILY),
    )  # fmt: skip


def _front_matter(data: _CardData) -> str:
    front = {
        "pretty_name": f"revsynth {data.name}",
        "tags": list(data.family.rendering.card_tags),
        "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": "accepted.jsonl"}]}],
    }
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---"


def _counts(data: _CardData) -> list[str]:
    tried = data.accepted + data.rejected
    counts = [
        ("problems accepted", data.accepted),
        ("problems rejected", data.rejected),
        ("acceptance", f"{data.accepted / tried:.1%}" if tried else "-"),
        ("solution paths", len(data.rewards)),
        ("correct paths", sum(r.correct for r in data.rewards)),
        ("flawed or incorrect paths", sum(not r.correct for r in data.rewards)),
        ("partial lines skipped", data.folder.partial_lines),
    ]
    outcomes = [("accepted", data.accepted), *((f"rejected: {k}", v) for k, v in data.reasons.most_common())]
    return [
        "## Counts",
        _table(("what", "value"), counts),
        "## Acceptance by reason",
        _table(("outcome", "samples"), outcomes),
        f"![acceptance]({PLOTS['acceptance']})",
    ]


def _paths_and_labels(data: _CardData) -> list[str]:
    by_path: dict[tuple[str, str], list[PathReward]] = {}
    for reward in data.rewards:
        by_path.setdefault((reward.path, reward.flaw or "-"), []).append(reward)
    paths = [
        (path, flaw, len(rs), sum(r.correct for r in rs), _mean([r.reward for r in rs]),
         _mean([r.components.step_validity for r in rs]))
        for (path, flaw), rs in sorted(by_path.items())
    ]  # fmt: skip
    labels = [(kind, *(data.labels[kind][label] for label in LABELS)) for kind in sorted(data.labels)]
    first = ", ".join(f"step {s}: {n}" for s, n in sorted(data.first_errors.items())) or "none"
    return [
        "## Solution paths",
        _table(("path", "flaw", "paths", "correct", "mean reward", "mean step validity"), paths),
        "## Step labels",
        _table(("kind", *LABELS), labels),
        f"First incorrect step (reading order, as in the PRM exports) of each flawed path: {first}",
        f"![step labels]({PLOTS['steps']})",
    ]


def _rewards(data: _CardData) -> list[str]:
    names = ("correctness", "step_validity", "format", "efficiency")
    rows = []
    for title, correct in (("correct", True), ("incorrect", False)):
        group = [r for r in data.rewards if r.correct is correct]
        means = (_mean([getattr(r.components, name) for r in group]) for name in names)
        rows.append((title, len(group), _mean([r.reward for r in group]), *means))
    return [
        "## Rewards",
        f"Weights: `{data.weights.model_dump()}` (see `pipeline/rewards`).",
        _table(("paths", "n", "reward", *names), rows),
        f"![rewards]({PLOTS['rewards']})",
    ]


def _provenance(data: _CardData) -> list[str]:
    if data.loaded is None:
        return [
            "## Config",
            f"Not recorded here; run fingerprint `{data.fingerprint}` (it covers config and templates).",
        ]
    config = yaml.safe_dump(data.loaded.config.model_dump(mode="json"), sort_keys=False)
    return [
        "## Config",
        f"```yaml\n{config}```",
        "## Templates",
        _table(("stage", "template", "sha256"), template_hashes(data.loaded)),
    ]


_INTRO = (
    "Every sample was kept only when its final answer was established (proved by algebra or shown "
    "numerically, see below); every step of every solution path carries the label of its own check "
    "(see `docs/process-supervision.md` and `docs/verification.md`)."
)
_USE = (
    "## Use\n\n```python\nfrom datasets import load_dataset\n"
    'ds = load_dataset("json", data_files="accepted.jsonl")\n```\n\n'
    "Training formats: `revsynth export DATASET_DIR --format {sft,prm,prm-stepwise,dpo,grpo,prm800k} -o OUT`."
)


def _tokenizer(loaded: LoadedRun | None) -> str | None:
    return loaded.config.runtime.card_tokenizer if loaded is not None else None


def write_card(
    dataset_dir: str | Path, loaded: LoadedRun | None = None, weights: RewardWeights | None = None
) -> Path:
    """Write ``README.md`` and its PNG plots (when matplotlib is installed) into the dataset folder; return
    the card's path.

    Pass the run's ``LoadedRun`` to record the config and the templates' sha256; without it the card
    names the run's fingerprint instead.
    """
    data = _gather(dataset_dir, loaded, weights)
    directory = data.folder.directory
    plotted = can_plot()
    if plotted:
        _plot_acceptance(directory / PLOTS["acceptance"], data.accepted, data.reasons)
        _plot_steps(directory / PLOTS["steps"], data.labels, data.first_errors)
        _plot_rewards(directory / PLOTS["rewards"], data.rewards)
    sections = [
        _front_matter(data),
        f"# {data.name}: {data.family.rendering.card_title} (revsynth)",
        f"{data.family.rendering.card_summary} {_INTRO}",
        *_counts(data),
        *verdict_section(data.folder),
        *_paths_and_labels(data),
        *lengths_section(data.folder, _tokenizer(loaded), _table),
        *_rewards(data),
        *_provenance(data),
        _USE,
    ]
    if not plotted:
        sections = [NO_PLOTS if section.startswith("![") else section for section in sections]
    card = directory / CARD
    card.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    return card
