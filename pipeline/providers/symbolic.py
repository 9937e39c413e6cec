"""The symbolic teacher behind the Provider interface: offline, deterministic, free.

It answers from the structured request (``request.problem`` and ``request.inputs``) instead of the
rendered prompt, and returns JSON text like an LLM would, so its answers take exactly the same path
through answer parsing and validation. What it writes for a stage is the problem's family's business
(``StageSpec.teach``); the SymPy work runs in ``teach``, a module-level function, so the runner can execute
it in its killable, time-limited process pool.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from pipeline.core.errors import TeacherError
from pipeline.core.problem import Problem
from pipeline.providers.base import Completion, CompletionRequest, ProviderError, Usage
from validators.limits import LimitError

SOLVE_PATH_INPUT = "solve_path"
"""Input naming the solution path the teacher walks on the path stage (one of its family's ``paths``)."""
SOLVE_FLAW_INPUT = "solve_flaw"
"""Input naming a mistake to plant on that path (one of its family's ``flaws``): process-reward negatives."""

RunSync = Callable[..., Awaitable[Any]]


class UnknownStage(ValueError):
    """The problem's family has no such stage (picklable: raised in a worker)."""


def teach(stage: str, problem: Problem, inputs: dict[str, str], seed: int = 0) -> str:
    """The teacher's answer for one stage, as JSON text. Pure; ``seed`` is accepted for symmetry (unused).

    Raises TeacherError (picklable) when it cannot answer.
    """
    from pipeline.families import get_family  # the registry imports every family: only in the worker

    family = get_family(problem.family)
    if stage not in family.stage_names:
        raise UnknownStage(
            f"{stage!r} is not a stage of the {family.name} family: {list(family.stage_names)}"
        )
    path = inputs.get(SOLVE_PATH_INPUT) or None
    flaw = inputs.get(SOLVE_FLAW_INPUT) or None
    if family.path_stage.name == stage:
        path = path or family.paths[0]
    return family.stage(stage).teach(problem, inputs, path, flaw).model_dump_json()


class SymbolicTeacherProvider:
    """Provider that answers every stage with the symbolic teacher."""

    name = "symbolic"

    def __init__(self, run_sync: RunSync | None = None, model: str = "symbolic-teacher") -> None:
        self.model = model
        self._run_sync = run_sync

    async def complete(self, request: CompletionRequest) -> Completion:
        args = (request.stage, request.problem, dict(request.inputs), request.seed)
        started = time.perf_counter()
        try:
            if self._run_sync is None:
                text = teach(*args)
            else:
                text = await self._run_sync(teach, *args)
        except TeacherError as err:
            raise ProviderError(err.kind, err.detail) from err
        except UnknownStage as err:
            raise ProviderError("unknown_stage", str(err)) from err
        except LimitError as err:  # the teacher's SymPy work ran past its hard limit
            raise ProviderError(f"teacher_{err.kind}", str(err)) from err
        prompt_tokens = sum(len(m.content) for m in request.messages) // 4
        completion_tokens = len(text) // 4
        return Completion(
            text=text,
            finish_reason="stop",
            usage=Usage(
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                total_tokens=prompt_tokens + completion_tokens,
            ),
            model=self.model,
            provider=self.name,
            structured_mode=None,
            latency_s=time.perf_counter() - started,
        )

    async def aclose(self) -> None:
        return None
