"""Past releases never change: each release on disk still matches the checksums recorded for it."""

from __future__ import annotations

from pathlib import Path

from kg.config import Project
from kg.release import RELEASES_DIR, recorded, verify

ROOT = Path(__file__).resolve().parent.parent


def test_recorded_releases_on_disk_match_their_checksums() -> None:
    project = Project(ROOT)
    checked = verify(project, ROOT / RELEASES_DIR)
    on_disk = [row.version for row in recorded(project) if (ROOT / RELEASES_DIR / row.version).exists()]
    assert checked == on_disk
