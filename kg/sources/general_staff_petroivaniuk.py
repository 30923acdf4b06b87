"""The General Staff's daily reports of Russian losses, as Petro Ivaniuk's dataset compiles them.

Read from ``data/general-staff/petroivaniuk/``:

- ``russia_losses_equipment.json`` and ``russia_losses_personnel.json``: one record per day
  (2022-02-25 to 2026-08-08, no gaps) with the cumulative figures of the day's report; a
  category is a key of the record only while the report counts it. Each figure is a claim of
  the General Staff, quoted from the day's report, read from the file. Personnel carries the
  compiler's qualifier (``personnel*``: "about" -> about, "more" -> over, kept as stated). Some
  days name the direction of greatest losses: a greatest-losses claim of the General Staff.
  ``POW`` (to 2022-04-27) is not the General Staff's: the compilation's README names the
  Invaders project (invaders-rf.com) as the source of its prisoner-of-war counts, so those are
  Invaders' claims, with the day the compiler recorded them.
- ``russia_losses_equipment_correction.json``: 28 one-off corrections of the counts; each
  non-zero figure is a correction claim of the General Staff (a zero is no correction).
- ``history/*@a6ca6b4ce9_2025-06-03.json``: both files as they stood on 2025-06-03. A record
  that differs from today's record of the same day is read as claims of the snapshot file; a
  record identical to today's (all but one) is accounted as such in ``rejected.csv``: its
  figures are in the graph once, as claims of the current file.
- Revisions: where the current file's figure differs from the snapshot's figure of the same
  day and key (one: aircraft of 2025-06-03, 384 in the snapshot and in the day's report as
  lod-db records it, 413 now), the current figure is the compiler's later revision, not the
  day's report: its claim is not quoted from the report and has no statement date, its date
  basis says so (``date-revised-by-compiler``), and it links to the snapshot's claim it
  replaces (``prov:wasRevisionOf``). When and from what the compiler revised it is not recorded.

The reports are the same nodes as lod-db's (``general_staff_lod``): this module makes only the
reports of days lod-db's compilation does not have, without a URL (none is known).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from kg.config import Project
from kg.ids import slugify
from kg.records import (
    Attribution,
    Batch,
    ClaimCore,
    Dataset,
    DirectionClaim,
    Hedged,
    LossClaim,
    Origin,
    Period,
    Rejection,
    Source,
    Text,
)
from kg.sources import general_staff_lod
from kg.sources.files import json_text
from kg.sources.general_staff_common import (
    CLAIMANT,
    PETRO_FIELDS,
    SIDE,
    WAR_START,
    BadRecord,
    Compiled,
    Figure,
    check_fields,
    count,
    cumulative_claim,
    curated_report_keys,
    first_seen,
    load_records,
    pointer,
    record_date,
    record_origin,
    report_core,
    report_key,
    report_source,
)

UPSTREAM = "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"
COMMIT = "37655f8bbdd6806d2f94416253116b02a750c97b"
FOLDER = "data/general-staff/petroivaniuk"
SNAPSHOT = "a6ca6b4ce9"

DATASET = Dataset(
    name="general-staff-petroivaniuk",
    title="The General Staff of Ukraine's daily reports of Russian losses, compiled by Petro Ivaniuk",
    description=(
        "The cumulative figures of Russian losses since 24 February 2022 that the General Staff of "
        "the Armed Forces of Ukraine states in its daily report, as Petro Ivaniuk's "
        "2022-Ukraine-Russia-War-Dataset compiles them: one claim of the General Staff per figure, "
        "quoted from the day's report, with the compiler's personnel qualifier (about, more), the "
        "direction of greatest losses where recorded, the General Staff's one-off corrections, "
        "the prisoner-of-war counts the compilation takes from the project at invaders-rf.com, and the "
        "records of the compilation as it stood on 2025-06-03 that it has since changed."
    ),
    license="https://opensource.org/licenses/MIT",
    files=(
        f"{FOLDER}/russia_losses_equipment.json",
        f"{FOLDER}/russia_losses_personnel.json",
        f"{FOLDER}/russia_losses_equipment_correction.json",
        f"{FOLDER}/history/russia_losses_equipment@{SNAPSHOT}_2025-06-03.json",
        f"{FOLDER}/history/russia_losses_personnel@{SNAPSHOT}_2025-06-03.json",
        f"{FOLDER}/README.md",
        f"{FOLDER}/LICENSE",
    ),
    credits=("Petro Ivaniuk (compiler)",),
    upstream=UPSTREAM,
    commit=COMMIT,
)

PREFIX = DATASET.name
COMPILER = "petro-ivaniuk"
POW_CLAIMANT = "invaders-rf"
POW_SITE = "invaders-rf-website"
POW_CATEGORY = "invaders-prisoners-of-war"
DIRECTION = "greatest losses direction"
QUALIFIER = "personnel*"
QUALIFIERS = {"about": "about", "more": "over"}
EQUIPMENT_FIELDS = tuple(name for name in PETRO_FIELDS if name != "personnel")
REVISED = "date-revised-by-compiler"
REVISION_NOTE = (
    "The compiler's later revision of its record of {day}: the file as it stood on 2025-06-03 "
    "({snapshot}) gave {before:,} (the claim this one revises). When and from what the compiler "
    "revised it is not recorded, so the figure is not credited to the report of {day}."
)
POW_NOTE = (
    "The compilation's README names Invaders (https://invaders-rf.com/) as the source of its "
    "prisoner-of-war counts; the date is the day the compiler recorded the count."
)


@dataclass(frozen=True)
class _Kind:
    """How the records of one kind of file are read."""

    name: str
    required: tuple[str, ...]
    counted: tuple[str, ...]
    correction: bool = False

    @property
    def known(self) -> frozenset[str]:
        return frozenset(
            {"date", "day", *self.required, *self.counted, *((DIRECTION,) if self.name == "equipment" else ())}
        )


EQUIPMENT = _Kind("equipment", ("date",), EQUIPMENT_FIELDS)
PERSONNEL = _Kind("personnel", ("date", "personnel", QUALIFIER), ("personnel", "POW"))
CORRECTION = _Kind("correction", ("date",), (*EQUIPMENT_FIELDS, "personnel"), correction=True)


@dataclass(frozen=True)
class _File:
    """One input file: its path, kind, data-file source key and title, and its claims' key prefix."""

    shown: str
    kind: _Kind
    key: str
    title: str
    claims: str
    snapshot: bool


