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
from pipeline.core.scoring import ReadAnswer, SolutionScore

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
    """A right answer's final answer in one canonical spelling (SymPy syntax); runs in a worker."""
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
    also: tuple[tuple[str, int], ...] = ()
    """Other claims (kind, index) stated in this chunk's text: the chunk's label is the worst of all."""


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
    """Record fields the reward functions read, as dataset columns (besides ``family`` and ``variable``)."""
    verify: Callable[[str, Mapping[str, str]], FinalVerdict]
    """(final answer text, columns) -> verdict: module-level, runs in a worker."""
    score: Callable[[str, Mapping[str, str], bool], SolutionScore]
    """(completion text, columns, with_steps) -> its score (answer checked, claims labelled); in a worker."""
    read: Callable[[str, str], ReadAnswer]
    """(completion text, variable) -> layout and final answer, by plain reading (no SymPy, cannot hang)."""
    card_summary: str
    """One sentence for the dataset card: what was generated and what each answer was checked for."""
    card_title: str = "verified reasoning data"
    """The dataset card's title after the run's name, e.g. ``verified integration-by-parts data``."""
    card_tags: tuple[str, ...] = ("math", "synthetic", "process-supervision")
    """Hugging Face Hub tags of the card's front matter."""


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
    record_fields: Callable[[Problem, Answers, BaseModel | None, str], dict[str, Any]]
    """(problem, answers of the earlier stages, accepted path's answer, its normalised final answer) -> the
    record's top-level fields (``integrand``, ``antiderivative`` ...; ``p``, ``q``, ``solution`` ...). For a
    rejected problem's paths (process-reward negatives) the answer is None and the final answer is
    ``reference_answer(problem)``."""
    reference_answer: Callable[[Problem], str]
    """The right final answer, known from the problem itself (the f an integrand was made from)."""
    rendering: Rendering
    from_function: Callable[[str, int, int, str, dict[str, float], str], Problem] | None = None
    """problems_file support: (f, index, run seed, variable, splits, id) -> Problem; None: not offered."""
    paths: tuple[str, ...] = ("default",)
    """The teacher's valid solution paths for the path stage, cycled over ``solutions_per_problem``."""
    flaws: tuple[str, ...] = ()
    """Mistakes the teacher can plant on a path (``flawed_paths``), for process-reward negatives."""
    sampling_errors: tuple[type[Exception], ...] = ()
    """What ``sample`` raises when it gives up on an index: that index is rejected
    (``sample:sampling_failed``) and the run goes on. Anything else it raises is a bug, and stops the run."""
    problems_version: str = "1"
    """Bumped whenever the same seed and config give different problems (part of a run's fingerprint)."""
    statement_field: str = "integrand"
    """The detail (and record field) holding the hard problem's main expression: ``revsynth stats`` measures
    its shape (operations, depth, length)."""
    stats_fields: tuple[str, ...] = ()
    """Further details ``revsynth stats`` counts, e.g. ``parts_applications``."""
    hardness: Callable[..., BaseModel] | None = None
    """Optional: (rows, sample_size, seed, workers, timeout_s) -> a report on how hard the problems are for a
    plain CAS (ibp: the share SymPy's ``integral_steps`` cannot do without parts); ``revsynth stats``."""
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        path_stages = [spec.name for spec in self.stages if spec.paths]
        if len(path_stages) != 1 or not self.stages[-1].paths:
            raise ValueError(
                f"family {self.name!r}: exactly one stage, the last, is solved along paths; got {path_stages}"
            )
        if self.stages[-1].final_check is None or self.stages[-1].normalize is None:
            raise ValueError(f"family {self.name!r}: the path stage needs a final_check and a normalize")
        names = self.stage_names
        if len(set(names)) != len(names):
            raise ValueError(f"family {self.name!r}: stage names repeat: {names}")

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
