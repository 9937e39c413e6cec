"""Does a drawn problem survive a run? Every stage answered by the symbolic teacher, checked as in a run.

A problem the teacher cannot solve with a checkable solution, or whose solution the validators cannot
establish, would be rejected by every run; ``make bench`` measures that share per family and construction.
Synchronous and pure: callers run it in a ``CheckPool`` worker under a time limit.
"""

from __future__ import annotations

from pipeline.core.errors import TeacherError
from pipeline.core.problem import Problem
from pipeline.families import get_family


def teacher_failure(problem: Problem) -> str | None:
    """None when every stage's teacher answer passes its checks; else ``stage:failure`` of the first."""
    family = get_family(problem.family)
    answers: dict = {}
    for spec in family.stages:
        inputs = spec.inputs(problem, answers)
        path = family.paths[0] if spec.paths else None
        try:
            answer = spec.teach(problem, inputs, path, None)
        except TeacherError as err:
            return f"teacher:{err.kind}"
        failure = spec.check(answer, problem).failure
        if failure:
            return f"{spec.name}:{failure}"
        answers[spec.name] = answer
    return None
