"""Processes as /proc shows them, for tests (and the benchmark) that check nothing outlives
the command they started: its descendants, and which of them still run."""

from __future__ import annotations

import time
from pathlib import Path


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, and theirs."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found += [int(entry.name), *descendants(int(entry.name))]
    return found


def running(pid: int) -> bool:
    """Still running: a zombie waiting for its reaper counts as ended."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def left_running(pids: list[int], within: float) -> list[str]:
    """The command lines of those processes still running once ``within`` seconds have passed."""
    deadline = time.monotonic() + within
    while True:
        alive = [pid for pid in pids if running(pid)]
        if not alive or time.monotonic() > deadline:
            return [_command_line(pid) for pid in alive]
        time.sleep(0.1)


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return f"pid {pid} (ended meanwhile)"
