"""What every row builder of one export shares: the options, the counts of what was left out, and the path
texts already written for each problem.

Identical path texts are never exported twice for one problem: two "different" paths (the symbolic
teacher's two parts orders, an LLM at two seeds, a retried answer) often render to the same text, and a
duplicate row is the same lesson counted twice. The key is the problem (``split.problem_key``, so two
records of one problem share it) and the text as the format writes it, so each format drops exactly the
rows that would repeat another of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.exports.split import problem_key
from pipeline.exports.steps import StepOptions
from pipeline.rewards.paths import ProblemPaths


@dataclass
class BuildContext:
    """One export's shared state: ``skipped`` counts by reason, ``seen`` path texts by problem."""

    export_format: str
    options: StepOptions = field(default_factory=StepOptions)
    skipped: Counter = field(default_factory=Counter)
    seen: dict[str, set[str]] = field(default_factory=dict)
    normalised: Counter = field(default_factory=Counter)
    """Texts changed so a trainer reads them right (line breaks in a step, the tag in a text), by kind."""
    labeler: str = ""
    timestamp: str = ""

    def first_time(self, record: ProblemPaths, text: str) -> bool:
        """True the first time ``text`` is offered for ``record``'s problem; counts every repeat."""
        texts = self.seen.setdefault(problem_key(record), set())
        if text in texts:
            self.skipped[f"{self.export_format}:duplicate_path"] += 1
            return False
        texts.add(text)
        return True

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[f"{self.export_format}:{reason}"] += n
