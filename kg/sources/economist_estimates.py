"""The Economist's compilation of competing estimates of soldiers dead and wounded.

Read from ``data/estimates/economist/``: ``estimates.csv`` (one estimate per row: the date it
refers to, low, high and central figures, deaths or casualties, the organisation it comes from,
the page, whose losses, and a flag for figures from the warring parties) and
``uk-mod-monthly.csv`` (month-by-month Russian casualties: the UK Ministry of Defence's average
daily figure for each month, and the compiler's product of it and the month's days, with the
running total). Every estimate is a claim of the organisation the compilation names, about one
side's losses since 24 February 2022; the compiler is The Economist.

The monthly table's two figures per row are The Economist's arithmetic, not the ministry's
words: each is a claim of The Economist, derived (``prov:wasDerivedFrom``) from the ministry's
statement the row cites, with the average daily figure in its note. ``estimates.csv`` repeats
34 of the running totals as figures of "UK MoD" on the same dates; each such row is recorded
once, as the running total's claim (its note names the row), and the row is listed in the
rejection report as that same figure.

Whether a claimant is a warring party is not taken from the compilation's flag: it follows
from the claimant's state in the reference data. The flag is kept in the claim's note, so the
two can be compared (see ``queries/losses-by-claimant-over-time.rq``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from kg.config import Project
from kg.ids import slugify
from kg.records import (
    Attribution,
    Batch,
    Bound,
    ClaimCore,
    Dataset,
    Hedged,
    LossClaim,
    Origin,
    Period,
    Record,
    RecordPointer,
    Rejection,
    Source,
    Text,
)
from kg.sources.common import RFC_7111
from kg.sources.economist_common import (
    CATEGORIES,
    COMMIT,
    COMPILER,
    ESTIMATES,
    FOLDER,
    MONTHLY,
    PREFIX,
    UPSTREAM,
    WAR_START,
    BadRow,
    Claimant,
    Page,
    Reading,
    choice,
    cited_url,
    claimant_of,
    file_key,
    page_source,
    parse_count,
    parse_date,
)
from kg.sources.economist_monthly import MONTHLY_COLUMNS, MONTHLY_NAMED, monthly_claims
from kg.sources.files import read_csv_rows

DATASET = Dataset(
    name=PREFIX,
    title="Competing estimates of soldiers dead and wounded in the Russia–Ukraine war (The Economist)",
    description=(
        "The estimates of soldiers killed, and killed or wounded, that The Economist compiles for "
        "its meta-estimate: each one a claim of the organisation it comes from (UK Ministry of "
        "Defence, US officials, CSIS, Mediazona and Meduza, the parties' own authorities and "
        "others) about one side's losses since 24 February 2022, with its range where given, and "
        "The Economist's month-by-month figures of Russian casualties, computed from the UK "
        "Ministry of Defence's average daily figures."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(ESTIMATES, MONTHLY, f"{FOLDER}/README.md", f"{FOLDER}/LICENCE"),
    credits=("The Economist (compiler)", "Sondre Solstad (corresponding author)"),
    upstream=UPSTREAM,
    commit=COMMIT,
)

# The names the copied files had upstream, read by the compiler's script (scripts/meta-estimate.R).
UPSTREAM_PATHS = {
    ESTIMATES: "source-data/deaths-and-casualties-data/Soldier deaths_casualties in Ukraine - estimates.csv",
    MONTHLY: "source-data/deaths-and-casualties-data/Soldier deaths_casualties in Ukraine - uk mod month-by-month estimates.csv",
}

WARRING_FLAG = "ignore for chart, data from warring parties"
ESTIMATE_COLUMNS = (
    "date",
    "estimate_low",
    "estimate_high",
    "estimate",
    "type",
    "source",
    "source_url",
    "country",
    WARRING_FLAG,
)
SIDES = {"russia": "russia", "ukraine": "ukraine"}


class Repeated(BadRow):
    """An estimate that repeats a running total of the monthly table: one figure, recorded once."""


def read(project: Project) -> Batch:
    """Both tables: two claims per month of the monthly table, a claim per estimate that is not
    one of its running totals again, pages and files.

    The monthly table is read first, so that an estimate repeating a running total is known as
    such; the running totals' notes then name the rows that repeat them.
    """
    batch = Batch(DATASET.name)
    reading = Reading()
    batch.records.extend(_data_file(ESTIMATES, "Estimates of soldiers dead and wounded in the Russia–Ukraine war"))
    batch.records.extend(
        _data_file(MONTHLY, "Month-by-month Russian casualties from the UK Ministry of Defence's average daily figures")
    )
    claims: list[Record] = []
    for shown, columns, reader in (
        (MONTHLY, MONTHLY_COLUMNS, monthly_claims),
        (ESTIMATES, ESTIMATE_COLUMNS, _estimate_claims),
    ):
        rows = read_csv_rows(project.root / shown, shown, columns)
        batch.rows_read[shown] = len(rows)
        for number, row in rows:
            try:
                claims.extend(reader(number, row, reading))
            except BadRow as problem:
                batch.rejections.append(Rejection(DATASET.name, shown, f"row {number}", str(problem)))
    batch.records.extend(_with_repeats(claim, reading.repeats) for claim in claims)
    batch.records.extend(reading.pages.values())
    return batch


def _with_repeats(claim: Record, repeats: dict[str, list[int]]) -> Record:
    """A running total's claim, its note naming the estimates rows that give the same figure."""
    if not isinstance(claim, LossClaim) or claim.core.key not in repeats:
        return claim
    rows = ", ".join(str(number) for number in repeats[claim.core.key])
    said = (
        f"{ESTIMATES} gives the same figure for the same date, named 'UK MoD' (row {rows}); it is recorded "
        "once, as this claim."
    )
    return replace(claim, core=replace(claim.core, note=f"{claim.core.note} {said}"))


