"""Which solution paths to ask for, per problem.

With ``solutions_per_problem: k`` a problem is solved k times. An LLM varies by seed (each path has its
own request seed). The symbolic teacher walks genuinely different valid paths in turn (parts on u*v' or
on u'*v) and, for the last ``flawed_paths`` of them, plants a named mistake so that process-reward data
has negatives whose first wrong step is known.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.providers.symbolic import SOLVE_FLAW_INPUT, SOLVE_PATH_INPUT
from pipeline.teacher import Flaw, SolvePath

CORRECT_PATHS: tuple[str, ...] = tuple(p.value for p in SolvePath)
FLAWS: tuple[str, ...] = tuple(f.value for f in Flaw)


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


def plan_paths(count: int, flawed: int) -> list[PathPlan]:
    """`count` paths: the first `count - flawed` correct (cycling valid paths), then the flawed ones."""
    plans = [PathPlan(i, CORRECT_PATHS[i % len(CORRECT_PATHS)]) for i in range(count - flawed)]
    for j in range(flawed):
        plans.append(PathPlan(count - flawed + j, CORRECT_PATHS[j % len(CORRECT_PATHS)], FLAWS[j % len(FLAWS)]))
    return plans
