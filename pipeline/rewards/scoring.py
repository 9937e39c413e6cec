"""The SymPy half of scoring a completion, for any family: module-level functions run in a killable worker.

Callers never call these in-process on untrusted text: they go through ``validators.limits.CheckPool``
(``pipeline.rewards.trl`` and the exports do), so a check that hangs is killed and scores 0. The family
named by the ``family`` column reads the completion in its layout and checks it
(``Rendering.score`` / ``Rendering.verify``); a wrong answer is a verdict, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.core.family import FinalVerdict
from pipeline.core.scoring import SolutionScore
from pipeline.families import DEFAULT_FAMILY, get_family

__all__ = ["FinalVerdict", "SolutionScore", "score_completion", "verify_final"]


def score_completion(
    family: str, text: str, columns: Mapping[str, str], with_steps: bool = True
) -> SolutionScore:
    """Read a completion, check its final answer and (if asked) label every claim (in a worker)."""
    return get_family(family or DEFAULT_FAMILY).rendering.score(text, columns, with_steps)


def verify_final(family: str, final: str, columns: Mapping[str, str]) -> FinalVerdict:
    """The family's final-answer check of ``final`` against the record's columns (in a worker)."""
    return get_family(family or DEFAULT_FAMILY).rendering.verify(final, columns)
