"""How much of the machine other processes used while a measurement ran.

On a shared machine the figures of a run mean little when something else took CPU time during
it; the bench reports that share next to each measurement instead of guessing from the load
average. Linux only (/proc); elsewhere the share is unknown.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class CpuSnapshot:
    at: float
    machine_busy: float  # seconds of CPU time used by everything, all cores
    ours: float  # seconds used by the servers (their sessions) and finished child processes (wrk)


def _machine_busy() -> float:
    fields = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICKS


def stolen_seconds() -> float | None:
    """CPU time the machine's host gave to other guests so far (``steal`` in /proc/stat): a virtual
    machine's timings are slower by as much, whatever the code does. None where unknown."""
    if not (PROC / "stat").exists():
        return None
    fields = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    return int(fields[7]) / TICKS if len(fields) > 7 else None


def _sessions_cpu(sessions: set[int], commands: frozenset[str]) -> float:
    total = 0
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # The command name may hold spaces: the fields that follow come after its ')'.
        command = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[3]) in sessions or command in commands:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def snapshot(sessions: set[int], commands: frozenset[str] = frozenset()) -> CpuSnapshot | None:
    """CPU time so far: the machine's, and ours (the sessions, processes named in ``commands``
    such as the database server the pages use, and our finished child processes)."""
    if not (PROC / "stat").exists():
        return None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSnapshot(
        at=time.monotonic(),
        machine_busy=_machine_busy(),
        ours=_sessions_cpu(sessions, commands) + children.ru_utime + children.ru_stime,
    )


def others_share(before: CpuSnapshot | None, after: CpuSnapshot | None) -> float | None:
    """The share of the machine's CPU time (all cores) that other processes used in between."""
    if before is None or after is None:
        return None
    capacity = (after.at - before.at) * (os.cpu_count() or 1)
    others = (after.machine_busy - before.machine_busy) - (after.ours - before.ours)
    return max(0.0, others) / capacity if capacity > 0 else None


def wait_until_quiet(*, share: float, timeout: float, sample: float = 1.0) -> float | None:
    """Wait until the machine is almost idle (busy below ``share`` over ``sample`` seconds).

    Called between runs, when the servers are idle, so whatever is busy is someone else.
    Returns the last busy share seen (None where it cannot be known), after at most ``timeout``.
    """
    if not (PROC / "stat").exists():
        return None
    deadline = time.monotonic() + timeout
    while True:
        start, busy = time.monotonic(), _machine_busy()
        time.sleep(sample)
        seen = (_machine_busy() - busy) / ((time.monotonic() - start) * (os.cpu_count() or 1))
        if seen < share or time.monotonic() >= deadline:
            return seen
