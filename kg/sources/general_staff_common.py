"""What the General Staff modules share: the report each day's figures are quoted from, the
categories of both compilations, and reading their JSON records.

Two public compilations record the same daily report of the General Staff of the Armed Forces
of Ukraine: lod-db's ``russian-losses.json`` (``general_staff_lod``) and PetroIvaniuk's files
(``general_staff_petroivaniuk``). Each figure is a cumulative claim of the General Staff,
quoted from that day's report (one Source per day, whichever module makes it) and read from the
compiler's data file. ``general_staff_changes`` derives the day's change from both.

The compilations name the report's categories in their own ways (lod-db ``afvs``, PetroIvaniuk
``APC``); both map to the General Staff's own concepts (the SKOS scheme
``ua-general-staff-categories``, extended in ``data/reference/schemes-general-staff.yaml``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kg.config import Project
from kg.records import (
    Attribution,
    ClaimCore,
    Hedged,
    LossClaim,
    Origin,
    Period,
    RecordPointer,
    Source,
    Text,
)
from kg.sources.files import JsonObject, json_kind, json_text, load_json_records, load_yaml

CLAIMANT = "ua-general-staff"
SIDE = "russia"
WAR_START = dt.date(2022, 2, 24)
RFC_6901 = "http://tools.ietf.org/rfc/rfc6901"
DATE_BASIS = "date-compiled"
# From this day the report counts "vehicles and fuel tanks" instead of "military auto" and
# "fuel tank" (PetroIvaniuk's README; both compilations switch on this day).
VEHICLES_MERGED = dt.date(2022, 5, 1)


def report_key(day: dt.date) -> str:
    """The General Staff's report of one day: the seed article's key for the report of 3 June."""
    return f"ua-general-staff-report-{day.isoformat()}"


def report_source(
    day: dt.date, origin: Origin, url: str | None = None, note: str | None = None, date_basis: str = DATE_BASIS
) -> Source:
    """The day's report, an official statement of the General Staff, dated as the compilers date it."""
    return Source(
        key=report_key(day),
        kind="official-statement",
        origin=origin,
        attributions=(Attribution(CLAIMANT, "originator"),),
        url=url,
        date=day,
        date_basis=date_basis,
        editorial_note=note,
    )


def curated_report_keys(project: Project) -> frozenset[str]:
    """Report keys the seed files already define: one report is one node, so it is not made twice."""
    keys: set[str] = set()
    for path in sorted((project.data_dir / "seed").glob("*.yaml")):
        document = load_yaml(path, project.relative(path))
        statements = document.get("statements") if isinstance(document, dict) else None
        for statement in statements or ():
            key = statement.get("key") if isinstance(statement, dict) else None
            if isinstance(key, str) and key.startswith("ua-general-staff-report-"):
                keys.add(key)
    return frozenset(keys)


# ------------------------------------------------------------------ categories ----

# lod-db's fields (russian-losses.en.schema.json) -> the General Staff's concepts. Before
# VEHICLES_MERGED `unarmoredVehicles` holds the report's "military auto" alone: on 54 of the 55
# days both compilations have, it equals PetroIvaniuk's "military auto", not that plus "fuel tank".
LOD_FIELDS: dict[str, str] = {
    "personnel": "ua-gs-personnel",
    "tanks": "ua-gs-tanks",
    "afvs": "ua-gs-armored-fighting-vehicles",
    "artillery": "ua-gs-artillery-systems",
    "airDefense": "ua-gs-air-defense-systems",
    "rocketSystems": "ua-gs-multiple-launch-rocket-systems",
    "unarmoredVehicles": "ua-gs-vehicles-and-fuel-tanks",
    "fixedWingAircraft": "ua-gs-airplanes",
    "rotaryWingAircraft": "ua-gs-helicopters",
    "uavs": "ua-gs-drones",
    "ships": "ua-gs-ships-and-boats",
    "submarines": "ua-gs-submarines",
    "specialEquipment": "ua-gs-special-equipment",
    "missiles": "ua-gs-cruise-missiles",
}

# PetroIvaniuk's keys (equipment, corrections, personnel) -> the General Staff's concepts.
PETRO_FIELDS: dict[str, str] = {
    "personnel": "ua-gs-personnel",
    "aircraft": "ua-gs-airplanes",
    "helicopter": "ua-gs-helicopters",
    "tank": "ua-gs-tanks",
    "APC": "ua-gs-armored-fighting-vehicles",
    "field artillery": "ua-gs-artillery-systems",
    "MRL": "ua-gs-multiple-launch-rocket-systems",
    "military auto": "ua-gs-military-auto",
    "fuel tank": "ua-gs-fuel-tanks",
    "drone": "ua-gs-drones",
    "naval ship": "ua-gs-ships-and-boats",
    "submarines": "ua-gs-submarines",
    "anti-aircraft warfare": "ua-gs-air-defense-systems",
    "special equipment": "ua-gs-special-equipment",
    "mobile SRBM system": "ua-gs-mobile-srbm-systems",
    "vehicles and fuel tanks": "ua-gs-vehicles-and-fuel-tanks",
    "cruise missiles": "ua-gs-cruise-missiles",
    "ground robotic systems": "ua-gs-ground-robotic-systems",
}


