"""What every symbolic teacher shares: its error type (``pipeline.core.errors``) and how it prints math."""

from __future__ import annotations

from pipeline.core.errors import TeacherError
from pipeline.families.shared.memo import printed

__all__ = ["TeacherError", "text"]

text = printed
"""SymPy syntax of expr, memoised (``memo.printed``): the teacher names the same sub-expressions in several
places, and SymPy's printer (which orders terms) is the teacher's single largest cost. The cache is the
generator's too, so what a worker printed while sampling a problem is not printed again to teach it."""
