"""What every symbolic teacher shares: its one error type, and how it prints math."""

from __future__ import annotations

import functools

import sympy

__all__ = ["TeacherError", "text"]


@functools.lru_cache(maxsize=4096)
def text(expr: sympy.Expr) -> str:
    """SymPy syntax of expr. Memoised: the teacher names the same sub-expressions in several places, and
    SymPy's printer (which orders terms) is the teacher's single largest cost."""
    return sympy.sstr(expr)


class TeacherError(ValueError):
    """The teacher cannot write an answer for this problem; ``kind`` names why.

    Raised inside worker processes, so it must survive pickling with its fields intact.
    """

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail

    def __reduce__(self) -> tuple[type[TeacherError], tuple[str, str]]:
        return (type(self), (self.kind, self.detail))
