"""The Russian Ministry of Defence's claims of Ukrainian losses by battlegroup, as news pages relay them.

Read from ``data/curated/russian_mod_battlegroup_claims.csv`` (method and caveats in
``data/curated/NOTES.md``): one row per figure for one battlegroup and loss category on one
page. Each row becomes a loss claim read in its page (``dcterms:source``: the web page of the
outlet in ``relayed_by``, which the curator read) and held in the table (its quote is the row,
RFC 7111, in the table's data file). The page is quoted from the news agency whose text it
carries when the brackets of ``relayed_by`` say so, and that from the ministry's statement.
Pages relaying one statement reach one statement node: dated rows by their report date and
period (daily or weekly); undated pages only where NOTES.md documents them as relays of the
same report, otherwise each undated page is a statement of its own.

Periods are kept as the rows state them, with their basis on every claim: a day's or week's
period ending on the report date; with no report date, the words and the stated length only
(no end is invented); for "not stated", the basis "not stated" and no period.

The steps live beside this module: ``russian_mod_rows`` (rows typed), ``russian_mod_pages``
(rows grouped by page) and ``russian_mod_statements`` (the statements and agency relays).
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.config import Project
from kg.ids import slugify
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
from kg.sources.common import RFC_7111
from kg.sources.files import read_csv_rows
from kg.sources.russian_mod_pages import Page, group_by_page
from kg.sources.russian_mod_rows import AGENCIES, CLAIMANT, COLUMNS, PREFIX, TABLE, BadRow, Relay, Row, parse_row
from kg.sources.russian_mod_statements import agency_relays, statement_of, statement_source

NOTES = "data/curated/NOTES.md"

DATASET = Dataset(
    name=PREFIX,
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


TABLE_KEY = slugify("curated", "russian_mod_battlegroup_claims.csv")
COMPILER = "claimgraph-contributors"
LOSSES_OF = "ukraine"
SPUTNIK_SERVICE = "Sputnik "
# The length a stated period has, recorded when no report date says where it ends.
STATED_LENGTHS: dict[PeriodKind, str] = {"day": "P1D", "week": "P7D"}


def read(project: Project) -> Batch:
    """One claim per row of the table, or a rejection naming the field and the value."""
    batch = Batch(DATASET.name)
    rows: list[Row] = []
    count = 0
    for number, raw in read_csv_rows(project.root / TABLE, TABLE, COLUMNS):
        count += 1
        try:
            rows.append(parse_row(number, raw))
        except BadRow as problem:
            batch.rejections.append(Rejection(DATASET.name, TABLE, f"row {number}", str(problem)))
    batch.rows_read[TABLE] = count
    pages, problems = group_by_page(rows)
    batch.rejections.extend(Rejection(DATASET.name, TABLE, f"row {n}", problems[n]) for n in sorted(problems))
    batch.records.extend(_records(pages))
    return batch


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
            statement = statement_of(page, row)
            sources.setdefault(statement.key, statement_source(statement, row))
            quoted.add(agency_relays(statement.key, page.first, sources))
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
            source=page.key,
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
    """What is known of the date, and the curator's note (the period's words are cg:periodAsStated)."""
    parts = [] if row.period_kind else ["The page states no period."]
    if row.report_date is None:
        page = f"the page is dated {row.page_date.isoformat()}" if row.page_date else "the page shows no date"
        unknown_end = ", so the period's end is not given" if row.period_kind else ""
        parts.append(f"No statement date in the curated table ({page}){unknown_end}.")
    if row.note:
        parts.append(f"Curator's note: {row.note}")
    return " ".join(parts)
