"""The ministry's statements the battlegroup table's pages relay, and the agency relays between.

The third step of ``kg.sources.russian_mod_battlegroups``: which statement a row's page relays
(dated rows by their report date and period; undated pages only where NOTES.md documents them
as relays of one report, otherwise each undated page relays a statement of its own), and the
news agencies' relays between the statement and the page, each created once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from kg.records import Attribution, PeriodKind, Source
from kg.sources.russian_mod_pages import Page
from kg.sources.russian_mod_rows import CLAIMANT, PREFIX, Row

STATEMENT_WORDS: dict[PeriodKind | None, str] = {"day": "daily", "week": "weekly", None: "period-unstated"}
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


@dataclass(frozen=True)
class Statement:
    """The ministry's statement a row goes back to: its key, and its date when known."""

    key: str
    date: dt.date | None
    note: str


def statement_of(page: Page, row: Row) -> Statement:
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


def statement_source(statement: Statement, row: Row) -> Source:
    """The statement as a source: the ministry originates it; its date when the table gives one."""
    return Source(
        key=statement.key,
        kind="official-statement",
        origin=row.origin,
        attributions=(Attribution(CLAIMANT, "originator"),),
        date=statement.date,
        date_basis="date-curated" if statement.date else None,
        editorial_note=statement.note,
    )


def agency_relays(statement: str, first: Row, sources: dict[str, Source]) -> str:
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
