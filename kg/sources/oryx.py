"""Oryx's lists of both sides' equipment losses documented by photo or video, as counted by the
Oryx compilers and scraped by scarnecchia. Oryx calls them "visually confirmed": that is the
upstream's word for its own evidence standard, kept only as its quoted word, since the graph
ranks no claimant's figures above another's.

Read from ``data/oryx/scarnecchia/`` (scarnecchia/oryx_data, see ``UPSTREAM.md``). Every
figure is a claim of Oryx's, read through the compiler's data files:

- ``event_*.csv``: one row per link of Oryx's list and status (a link whose status reads
  "damaged and abandoned" is a row in two files), recorded on the day the compiler first saw
  it. Each row is a claim of one item: its status, the system as named (without the count of
  that system that most ``system`` values begin with), the evidence link. The list is in
  English; a system named with letters of another script (some are written with a Cyrillic
  letter, "ZALA 421-16Е") is tagged ``und``, its language not determined, never "en".
  The files do not give the equipment type an item is listed under, so its category is
  "equipment (type not given)". The key is the row's natural identity (side, status, and a
  digest of the system and link, which the compiler's own rows are unique by): ``matID`` is
  not used, because the compiler renumbers it from row order at every scrape (the item of
  https://i.postimg.cc/cLy31D99/557.png was ``7-41251`` at commit 00651c6e and is
  ``7-41671`` here), so URIs minted from it would change with every new item.
- ``daily_count.csv``: a row each time the compiler read a changed count under a heading of
  a side's list. Its counts by status are the numbers of Oryx's heading; they are claims
  covering the war from 24 February 2022 to the day the list was read (nothing it lists can
  be later), recorded that day. The heading's total is a claim with the status counts as its
  parts: ``type_total``, the compiler's sum of the four (Oryx's headings state their total
  too: where their words are kept, in the two subtotal headings, the two agree in 200 of 201
  rows), or, for the subtotal headings, the total their words state, with a note when the
  sum differs.
  A status the heading gives no count for is written 0 by the compiler and is not a claim.
  The ``*_diff`` columns are the compiler's differences between successive rows, not claims.
- ``totals_by_type.csv`` repeats the latest ``daily_count.csv`` row of each heading, without
  a date; ``totals_by_system_wide.csv`` is the compiler's count of its own item rows per
  system. Each row is checked against what it repeats or counts and accounted as a rejection
  saying so, with the figures, since neither holds a claim the graph does not already have.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from kg.config import Project
from kg.errors import SourceError
from kg.records import (
    Attribution,
    Batch,
    ClaimCore,
    Dataset,
    Hedged,
    LossClaim,
    Origin,
    Period,
    RecordPointer,
    Rejection,
    Source,
    Text,
)
from kg.sources.common import RFC_7111, Entry, is_count
from kg.sources.files import load_yaml, read_csv_rows

FOLDER = "data/oryx/scarnecchia"
UPSTREAM = "https://github.com/scarnecchia/oryx_data"
COMMIT = "a8624b4781666b73440fba89824133cb41531a72"
EVENT_FILES = {
    "destroyed": "event_destroyed.csv",
    "captured": "event_captured.csv",
    "damaged": "event_damaged.csv",
    "abandoned": "event_abandoned.csv",
}
DAILY = "daily_count.csv"
TOTALS_BY_TYPE = "totals_by_type.csv"
TOTALS_BY_SYSTEM = "totals_by_system_wide.csv"

# Oryx refers to nothing but the reference data and its own records, and nothing refers to it:
# kg publish builds it in a worker process while the other datasets are built (kg.graph).
BUILT_APART = True
DATASET = Dataset(
    name="oryx",
    title="Oryx: equipment losses of both sides documented by photo or video, as counted by the Oryx compilers",
    description=(
        "The equipment losses of Russia and of Ukraine that the Oryx blog lists because a photo "
        'or video documents them (Oryx\'s words: "visually confirmed"), each with a link to its '
        "image, 2022 to 19 July 2025, as counted by the Oryx compilers and scraped by "
        "scarnecchia: one claim per listed item (system, status, evidence link, date first "
        "recorded) and Oryx's running counts by equipment type and status on the days they were "
        "recorded. All figures are Oryx's claims; item dates are when the list was read, not "
        "when the loss happened."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=tuple(f"{FOLDER}/{name}" for name in (*EVENT_FILES.values(), DAILY, TOTALS_BY_TYPE, TOTALS_BY_SYSTEM)),
    credits=(
        "Oryx (oryxspioenkop.com), the lists of equipment losses documented by photo or video",
        "scarnecchia (compiler, scarnecchia/oryx_data)",
    ),
    upstream=UPSTREAM,
    commit=COMMIT,
)

CLAIMANT = "oryx"
LANGUAGE = "en"
"""The language of Oryx's list and of the compiler's files: their headings and item names are English."""
UNDETERMINED = "und"
NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
"""A letter of a script other than Latin (Cyrillic in "ZALA 421-16Е"): such words are not tagged English."""
COMPILER = "scarnecchia"
PAGE = "oryx-list-2022-invasion"
PAGE_URL = "https://www.oryxspioenkop.com/2022/02/attack-on-europe-documenting-equipment.html"
SCHEME_FILE = "data/reference/schemes-oryx.yaml"
SCHEME = "oryx-equipment-types"
TYPE_NOT_GIVEN = "oryx-equipment-type-not-given"
CUMULATIVE_START = dt.date(2022, 2, 24)
STATUSES = ("destroyed", "abandoned", "captured", "damaged")


class Side(NamedTuple):
    """A side of the war as the files name it: its agent key and the short code in keys."""

    agent: str
    code: str


SIDES = {"Russia": Side("russia", "ru"), "Ukraine": Side("ukraine", "ua")}

EVENT_COLUMNS = ("country", "system", "status", "url", "date_recorded")
DAILY_COLUMNS = ("country", "equipment_type", *STATUSES, "type_total", "date_recorded")
TYPE_COLUMNS = ("country", "equipment_type", *STATUSES, "type_total")
SYSTEM_COLUMNS = ("country", "system", *STATUSES, "total")
# Headings that end in a line break ("Surface-To-Air Missile Systems\n" in four rows upstream).
MULTILINE = {DAILY: frozenset({"equipment_type"}), TOTALS_BY_TYPE: frozenset({"equipment_type"})}

# The two subtotal headings keep their words in `equipment_type`, numbers included.
SUBTOTAL_HEADING = re.compile(
    r"^(?P<name>.+?) - (?P<total>[0-9]+), of which: destroyed: (?P<destroyed>[0-9]+), damaged: (?P<damaged>[0-9]+),"
    r" abandoned: (?P<abandoned>[0-9]+), captured: (?P<captured>[0-9]+)$"
)
ONE_WEB_ADDRESS = re.compile(r"^https?://\S+$")
# Most `system` values begin with Oryx's count of that system on the day the compiler first
# read the item ("61 Ural-43206"); no system name here begins with digits and a space.
COUNT_BEFORE_NAME = re.compile(r"^[0-9]+ (?=\S)")


class Problem(Exception):
    """A row that cannot become a claim, with the reason a person reads in rejected.csv."""


class Tally(NamedTuple):
    """One accepted daily_count.csv row: what totals_by_type.csv is checked against."""

    row: int
    recorded: dt.date
    counts: tuple[int, ...]


def read(project: Project) -> Batch:
    """Items, tallies, and the accounting of the compiler's final totals."""
    batch = Batch(DATASET.name)
    batch.records.extend(_sources())
    headings = _headings(project)
    items = _read_items(project, batch)
    latest = _read_daily_counts(project, batch, headings)
    _account_totals_by_type(project, batch, headings, latest)
    _account_totals_by_system(project, batch, items)
    return batch