def lod_category(field: str, day: dt.date) -> str:
    """The concept a lod-db field holds on a day (``unarmoredVehicles`` changes meaning on 1 May 2022)."""
    if field == "unarmoredVehicles" and day < VEHICLES_MERGED:
        return "ua-gs-military-auto"
    return LOD_FIELDS[field]


# ------------------------------------------------------------------ reading ----


class BadRecord(ValueError):
    """A JSON record that cannot become claims; the message names the field and the value."""


def load_records(project: Project, shown: str) -> list[Any]:
    """The records of a JSON file holding an array; a missing, empty or malformed file stops the build."""
    return load_json_records(project.root / shown, shown)


def record_origin(shown: str, index: int) -> Origin:
    """A record by its JSON pointer (RFC 6901), as rejections and violation reports name it."""
    return Origin(shown, f"record /{index}")


def check_fields(record: Any, required: tuple[str, ...], known: frozenset[str]) -> dict[str, Any]:
    """The record as a mapping with its required fields and no field this module does not know."""
    if not isinstance(record, dict):
        raise BadRecord(f"is {json_kind(record)}, not a JSON object")
    if isinstance(record, JsonObject) and record.duplicated:
        raise BadRecord(
            f"gives the field '{record.duplicated[0]}' twice: which value to read is not for a reader to guess"
        )
    missing = [name for name in required if name not in record]
    if missing:
        raise BadRecord(f"field '{missing[0]}' is missing")
    unknown = sorted(set(record) - known)
    if unknown:
        raise BadRecord(
            f"has the field '{unknown[0]}', which is not read here: the record is set aside rather than read without it"
        )
    return record


def record_date(record: dict[str, Any]) -> dt.date:
    """The report's date, YYYY-MM-DD, after the war began (a cumulative total runs from 24 February 2022)."""
    raw = record["date"]
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise BadRecord(f"field 'date' is {json_text(raw)}, not a date as YYYY-MM-DD")
    if day <= WAR_START:
        raise BadRecord(f"field 'date' is {json_text(raw)}, not after the war began (2022-02-24)")
    return day


def count(record: dict[str, Any], field: str, *, signed: bool = False) -> int | None:
    """A whole number (zero or more unless ``signed``), or None where the record has no figure."""
    value = record.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRecord(f"field '{field}' is {json_text(value)}, not a whole number")
    if value < 0 and not signed:
        raise BadRecord(f"field '{field}' is {value}, a negative count")
    return value


def first_seen(seen: dict[dt.date, int], day: dt.date, index: int) -> None:
    """Refuse a second record for a day: which of the two to read is not for this module to guess."""
    earlier = seen.setdefault(day, index)
    if earlier != index:
        raise BadRecord(f"date {day.isoformat()} is already given by record /{earlier}")


# ------------------------------------------------------------------ records ----


@dataclass(frozen=True)
class Compiled:
    """Where a figure was read: the data file, the record's pointer and origin, the report's day."""

    data_file: str
    pointer: RecordPointer
    origin: Origin
    day: dt.date


def pointer(key: str, data_file: str, index: int) -> RecordPointer:
    """One pointer per JSON record, shared by all the claims read from it."""
    return RecordPointer(key, data_file, f"/{index}", RFC_6901)


def report_core(key: str, at: Compiled, note: str | None = None) -> ClaimCore:
    """The General Staff's claim in the day's report, read from one compilation's record."""
    return ClaimCore(
        key=key,
        claimant=CLAIMANT,
        source=at.data_file,
        quote=at.pointer,
        origin=at.origin,
        quoted_from=report_key(at.day),
        stated_on=at.day,
        date_basis=DATE_BASIS,
        note=note,
    )


def cumulative_claim(
    key: str,
    at: Compiled,
    category: str,
    figure: Hedged,
    as_stated: str,
    note: str | None = None,
) -> LossClaim:
    """A cumulative figure of the General Staff's report of the day, as one compilation records it."""
    return LossClaim(
        core=report_core(key, at, note),
        losses_of=SIDE,
        category=category,
        figure=figure,
        period=Period("cumulative", at.day, WAR_START),
        category_as_stated=Text(as_stated, "en"),
    )


@dataclass(frozen=True)
class Figure:
    """A cumulative claim as the day's change needs it: its key, value, data file and record."""

    claim: str
    value: int
    data_file: str
    origin: Origin
