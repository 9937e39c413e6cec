"""The built-in symbolic teacher: writes the answers an LLM would, from the known structure of a problem.

Pure and synchronous; its answers go through the same JSON parsing and validators as an LLM's, so every
step it writes is real, checkable math.
"""

from pipeline.families.ibp.teacher.derive import derivative_steps, write_derive_answer
from pipeline.families.ibp.teacher.factors import ProductFactors, read_factors
from pipeline.families.ibp.teacher.solve import (
    FLAW_STEP_INDEX,
    Flaw,
    SolvePath,
    flawed_step_index,
    write_solve_answer,
)
from pipeline.families.shared.teaching import TeacherError

__all__ = [
    "FLAW_STEP_INDEX",
    "Flaw",
    "ProductFactors",
    "SolvePath",
    "TeacherError",
    "derivative_steps",
    "flawed_step_index",
    "read_factors",
    "write_derive_answer",
    "write_solve_answer",
]
