"""The Russian Ministry of Defence's claims of Ukrainian losses by battlegroup, as news pages relay them.

Read from ``data/curated/russian_mod_battlegroup_claims.csv`` (method and caveats in
``data/curated/NOTES.md``): one row per figure for one battlegroup and loss category on one
page. Each row becomes a loss claim whose quote is the row itself (RFC 7111). The claim is
quoted from the page (a web page of the outlet in ``relayed_by``), the page from the news
agency whose text it carries when the brackets of ``relayed_by`` say so, and that from the
ministry's statement. Pages relaying one statement reach one statement node: dated rows by
their report date and period (daily or weekly); undated pages only where NOTES.md documents
them as relays of the same report, otherwise each undated page is a statement of its own.

Periods are kept as the rows state them, with their basis on every claim: a day's or week's
period ending on the report date; with no report date, the words and the stated length only
(no end is invented); for "not stated", the basis "not stated" and no period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from kg.config import Project
from kg.ids import IdError, slugify
from kg.records import (
    Agent,
    Attribution,
    Batch,
    ClaimCore,
    Dataset,
    Hedged,
    LossClaim,
    Origin,
    Period,
    PeriodKind,
    PeriodTrace,
    Record,
    RecordPointer,
    Rejection,
    Source,
    Text,
)
from kg.sources.common import RFC_7111, is_count, url_slug
from kg.sources.files import read_csv_rows

TABLE = "data/curated/russian_mod_battlegroup_claims.csv"
NOTES = "data/curated/NOTES.md"

DATASET = Dataset(
    name="russian-mod-battlegroups",
    title="Russian Ministry of Defence claims of Ukrainian losses by battlegroup, as relayed by news pages",
    description=(
        "The Russian Ministry of Defence's daily and weekly claims of Ukrainian losses in the "
        "areas of its six battlegroups (North, West, South, Centre, East, Dnepr), one claim per "
        "figure of a curated table read from public news pages, 2023 to 2026: each with its "
        "hedge and category as stated, its period, the page and outlet that relayed it, the news "
        "agency whose text the outlet carried, and the ministry's statement it goes back to. "
        "All figures are the ministry's claims; none is verified."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(TABLE, NOTES),
    credits=("claimgraph contributors (curation from public news pages)",),
)

PREFIX = DATASET.name
TABLE_KEY = slugify("curated", "russian_mod_battlegroup_claims.csv")
COMPILER = "claimgraph-contributors"

COLUMNS = (
    "report_date",
    "page_date",
    "claimant",
    "relayed_by",
    "battlegroup",
    "category",
    "category_as_stated",
    "value",
    "qualifier",
    "qualifier_as_stated",
    "period",
    "source_url",
    "language",
    "note",
)
CLAIMANT_AS_WRITTEN = "Russian Ministry of Defence"
CLAIMANT = "ru-mod"
LOSSES_OF = "ukraine"
FORMATIONS = {
    "North": "russian-battlegroup-north",
    "West": "russian-battlegroup-west",
    "South": "russian-battlegroup-south",
    "Centre": "russian-battlegroup-centre",
    "East": "russian-battlegroup-east",
    "Dnepr": "russian-battlegroup-dnepr",
}
CATEGORIES = {
    "personnel": "ru-mod-personnel",
    "tank": "ru-mod-tanks",
    "armoured_vehicle": "ru-mod-armored-combat-vehicles",
    "artillery": "ru-mod-artillery-guns",
    "vehicle": "ru-mod-vehicles",
    "mlrs": "ru-mod-mlrs",
    "other": "ru-mod-other-equipment",
}
HEDGES = {"up_to": "up-to", "over": "over", "about": "about", "exact": "none"}

# `period` is the wording as stated with an English gloss (NOTES.md, "Columns"): the gloss
# says day or week. Week words are tried first: "17-23 February 2024 (week)" holds a "24".
PERIOD_NOT_STATED = "not stated"
WEEK_WORDS = ("week", "seven days")
DAY_WORDS = ("day", "daily", "24", "jornada", "día")
STATEMENT_WORDS: dict[PeriodKind | None, str] = {"day": "daily", "week": "weekly", None: "period-unstated"}
# The length a stated period has, recorded when no report date says where it ends.
STATED_LENGTHS: dict[PeriodKind, str] = {"day": "P1D", "week": "P7D"}

# The agencies the brackets of `relayed_by` name ("citing TASS", "Sputnik Afrique text"), with
# their agent keys (agents.yaml and agents-russian-mod.yaml). Longest names are matched first.
AGENCIES = {
    "Sputnik Afrique": "sputnik-afrique",
    "Sputnik Brasil": "sputnik-brasil",
    "Sputnik": "sputnik",
    "TASS": "tass",
    "RIA Novosti": "ria-novosti",
    "RIA": "ria-novosti",
    "dpa": "dpa",
    "Prensa Latina": "prensa-latina",
    "NSN": "nsn",
    "UNI/Varta": "uni-varta",
}
AGENCY_NAMES = re.compile(r"\b(" + "|".join(map(re.escape, sorted(AGENCIES, key=len, reverse=True))) + r")\b")
SEEN_VIA = re.compile(r"\bvia ([^\s,;]+)")
SPUTNIK_SERVICE = "Sputnik "
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
RELAY_NOTE = (
    "A news agency's relay of the statement, named in the curated table's relayed_by column as the text an "
    "outlet carries; the agency's own report was not read."
)


class SameReport(NamedTuple):
    """Undated pages that NOTES.md documents as relays of one report: one statement node."""

    name: str
    pages: tuple[str, ...]
    evidence: str


SAME_REPORTS = (
    SameReport(
        "daily-relayed-2024-06-19",
        (
            "https://sputnikglobe.com/20240619/ukraine-loses-roughly-1900-servicemen-in-last-24-hours-1119023915.html",
            "https://hindi.sputniknews.in/amp/20240619/"
            "ukraine-lost-about-1895-soldiers-in-the-last-24-hours-russian-defense-ministry-7659337.html",
        ),
        'NOTES.md, "Qualifier divergences": 2024-06-19, Sputnik EN says up to and Sputnik Hindi says about, '
        "for Centre, West, South and East.",
    ),
    SameReport(
        "daily-relayed-2025-10-21",
        (
            "https://sputnikglobe.com/20251021/"
            "ukraine-loses-over-480-soldiers-in-battles-with-russias-tsentr-battlegroup-1122997734.html",
            "https://noticiaslatam.lat/20251021/"
            "rusia-golpea-infraestructuras-energeticas-de-ucrania-en-una-jornada-de-combates-1167769077.html",
        ),
        'NOTES.md, "Conflicts and anomalies found": Sputnik EN and Sputnik Mundo give the same figures for 2025-10-21.',
    ),
    SameReport(
        "daily-relayed-by-inforos-187012-and-news-mail-ru-68576275",
        ("https://inforos.com/ru/?module=news&action=view&id=187012", "https://news.mail.ru/politics/68576275/"),
        'NOTES.md, "Conflicts and anomalies found": Inforos id=187012 and news.mail.ru/politics/68576275 '
        "are duplicate relays of one report, with no date.",
    ),
    SameReport(
        "daily-relayed-by-prensa-latina-2026-01",
        (
            "https://www.tvsantiago.icrt.cu/2026/01/rusia-reporta-mas-de-mil-bajas-militares-de-ucrania-en-la-jornada/",
            "https://www.radiohc.cu/fr/"
            "la-russie-annonce-plus-de-1-000-pertes-ukrainiennes-ces-dernieres-24-heures-dans-la-zone-doperations",
        ),
        'NOTES.md, "Qualifier divergences": the Jan 2026 Saturday report, TV Santiago and Radio Habana, '
        "both the Prensa Latina text.",
    ),
)

# An undated page NOTES.md documents as a relay of a dated report ("Qualifier divergences":
# 2024-10-09, Sputnik EN says up to, Hindi gives no qualifier). Its claims keep no date of their
# own; the statement they are quoted from has one.
RELAYS_OF_DATED_REPORT: dict[str, tuple[dt.date, PeriodKind]] = {
    "https://hindi.sputniknews.in/amp/20241009/ruus-ne-yukreni-uurja-suvidhaaon-par-hamla-kiya-jo-yukreni-senaa-ko"
    "-iindhan-pradaan-karti-thiin-raakshaa-mantraalay-8256579.html": (dt.date(2024, 10, 9), "day"),
}

# A page whose one stated period NOTES.md doubts: "Sputnik 2024-07-27 labels the Zapad figure as
# 'in the past week'. The statement was a Saturday daily". The claim keeps the week as stated;
# the statement it is quoted from is the daily one.
STATEMENT_KIND_FROM_NOTES: dict[str, PeriodKind] = {
    "https://sputnikglobe.com/20240727/"
    "russian-troops-liberate-lozovatskoye-settlement-in-donetsk-region---mod-1119531684.html": "day",
}


class BadRow(Exception):
    """A row that cannot become a claim; the message names the field and the value."""


@dataclass(frozen=True)
class Relay:
    """What ``relayed_by`` says: the outlet, and the agencies its text came through (statement first)."""

    outlet: str
    agencies: tuple[str, ...]
    remark: str | None = None

    @property
    def outlet_key(self) -> str:
        return AGENCIES.get(self.outlet) or slugify(self.outlet)


@dataclass(frozen=True)
class Row:
    """One valid row of the table, typed."""

    number: int
    url: str
    relayed_by: str
    relay: Relay
    language: str
    page_date: dt.date | None
    report_date: dt.date | None
    formation: str
    category: str
    category_as_stated: str
    value: int
    hedge: str
    hedge_as_stated: str | None
    period: str
    period_kind: PeriodKind | None
    note: str | None
    claim_local: str

    @property
    def origin(self) -> Origin:
        return Origin(TABLE, f"row {self.number}")


@dataclass(frozen=True)
class Statement:
    """The ministry's statement a row goes back to: its key, and its date when known."""

    key: str
    date: dt.date | None
    note: str


