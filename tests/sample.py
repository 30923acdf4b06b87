"""A small but complete copy of the project: every dataset, cut to the days around the seed.

Tests of the pipeline's mechanics (exit codes, error reports, a failed publish) need every
ingest module to run, not the whole war; publishing 1.8M triples for each of them would
make the suite crawl. The window keeps the seed's days, so the General Staff's 2025-06-03
report, the Istanbul rounds and the seed's claims are all in the sample.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

WINDOW = ("2025-05-26", "2025-06-09")
COPIED_DIRS = ("ontology", "shapes", "queries", "data", "registry")
JSON_SERIES = (
    "general-staff/lod-db-orc-losses/russian-losses.json",
    "general-staff/petroivaniuk/russia_losses_equipment.json",
    "general-staff/petroivaniuk/russia_losses_personnel.json",
    "general-staff/petroivaniuk/russia_losses_equipment_correction.json",
    "general-staff/petroivaniuk/history/russia_losses_equipment@a6ca6b4ce9_2025-06-03.json",
    "general-staff/petroivaniuk/history/russia_losses_personnel@a6ca6b4ce9_2025-06-03.json",
)
DATED_CSVS = {
    "oryx/scarnecchia/event_destroyed.csv": "date_recorded",
    "oryx/scarnecchia/event_captured.csv": "date_recorded",
    "oryx/scarnecchia/event_damaged.csv": "date_recorded",
    "oryx/scarnecchia/event_abandoned.csv": "date_recorded",
    "oryx/scarnecchia/daily_count.csv": "date_recorded",
}


def in_window(date: str) -> bool:
    return WINDOW[0] <= date <= WINDOW[1]


def writable_copy(sample: Path, dest: Path) -> Path:
    """A writable copy of the sample's inputs (no registry: its URIs are the full project's), so a
    test may edit data or write releases/ without touching the shared sample."""
    for name in COPIED_DIRS:
        if name != "registry":
            shutil.copytree(sample / name, dest / name)
    return dest


def make_sample(root: Path, dest: Path) -> Path:
    """Copy the project tree to ``dest`` and cut the large dated series to the window."""
    for name in COPIED_DIRS:
        shutil.copytree(root / name, dest / name)
    data = dest / "data"
    for name in JSON_SERIES:
        path = data / name
        records = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps([r for r in records if in_window(r["date"])], ensure_ascii=False), encoding="utf-8")
    for name, column in DATED_CSVS.items():
        _cut_csv(data / name, column)
    return dest


def _cut_csv(path: Path, column: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    where = rows[0].index(column)
    kept = [rows[0], *(row for row in rows[1:] if in_window(row[where]))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
