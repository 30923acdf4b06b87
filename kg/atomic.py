"""Replacing an output folder so that it is, at every instant, a complete release.

A release is written into a staging folder beside the target, and swapped in with one atomic
``renameat2(RENAME_EXCHANGE)``: there is no moment without the target, as there is between
two renames. Only folders this module recognises as its own are ever removed: the target
must be missing, empty, or a previous release (exactly the files its ``SHA256SUMS`` lists),
and leftovers of killed runs are found by their names while holding the target's lock,
so that a running publish's staging folder is never mistaken for one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import itertools
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from kg.checksums import CHECKSUMS, read_listed
from kg.errors import PublishError

STAGING, RETIRED = "new", "old"
# Set by the fault tests only: the process kills itself at the named point of the swap.
FAULT_POINT_VARIABLE = "CLAIMGRAPH_FAULT_POINT"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputFolder:
    """The target of a publish, claimed for the whole run (build included): locked against
    other publishes, repaired and cleaned of earlier runs' leftovers, and checked to hold
    nothing but a previous release, all before any work is done.

    ``replace(write)`` writes a new release with ``write(staging)`` and swaps it in; on any
    failure the target is left exactly as it was.
    """

    def __init__(self, out: Path, progress: Callable[[str], None] = lambda _: None) -> None:
        self.out = Path(os.path.abspath(out))
        self.progress = progress
        self._stack = ExitStack()

    def __enter__(self) -> OutputFolder:
        parent = _ensure_parent(self.out)
        with ExitStack() as stack:
            stack.enter_context(_locked(parent, self.out))
            _recover_interrupted_swap(self.out)
            _remove_leftovers(self.out, self.progress)
            check_replaceable(self.out)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def replace(self, write: Callable[[Path], None]) -> None:
        staging = self.out.parent / f".{self.out.name}.{STAGING}-{os.getpid()}"
        staging.mkdir()
        try:
            write(staging)
            fault_point("before-swap")
            _swap_in(staging, self.out)
        except OSError as error:  # a full disk, a quota, a folder gone: the old release stays
            shutil.rmtree(staging, ignore_errors=True)
            raise PublishError(
                f"cannot write the release beside {self.out} ({error.strerror or error}); "
                f"{'the previous release is unchanged' if self.out.exists() else 'nothing was written'}"
            ) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        fault_point("after-swap")
        if staging.exists():  # the previous release, when there was one
            _remove_retired(staging, self.progress)


def check_replaceable(out: Path) -> None:
    """Refuse a target that holds anything but a previous release: nothing is deleted that
    ``kg publish`` did not write (``--out .`` in a checkout must never touch ``data/``)."""
    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink() or not out.is_dir():
        raise PublishError(f"{out} exists and is not a folder; choose a new or empty folder for the release")
    strangers = _strangers(out, limit=3)
    if strangers:
        raise PublishError(
            f"{out} is neither empty nor a claimgraph release (it holds {', '.join(strangers)}); "
            "nothing was touched: choose a new or empty folder, or remove what is in it yourself"
        )
    if not _writable(out):
        raise PublishError(f"{out} is read-only; make it writable to replace the release in it")


def is_release(folder: Path) -> bool:
    """A folder holding its SHA256SUMS and nothing it does not list (a file of it deleted by
    hand still leaves a release)."""
    return (folder / CHECKSUMS).is_file() and not _strangers(folder, limit=1)


def _strangers(folder: Path, limit: int) -> list[str]:
    """Up to ``limit`` files in ``folder`` that a release would not hold: its top-level
    entries when it has no checksum list, so that ``--out /`` is not walked whole."""
    listed = _listed_files(folder)
    if not listed:
        return sorted(entry.name for entry in itertools.islice(folder.iterdir(), limit))
    found: list[str] = []
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files) + [name for name in folders if os.path.islink(os.path.join(root, name))]:
            relative = Path(root, name).relative_to(folder).as_posix()
            if relative not in listed and relative != CHECKSUMS:
                found.append(relative)
                if len(found) == limit:
                    return found
    return found


def _listed_files(folder: Path) -> set[str]:
    try:
        return set(read_listed(folder))
    except (OSError, UnicodeDecodeError):
        return set()


def _writable(folder: Path) -> bool:
    """Writable by its mode bits too: root may write anywhere, but a folder made read-only
    says its owner wants it kept."""
    return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o200)


def _ensure_parent(out: Path) -> Path:
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"cannot create the folder {parent} for {out.name}: {error.strerror}") from None
    if not os.access(parent, os.W_OK):
        raise PublishError(f"cannot write in {parent}: permission denied")
    return parent


@contextmanager
def _locked(parent: Path, out: Path) -> Iterator[None]:
    """One publish at a time in a folder (the lock is on the folder itself, so nothing is left
    behind); the lock dies with its process, so a killed run never blocks the next one."""
    descriptor = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"another kg publish is writing into {parent} (while publishing {out})") from None
        yield
    finally:
        os.close(descriptor)


def _leftovers(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def _recover_interrupted_swap(out: Path) -> None:
    """A run of an earlier version killed between its two renames left no ``out``, only the
    retired release: put that back first."""
    if out.exists():
        return
    for retired in reversed(_leftovers(out, RETIRED)):
        if is_release(retired):
            retired.rename(out)
            return


def _remove_leftovers(out: Path, progress: Callable[[str], None]) -> None:
    """Staging and retired folders of killed runs (they can hold a gigabyte each). Under the
    lock no other run is using them."""
    for leftover in _leftovers(out, STAGING) + _leftovers(out, RETIRED):
        progress(f"removing {leftover.name}, left by an interrupted run")
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    try:
        _exchange(staging, out)
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        # No atomic exchange here (not Linux, or a file system without it): two renames;
        # a run killed between them is repaired by the next (_recover_interrupted_swap).
        retired = out.parent / f".{out.name}.{RETIRED}-{os.getpid()}"
        out.rename(retired)
        fault_point("between-renames")
        staging.rename(out)
        retired.rename(staging)


def _exchange(first: Path, second: Path) -> None:
    """Atomically exchange two paths (Linux renameat2 with RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _remove_retired(retired: Path, progress: Callable[[str], None]) -> None:
    try:
        shutil.rmtree(retired)
    except OSError as error:
        progress(f"could not remove the previous release from {retired} ({error.strerror}); the next publish will")


def fault_point(name: str) -> None:
    """Die here, as ``kill -9`` would, when the fault tests ask for this point."""
    if os.environ.get(FAULT_POINT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
