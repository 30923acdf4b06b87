"""kg publish under faults: it never deletes what it did not write, the output folder is a
complete release at every instant (killed anywhere, by ``kill -9`` or SIGTERM), leftovers of
killed runs are cleaned by the next run, and no worker process outlives its parent.

The publishes run as real ``kg`` processes on the sample project, killed from outside at
fixed pseudo-random moments and from inside at the named points of the swap (kg.atomic).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from processes import descendants, left_running

from kg.atomic import FAULT_POINT_VARIABLE, is_release
from kg.config import Project
from kg.publish import checksum

KG = [sys.executable, "-c", "from kg.cli import main; main()"]
# Moments (seconds after start) at which a publish of the sample is killed from outside: from
# the build to the writing of the files; fixed so that a failure can be reproduced.
KILL_MOMENTS = sorted(round(random.Random(20261130).uniform(0.3, 4.0), 2) for _ in range(4))


def _publish(project: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*KG, "--project", str(project), "publish", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def _run_watching_children(process: subprocess.Popen[str], kill_after: float | None = None) -> set[int]:
    """Wait for ``process`` (killing it with SIGKILL after ``kill_after`` seconds), collecting
    the pids of its children along the way."""
    seen: set[int] = set()
    start = time.monotonic()
    while process.poll() is None:
        seen |= set(descendants(process.pid))
        if kill_after is not None and time.monotonic() - start >= kill_after:
            process.kill()
        time.sleep(0.05)
    # an orphaned worker would hold the pipes open: that is for _assert_no_orphans to say
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=15)
    return seen


def _assert_no_orphans(pids: set[int]) -> None:
    assert left_running(sorted(pids), within=10) == [], "worker processes outlived kg publish"


def _assert_complete_release(out: Path) -> None:
    """A release whose every file is listed in SHA256SUMS and matches its digest."""
    assert is_release(out), f"{out} is missing or not a release"
    listed = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(listed) >= 10
    for line in listed:
        digest, name = line.split("  ", 1)
        assert checksum(out / name)[1] == digest, f"{name} does not match SHA256SUMS"


def _leftovers(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path.name != out.name)


@pytest.fixture(scope="module")
def first_release(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first") / "public"
    process = _publish(sample_root, out)
    _, err = process.communicate()
    assert process.returncode == 0, err
    return out


@pytest.fixture
def released(first_release: Path, tmp_path: Path) -> Path:
    """A folder holding a copy of a good release, as ``public/`` would after a publish."""
    out = tmp_path / "site" / "public"
    shutil.copytree(first_release, out)
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_out_folder_with_other_files_is_refused_untouched(sample_root: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("mine", encoding="utf-8")
    process = _publish(sample_root, victim)
    _, err = process.communicate()
    assert process.returncode == 2
    assert "neither empty nor a claimgraph release" in err and "notes.txt" in err
    assert "Traceback" not in err
    assert _snapshot(victim) == {"notes.txt": b"mine"}
    assert _leftovers(victim) == []


def test_out_dot_in_a_checkout_touches_nothing(sample_copy: Project) -> None:
    before = _snapshot(sample_copy.root)
    process = subprocess.run(
        [*KG, "publish", "--out", "."], cwd=sample_copy.root, capture_output=True, text=True, check=False
    )
    assert process.returncode == 2, process.stderr
    assert "neither empty nor a claimgraph release" in process.stderr
    assert _snapshot(sample_copy.root) == before


def test_a_release_with_a_file_added_by_hand_is_not_replaced(released: Path, sample_root: Path) -> None:
    (released / "my-notes.md").write_text("kept", encoding="utf-8")
    before = _snapshot(released)
    process = _publish(sample_root, released)
    _, err = process.communicate()
    assert process.returncode == 2 and "my-notes.md" in err
    assert _snapshot(released) == before


def test_read_only_release_is_refused_untouched(released: Path, sample_root: Path) -> None:
    released.chmod(0o555)
    try:
        process = _publish(sample_root, released)
        _, err = process.communicate()
    finally:
        released.chmod(0o755)
    assert process.returncode == 2 and "read-only" in err
    assert _leftovers(released) == []


def test_parent_that_is_a_file_is_a_clear_error(sample_root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    process = _publish(sample_root, blocker / "public")
    _, err = process.communicate()
    assert process.returncode == 2
    assert f"cannot create the folder {blocker}" in err and "Traceback" not in err


def test_publishing_over_a_release_replaces_it_and_leaves_nothing_else(released: Path, sample_root: Path) -> None:
    (released / "claimgraph.ttl").write_bytes(b"# stale\n")
    process = _publish(sample_root, released)
    _, err = process.communicate()
    assert process.returncode == 0, err
    _assert_complete_release(released)
    assert _leftovers(released) == []


@pytest.mark.parametrize("point", ["before-swap", "after-swap"])
def test_killed_at_the_swap_leaves_a_complete_release(point: str, released: Path, sample_root: Path) -> None:
    process = _publish(sample_root, released, **{FAULT_POINT_VARIABLE: point})
    workers = _run_watching_children(process)
    assert process.returncode == -signal.SIGKILL
    _assert_no_orphans(workers)
    _assert_complete_release(released)
    assert _leftovers(released), "the killed run's staging or retired folder should be there to clean"
    again = _publish(sample_root, released)
    _, err = again.communicate()
    assert again.returncode == 0, err
    assert "left by an interrupted run" in err
    _assert_complete_release(released)
    assert _leftovers(released) == []


@pytest.mark.parametrize("moment", KILL_MOMENTS)
def test_kill_9_at_any_moment_leaves_a_complete_release_and_no_orphan(
    moment: float, released: Path, sample_root: Path
) -> None:
    process = _publish(sample_root, released)
    workers = _run_watching_children(process, kill_after=moment)
    _assert_no_orphans(workers)
    _assert_complete_release(released)
    again = _publish(sample_root, released)
    _, err = again.communicate()
    assert again.returncode == 0, err
    assert _leftovers(released) == []


def test_sigterm_stops_cleanly(released: Path, sample_root: Path) -> None:
    process = _publish(sample_root, released)
    deadline = time.monotonic() + 30
    while not _leftovers(released) and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = set(descendants(process.pid))
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2, err
    assert "interrupted" in err and "Traceback" not in err
    _assert_no_orphans(workers)
    _assert_complete_release(released)
    assert _leftovers(released) == []


def test_a_missing_release_left_by_an_old_two_rename_swap_is_recovered(released: Path, sample_root: Path) -> None:
    """Earlier versions swapped with two renames; killed between them, they left only
    ``.public.old-PID``. The next run puts it back before anything else."""
    retired = released.parent / ".public.old-4242"
    released.rename(retired)
    (released.parent / ".public.new-4242").mkdir()
    process = _publish(sample_root, released, **{FAULT_POINT_VARIABLE: "before-swap"})
    _run_watching_children(process)
    _assert_complete_release(released)


def test_two_publishes_at_once_into_one_folder(released: Path, sample_root: Path) -> None:
    first = _publish(sample_root, released)
    deadline = time.monotonic() + 30
    while not _leftovers(released) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = _publish(sample_root, released)
    _, err = second.communicate()
    first.communicate()
    assert second.returncode == 2 and "another kg publish is writing" in err
    assert first.returncode == 0
    _assert_complete_release(released)


@pytest.fixture
def small_disk(tmp_path: Path, first_release: Path) -> Iterator[Path]:
    """A file system with room for one release and a little more (tmpfs; needs root)."""
    room = sum(path.stat().st_size for path in first_release.rglob("*") if path.is_file()) + (4 << 20)
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={room}", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_full_disk_leaves_the_previous_release(small_disk: Path, first_release: Path, sample_root: Path) -> None:
    out = small_disk / "public"
    shutil.copytree(first_release, out)
    before = _snapshot(out)
    process = _publish(sample_root, out)
    _, err = process.communicate()
    assert process.returncode == 2
    assert f"cannot write the release beside {out} (No space left on device)" in err
    assert "the previous release is unchanged" in err and "Traceback" not in err
    assert _snapshot(out) == before
    assert _leftovers(out) == []