def _file(stem: str, kind: _Kind, snapshot: bool = False) -> _File:
    """The current file ``data/<stem>.json`` upstream, or its snapshot of 2025-06-03 in ``history/``."""
    tag = SNAPSHOT if snapshot else None
    return _File(
        shown=f"{FOLDER}/history/{stem}@{SNAPSHOT}_2025-06-03.json" if snapshot else f"{FOLDER}/{stem}.json",
        kind=kind,
        key=slugify(PREFIX, stem, tag),
        title=f"PetroIvaniuk/2022-Ukraine-Russia-War-Dataset {stem}.json "
        + (f"as of 2025-06-03 ({SNAPSHOT})" if snapshot else "(commit 37655f8)"),
        claims=slugify(PREFIX, "correction" if kind.correction else None, tag),
        snapshot=snapshot,
    )


EQUIPMENT_FILE = _file("russia_losses_equipment", EQUIPMENT)
PERSONNEL_FILE = _file("russia_losses_personnel", PERSONNEL)
CORRECTION_FILE = _file("russia_losses_equipment_correction", CORRECTION)
SNAPSHOTS = (
    (_file("russia_losses_equipment", EQUIPMENT, snapshot=True), EQUIPMENT_FILE),
    (_file("russia_losses_personnel", PERSONNEL, snapshot=True), PERSONNEL_FILE),
)
# The snapshot of each current file, by the current file's source key.
SNAPSHOT_OF = {today.key: snapshot for snapshot, today in SNAPSHOTS}
# The compilation's keys as they appear in claim keys: "field artillery" -> field-artillery.
FIELD_SLUGS = {name: slugify(name) for name in (*PETRO_FIELDS, "POW", DIRECTION)}


