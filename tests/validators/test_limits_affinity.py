"""CheckPool routing: a key's tasks share a worker (affinity), and workers skip the parent's __main__."""

from __future__ import annotations

import os
import sys

from validators.limits import AFFINITY, CheckPool


def _pid_and_main() -> tuple[int, bool]:
    main = sys.modules.get("__mp_main__")
    return os.getpid(), getattr(main, "__file__", None) is not None


def test_one_key_one_worker_and_no_main_import():
    with CheckPool(workers=2, timeout_s=30, import_main=False, affinity=True) as pool:
        seen: dict[int, set[int]] = {}
        for key in (0, 1, 0, 1, 0, 1):
            token = AFFINITY.set(key)
            try:
                pid, main_imported = pool.run(_pid_and_main)
            finally:
                AFFINITY.reset(token)
            assert not main_imported
            seen.setdefault(key, set()).add(pid)
        assert all(len(pids) == 1 for pids in seen.values())
        assert seen[0] != seen[1]
        assert pool.run(_pid_and_main)[0] in seen[0] | seen[1]  # no key: the idlest worker
