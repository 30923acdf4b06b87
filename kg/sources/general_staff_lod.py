"""The General Staff's daily reports of Russian losses, as lod-db's Orc Losses compiles them.

Read from ``data/general-staff/lod-db-orc-losses/russian-losses.json``: one record per daily
report (1,449 days from 2022-02-27, some days missing), each with the URL of the report on the
Ministry of Defence of Ukraine's site (``sourceUri``) and the cumulative figures since
24 February 2022 by category. Each record gives:

- the day's report, an official statement of the General Staff with that URL and date (unless
  the seed article already defines that report: one report, one node);
- one cumulative claim of the General Staff per figure, quoted from the report, read from the
  data file (compiled by lod-db), its quote a pointer to the record (RFC 6901, shared by the
  record's claims).

Hedges: the compilation records numbers, not the report's words. Its schema calls personnel
"killed or wounded" and approximate by the ministry's own declaration, so personnel is hedged
"about" with the hedge basis "from the compilation's schema" (and a note citing the schema):
the hedge is not the report's words. The other figures are "hedge not recorded".

URLs: a report's URL that names another day than its record (in its path, ``/news/2023/12/30/``,
or its words, ``na-16-lipnya-2026-roku``: 7 records) is kept as given, and the report's date
basis (``date-compiled-url-differs``) and editorial note say which day the URL names. Neither
the date nor the URL is corrected: which of them is wrong is not known here.

Nulls: a null field is no figure (the report had no such category yet, or the compiler did not
record it) and no claim; the record is in the graph through its report and its other figures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.config import Project
from kg.ids import slugify
from kg.records import Attribution, Batch, Dataset, Hedged, Origin, Record, Rejection, Source, Text
from kg.sources.files import json_text
from kg.sources.general_staff_common import (
    LOD_FIELDS,
    BadRecord,
    Compiled,
    Figure,
    check_fields,
    count,
    cumulative_claim,
    curated_report_keys,
    first_seen,
    load_records,
    lod_category,
    pointer,
    record_date,
    record_origin,
    report_key,
    report_source,
)

UPSTREAM = "https://github.com/lod-db/orc-losses"
COMMIT = "01f978c94cc59abdd623051c998414f912eb6343"
FOLDER = "data/general-staff/lod-db-orc-losses"
LOSSES = f"{FOLDER}/russian-losses.json"
SCHEMA = f"{FOLDER}/russian-losses.en.schema.json"

DATASET = Dataset(
    name="general-staff-lod-db",
    title="The General Staff of Ukraine's daily reports of Russian losses, compiled by lod-db",
    description=(
        "The cumulative figures of Russian losses since 24 February 2022 that the General Staff of "
        "the Armed Forces of Ukraine states in its daily report, as lod-db's project (which "
        'calls itself "Orc Losses") compiles them from the Ministry of Defence of Ukraine\'s pages: one claim of the '
        "General Staff per figure, quoted from the day's report (with its URL) and read from "
        "russian-losses.json. Personnel is hedged 'about', as the compilation's schema calls it "
        "approximate; equipment figures have no recorded hedge."
    ),
    license="https://opensource.org/licenses/MIT",
    files=(LOSSES, SCHEMA, f"{FOLDER}/README.md", f"{FOLDER}/LICENSE.md"),
    credits=("Lod Softworks LLC and the Orc Losses contributors (compilers)",),
    upstream=UPSTREAM,
    commit=COMMIT,
)

PREFIX = DATASET.name
COMPILER = "lod-db-orc-losses"
DATA_FILE = slugify(PREFIX, "russian-losses.json")
TITLE = "lod-db/orc-losses russian-losses.json (commit 01f978c)"
KNOWN = frozenset({"date", "sourceUri", *LOD_FIELDS})
REQUIRED = ("date", "sourceUri", *LOD_FIELDS)
URL = re.compile(r"^https?://\S+$")
# The fields as they appear in keys: fixedWingAircraft -> fixed-wing-aircraft.
FIELD_SLUGS = {field: slugify(re.sub(r"(?<=[a-z])(?=[A-Z])", "-", field)) for field in LOD_FIELDS}
SCHEMA_BASIS = "basis-compilation-schema"
URL_DIFFERS = "date-compiled-url-differs"
URL_PATH_DATE = re.compile(r"/news/(\d{4})/(\d{2})/(\d{2})/")
URL_WORDS_DATE = re.compile(r"-na-(\d{1,2})-([a-z]+)-(\d{4})-roku(?:-\d+)?$")
# Ukrainian month names in the genitive, in the transliterations the report URLs use.
MONTHS = {
    **dict.fromkeys(("sichnya", "sichnia"), 1),
    **dict.fromkeys(("lyutogo", "liutoho"), 2),
    **dict.fromkeys(("bereznya", "bereznia"), 3),
    **dict.fromkeys(("kvitnya", "kvitnia"), 4),
    **dict.fromkeys(("travnya", "travnia"), 5),
    **dict.fromkeys(("chervnya", "chervnia"), 6),
    **dict.fromkeys(("lipnya", "lypnia"), 7),
    **dict.fromkeys(("serpnya", "serpnia"), 8),
    **dict.fromkeys(("veresnya", "veresnia"), 9),
    **dict.fromkeys(("zhovtnya", "zhovtnia"), 10),
    **dict.fromkeys(("listopada", "lystopada"), 11),
    **dict.fromkeys(("grudnya", "hrudnia"), 12),
}
URL_NOTE = (
    "The URL lod-db's compilation gives for this report names {named} ({where}), not the record's "
    "date {day}; both are kept as the compilation gives them."
)
PERSONNEL_NOTE = (
    "Hedged 'about': the compilation's schema (russian-losses.en.schema.json) defines personnel as "
    "'Human casualties killed or wounded' and says 'The Ministry of Defence of Ukraine has declared "
    "this number an approximation'."
)


@dataclass(frozen=True)
class Report:
    """One record of the file: the report's day and URL, and its figures (nulls left out)."""

    index: int
    day: dt.date
    url: str
    figures: tuple[tuple[str, int], ...]


