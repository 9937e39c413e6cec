"""The one error a symbolic teacher raises: the core and the providers catch it without naming a family."""

from __future__ import annotations

__all__ = ["TeacherError"]


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