def read(project: Project) -> Batch:
    """One claim per row of the table, or a rejection naming the field and the value."""
    batch = Batch(DATASET.name)
    rows: list[Row] = []
    count = 0
    for number, raw in read_csv_rows(project.root / TABLE, TABLE, COLUMNS):
        count += 1
        try:
            rows.append(_row(number, raw))
        except BadRow as problem:
            batch.rejections.append(Rejection(DATASET.name, TABLE, f"row {number}", str(problem)))
    batch.rows_read[TABLE] = count
    pages = _pages(rows, batch.rejections)
    batch.records.extend(_records(pages))
    return batch


# ------------------------------------------------------------------ rows ----


def _row(number: int, raw: dict[str, str]) -> Row:
    """A typed row, or :class:`BadRow` for the first field that cannot be used."""
    field = {name: raw[name].strip() for name in COLUMNS}
    if field["claimant"] != CLAIMANT_AS_WRITTEN:
        shown = field["claimant"]
        raise BadRow(f"claimant {shown!r} is not {CLAIMANT_AS_WRITTEN!r}, the only claimant this table records")
    url = field["source_url"]
    if not re.match(r"^https?://\S+$", url):
        raise BadRow(f"source_url {url!r} is not an http(s) URL")
    if not field["relayed_by"]:
        raise BadRow("relayed_by is empty: every row names the outlet it was read in")
    language = field["language"]
    if not LANGUAGE_TAG.match(language):
        raise BadRow(f"language {language!r} is not a language tag such as 'en' or 'hi'")
    page_date, report_date = _date(field, "page_date"), _date(field, "report_date")
    if page_date and report_date and report_date > page_date:
        raise BadRow(f"report_date {report_date} is after page_date {page_date}: a page cannot relay a later statement")
    formation = _choice(field, "battlegroup", FORMATIONS)
    category = _choice(field, "category", CATEGORIES)
    hedge = _choice(field, "qualifier", HEDGES)
    value = field["value"]
    if not is_count(value):
        raise BadRow(f"value {value!r} is not a whole number of zero or more")
    return Row(
        number=number,
        url=url,
        relayed_by=field["relayed_by"],
        relay=_relay(field["relayed_by"]),
        language=language,
        page_date=page_date,
        report_date=report_date,
        formation=formation,
        category=category,
        category_as_stated=_required(field, "category_as_stated"),
        value=int(value),
        hedge=hedge,
        hedge_as_stated=field["qualifier_as_stated"] or None,
        period=_required(field, "period"),
        period_kind=_period_kind(field["period"]),
        note=field["note"] or None,
        claim_local=_claim_local(field),
    )


