"""Does a generated problem survive validation? The symbolic teacher's three answers, checked as in a run.

A problem the teacher cannot solve with a checkable integration-by-parts solution, or whose solution the
validators cannot prove, would be rejected by every run; the benchmarks measure that share per
construction. Synchronous and pure: callers run it in a ``CheckPool`` worker under a time limit.
"""

from __future__ import annotations

from pipeline.checks import check_derive, check_reverse, check_solve
from pipeline.core.problem import Problem
from pipeline.families.ibp.teacher import (
    TeacherError,
    write_derive_answer,
    write_reverse_answer,
    write_solve_answer,
)


def validation_failure(problem: Problem) -> str | None:
    """None when derive, reverse and solve (teacher answers) all pass their checks; else the first failure."""
    try:
        derive = write_derive_answer(problem)
        checks = check_derive(derive, problem)
        if checks.failure:
            return f"derive:{checks.failure}"
        reverse = write_reverse_answer(problem, derive.derivative)
        checks = check_reverse(reverse, problem)
        if checks.failure:
            return f"reverse:{checks.failure}"
        solve = write_solve_answer(problem)
        checks = check_solve(solve, problem)
        if checks.failure:
            return f"solve:{checks.failure}"
    except TeacherError as err:
        return f"teacher:{err.kind}"
    return None
