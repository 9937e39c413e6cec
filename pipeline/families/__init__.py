"""The family registry: every problem family revsynth can run, by name.

A family is one folder under ``pipeline/families/`` that builds one ``pipeline.core.family.Family`` value
(its stages, sampler, teacher, checks and rendering, as data) and one line here. The run machinery, the
exports, the rewards and the card look families up by name and never name one themselves
(``docs/adding-a-family.md``).
"""

from __future__ import annotations

import importlib

from pipeline.core.family import Family

FAMILY_MODULES: tuple[str, ...] = (
    "pipeline.families.ibp.family",
    "pipeline.families.substitution.family",
    "pipeline.families.partial_fractions.family",
    "pipeline.families.ode_linear.family",
)
"""One line per family: the module that defines its ``FAMILY``."""

REGISTRY: dict[str, Family] = {
    family.name: family for family in (importlib.import_module(m).FAMILY for m in FAMILY_MODULES)
}
FAMILY_NAMES: tuple[str, ...] = tuple(REGISTRY)
DEFAULT_FAMILY = "ibp"

__all__ = ["DEFAULT_FAMILY", "FAMILY_NAMES", "REGISTRY", "check_stage", "get_family", "teach_stage"]


def get_family(name: str) -> Family:
    """The family called ``name``; KeyError naming the known ones otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown family {name!r}; known: {list(FAMILY_NAMES)}") from None


def check_stage(family: str, stage: str, answer, problem):
    """The pool's entry point for a stage's checks (module-level, so it pickles)."""
    return get_family(family).stage(stage).check(answer, problem)


def teach_stage(family: str, stage: str, problem, inputs, path: str | None, flaw: str | None) -> str:
    """The symbolic teacher's answer for one stage, as JSON text (module-level, so it pickles)."""
    answer = get_family(family).stage(stage).teach(problem, inputs, path, flaw)
    return answer.model_dump_json()


def normalize_final(family: str, stage: str, answer, problem) -> str:
    """A right final answer in one canonical spelling (module-level, so it pickles)."""
    normalize = get_family(family).stage(stage).normalize
    if normalize is None:
        raise ValueError(f"stage {stage!r} of {family!r} has no final answer to normalise")
    return normalize(answer, problem)
