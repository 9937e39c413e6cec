"""CPU seconds of a command and every process it starts (check workers, the forkserver), and the load.

Why: ``time`` and ``RUSAGE_CHILDREN`` miss the check workers, which are children of the multiprocessing
forkserver and are never waited for by the run. This polls ``/proc`` every ``POLL_S`` and keeps the last
CPU time seen for each descendant (a process's last < POLL_S seconds can be missed: a small undercount).

Run: ``python benchmarks/cpu_tree.py -- revsynth dataset -c configs/ibp.yaml`` (Linux only).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

POLL_S = 0.05
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def run_measured(command: list[str], **kwargs) -> tuple[int, float, float, float]:
    """Run ``command``; (exit code, CPU seconds of it and all its descendants, of it alone, wall seconds)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    seen: dict[int, float] = {}
    while process.poll() is None:
        stats = {pid: s for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (s := _stat(pid))}
        tree = {process.pid}
        grew = True
        while grew:
            grew = False
            for pid, (parent, _cpu) in stats.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        for pid in tree:
            if pid in stats:
                seen[pid] = max(seen.get(pid, 0.0), stats[pid][1])
        time.sleep(POLL_S)
    wall = time.perf_counter() - started
    return process.returncode, sum(seen.values()), seen.get(process.pid, 0.0), wall


def main() -> int:
    command = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else sys.argv[1:]
    load = os.getloadavg()[0]
    code, cpu, parent, wall = run_measured(command)
    print(f"cpu {cpu:.2f} s (all; {parent:.2f} s the command itself), wall {wall:.2f} s, load {load:.2f}")
    return code


if __name__ == "__main__":
    sys.exit(main())
