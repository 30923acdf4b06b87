"""The query store: a persistent, read-only pyoxigraph store of a release, built once and reused.

Reading the 1.78M quads of a release into memory takes seconds on every ``kg query``; an
on-disk (RocksDB) store opens in a fraction of a second. The store lives beside the release,
never inside it (a release holds exactly the files its ``SHA256SUMS`` lists):
``<parent>/.<release name>.store/``, with a ``KEY`` file naming the digest of the release's
``SHA256SUMS`` (and the pyoxigraph version that wrote it). When the release changes, the key
no longer matches and the store is rebuilt: into a fresh folder beside it, which replaces the
old one only when complete. Only folders that carry this module's ``KEY`` (or its building
prefix) are ever removed.

Queries on it should use the union of the named graphs as the default graph
(``use_default_graph_as_union=True``), as every query of the library expects.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import RdfFormat, Store

from kg.checksums import CHECKSUMS, file_sha256, read_listed
from kg.errors import KgError

KEY_FILE = "KEY"
DATA_DIR = "oxigraph"
NQUADS = "claimgraph.nq"
KEY_HEADER = "claimgraph query store"
# Each part of the N-Quads file goes to its own bulk loader, in its own thread: the loaders
# sort and write their index files in parallel (measured on the release: about 20 s of CPU
# in one loader).
LOAD_PARTS = 2
_READ_SIZE = 1 << 20


class StoreError(KgError):
    """A query store that cannot be built or opened."""


class StoreUnwritable(StoreError):
    """The folder beside the release cannot take a store (read-only, not ours to write)."""


def store_location(release: Path) -> Path:
    """Where the store of a release lives: a hidden folder beside it."""
    release = release.resolve()
    return release.parent / f".{release.name}.store"


def release_key(release: Path) -> str:
    """What the store is keyed by: the digest of the release's checksums, and the writer."""
    sums = release / CHECKSUMS
    if not sums.is_file():
        raise StoreError(f"{release} is not a release: it has no {CHECKSUMS} (run 'kg publish')")
    digest = file_sha256(sums)
    return f"{KEY_HEADER}\nsha256 of {CHECKSUMS}: {digest}\npyoxigraph: {pyoxigraph.__version__}\n"


def open_release_store(release: Path, progress: Callable[[str], None] = lambda _: None) -> Store:
    """The release's store, read-only; built first when missing or made for another release."""
    location = store_location(release)
    key = release_key(release)
    if not _holds(location, key):
        _remove_abandoned_builds(location)
        progress(f"building the query store {location} (once per release)")
        _build(release, location, key)
    try:
        return Store.read_only(str(location / DATA_DIR))
    except OSError as error:
        raise StoreError(f"cannot open the query store {location}: {error}") from None


def _holds(location: Path, key: str) -> bool:
    key_file = location / KEY_FILE
    return key_file.is_file() and key_file.read_text(encoding="utf-8") == key and (location / DATA_DIR).is_dir()


def _is_ours(location: Path) -> bool:
    key_file = location / KEY_FILE
    try:
        return key_file.read_text(encoding="utf-8").startswith(KEY_HEADER)
    except (OSError, UnicodeDecodeError):
        return False


def _build(release: Path, location: Path, key: str) -> None:
    """Bulk-load the release's N-Quads into a fresh folder, check them, then swap it in."""
    nquads = release / NQUADS
    if not nquads.is_file():
        raise StoreError(f"{nquads} does not exist: the release is incomplete (run 'kg publish')")
    if location.exists() and not _is_ours(location):
        raise StoreError(f"{location} exists and is not a claimgraph query store; move it away")
    try:
        building = Path(tempfile.mkdtemp(dir=location.parent, prefix=f"{location.name}.building-{os.getpid()}-"))
    except OSError as error:
        raise StoreUnwritable(f"cannot create the query store beside {release}: {error.strerror or error}") from None
    building.chmod(0o755)  # mkdtemp's 0700 is for the build; the store is as readable as the release
    try:
        expected = _listed_digest(release, NQUADS)
        with ThreadPoolExecutor(max_workers=1) as hasher:
            digest = hasher.submit(file_sha256, nquads)
            _bulk_load(nquads, building / DATA_DIR)
            if digest.result() != expected:
                raise StoreError(f"{nquads} does not match its line in {release / CHECKSUMS}")
        (building / KEY_FILE).write_text(key, encoding="utf-8")
        _swap_in(building, location)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)


def _bulk_load(nquads: Path, folder: Path) -> None:
    """Load the file in parts, one bulk loader per thread; a release is strict N-Quads already."""
    store = Store(str(folder))
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_load_part, args=(store, nquads, start, end, errors))
        for start, end in _line_aligned_bounds(nquads, LOAD_PARTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise StoreError(f"cannot load {nquads} into the query store: {errors[0]}")
    store.flush()


def _load_part(store: Store, nquads: Path, start: int, end: int, errors: list[BaseException]) -> None:
    try:
        with nquads.open("rb") as handle:
            store.bulk_load(_Slice(handle, start, end), RdfFormat.N_QUADS, lenient=True)  # type: ignore[arg-type]
    except (OSError, SyntaxError, ValueError) as error:
        errors.append(error)  # list.append is atomic; the caller reads it after join()


def _line_aligned_bounds(path: Path, parts: int) -> list[tuple[int, int]]:
    """Byte ranges that split a file into about equal parts, each ending at a line end."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as handle:
        for index in range(1, parts):
            handle.seek(max(size * index // parts, cuts[-1]))
            handle.readline()
            cuts.append(min(handle.tell(), size))
    cuts.append(size)
    return [(start, end) for start, end in itertools.pairwise(cuts) if end > start]


class _Slice:
    """A binary reader over bytes [start, end) of an open file, for a bulk loader of its own."""

    def __init__(self, handle: BinaryIO, start: int, end: int) -> None:
        self._handle, self._left = handle, end - start
        handle.seek(start)

    def read(self, size: int = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(size)
        self._left -= len(data)
        return data


def _listed_digest(release: Path, name: str) -> str:
    """The digest ``SHA256SUMS`` gives for one file of the release."""
    digest = read_listed(release).get(name)
    if digest is None:
        raise StoreError(f"{release / CHECKSUMS} does not list {name}")
    return digest


def _swap_in(building: Path, location: Path) -> None:
    """Replace the old store (ours) by the new one; a store another process put there first,
    made for the same release, is kept and ours discarded."""
    if location.exists():
        if _holds(location, (building / KEY_FILE).read_text(encoding="utf-8")):
            return
        retired = location.with_name(f"{location.name}.building-{os.getpid()}-retired")
        location.rename(retired)
        shutil.rmtree(retired, ignore_errors=True)
    try:
        building.rename(location)
    except OSError:
        if not _holds(location, (building / KEY_FILE).read_text(encoding="utf-8")):
            raise


def _remove_abandoned_builds(location: Path) -> None:
    """Folders left by builds that were killed: ours by name, of a process no longer alive."""
    for folder in location.parent.glob(f"{location.name}.building-*"):
        pid = folder.name.removeprefix(f"{location.name}.building-").split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
