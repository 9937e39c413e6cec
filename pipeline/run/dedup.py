"""No two samples of a run share an integrand: the lower index keeps it, whatever the timing.

Samples run concurrently, so problem 7 may be drawn before problem 5. To keep the outcome a pure function
of the seed, problem ``i`` is judged only once every lower index has been drawn: it is a duplicate when
any lower index has the same canonical integrand, whether that lower sample was later accepted or not.
Judging on the draw, not on acceptance, is what makes the rule deterministic, and it costs nothing: a
duplicate is rejected (``sample:duplicate``) before any model is asked, so it is never paid for.

On resume the gate is rebuilt from the records on disk (accepted and rejected both carry the canonical
integrand), so a resumed run rejects exactly what an uninterrupted run would have.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from pipeline.families.shared.canonical import DuplicateFilter


class DuplicateGate:
    """The first index of each canonical integrand, decided in index order across concurrent samples."""

    def __init__(self, decided: Iterable[tuple[int, str]] = ()) -> None:
        self._seen = DuplicateFilter.replay(decided)
        self._pending: set[int] = set()
        self._changed = asyncio.Condition()

    def issue(self, index: int) -> None:
        """Announce that ``index`` will be drawn: higher indices wait for its canonical form."""
        self._pending.add(index)

    async def first_index(self, index: int, canonical: str | None) -> int:
        """The lowest index whose problem has ``canonical`` (``index`` itself if none lower has it).

        ``canonical=None`` records that the draw failed: the index is no longer waited for. Call it exactly
        once per issued index, or higher indices wait forever.
        """
        async with self._changed:
            self._pending.discard(index)
            if canonical:
                self._seen.admit(canonical, index)
            self._changed.notify_all()
            if not canonical:
                return index
            await self._changed.wait_for(lambda: min(self._pending, default=index) >= index)
            return self._seen.first_index[canonical]

    @property
    def distinct(self) -> int:
        """How many distinct canonical integrands were seen so far."""
        return len(self._seen.first_index)