@dataclass(frozen=True)
class _Row:
    """One record, checked: its day, its figures (absent and null left out) and the raw record."""

    index: int
    day: dt.date
    counts: tuple[tuple[str, int], ...]
    qualifier: str | None
    direction: str | None
    raw: dict[str, Any]


def _parse(project: Project, file: _File) -> tuple[list[_Row], list[Rejection]]:
    rows: list[_Row] = []
    rejections: list[Rejection] = []
    seen: dict[dt.date, int] = {}
    for index, raw in enumerate(load_records(project, file.shown)):
        try:
            rows.append(_row(index, raw, file.kind, seen))
        except BadRecord as problem:
            rejections.append(
                Rejection(DATASET.name, file.shown, record_origin(file.shown, index).record, str(problem))
            )
    return rows, rejections


def _row(index: int, raw: object, kind: _Kind, seen: dict[dt.date, int]) -> _Row:
    record = check_fields(raw, kind.required, kind.known)
    day = record_date(record)
    counts = tuple(
        (name, value) for name in kind.counted if (value := count(record, name, signed=kind.correction)) is not None
    )
    if kind.correction:
        counts = tuple((name, value) for name, value in counts if value != 0)
        if not counts:
            raise BadRecord("records no correction: every figure is 0")
    qualifier = _qualifier(record) if kind is PERSONNEL else None
    direction = _direction(record) if kind is EQUIPMENT else None
    first_seen(seen, day, index)
    return _Row(index, day, counts, qualifier, direction, record)


def _qualifier(record: dict[str, Any]) -> str:
    value = record[QUALIFIER]
    if not isinstance(value, str) or value not in QUALIFIERS:
        raise BadRecord(f"field '{QUALIFIER}' is {json_text(value)}; expected one of {', '.join(sorted(QUALIFIERS))}")
    return str(value)


def _direction(record: dict[str, Any]) -> str | None:
    value = record.get(DIRECTION)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadRecord(f"field '{DIRECTION}' is {json_text(value)}, not the name of a direction")
    return value.strip()


def claim_key(file: _File, day: dt.date, name: str) -> str:
    """A claim's natural key: the file's prefix, the report's day and the compilation's key (``APC``)."""
    return f"{file.claims}-{day.isoformat()}-{FIELD_SLUGS[name]}"


def figures(project: Project) -> dict[tuple[dt.date, str], Figure]:
    """The General Staff's cumulative claims of the current files by day and concept, for the day's change."""
    found: dict[tuple[dt.date, str], Figure] = {}
    for file in (EQUIPMENT_FILE, PERSONNEL_FILE):
        for row in _parse(project, file)[0]:
            for name, value in row.counts:
                if name != "POW":
                    found[(row.day, PETRO_FIELDS[name])] = Figure(
                        claim_key(file, row.day, name), value, file.key, record_origin(file.shown, row.index)
                    )
    return found


def corrections(project: Project) -> dict[tuple[dt.date, str], str]:
    """The General Staff's correction claims by day and concept, for the day's change they are part of."""
    return {
        (row.day, PETRO_FIELDS[name]): claim_key(CORRECTION_FILE, row.day, name)
        for row in _parse(project, CORRECTION_FILE)[0]
        for name, _ in row.counts
    }


