"""The compilation's month-by-month table: The Economist's arithmetic over UK MoD figures.

Read from ``data/estimates/economist/uk-mod-monthly.csv`` for ``kg.sources.economist_estimates``:
each row gives the UK Ministry of Defence's average daily casualties of Russia for a month (the
figure the ministry's statement gives), and the compiler's product of it and the month's days,
with the running total. Both figures are The Economist's: two claims of The Economist per row,
derived (``prov:wasDerivedFrom``) from the ministry's statement the row cites.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from kg.ids import slugify
from kg.records import ClaimCore, Hedged, LossClaim, Origin, Period, Record, RecordPointer, Text
from kg.sources.common import RFC_7111
from kg.sources.economist_common import (
    CATEGORIES,
    COMPILER,
    MONTHLY,
    PREFIX,
    WAR_START,
    BadRow,
    Reading,
    RunningTotal,
    choice,
    cited_url,
    claimant_of,
    file_key,
    page_source,
    parse_count,
    parse_date,
    required_count,
)

MONTHLY_COLUMNS = (
    "month",
    "year",
    "casualties (average daily losses)",
    "days in month",
    "casualties in month",
    "cumulative casualties",
    "date (at beginning of next month)",
    "source",
    "source_url",
)
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
LAST_YEAR = 9998  # the next month's first day must still be a date
# The agent whose average daily figures the monthly table's arithmetic is done on.
MONTHLY_NAMED = "uk-mod"


def monthly_claims(number: int, row: dict[str, str], reading: Reading) -> Iterator[Record]:
    """The month's casualties (a month's period) and the running total (cumulative to the next month's first day)."""
    month = choice(row["month"], "month", MONTHS)
    year = parse_count(row["year"], "year")
    if year is None:
        raise BadRow("year is empty")
    if not WAR_START.year <= year <= LAST_YEAR:
        raise BadRow(f"year '{row['year']}' is not a year from {WAR_START.year} to {LAST_YEAR}")
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    next_first = parse_date(row["date (at beginning of next month)"], "date (at beginning of next month)")
    if next_first != last + dt.timedelta(days=1):
        raise BadRow(
            f"date (at beginning of next month) {row['date (at beginning of next month)']!r} is not the day after {row['month']} {year}"
        )
    average, days, in_month, cumulative = (
        required_count(row, name)
        for name in (
            "casualties (average daily losses)",
            "days in month",
            "casualties in month",
            "cumulative casualties",
        )
    )
    if days != last.day:
        raise BadRow(
            f"days in month {row['days in month']!r} is not the number of days of {row['month']} {year} ({last.day})"
        )
    if average * days != in_month:
        raise BadRow(
            f"casualties in month {row['casualties in month']!r} is not the average {average} times {days} days"
        )
    claimant = claimant_of(row["source"])
    cited = cited_url(row["source_url"])
    if claimant.agent != MONTHLY_NAMED:
        raise BadRow(f"source {row['source']!r} is not the UK Ministry of Defence, whose figures this table gives")
    figures = (
        (
            "month",
            in_month,
            Period("month", last, first),
            f"The Economist's product of the {average} average daily casualties the compilation gives for the "
            f"month, from the UK Ministry of Defence's statement, and the {days} days of the month.",
        ),
        (
            "cumulative",
            cumulative,
            Period("cumulative", next_first, WAR_START),
            "The Economist's running total of its monthly figures (each the product of the UK Ministry of "
            "Defence's average daily casualties and the days of the month), dated the first day of the next month.",
        ),
    )
    keys = [
        reading.claim_key(
            slugify(PREFIX, "uk-mod-monthly", claimant.agent, "russia", "casualties", kind, period.end.isoformat()),
            number,
            f"the {kind} figure of {claimant.agent} for {row['month']} {year}",
        )
        for kind, _, period, _ in figures
    ]
    origin = Origin(MONTHLY, f"row {number}")
    page = page_source(cited, claimant, reading.pages, origin)
    pointer = RecordPointer(
        slugify(PREFIX, "uk-mod-monthly", first.strftime("%Y-%m")), file_key(MONTHLY), f"row={number}", RFC_7111
    )
    remark = f" source_url in the compilation: {page.remark!r}." if page.remark else ""
    reading.running_totals[next_first] = RunningTotal(number, cumulative, keys[1])
    for key, (kind, value, period, note) in zip(keys, figures, strict=True):
        yield LossClaim(
            core=ClaimCore(
                key=key,
                claimant=COMPILER,
                source=file_key(MONTHLY),
                quote=pointer,
                origin=origin,
                derived_from=page.key,
                note=f"{note} The compilation names the source {claimant.named!r}.{remark}",
            ),
            losses_of="russia",
            category=CATEGORIES["casualties"],
            figure=Hedged(value, "unrecorded"),
            period=period,
            category_as_stated=Text("casualties in month" if kind == "month" else "cumulative casualties", "en"),
        )
