"""A release's checksum list, ``SHA256SUMS`` (as ``sha256sum`` writes it and ``-c`` reads it):
one file digest and one reader, for the publish that writes it, the atomic swap that recognises
a release by it, the query store keyed by it, the server that offers downloads from it and the
releases checked against it."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHECKSUMS = "SHA256SUMS"
_CHUNK = 1 << 22


def file_sha256(path: Path) -> str:
    """The SHA-256 digest (hex) of a file, read in chunks (release files run to gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_listed(folder: Path) -> dict[str, str]:
    """The files ``folder/SHA256SUMS`` lists, by path relative to the folder, with their digests;
    lines without the two-space separator are not entries."""
    listed = {}
    for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, separator, name = line.partition("  ")
        if separator:
            listed[name] = digest
    return listed
