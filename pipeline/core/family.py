"""What a problem family is, as data: its stages, its sampler, and how its records read as text.

The run machinery (``pipeline.run``), the exports, the rewards and the dataset card never name a family, a
stage or a check: they ask the family. A family is one folder under ``pipeline/families/`` that builds one
``Family`` value and one line in the registry (``pipeline/families/__init__.py``); ``docs/adding-a-family.md``
walks through it.

Everything a worker process calls (``StageSpec.check``, ``StageSpec.teach``, ``Family.sample``,
``Rendering.score``, ``Rendering.verify``) must be a module-level function, so the killable check pool can
pickle it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from pipeline.core.checks import StageChecks
from pipeline.core.problem import Problem

__all__ = ["Chunk", "Family", "FinalVerdict", "Rendering", "StageSpec"]

Answers = Mapping[str, BaseModel]
"""The parsed answers of the stages run so far, by stage name."""


@dataclass(frozen=True)
class StageSpec:
    """One stage: what is asked (its answer schema, its template variables), where its inputs come from,
    how the symbolic teacher answers it, and how an answer is checked."""

    name: str
    answer: type[BaseModel]
    variables: frozenset[str]
    """Template variables the stage supplies, besides ``schema`` (checked against templates at load)."""
    inputs: Callable[[Problem, Answers], dict[str, str]]
    """Template variables from the problem and the earlier stages' answers (never from the truth)."""
    check: Callable[[BaseModel, Problem], StageChecks]
    teach: Callable[[Problem, Mapping[str, str], str | None, str | None], BaseModel]
    """The symbolic teacher: (problem, inputs, path, flaw) -> answer; raises TeacherError if it cannot."""
    final_check: str | None = None
    """The check whose verdict says the stage's answer is right (the solve stage's final answer)."""
    normalize: Callable[[BaseModel, Problem], str] | None = None
    """The final answer of a right answer in one canonical spelling (SymPy syntax, no constant); in a worker."""
    paths: bool = False
    """The stage solved ``solutions_per_problem`` times, each path kept (one stage per family)."""


@dataclass(frozen=True)
class Chunk:
    """One labelled piece of a solution as text: what it says, and which claim's label is its label.

    ``kind``/``index`` match a ``StepLabelRecord`` of the path (``kind="final"`` is the final answer,
    labelled by the stage's final check)."""

    text: str
    kind: str
    index: int = 0


class FinalVerdict(BaseModel):
    """Is a final answer right? ``reason`` names why not; ``parses`` whether it could be read at all."""

    ok: bool
    parses: bool
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Rendering:
    """How the family's records read as text, for exports, rewards and the dataset card."""

    system_prompt: str
    request: Callable[[Mapping[str, Any]], str]
    """The user's request for a record (its top-level fields): the problem and the layout to answer in."""
    solution_text: Callable[[BaseModel, str], str]
    """(solve answer, variable) -> the solution as text, in the layout ``request`` asks for."""
    chunks: Callable[[BaseModel, str], list[Chunk]]
    """(solve answer, variable) -> the solution's labelled pieces in reading order, final answer last."""
    final_answer: Callable[[BaseModel], str]
    reference: Callable[[Mapping[str, Any]], str]
    """The record's reference answer (what a correct final answer must be equivalent to)."""
    columns: tuple[str, ...]
    """Record fields the reward functions need as dataset columns (besides ``family``)."""
    verify: Callable[[str, Mapping[str, str]], FinalVerdict]
    """(final answer text, columns) -> verdict: module-level, runs in a worker."""
    score: Callable[[str, Mapping[str, str], bool], Any]
    """(completion text, columns, with_steps) -> ``pipeline.rewards.scoring.SolutionScore``; in a worker."""
    card_summary: str
    """One sentence for the dataset card: what was generated and what each answer was checked for."""


@dataclass(frozen=True)
class Family:
    """A problem family: everything that differs between, say, integration by parts and linear ODEs."""

    name: str
    templates_dir: str
    """Default prompts folder (``prompts/<name>``), used when a config does not name one."""
    stages: tuple[StageSpec, ...]
    sampler_config: type[BaseModel]
    """Validates the config's ``sampler:`` section."""
    sample: Callable[[int, int, str, BaseModel], Problem]
    """(run seed, index, variable, sampler config) -> problem ``index``; pure in its arguments."""
    record_fields: Callable[[Problem, Answers, BaseModel, str], dict[str, Any]]
    """(problem, answers of the stages, accepted path's answer, its normalised final answer) -> the record's
    top-level fields (``integrand``, ``antiderivative`` ...; ``p``, ``q``, ``solution`` ...)."""
    rendering: Rendering
    from_function: Callable[[str, int, int, str, dict[str, float], str], Problem] | None = None
    """problems_file support: (f, index, run seed, variable, splits, id) -> Problem; None: not offered."""
    paths: tuple[str, ...] = ("default",)
    flaws: tuple[str, ...] = ()
    problems_version: str = "1"
    """Bumped whenever the same seed and config give different problems (part of a run's fingerprint)."""
    extras: dict[str, Any] = field(default_factory=dict)

    def stage(self, name: str) -> StageSpec:
        for spec in self.stages:
            if spec.name == name:
                return spec
        raise KeyError(f"family {self.name!r} has no stage {name!r}; its stages: {self.stage_names}")

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.stages)

    @property
    def path_stage(self) -> StageSpec:
        """The stage solved along several paths, whose final check decides acceptance."""
        return next(spec for spec in self.stages if spec.paths)