# ------------------------------------------------------------------ sources ----


def _source_key(name: str) -> str:
    return "oryx-scarnecchia-" + name.removesuffix(".csv").replace("_", "-")


def _sources() -> Iterator[Source]:
    """Oryx's page as the README names it, and each data file, compiled from it."""
    origin = Origin(f"{FOLDER}/README.md", "source of the data")
    yield Source(
        key=PAGE,
        kind="web-page",
        origin=origin,
        attributions=(Attribution(CLAIMANT, "reporter"),),
        url=PAGE_URL,
        editorial_note=(
            "The Oryx post the README of scarnecchia/oryx_data names as what its data were "
            "scraped from: the lists of both sides' equipment losses documented by photo or video."
        ),
        language=LANGUAGE,
    )
    notes = {
        DAILY: (
            "One row each time the compiler read a changed count under a heading (rows are "
            "added on change only). destroyed, abandoned, captured and damaged are the numbers "
            "of Oryx's heading; type_total is the compiler's sum of the four; the *_diff and "
            "*_diff_diff columns are differences between successive rows, not claims."
        ),
        TOTALS_BY_TYPE: "The latest daily_count.csv row of each heading, without a date.",
        TOTALS_BY_SYSTEM: "The compiler's count of its own item rows per system and status.",
    }
    for name in (*EVENT_FILES.values(), DAILY, TOTALS_BY_TYPE, TOTALS_BY_SYSTEM):
        yield Source(
            key=_source_key(name),
            kind="data-file",
            origin=Origin(f"{FOLDER}/{name}", "whole file"),
            attributions=(Attribution(COMPILER, "compiler"),),
            title=Text(f"scarnecchia/oryx_data: {name}", "en"),
            url=f"{UPSTREAM}/blob/{COMMIT}/{name}",
            quoted_from=(PAGE,),
            editorial_note=notes.get(name, "One row per link of Oryx's list and status, dated when first recorded."),
            language=LANGUAGE,
        )