def _data_file(shown: str, title: str) -> Iterator[Source]:
    yield Source(
        key=file_key(shown),
        kind="data-file",
        origin=Origin(shown, "whole file"),
        attributions=(Attribution(COMPILER, "compiler"),),
        title=Text(title, "en"),
        url=f"{UPSTREAM}/blob/{COMMIT}/{UPSTREAM_PATHS[shown]}".replace(" ", "%20"),
        editorial_note=f"Copied unchanged from the upstream file {UPSTREAM_PATHS[shown]!r} (see {FOLDER}/UPSTREAM.md).",
    )


# ------------------------------------------------------------------ estimates.csv ----


def _estimate_claims(number: int, row: dict[str, str], reading: Reading) -> Iterator[Record]:
    """One estimate: the claimant's figure for one side, cumulative to the row's date."""
    day = parse_date(row["date"], "date")
    claimant = claimant_of(row["source"])
    side = choice(row["country"], "country", SIDES)
    category = choice(row["type"], "type", CATEGORIES)
    figure, bounds = _figure(row)
    flagged = _warring_flag(row[WARRING_FLAG])
    cited = cited_url(row["source_url"])
    _refuse_repeat(number, claimant, side, category, day, figure, bounds, reading)
    key = reading.claim_key(
        slugify(PREFIX, claimant.agent, side, row["type"].strip(), day.isoformat()),
        number,
        f"a claim of {claimant.agent} about {side}'s {row['type'].strip()} to {day.isoformat()}",
    )
    page = page_source(cited, claimant, reading.pages, Origin(ESTIMATES, f"row {number}"))
    yield LossClaim(
        core=ClaimCore(
            key=key,
            claimant=claimant.agent,
            source=file_key(ESTIMATES),
            quote=RecordPointer(key, file_key(ESTIMATES), f"row={number}", RFC_7111),
            origin=Origin(ESTIMATES, f"row {number}"),
            quoted_from=page.key,
            note=_estimate_note(row, claimant, page, flagged),
        ),
        losses_of=side,
        category=category,
        figure=figure,
        period=Period("cumulative", day, WAR_START),
        category_as_stated=Text(row["type"].strip(), "en"),
        bounds=bounds,
    )


def _refuse_repeat(
    number: int,
    claimant: Claimant,
    side: str,
    category: str,
    day: dt.date,
    figure: Hedged,
    bounds: tuple[Bound, ...],
    reading: Reading,
) -> None:
    """:class:`Repeated` when the estimate is a running total of the monthly table again: the
    same claimant as named there, Russian casualties, the same date and the same single figure."""
    total = reading.running_totals.get(day)
    if (
        total is None
        or (claimant.agent, side, category) != (MONTHLY_NAMED, "russia", CATEGORIES["casualties"])
        or (figure.value, figure.hedge, bounds) != (total.value, "unrecorded", ())
    ):
        return
    reading.repeats.setdefault(total.key, []).append(number)
    raise Repeated(
        f"the same figure as {MONTHLY} row {total.row} ({total.value:,} casualties of Russia to {day.isoformat()}, "
        "The Economist's running total of the month-by-month figures): recorded once, as that row's claim"
    )


def _figure(row: dict[str, str]) -> tuple[Hedged, tuple[Bound, ...]]:
    """The central figure with the range's ends as bounds; a range alone is its floor, "at least".

    The compilation records numbers, not the words they were stated with: a central figure is
    "hedge not recorded"; a low end alone (or a range without a central figure) is the floor
    the claimant gives, "at least", with the high end as a bound; a high end alone is "up to".
    """
    low, high, central = (parse_count(row[name], name) for name in ("estimate_low", "estimate_high", "estimate"))
    if low is not None and high is not None and low > high:
        raise BadRow(f"estimate_low {row['estimate_low']!r} is above estimate_high {row['estimate_high']!r}")
    if central is not None:
        if (low is not None and central < low) or (high is not None and central > high):
            raise BadRow(
                f"estimate {row['estimate']!r} lies outside the range {row['estimate_low']!r} to {row['estimate_high']!r}"
            )
        ends = (
            Bound("min-inclusive", low) if low is not None else None,
            Bound("max-inclusive", high) if high is not None else None,
        )
        return Hedged(central, "unrecorded"), tuple(bound for bound in ends if bound)
    if low is not None:
        return Hedged(low, "at-least"), (Bound("max-inclusive", high),) if high is not None else ()
    if high is not None:
        return Hedged(high, "up-to"), ()
    raise BadRow("no figure: estimate, estimate_low and estimate_high are all empty")


def _warring_flag(raw: str) -> bool:
    flag = raw.strip().lower()
    if flag not in ("", "yes"):
        raise BadRow(f"{WARRING_FLAG!r} is {raw!r}; expected empty or 'yes'")
    return flag == "yes"


def _estimate_note(row: dict[str, str], claimant: Claimant, page: Page, flagged: bool) -> str:
    """How the compilation names the claimant, its range, its warring-party flag and any remark."""
    notes = [f"Named {claimant.named!r} in the compilation."]
    if claimant.leaked:
        notes.append("The compilation calls the estimate a leak.")
    low, high = row["estimate_low"].strip(), row["estimate_high"].strip()
    if low and high:
        notes.append(f"The compilation gives the range {low} to {high}.")
    notes.append(f"The compilation {'flags' if flagged else 'does not flag'} the figure as data from a warring party.")
    if page.remark:
        notes.append(f"source_url in the compilation: {page.remark!r}.")
    return " ".join(notes)