def read(project: Project) -> Batch:
    """The data files, their records' claims, and the reports of the days lod-db lacks."""
    batch = Batch(DATASET.name)
    first_record: dict[dt.date, Origin] = {}
    earlier = {today: _by_day(_parse(project, snapshot)[0]) for snapshot, today in SNAPSHOTS}
    current = {
        file: _read_file(project, file, batch, first_record, earlier=earlier.get(file))
        for file in (EQUIPMENT_FILE, PERSONNEL_FILE, CORRECTION_FILE)
    }
    for snapshot, today in SNAPSHOTS:
        _read_file(project, snapshot, batch, first_record, (today, _by_day(current[today])))
    if any(isinstance(record, LossClaim) and record.category == POW_CATEGORY for record in batch.records):
        batch.records.append(_invaders_site())
    batch.records.extend(_reports(project, first_record))
    return batch


def _by_day(rows: list[_Row]) -> dict[dt.date, _Row]:
    return {row.day: row for row in rows}


def _read_file(
    project: Project,
    file: _File,
    batch: Batch,
    first_record: dict[dt.date, Origin],
    today: tuple[_File, dict[dt.date, _Row]] | None = None,
    earlier: dict[dt.date, _Row] | None = None,
) -> list[_Row]:
    """A file's data-file source and claims; a snapshot's records identical to today's are accounted, not repeated.

    ``earlier`` holds the snapshot's records of a current file by day: a figure that differs
    from the snapshot's is a revision of the snapshot's claim.
    """
    rows, rejections = _parse(project, file)
    batch.rows_read[file.shown] = len(rows) + len(rejections)
    batch.rejections.extend(rejections)
    batch.records.append(_data_file(file))
    for row in rows:
        same = today[1].get(row.day) if today else None
        if today and same and same.raw == row.raw:
            reason = (
                f"identical to record /{same.index} of {today[0].shown} (same date, same fields and values): "
                "its figures are in the graph once, as claims of that file"
            )
            batch.rejections.append(
                Rejection(DATASET.name, file.shown, record_origin(file.shown, row.index).record, reason)
            )
            continue
        at = Compiled(
            file.key,
            pointer(f"{file.key}-{row.day.isoformat()}", file.key, row.index),
            record_origin(file.shown, row.index),
            row.day,
        )
        first_record.setdefault(row.day, at.origin)
        batch.records.extend(_claims(file, row, at, (earlier or {}).get(row.day)))
    return rows


def _data_file(file: _File) -> Source:
    if file.snapshot:
        return Source(
            key=file.key,
            kind="data-file",
            origin=Origin(file.shown, "whole file"),
            attributions=(Attribution(COMPILER, "compiler"),),
            title=Text(file.title, "en"),
            date=dt.date(2025, 6, 3),
            editorial_note=(
                f"The upstream file as it stood on 2025-06-03 (named with {SNAPSHOT}); copied unchanged "
                "(see data/general-staff/petroivaniuk/UPSTREAM.md). Only its records that differ from "
                "the current file's record of the same day are read as claims of this file."
            ),
        )
    return Source(
        key=file.key,
        kind="data-file",
        origin=Origin(file.shown, "whole file"),
        attributions=(Attribution(COMPILER, "compiler"),),
        title=Text(file.title, "en"),
        url=f"{UPSTREAM}/blob/{COMMIT}/data/{file.shown.rsplit('/', 1)[-1]}",
        editorial_note="Copied unchanged (see data/general-staff/petroivaniuk/UPSTREAM.md).",
    )


def _claims(file: _File, row: _Row, at: Compiled, earlier: _Row | None) -> Iterator[LossClaim | DirectionClaim]:
    """A record's claims. Where the snapshot's record of the day differs (and so is read too),
    each figure links to the snapshot's claim of it: a changed one as its revision, an unchanged
    one as the same figure (``prov:alternateOf``)."""
    before = dict(earlier.counts) if earlier and earlier.raw != row.raw else {}
    for name, value in row.counts:
        key = claim_key(file, row.day, name)
        if file.kind.correction:
            yield _correction(key, at, name, value)
        elif name == "POW":
            yield _prisoners(key, at, value)
        elif name in before and before[name] != value:
            yield _revision(key, at, name, _hedged(row, name, value), before[name])
        else:
            claim = cumulative_claim(key, at, PETRO_FIELDS[name], _hedged(row, name, value), name)
            if name in before:
                earlier_claim = claim_key(SNAPSHOT_OF[at.data_file], row.day, name)
                claim = replace(claim, core=replace(claim.core, alternate_of=earlier_claim))
            yield claim
    if row.direction:
        yield DirectionClaim(
            core=report_core(claim_key(file, row.day, DIRECTION), at),
            losses_of=SIDE,
            direction=Text(row.direction, "en"),
            period=Period("day", row.day),
        )