def _headings(project: Project) -> dict[str, str]:
    """Oryx heading as written -> concept key, from the scheme's labels."""
    path = project.root / SCHEME_FILE
    headings: dict[str, str] = {}
    for entry in Entry.each(load_yaml(path, SCHEME_FILE), SCHEME_FILE, "entries"):
        if entry.opt("key") == SCHEME:
            for concept in Entry.each(entry.raw("concepts"), SCHEME_FILE, f"{SCHEME}.concepts"):
                headings[concept.req("label")] = concept.req("key")
    if not headings:
        raise SourceError(Origin(SCHEME_FILE, "entries"), f"the scheme {SCHEME!r} with its concepts is missing")
    return headings


# ------------------------------------------------------------------ reading ----


def _rows(project: Project, name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The file's rows, all of them or an error naming the file and the row (or the missing column)."""
    shown = f"{FOLDER}/{name}"
    return read_csv_rows(project.root / shown, shown, columns, MULTILINE.get(name, frozenset()))


def _field(row: dict[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise Problem(f"{name} is empty")
    return value


def _side(row: dict[str, str]) -> Side:
    country = _field(row, "country")
    if country not in SIDES:
        raise Problem(f"country {country!r} is neither Russia nor Ukraine")
    return SIDES[country]


def _date(row: dict[str, str]) -> dt.date:
    value = _field(row, "date_recorded")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Problem(f"date_recorded {value!r} is not a date as YYYY-MM-DD") from None


def _counts(row: dict[str, str], names: tuple[str, ...]) -> tuple[int, ...]:
    counts = []
    for name in names:
        value = _field(row, name)
        if not is_count(value):
            raise Problem(f"{name} is {value!r}, not a whole number of zero or more")
        counts.append(int(value))
    return tuple(counts)


def _named(counts: tuple[int, ...], total: str) -> str:
    """Counts in STATUSES order with the total last, as a person reads them: "destroyed 146, ..."."""
    return ", ".join(f"{name} {value}" for name, value in zip((*STATUSES, total), counts, strict=True))


def _reject(batch: Batch, name: str, number: int, reason: str) -> None:
    batch.rejections.append(Rejection(DATASET.name, f"{FOLDER}/{name}", f"row {number}", reason))


def _pointer(key: str, name: str, number: int) -> RecordPointer:
    return RecordPointer(key=key, data_file=_source_key(name), fragment=f"row={number}", conforms_to=RFC_7111)


# ------------------------------------------------------------------ items ----


def _read_items(project: Project, batch: Batch) -> Counter[tuple[str, str, str]]:
    """One claim per item row; returns how many items each (country, system, status) has."""
    items: Counter[tuple[str, str, str]] = Counter()
    for status, name in EVENT_FILES.items():
        rows = _rows(project, name, EVENT_COLUMNS)
        problems: dict[int, str] = {}
        parsed: list[tuple[int, dict[str, str], LossClaim]] = []
        for number, row in rows:
            try:
                parsed.append((number, row, _item(row, number, status, name)))
            except Problem as problem:
                problems[number] = str(problem)
        identities = [(number, claim.core.key, (claim.core.recorded_on, claim.item)) for number, _, claim in parsed]
        problems.update(_shared_keys(identities, "country, system, url and status", "date_recorded or system"))
        for number, row, claim in parsed:
            if number not in problems:
                batch.records.append(claim)
                items[(row["country"].strip(), row["system"].strip(), status)] += 1
        _reject_all(batch, name, problems)
        batch.rows_read[f"{FOLDER}/{name}"] = len(rows)
    return items


def _shared_keys(identities: Sequence[tuple[int, str, object]], same: str, differing: str) -> dict[int, str]:
    """Rows giving one key: a later row saying the same repeats the first; rows that differ are all
    rejected, since which of them is right (or was edited) is not for a reader to guess."""
    by_key: dict[str, list[tuple[int, object]]] = {}
    for number, key, content in identities:
        by_key.setdefault(key, []).append((number, content))
    problems: dict[int, str] = {}
    for rows in by_key.values():
        (first, content), later = rows[0], rows[1:]
        if all(other == content for _, other in later):
            problems.update({number: f"repeats row {first} (same {same})" for number, _ in later})
        else:
            numbers = ", ".join(str(number) for number, _ in rows)
            reason = f"rows {numbers} give the same {same} but differ in {differing}: which is right cannot be told"
            problems.update(dict.fromkeys((number for number, _ in rows), reason))
    return problems


def _reject_all(batch: Batch, name: str, problems: dict[int, str]) -> None:
    for number in sorted(problems):
        _reject(batch, name, number, problems[number])


def _item(row: dict[str, str], number: int, file_status: str, name: str) -> LossClaim:
    """Oryx's claim that one item of the side was lost with the status, shown by the link."""
    side = _side(row)
    status = _field(row, "status")
    if status != file_status:
        raise Problem(f"status {status!r} in the file of {file_status} items")
    system = COUNT_BEFORE_NAME.sub("", _field(row, "system"))
    url = _field(row, "url")
    recorded = _date(row)
    digest = hashlib.sha256(f"{system}\n{url}".encode()).hexdigest()[:12]
    key = f"oryx-{side.code}-{status}-{digest}"
    linked = ONE_WEB_ADDRESS.match(url) is not None and url.count("://") == 1
    note = (
        None if linked else f"The url field reads {url!r}, which is not one web address, so no evidence link is given."
    )
    return LossClaim(
        core=ClaimCore(
            key=key,
            claimant=CLAIMANT,
            source=_source_key(name),
            quote=_pointer(key, name, number),
            origin=Origin(f"{FOLDER}/{name}", f"row {number}"),
            recorded_on=recorded,
            note=note,
        ),
        losses_of=side.agent,
        category=TYPE_NOT_GIVEN,
        figure=Hedged(1, "none"),
        period=None,
        status=status,
        item=Text(system, LANGUAGE if not NON_LATIN_LETTER.search(system) else UNDETERMINED),
        evidence=url if linked else None,
    )


# ------------------------------------------------------------------ tallies ----


def _read_daily_counts(project: Project, batch: Batch, headings: dict[str, str]) -> dict[tuple[str, str], Tally]:
    """Claims of each tally row; returns the latest accepted row per (country, concept)."""
    latest: dict[tuple[str, str], Tally] = {}
    rows = _rows(project, DAILY, DAILY_COLUMNS)
    problems: dict[int, str] = {}
    parsed: list[tuple[int, dict[str, str], list[LossClaim], str, Tally]] = []
    for number, row in rows:
        try:
            parsed.append((number, row, *_tally(row, number, headings)))
        except Problem as problem:
            problems[number] = str(problem)
    identities = [
        (number, claims[0].core.key, (tally.counts, row["equipment_type"].strip()))
        for number, row, claims, _, tally in parsed
    ]
    problems.update(_shared_keys(identities, "country, heading and date_recorded", "counts or heading"))
    for number, row, claims, concept, tally in parsed:
        if number in problems:
            continue
        batch.records.extend(claims)
        place = (row["country"].strip(), concept)
        if place not in latest or latest[place].recorded <= tally.recorded:
            latest[place] = tally
    _reject_all(batch, DAILY, problems)
    batch.rows_read[f"{FOLDER}/{DAILY}"] = len(rows)
    return latest


def _heading(row: dict[str, str], headings: dict[str, str]) -> tuple[str, re.Match[str] | None]:
    """The concept of the row's heading, and the subtotal heading's words when it has them."""
    stated = _field(row, "equipment_type")
    words = SUBTOTAL_HEADING.match(stated)
    name = words["name"] if words else stated
    if name not in headings:
        raise Problem(f"equipment_type {stated!r} is not a heading of the Oryx scheme ({SCHEME_FILE})")
    return headings[name], words


def _tally(row: dict[str, str], number: int, headings: dict[str, str]) -> tuple[list[LossClaim], str, Tally]:
    """The heading's total claim first, then a claim for each status it gives a count for."""
    side = _side(row)
    concept, words = _heading(row, headings)
    counts = _counts(row, STATUSES)
    (type_total,) = _counts(row, ("type_total",))
    recorded = _date(row)
    if recorded < CUMULATIVE_START:
        raise Problem(
            f"date_recorded {recorded} is before the invasion began (2022-02-24), so it is not a reading of "
            f"Oryx's list; its counts ({_named((*counts, type_total), 'type_total')}) are the compiler's starting "
            "point for its running counts and diff columns"
        )
    total, note = type_total, None
    if words:
        stated = tuple(int(words[status]) for status in STATUSES)
        if stated != counts:
            heading, columns = (
                _named((*stated, int(words["total"])), "total"),
                _named((*counts, type_total), "type_total"),
            )
            raise Problem(f"the heading states {heading} but the columns give {columns}")
        total = int(words["total"])
        if total != type_total:
            note = f"The heading states {total}; type_total, the sum of the four status counts, is {type_total}."
    base = f"oryx-{side.code}-{concept.removeprefix('oryx-')}-{recorded.isoformat()}"
    period = Period("cumulative", recorded, CUMULATIVE_START)
    quote = _pointer(base, DAILY, number)
    origin = Origin(f"{FOLDER}/{DAILY}", f"row {number}")

    def claim(
        key: str, value: int, status: str | None, parts: tuple[str, ...] = (), note: str | None = None
    ) -> LossClaim:
        core = ClaimCore(
            key=key,
            claimant=CLAIMANT,
            source=_source_key(DAILY),
            quote=quote,
            origin=origin,
            recorded_on=recorded,
            note=note,
        )
        return LossClaim(core, side.agent, concept, Hedged(value, "none"), period, parts=parts, status=status)

    stated_statuses = [(status, value) for status, value in zip(STATUSES, counts, strict=True) if value > 0]
    parts = [claim(f"{base}-{status}", value, status) for status, value in stated_statuses]
    headline = claim(base, total, None, tuple(part.core.key for part in parts), note)
    return [headline, *parts], concept, Tally(number, recorded, (*counts, type_total))


# ------------------------------------------------------------------ final totals ----


def _account_totals_by_type(
    project: Project, batch: Batch, headings: dict[str, str], latest: dict[tuple[str, str], Tally]
) -> None:
    """Each row repeats the latest dated row of its heading: say which, or how it differs."""
    read = 0
    for number, row in _rows(project, TOTALS_BY_TYPE, TYPE_COLUMNS):
        read += 1
        try:
            reason = _final_tally(row, headings, latest)
        except Problem as problem:
            reason = str(problem)
        _reject(batch, TOTALS_BY_TYPE, number, reason)
    batch.rows_read[f"{FOLDER}/{TOTALS_BY_TYPE}"] = read


def _final_tally(row: dict[str, str], headings: dict[str, str], latest: dict[tuple[str, str], Tally]) -> str:
    concept, _ = _heading(row, headings)
    _side(row)
    counts = _counts(row, (*STATUSES, "type_total"))
    tally = latest.get((row["country"].strip(), concept))
    if tally is None:
        return (
            f"no row of {DAILY} has this country and heading, and this file gives no date: it cannot be a dated claim"
        )
    if tally.counts != counts:
        return (
            f"counts ({_named(counts, 'type_total')}) differ from {DAILY} row {tally.row} "
            f"({_named(tally.counts, 'type_total')}), the latest for this country and "
            "heading; this file gives no date, so it cannot be a dated claim"
        )
    return (
        f"repeats {DAILY} row {tally.row} (recorded {tally.recorded}), the latest for this country and heading, "
        "whose counts are in the graph as Oryx's claims; this file gives no date of its own"
    )


def _account_totals_by_system(project: Project, batch: Batch, items: Counter[tuple[str, str, str]]) -> None:
    """Each row counts the compiler's item rows of one system: check the counts against them."""
    read = 0
    for number, row in _rows(project, TOTALS_BY_SYSTEM, SYSTEM_COLUMNS):
        read += 1
        try:
            reason = _system_tally(row, items)
        except Problem as problem:
            reason = str(problem)
        _reject(batch, TOTALS_BY_SYSTEM, number, reason)
    batch.rows_read[f"{FOLDER}/{TOTALS_BY_SYSTEM}"] = read


def _system_tally(row: dict[str, str], items: Counter[tuple[str, str, str]]) -> str:
    _side(row)
    system = _field(row, "system")
    counts = _counts(row, (*STATUSES, "total"))
    found = tuple(items[(row["country"].strip(), system, status)] for status in STATUSES)
    shown = _named((*found, sum(found)), "total")
    if counts != (*found, sum(found)):
        return f"counts ({_named(counts, 'total')}) differ from this system's item claims in the graph ({shown})"
    return (
        f"the compiler's count of its item rows for this system ({shown}): the same as the "
        "item claims of this system in the graph, not a figure read from Oryx's list"
    )
