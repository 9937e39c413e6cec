"""Which solution paths to ask for, per problem.

With ``solutions_per_problem: k`` a problem is solved k times. An LLM varies by seed (each path has its
own request seed). The symbolic teacher walks genuinely different valid paths in turn (parts on u*v' or
on u'*v) and, for the last ``flawed_paths`` of them, plants a named mistake so that process-reward data
has negatives whose first wrong step is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.providers.symbolic import SOLVE_FLAW_INPUT, SOLVE_PATH_INPUT


@dataclass(frozen=True)
class PathPlan:
    index: int
    path: str
    flaw: str | None = None

    def teacher_inputs(self) -> dict[str, str]:
        """Inputs the symbolic teacher reads; templates never see them and LLMs ignore them."""
        inputs = {SOLVE_PATH_INPUT: self.path}
        if self.flaw:
            inputs[SOLVE_FLAW_INPUT] = self.flaw
        return inputs


def plan_paths(
    count: int, flawed: int, paths: Sequence[str], flaws: Sequence[str], offset: int = 0
) -> list[PathPlan]:
    """`count` paths: the first `count - flawed` correct (cycling the family's valid paths), then flawed ones.

    `offset` (the problem's index) rotates which flaws are planted, so every kind of mistake appears in a
    dataset even with one flawed path per problem.
    """
    plans = [PathPlan(i, paths[i % len(paths)]) for i in range(count - flawed)]
    for j in range(flawed):
        flaw = flaws[(j + offset) % len(flaws)]
        plans.append(PathPlan(count - flawed + j, paths[(j + offset) % len(paths)], flaw))
    return plans
