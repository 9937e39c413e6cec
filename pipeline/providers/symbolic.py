"""The symbolic teacher behind the Provider interface: offline, deterministic, free.

It answers from the structured request (``request.problem`` and ``request.inputs``) instead of the
rendered prompt, and returns JSON text like an LLM would, so its answers take exactly the same path
through answer parsing and validation. The SymPy work runs in ``teach``, a module-level function, so the
runner can execute it in its killable, time-limited process pool.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from pipeline.core.problem import Problem
from pipeline.families.ibp.teacher import TeacherError, write_reverse_answer
from pipeline.providers.base import Completion, CompletionRequest, ProviderError, Usage
from validators.limits import LimitError

TEACHER_STAGES: tuple[str, ...] = ("derive", "reverse", "solve")

SOLVE_PATH_INPUT = "solve_path"
"""Optional input naming the solution path (see pipeline.families.ibp.teacher.SolvePath); default product_reversal."""
SOLVE_FLAW_INPUT = "solve_flaw"
"""Optional input naming a deliberate flaw (see pipeline.families.ibp.teacher.Flaw), for process-reward negatives."""

RunSync = Callable[..., Awaitable[Any]]


def teach(stage: str, problem: Problem, inputs: dict[str, str], seed: int = 0) -> str:
    """The teacher's answer for one stage, as JSON text. Pure; ``seed`` is accepted for symmetry (unused).

    Raises TeacherError (picklable) when it cannot answer.
    """
    from pipeline.families import get_family

    family = get_family(problem.family)
    if stage == "derive":
        answer = family.write_derive(problem)
    elif stage == "reverse":
        if "derivative" not in inputs:
            raise TeacherError("missing_input", "the reverse stage needs inputs['derivative']")
        answer = write_reverse_answer(problem, inputs["derivative"])
    elif stage == "solve":
        path = inputs.get(SOLVE_PATH_INPUT) or family.paths[0]
        answer = family.write_solve(problem, path=path, flaw=inputs.get(SOLVE_FLAW_INPUT) or None)
    else:
        raise TeacherError("unknown_stage", f"{stage!r} is not one of {list(TEACHER_STAGES)}")
    return answer.model_dump_json()


class SymbolicTeacherProvider:
    """Provider that answers every stage with the symbolic teacher."""

    name = "symbolic"

    def __init__(self, run_sync: RunSync | None = None, model: str = "symbolic-teacher") -> None:
        self.model = model
        self._run_sync = run_sync

    async def complete(self, request: CompletionRequest) -> Completion:
        if request.stage not in TEACHER_STAGES:
            raise ProviderError("unknown_stage", f"{request.stage!r} is not one of {list(TEACHER_STAGES)}")
        args = (request.stage, request.problem, dict(request.inputs), request.seed)
        started = time.perf_counter()
        try:
            if self._run_sync is None:
                text = teach(*args)
            else:
                text = await self._run_sync(teach, *args)
        except TeacherError as err:
            raise ProviderError(err.kind, err.detail) from err
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
