"""What every symbolic teacher shares: its error type (``pipeline.core.errors``) and how it prints math."""

from __future__ import annotations

import functools

import sympy

from pipeline.core.errors import TeacherError

__all__ = ["TeacherError", "text"]


@functools.lru_cache(maxsize=4096)
def text(expr: sympy.Expr) -> str:
    """SymPy syntax of expr. Memoised: the teacher names the same sub-expressions in several places, and
    SymPy's printer (which orders terms) is the teacher's single largest cost."""
    return sympy.sstr(expr)
