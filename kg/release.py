"""Versioned, immutable releases: ``kg release VERSION`` writes ``releases/VERSION/`` once.

A release is a publish (kg.publish: built, validated, written into a staging folder) with its
version in the ontology and the description, the changes since the previous release, and the
compressed dumps. The staging folder is renamed to ``releases/VERSION`` only if that name is
still free (``renameat2(RENAME_NOREPLACE)``), so no release is ever written over. Releases are
build outputs, not committed; the digest of each release's ``SHA256SUMS`` is recorded in the
committed ``registry/releases.tsv``, so a release changed after the fact is found (``verify``).

URL layout: the files of release ``V`` are published at ``{BASE}release/V/FILE``; its ontology
version IRI is ``{BASE}ontology/V``, served from ``releases/V/ontology/claimgraph.ttl``.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.checksums import CHECKSUMS, file_sha256, read_listed
from kg.config import Project
from kg.describe import Edition
from kg.errors import KgError, PublishError

if TYPE_CHECKING:
    from kg.publish import Summary

RELEASES_DIR = "releases"
REGISTRY = "releases.tsv"
REGISTRY_HEADER = "version\tdate\tsha256_of_SHA256SUMS\n"
_DATED = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEMANTIC = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1


class ReleaseError(KgError):
    """A release that cannot be made, or a past release that no longer matches its record."""


@dataclass(frozen=True)
class Recorded:
    """One row of the release registry."""

    version: str
    date: str
    digest: str


def edition_for(version: str, date: str | None, previous: str | None) -> Edition:
    """Check the version (``YYYY-MM-DD`` or ``X.Y.Z``) and take the release date from it; a
    semantic version needs the date given, as the clock is never read."""
    if _DATED.fullmatch(version):
        _check_date(version, "the version")
        if date is not None and date != version:
            raise ReleaseError(f"--date {date} differs from the dated version {version}")
        return Edition(version, version, previous)
    if not _SEMANTIC.fullmatch(version):
        raise ReleaseError(f"version {version!r}: expected a date YYYY-MM-DD or a semantic version X.Y.Z")
    if date is None:
        raise ReleaseError(f"version {version}: a semantic version needs --date YYYY-MM-DD (the release date)")
    _check_date(date, "--date")
    return Edition(version, date, previous)


def _check_date(text: str, what: str) -> None:
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != text:
        raise ReleaseError(f"{what} {text!r} is not a calendar date YYYY-MM-DD")


def registry_file(project: Project) -> Path:
    return project.root / "registry" / REGISTRY


def recorded(project: Project) -> list[Recorded]:
    """The registry's rows, in release order (empty when no release was made)."""
    path = registry_file(project)
    if not path.exists():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 3:
            raise ReleaseError(f"{project.relative(path)}, line {number}: expected 3 tab-separated fields")
        rows.append(Recorded(*fields))
    return rows


def release(
    project: Project,
    version: str,
    releases: Path,
    date: str | None = None,
    progress: Callable[[str], None] = lambda _: None,
    engine: str = "fast",
) -> Summary:
    """Build, validate and write ``releases/VERSION`` once, and record its checksum digest."""
    from kg.publish import publish  # the build pipeline: not imported by `kg serve`, which reads the tree

    if project.bundled:
        raise ReleaseError("releases are recorded in the project's registry: run kg release in a project tree")
    history = recorded(project)
    previous = history[-1].version if history else None
    edition = edition_for(version, date, previous)
    target = releases / version
    if target.exists() or any(row.version == version for row in history):
        raise ReleaseError(f"release {version} exists ({target}); a release is never rewritten")
    previous_folder = None if previous is None else releases / previous
    if previous_folder is not None and not (previous_folder / "claimgraph.nq").is_file():
        raise ReleaseError(
            f"the previous release {previous} ({project.relative(registry_file(project))}) is not in {releases}: "
            "restore it there, so the changes since it can be computed"
        )
    releases.mkdir(parents=True, exist_ok=True)
    staging = releases / f".{version}.staging-{os.getpid()}"
    try:
        summary = publish(project, staging, progress, engine, edition=edition, previous=previous_folder)
        digest = file_sha256(staging / CHECKSUMS)
        _make_read_only(staging)
        _rename_without_replacing(staging, target)
    finally:
        _remove(staging)
    _record(project, Recorded(version, edition.issued, digest))
    summary.out = target
    return summary


def _rename_without_replacing(source: Path, target: Path) -> None:
    """Rename, failing if ``target`` appeared meanwhile (Linux renameat2 with RENAME_NOREPLACE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE)
    if result != 0:
        code = ctypes.get_errno()
        if code == errno.EEXIST:
            raise ReleaseError(f"release {target.name} appeared in {target.parent} meanwhile; it was left as it is")
        raise PublishError(f"cannot rename {source} to {target}: {os.strerror(code)}")


def _remove(staging: Path) -> None:
    """A staging folder that was not renamed, write bits given back first so it can be removed."""
    if not staging.exists():
        return
    for path in [staging, *staging.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(staging, ignore_errors=True)


def _make_read_only(folder: Path) -> None:
    """Files and folders without write bits: the release says it is not to be changed."""
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)


def _record(project: Project, row: Recorded) -> None:
    path = registry_file(project)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REGISTRY_HEADER, encoding="utf-8")
    with path.open("a", encoding="utf-8") as out:
        out.write(f"{row.version}\t{row.date}\t{row.digest}\n")


def verify(project: Project, releases: Path) -> list[str]:
    """Every recorded release present on disk, checked: its SHA256SUMS has the recorded digest
    and every file matches SHA256SUMS, with no file added. Returns the versions checked."""
    checked = []
    for row in recorded(project):
        folder = releases / row.version
        if not folder.exists():
            continue
        if file_sha256(folder / CHECKSUMS) != row.digest:
            raise ReleaseError(f"release {row.version}: {CHECKSUMS} differs from the digest recorded in {REGISTRY}")
        listed = read_listed(folder)
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {CHECKSUMS}
        if present != set(listed):
            raise ReleaseError(f"release {row.version}: files added or removed: {sorted(present ^ set(listed))}")
        for name, digest in sorted(listed.items()):
            if file_sha256(folder / name) != digest:
                raise ReleaseError(f"release {row.version}: {name} no longer matches its checksum")
        checked.append(row.version)
    return checked
