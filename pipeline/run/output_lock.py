"""One writer per output folder: an exclusive lock held for as long as a run writes into it.

Why: two ``revsynth dataset`` processes on one folder each read what is on disk, each decide the same
indices are still to do, and both append them: every sample twice, every request paid twice, and the
doubled files stay doubled. So a run takes an exclusive lock on its folder before it reads or writes
anything there, and a second run refuses at once with one line naming the holder.

The lock is an OS lock (``flock`` through the ``filelock`` library) on ``.revsynth.lock`` in the folder:
the kernel releases it when the holding process ends, however it ends, so a run killed with ``kill -9``
never leaves a lock that blocks the next one. Beside it, ``.revsynth.lock.json`` says who holds it (pid,
host, start time): read by a refused run for its message, and deleted on a clean release, so finding it
while taking the lock means the last holder was killed, and the new run says it is taking over.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import filelock

LOCK = ".revsynth.lock"
HOLDER = ".revsynth.lock.json"


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a folder's lock."""

    pid: int
    host: str
    started: str  # ISO 8601, UTC, seconds

    @classmethod
    def me(cls) -> Holder:
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        return cls(pid=os.getpid(), host=socket.gethostname(), started=now)

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}"

    def is_running(self) -> bool | None:
        """Whether the process still exists (None: on another host, so it cannot be told from here)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # it exists, it is just not ours
        return True


class OutputLocked(RuntimeError):
    """Another run holds the output folder; the message is one line naming it."""

    def __init__(self, directory: Path, holder: Holder | None) -> None:
        if holder is not None and holder.is_running() is not False:
            who = f"another revsynth run ({holder.describe()})"
        else:
            who = "another revsynth run (it is just starting)"
        super().__init__(
            f"{directory} is in use by {who}; wait for it to finish, or stop it and run this again"
        )
        self.directory = directory
        self.holder = holder


def read_holder(directory: Path) -> Holder | None:
    """The holder recorded in a folder, if any (None: no record, or an unreadable one)."""
    try:
        data = json.loads((directory / HOLDER).read_text(encoding="utf-8"))
        return Holder(pid=int(data["pid"]), host=str(data["host"]), started=str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _holder_soon(directory: Path, wait_s: float = 1.0) -> Holder | None:
    """The holder's record, waiting up to ``wait_s`` for it: a run that has just taken the lock writes its
    record a moment later, and the refusal should name it."""
    deadline = time.monotonic() + wait_s
    while (holder := read_holder(directory)) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return holder


class OutputLock:
    """The exclusive lock of one output folder. Use ``with OutputLock(folder) as lock:``.

    ``previous`` is the holder a killed run left on record when this one took the lock over, else None.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.previous: Holder | None = None
        self._lock = filelock.FileLock(str(self.directory / LOCK), timeout=0)
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self) -> OutputLock:
        """Take the lock now or raise ``OutputLocked``; never waits."""
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise OutputLocked(self.directory, _holder_soon(self.directory)) from None
        try:
            self.previous = read_holder(self.directory)  # still there: its run did not release it
            me = Holder.me()
            tmp = self.directory / (HOLDER + ".tmp")
            tmp.write_text(json.dumps(me.__dict__) + "\n", encoding="utf-8")
            os.replace(tmp, self.directory / HOLDER)  # whole or absent, never half-written
        except BaseException:
            self._lock.release()
            raise
        self._held = True
        return self

    def release(self) -> None:
        """Give the lock up (safe to call twice); the holder record goes first, then the lock."""
        if not self._held:
            return
        self._held = False
        try:
            with contextlib.suppress(FileNotFoundError):
                (self.directory / HOLDER).unlink()
        finally:
            self._lock.release()

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