def _hedged(row: _Row, name: str, value: int) -> Hedged:
    """Personnel with the compiler's qualifier as its hedge; any other figure with no hedge recorded."""
    if name == "personnel" and row.qualifier:
        return Hedged(value, QUALIFIERS[row.qualifier], Text(row.qualifier, "en"))
    return Hedged(value, "unrecorded")


def _revision(key: str, at: Compiled, name: str, figure: Hedged, before: int) -> LossClaim:
    """The compiler's later figure for a day it had recorded otherwise: not the day's report, a revision."""
    day = at.day.isoformat()
    return LossClaim(
        core=ClaimCore(
            key=key,
            claimant=CLAIMANT,
            source=at.data_file,
            quote=at.pointer,
            origin=at.origin,
            date_basis=REVISED,
            note=REVISION_NOTE.format(day=day, snapshot=SNAPSHOT, before=before),
            revision_of=claim_key(SNAPSHOT_OF[at.data_file], at.day, name),
        ),
        losses_of=SIDE,
        category=PETRO_FIELDS[name],
        figure=figure,
        period=Period("cumulative", at.day, WAR_START),
        category_as_stated=Text(name, "en"),
    )


def _correction(key: str, at: Compiled, name: str, value: int) -> LossClaim:
    """The General Staff's one-off adjustment of a count in the day's report (may be negative)."""
    return LossClaim(
        core=report_core(key, at),
        losses_of=SIDE,
        category=PETRO_FIELDS[name],
        figure=Hedged(value, "unrecorded"),
        period=Period("day", at.day),
        category_as_stated=Text(name, "en"),
        correction=True,
    )


def _prisoners(key: str, at: Compiled, value: int) -> LossClaim:
    """A count of prisoners of war: Invaders' (per the compilation's README), recorded on the day."""
    return LossClaim(
        core=ClaimCore(
            key=key,
            claimant=POW_CLAIMANT,
            source=at.data_file,
            quote=at.pointer,
            origin=at.origin,
            quoted_from=POW_SITE,
            recorded_on=at.day,
            note=POW_NOTE,
        ),
        losses_of=SIDE,
        category=POW_CATEGORY,
        figure=Hedged(value, "unrecorded"),
        period=Period("cumulative", at.day, WAR_START),
        category_as_stated=Text("POW", "en"),
    )


def _invaders_site() -> Source:
    return Source(
        key=POW_SITE,
        kind="web-page",
        origin=Origin(f"{FOLDER}/README.md", "Data Sources, item 2"),
        attributions=(Attribution(POW_CLAIMANT, "reporter"),),
        title=Text("Invaders", "en"),
        url="https://invaders-rf.com/",
        editorial_note=(
            "Named in PetroIvaniuk's README as the source of its prisoner-of-war counts; "
            "'not active since May of 2022'."
        ),
    )


def _reports(project: Project, first_record: dict[dt.date, Origin]) -> Iterator[Source]:
    """The reports of the days lod-db's compilation lacks (and the seed does not define)."""
    known = general_staff_lod.report_days(project)
    curated = curated_report_keys(project)
    for day in sorted(set(first_record) - known):
        if report_key(day) not in curated:
            yield report_source(
                day,
                first_record[day],
                note="The day is not in lod-db's compilation, which gives the report's URL; PetroIvaniuk's gives none.",
            )
