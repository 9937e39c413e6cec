"""A fake LLM for the fake OpenAI server: answers every stage right (the symbolic teacher's answers).

It knows which sample, stage, attempt and solution path a request is for from the request's ``seed``
(revsynth sends a per-request seed, ``pipeline.run.stages.request_seed``), so a test can script faults for
exact calls — "the first time sample 3's solve is asked, answer 500" — and count what was asked. Answers
are computed once per problem and remembered, so a server thread spends its time serving, not in SymPy.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families import get_family
from pipeline.run.config import RunConfig
from pipeline.run.stages import request_seed
from tests.fakes.openai_server import ScriptedReply


@dataclass(frozen=True)
class Call:
    """What one request asks: sample ``index``, ``stage``, ``attempt`` (0 = first ask), solution ``path``."""

    index: int
    stage: str
    attempt: int = 0
    path: int = 0


# Given a call and how many times it was received before (0 the first time): a fault, or None to answer.
FaultScript = Callable[[Call, int], ScriptedReply | None]


class TeacherLLM:
    """A responder for ``FakeOpenAIServer``; see the module docstring."""

    def __init__(
        self, config: RunConfig, indices: int = 64, faults: FaultScript | None = None, delay_s: float = 0.0
    ) -> None:
        self.config = config
        self.faults = faults
        self.delay_s = delay_s
        self.received: Counter[Call] = Counter()
        self.answered: Counter[Call] = Counter()  # full, correct answers sent (status 200, not a fault)
        self.unknown = 0
        self._family = get_family(config.family)
        self._answers: dict[tuple[int, str], str] = {}
        self._problems: dict[int, Problem] = {}
        self._lock = threading.Lock()
        self._calls: dict[int, Call] = {}
        paths = config.solutions_per_problem
        for index in range(indices):
            stub = Problem(
                index=index, seed=problem_seed(config.seed, index), family=config.family, construction="-"
            )
            for attempt in range(config.runtime.max_attempts):
                for spec in self._family.stages:
                    stage = spec.name
                    for path in range(paths if spec.paths else 1):
                        seed = request_seed(stub, stage, attempt, path)
                        self._calls[seed] = Call(index, stage, attempt, path)

    def knows(self, body: dict) -> bool:
        """Whether a request's seed is one of this run's calls."""
        return body.get("seed") in self._calls

    def __call__(self, body: dict) -> ScriptedReply:
        call = self._calls.get(body.get("seed"))
        if call is None:
            with self._lock:
                self.unknown += 1
            return ScriptedReply(status=400, error_message=f"unknown request seed {body.get('seed')}")
        with self._lock:
            seen = self.received[call]
            self.received[call] += 1
        reply = self.faults(call, seen) if self.faults else None
        if reply is not None:
            return reply
        with self._lock:
            self.answered[call] += 1
        return ScriptedReply(content=self.answer(call.index, call.stage), delay_s=self.delay_s)

    def problem(self, index: int) -> Problem:
        with self._lock:
            if index not in self._problems:
                cfg = self.config
                self._problems[index] = self._family.sample(cfg.seed, index, cfg.variable, cfg.sampler)
            return self._problems[index]

    def answer(self, index: int, stage: str) -> str:
        """The right answer to ``stage`` of sample ``index``, as JSON text."""
        key = (index, stage)
        if key not in self._answers:
            problem = self.problem(index)
            answers: dict = {}
            for spec in self._family.stages:  # each stage from the teacher's earlier answers, as in a run
                path = self._family.paths[0] if spec.paths else None
                answers[spec.name] = spec.teach(problem, spec.inputs(problem, answers), path, None)
            with self._lock:
                for name, answer in answers.items():
                    self._answers[(index, name)] = answer.model_dump_json()
        return self._answers[key]

    def warm(self, indices: range) -> None:
        """Compute answers ahead (benchmarks: keep SymPy out of the timed part)."""
        for index in indices:
            self.answer(index, "derive")

    # Faults a script can return ------------------------------------------------------------------------

    def wrong_math(self, call: Call) -> ScriptedReply:
        """A well-formed solve answer whose antiderivative is off by x (its derivative is off by 1)."""
        answer = json.loads(self.answer(call.index, "solve"))
        answer["antiderivative"] = f"{answer['antiderivative']} + x"
        return ScriptedReply(content=json.dumps(answer))

    def truncated(self, call: Call) -> ScriptedReply:
        """The answer cut off by max_tokens: half the JSON, finish_reason "length"."""
        text = self.answer(call.index, call.stage)
        return ScriptedReply(content=text[: len(text) // 2], finish_reason="length")