def reports(project: Project) -> tuple[list[Report], list[Rejection]]:
    """Every record of the file as a report, or set aside with the reason."""
    parsed: list[Report] = []
    rejections: list[Rejection] = []
    seen: dict[dt.date, int] = {}
    for index, raw in enumerate(load_records(project, LOSSES)):
        try:
            parsed.append(_report(index, raw, seen))
        except BadRecord as problem:
            rejections.append(Rejection(DATASET.name, LOSSES, record_origin(LOSSES, index).record, str(problem)))
    return parsed, rejections


def report_days(project: Project) -> frozenset[dt.date]:
    """The days whose report this module makes (PetroIvaniuk's module makes the others)."""
    return frozenset(report.day for report in reports(project)[0])


def claim_key(day: dt.date, field: str) -> str:
    """A claim's natural key: the report's day and the compilation's field (``fixedWingAircraft``)."""
    return f"{PREFIX}-{day.isoformat()}-{FIELD_SLUGS[field]}"


def figures(project: Project) -> dict[tuple[dt.date, str], Figure]:
    """Every cumulative claim of the compilation by day and concept, for the day's change."""
    return {
        (report.day, lod_category(field, report.day)): Figure(
            claim_key(report.day, field), value, DATA_FILE, record_origin(LOSSES, report.index)
        )
        for report in reports(project)[0]
        for field, value in report.figures
    }


def read(project: Project) -> Batch:
    """The data file, then per record its report and one claim per figure."""
    batch = Batch(DATASET.name)
    parsed, batch.rejections = reports(project)
    curated = curated_report_keys(project)
    batch.records.append(_data_file())
    for report in parsed:
        batch.records.extend(_records(report, curated))
    batch.rows_read[LOSSES] = len(parsed) + len(batch.rejections)
    return batch


def _data_file() -> Source:
    return Source(
        key=DATA_FILE,
        kind="data-file",
        origin=Origin(LOSSES, "whole file"),
        attributions=(Attribution(COMPILER, "compiler"),),
        title=Text(TITLE, "en"),
        url=f"{UPSTREAM}/blob/{COMMIT}/russian-losses.json",
        date=dt.date(2026, 8, 22),
        editorial_note=(
            "Copied unchanged (see data/general-staff/lod-db-orc-losses/UPSTREAM.md). Fields and "
            "the General Staff's concepts they hold: personnel, tanks, afvs (armored fighting "
            "vehicles), artillery (artillery systems), airDefense (air defense systems), "
            "rocketSystems (multiple launch rocket systems), unarmoredVehicles (military auto "
            "before 2022-05-01, vehicles and fuel tanks from then), fixedWingAircraft (airplanes), "
            "rotaryWingAircraft (helicopters), uavs (drones), ships (ships and boats), submarines, "
            "specialEquipment (special equipment), missiles (cruise missiles)."
        ),
    )


def url_date(url: str) -> tuple[dt.date, str] | None:
    """The day a report URL names, in its path or its words, and which; None where it names none."""
    path = URL_PATH_DATE.search(url)
    if path:
        year, month, day = (int(part) for part in path.groups())
        return _date(year, month, day, "its path")
    words = URL_WORDS_DATE.search(url)
    if words and words.group(2) in MONTHS:
        return _date(int(words.group(3)), MONTHS[words.group(2)], int(words.group(1)), "its words")
    return None


def _date(year: int, month: int, day: int, where: str) -> tuple[dt.date, str] | None:
    try:
        return dt.date(year, month, day), where
    except ValueError:
        return None


def _report_source(report: Report, at: Compiled) -> Source:
    """The day's report with lod-db's URL; flagged where the URL names another day than the record."""
    named = url_date(report.url)
    if named is None or named[0] == report.day:
        return report_source(report.day, at.origin, url=report.url)
    note = URL_NOTE.format(named=named[0].isoformat(), where=named[1], day=report.day.isoformat())
    return report_source(report.day, at.origin, url=report.url, note=note, date_basis=URL_DIFFERS)


def _report(index: int, raw: object, seen: dict[dt.date, int]) -> Report:
    record = check_fields(raw, REQUIRED, KNOWN)
    day = record_date(record)
    url = record["sourceUri"]
    if not isinstance(url, str) or not URL.match(url):
        raise BadRecord(f"field 'sourceUri' is {json_text(url)}, not an http(s) URL")
    found = tuple((field, value) for field in LOD_FIELDS if (value := count(record, field)) is not None)
    first_seen(seen, day, index)
    return Report(index, day, url, found)


def _records(report: Report, curated: frozenset[str]) -> list[Record]:
    at = Compiled(
        DATA_FILE,
        pointer(f"{PREFIX}-{report.day.isoformat()}", DATA_FILE, report.index),
        record_origin(LOSSES, report.index),
        report.day,
    )
    records: list[Record] = []
    if report_key(report.day) not in curated:
        records.append(_report_source(report, at))
    for field, value in report.figures:
        personnel = field == "personnel"
        records.append(
            cumulative_claim(
                claim_key(report.day, field),
                at,
                lod_category(field, report.day),
                Hedged(value, "about", basis=SCHEMA_BASIS) if personnel else Hedged(value, "unrecorded"),
                field,
                note=PERSONNEL_NOTE if personnel else None,
            )
        )
    return records
