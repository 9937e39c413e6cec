"""Problem families: what differs between, say, integration by parts and substitution.

The derive and reverse stages are the same for every family (differentiate f; restate g = f' as an
integral). A family supplies only what differs: how problems are sampled, the solve stage's answer schema,
how a solve answer is checked, and how the symbolic teacher solves and derives. Adding a family means
adding one of these and its templates; the runner does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from pipeline.answers import DeriveAnswer, SolveAnswer, SubstitutionSolveAnswer
from pipeline.problem import Problem


@dataclass(frozen=True)
class Family:
    name: str
    solve_answer: type[BaseModel]
    sample: Callable[..., Problem]
    write_derive: Callable[[Problem], DeriveAnswer]
    write_solve: Callable[..., BaseModel]
    check_solve: Callable[[BaseModel, Problem], object]
    paths: tuple[str, ...]
    flaws: tuple[str, ...]
    # Bumped whenever the same seed and config start to give different problems (a generator change):
    # it is part of a run's fingerprint, so a run resumed after such a change is refused instead of
    # mixing two generators' problems in one folder.
    problems_version: str = "1"


def _ibp() -> Family:
    from pipeline.checks import check_solve
    from pipeline.sampler import sample_problem
    from pipeline.teacher import Flaw, SolvePath, write_derive_answer, write_solve_answer

    return Family(
        name="ibp",
        solve_answer=SolveAnswer,
        sample=sample_problem,
        write_derive=write_derive_answer,
        write_solve=write_solve_answer,
        check_solve=check_solve,
        paths=tuple(p.value for p in SolvePath),
        flaws=tuple(f.value for f in Flaw),
        problems_version="2026-11-28",  # diverser easy levels, change of variable on known integrals
    )


def _substitution() -> Family:
    from pipeline.families import substitution as sub

    return Family(
        name="substitution",
        solve_answer=SubstitutionSolveAnswer,
        sample=sub.sample_substitution_problem,
        write_derive=sub.write_derive_generic,
        write_solve=sub.write_substitution_answer,
        check_solve=sub.check_substitution_solve,
        paths=("substitution",),
        flaws=sub.FLAWS,
        problems_version="2026-11-28",  # canonical forms and splits recorded
    )


_BUILDERS: dict[str, Callable[[], Family]] = {"ibp": _ibp, "substitution": _substitution}
FAMILY_NAMES: tuple[str, ...] = tuple(_BUILDERS)
_CACHE: dict[str, Family] = {}


def get_family(name: str) -> Family:
    """The family called ``name`` (built on first use: families import the teacher and the validators)."""
    if name not in _BUILDERS:
        raise KeyError(f"unknown family {name!r}; known: {list(FAMILY_NAMES)}")
    if name not in _CACHE:
        _CACHE[name] = _BUILDERS[name]()
    return _CACHE[name]