def _date(field: dict[str, str], name: str) -> dt.date | None:
    value = field[name]
    if not value:
        return None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BadRow(f"{name} {value!r} is not a date as YYYY-MM-DD")


def _choice(field: dict[str, str], name: str, allowed: dict[str, str]) -> str:
    value = field[name]
    if value not in allowed:
        raise BadRow(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return allowed[value]


def _required(field: dict[str, str], name: str) -> str:
    if not field[name]:
        raise BadRow(f"{name} is empty")
    return field[name]


def _period_kind(period: str) -> PeriodKind | None:
    """Day or week from the stated wording's gloss; ``None`` when the page states no period."""
    words = period.lower()
    if words == PERIOD_NOT_STATED:
        return None
    if any(word in words for word in WEEK_WORDS):
        return "week"
    if any(word in words for word in DAY_WORDS):
        return "day"
    raise BadRow(f"period {period!r} is neither daily nor weekly wording nor {PERIOD_NOT_STATED!r}")


def _claim_local(field: dict[str, str]) -> str:
    """The claim's natural key on its page: battlegroup, category and the item as stated."""
    try:
        return slugify(field["battlegroup"], field["category"], slugify(field["category_as_stated"]))
    except IdError:
        shown = field["category_as_stated"]
        raise BadRow(f"category_as_stated {shown!r} has no Latin letters or digits to make a key from") from None


def _relay(relayed_by: str) -> Relay:
    """The outlet named before the brackets and the agencies named in them, nearest the statement first.

    "Akhbar Al Yom (citing TASS via dpa)" is Akhbar Al Yom carrying dpa's relay of TASS's;
    "Sputnik (Chinese service text, via bole90.com)" is bole90.com's page carrying Sputnik's
    text. "RIA/TASS-based" names two agencies as alternatives: no agency relay is modelled then.
    """
    name, _, bracket = relayed_by.partition(" (")
    bracket = bracket.rstrip(")")
    matches = list(AGENCY_NAMES.finditer(bracket))
    agencies = tuple(AGENCIES[match.group(1)] for match in matches)
    if any(bracket[left.end() : right.start()] == "/" for left, right in pairwise(matches)):
        remark = f"The table calls the text {bracket!r} without saying which agency it came through: no agency relay."
        return Relay(name, (), remark)
    via = SEEN_VIA.search(bracket)
    if via and via.group(1) not in AGENCIES and name in AGENCIES:
        return Relay(via.group(1), (AGENCIES[name], *agencies))
    return Relay(name, agencies)


# ------------------------------------------------------------------ pages ----


@dataclass
class Page:
    """A relaying page: its key, the row that first described it, and its valid rows."""

    key: str
    first: Row
    rows: list[Row]


def _pages(rows: Iterable[Row], rejections: list[Rejection]) -> list[Page]:
    """Rows grouped by page; a row contradicting its page's other rows, or repeating a claim, is rejected."""
    pages: dict[str, Page] = {}
    keys: dict[str, str] = {}
    claims: dict[str, int] = {}
    by_url: dict[str, list[Row]] = {}
    problems: dict[int, str] = {}
    for row in rows:
        key = f"{PREFIX}-{url_slug(row.url)}"
        if keys.setdefault(key, row.url) != row.url:
            problems[row.number] = (
                f"source_url '{row.url}' gives the same key as '{keys[key]}': they differ only in punctuation"
            )
            continue
        by_url.setdefault(row.url, []).append(row)
    for same_page in by_url.values():
        problems.update(_contradictions(same_page))
        for row in same_page:
            claim = f"{PREFIX}-{url_slug(row.url)}-{row.claim_local}"
            if row.number not in problems and claim in claims:
                problems[row.number] = (
                    f"repeats row {claims[claim]}: same source_url, battlegroup, category and category_as_stated"
                )
            if row.number not in problems:
                claims[claim] = row.number
                pages.setdefault(row.url, Page(f"{PREFIX}-{url_slug(row.url)}", row, [])).rows.append(row)
    rejections.extend(Rejection(DATASET.name, TABLE, f"row {number}", problems[number]) for number in sorted(problems))
    return sorted(pages.values(), key=lambda page: page.first.number)


PAGE_FIELDS = ("relayed_by", "language", "page_date", "report_date")


def _contradictions(same_page: list[Row]) -> dict[int, str]:
    """Rows of one page that say of it what most of its rows do not; all of them when no value has most rows.

    The page's value is the one most of its rows give, so the row that was edited is the one rejected.
    """
    problems: dict[int, str] = {}
    for name in PAGE_FIELDS:
        given: dict[object, list[int]] = {}
        for row in same_page:
            if row.number not in problems:
                given.setdefault(getattr(row, name), []).append(row.number)
        if len(given) < 2:
            continue
        ranked = sorted(given.items(), key=lambda item: len(item[1]), reverse=True)
        (value, majority), runner_up = ranked[0], ranked[1]
        if len(majority) == len(runner_up[1]):
            said = "; ".join(f"{_shown(other)} in {_rows_named(numbers)}" for other, numbers in given.items())
            for numbers in given.values():
                problems.update(
                    dict.fromkeys(
                        numbers,
                        f"the rows of this source_url disagree on {name} ({said}) and no value is given by more of them",
                    )
                )
            continue
        for other, numbers in ranked[1:]:
            reason = f"{name} {_shown(other)} differs from {_shown(value)} given for the same source_url in {_rows_named(majority)}"
            problems.update(dict.fromkeys(numbers, reason))
    return problems


def _shown(value: object) -> str:
    """A page field's value as a person reads it: text quoted, a date as YYYY-MM-DD, nothing as empty."""
    if value is None:
        return "empty"
    return value.isoformat() if isinstance(value, dt.date) else f"'{value}'"


def _rows_named(numbers: list[int]) -> str:
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(str(number) for number in numbers)


# ------------------------------------------------------------------ records ----


def _records(pages: list[Page]) -> Iterator[Record]:
    """The table, outlets, statements, agency relays, pages and claims, each once."""
    yield Source(
        key=TABLE_KEY,
        kind="data-file",
        origin=Origin(TABLE, "whole file"),
        attributions=(Attribution(COMPILER, "compiler"),),
        title=Text("Russian Ministry of Defence battlegroup loss claims, curated from public news pages", "en"),
        editorial_note=f"One row per figure for one statement, battlegroup and loss category on one page; see {NOTES}.",
    )
    yield from _outlets(pages)
    sources: dict[str, Source] = {}
    for page in pages:
        quoted: set[str] = set()
        for row in page.rows:
            statement = _statement(page, row)
            sources.setdefault(statement.key, _statement_source(statement, row))
            quoted.add(_agency_relays(statement.key, page.first, sources))
        sources[page.key] = _page_source(page, tuple(sorted(quoted)))
    yield from sources.values()
    for page in pages:
        for row in page.rows:
            yield _claim(page, row)


def _outlets(pages: list[Page]) -> Iterator[Agent]:
    """An agent per outlet not already known as an agency, with the names the table gives it."""
    seen: dict[str, tuple[Relay, set[str], Row]] = {}
    for page in pages:
        relay = page.first.relay
        if relay.outlet_key in AGENCIES.values():
            continue
        seen.setdefault(relay.outlet_key, (relay, set(), page.first))[1].add(page.first.relayed_by)
    for key, (relay, names, first) in seen.items():
        yield Agent(
            key=key,
            kind="news-outlet",
            label=Text(relay.outlet, "en"),
            origin=first.origin,
            part_of="sputnik" if relay.outlet.startswith(SPUTNIK_SERVICE) else None,
            note=f"Outlet in the curated table's relayed_by column, written there as: {'; '.join(sorted(names))}.",
        )


def _statement(page: Page, row: Row) -> Statement:
    """The statement the row's page relays: by report date and period when dated, else as NOTES.md documents."""
    kind = STATEMENT_KIND_FROM_NOTES.get(page.first.url) or row.period_kind or _page_kind(page)
    dated = (row.report_date, kind) if row.report_date else RELAYS_OF_DATED_REPORT.get(row.url)
    if dated:
        day, kind = dated
        words = STATEMENT_WORDS[kind]
        return Statement(
            f"{PREFIX}-statement-{day.isoformat()}-{words}",
            day,
            f"The ministry's {words} statement of {day.isoformat()} on losses by battlegroup, known from the pages "
            "that relay it; the date is the curated table's report_date.",
        )
    for report in SAME_REPORTS:
        if row.url in report.pages:
            note = f"Date not known. One report relayed by {len(report.pages)} pages: {report.evidence}"
            return Statement(f"{PREFIX}-statement-{report.name}", None, note)
    shown = f"dated {row.page_date.isoformat()}" if row.page_date else "showing no date"
    return Statement(
        f"{PREFIX}-statement-{STATEMENT_WORDS[kind]}-relayed-by-{page.key.removeprefix(PREFIX + '-')}",
        None,
        f"Date not known: the statement as relayed by {row.url} (a page {shown}); the curated table gives no "
        "report date.",
    )


def _page_kind(page: Page) -> PeriodKind | None:
    kinds = {row.period_kind for row in page.rows if row.period_kind}
    return kinds.pop() if len(kinds) == 1 else None


def _statement_source(statement: Statement, row: Row) -> Source:
    return Source(
        key=statement.key,
        kind="official-statement",
        origin=row.origin,
        attributions=(Attribution(CLAIMANT, "originator"),),
        date=statement.date,
        date_basis="date-curated" if statement.date else None,
        editorial_note=statement.note,
    )


def _agency_relays(statement: str, first: Row, sources: dict[str, Source]) -> str:
    """The agency relays between the statement and the page, created once; the key nearest the page."""
    nearest = statement
    for agency in first.relay.agencies:
        key = f"{nearest}-{agency}-relay"
        sources.setdefault(
            key,
            Source(
                key=key,
                kind="news-report",
                origin=first.origin,
                attributions=(Attribution(agency, "relay"),),
                quoted_from=(nearest,),
                editorial_note=RELAY_NOTE,
            ),
        )
        nearest = key
    return nearest


def _page_source(page: Page, quoted_from: tuple[str, ...]) -> Source:
    first = page.first
    notes = [
        f"relayed_by in the curated table: {first.relayed_by!r}.",
        first.relay.remark,
        None if first.page_date else "The page shows no date.",
    ]
    return Source(
        key=page.key,
        kind="web-page",
        origin=first.origin,
        attributions=(Attribution(first.relay.outlet_key, "reporter"),),
        url=first.url,
        quoted_from=quoted_from,
        date=first.page_date,
        language=first.language,
        editorial_note=" ".join(note for note in notes if note),
    )


def _claim(page: Page, row: Row) -> LossClaim:
    key = f"{page.key}-{row.claim_local}"
    period = Period(row.period_kind, row.report_date) if row.period_kind and row.report_date else None
    return LossClaim(
        core=ClaimCore(
            key=key,
            claimant=CLAIMANT,
            source=TABLE_KEY,
            quote=RecordPointer(key, TABLE_KEY, f"row={row.number}", RFC_7111),
            origin=row.origin,
            quoted_from=page.key,
            stated_on=row.report_date,
            date_basis="date-curated" if row.report_date else None,
            recorded_on=row.page_date,
            note=_claim_note(row),
        ),
        losses_of=LOSSES_OF,
        category=row.category,
        figure=Hedged(row.value, row.hedge, Text(row.hedge_as_stated, row.language) if row.hedge_as_stated else None),
        period=period,
        category_as_stated=Text(row.category_as_stated, "en" if row.language == "en" else f"en-t-{row.language}"),
        in_area_of=row.formation,
        period_trace=_period_trace(row, period),
    )


def _period_trace(row: Row, period: Period | None) -> PeriodTrace:
    """The period as the row states it: anchored on the report date, stated with no known end, or not stated."""
    if row.period_kind is None:
        return PeriodTrace("basis-not-stated")
    if period is None:
        return PeriodTrace("basis-stated-end-unknown", row.period, STATED_LENGTHS[row.period_kind])
    return PeriodTrace("basis-stated", row.period)


def _claim_note(row: Row) -> str:
    """The period as stated, what is known of the date, and the curator's note."""
    parts = [f"Period as stated: {row.period}." if row.period_kind else "The page states no period."]
    if row.report_date is None:
        page = f"the page is dated {row.page_date.isoformat()}" if row.page_date else "the page shows no date"
        unknown_end = ", so the period's end is not given" if row.period_kind else ""
        parts.append(f"No statement date in the curated table ({page}){unknown_end}.")
    if row.note:
        parts.append(f"Curator's note: {row.note}")
    return " ".join(parts)
