"""The Economist's compilation of competing estimates of soldiers dead and wounded.

Read from ``data/estimates/economist/``: ``estimates.csv`` (one estimate per row: the date it
refers to, low, high and central figures, deaths or casualties, the organisation it comes from,
the page, whose losses, and a flag for figures from the warring parties) and
``uk-mod-monthly.csv`` (the UK Ministry of Defence's month-by-month Russian casualties, with
the running total). Every row is a claim of the organisation the compilation names, about one
side's losses since 24 February 2022; the compiler is The Economist.

Whether a claimant is a warring party is not taken from the compilation's flag: it follows
from the claimant's state in the reference data. The flag is kept in the claim's note, so the
two can be compared (see ``queries/losses-by-claimant-over-time.rq``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

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
from kg.sources.common import RFC_7111, url_slug
from kg.sources.files import read_csv_rows

UPSTREAM = "https://github.com/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates"
COMMIT = "978a24b4abdcca2ca6e89e2158dc5c281ea760ca"
FOLDER = "data/estimates/economist"
ESTIMATES = f"{FOLDER}/estimates.csv"
MONTHLY = f"{FOLDER}/uk-mod-monthly.csv"

DATASET = Dataset(
    name="economist-estimates",
    title="Competing estimates of soldiers dead and wounded in the Russia–Ukraine war (The Economist)",
    description=(
        "The estimates of soldiers killed, and killed or wounded, that The Economist compiles for "
        "its meta-estimate: each one a claim of the organisation it comes from (UK Ministry of "
        "Defence, US officials, CSIS, Mediazona and Meduza, the parties' own authorities and "
        "others) about one side's losses since 24 February 2022, with its range where given, and "
        "the UK Ministry of Defence's month-by-month estimates of Russian casualties."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(ESTIMATES, MONTHLY, f"{FOLDER}/README.md", f"{FOLDER}/LICENCE"),
    credits=("The Economist (compiler)", "Sondre Solstad (corresponding author)"),
    upstream=UPSTREAM,
    commit=COMMIT,
)

PREFIX = DATASET.name
COMPILER = "the-economist"
WAR_START = dt.date(2022, 2, 24)
LAST_YEAR = 9998  # the next month's first day must still be a date
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
CATEGORIES = {"deaths": "economist-deaths", "casualties": "economist-casualties"}
SIDES = {"russia": "russia", "ukraine": "ukraine"}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}

# The `source` names of the compilation, with the claimant each one is. Where the name is that
# of an existing agent the reason is given; "(via X)" names a relay, parsed apart (RELAYS).
CLAIMANTS = {
    # The same body: the label of ua-armed-forces is "Armed Forces of Ukraine" word for word.
    "Armed Forces of Ukraine": "ua-armed-forces",
    # The same body: ru-mod is the Russian Ministry of Defence (British spelling); its row cites TASS.
    "Russian Ministry of Defense": "ru-mod",
    # One body under two names: both cite the ministry's DefenceHQ account (agents-estimates.yaml).
    "UK MoD": "uk-mod",
    "UK Ministry of Defence": "uk-mod",
    "UK Foreign ministry": "uk-foreign-ministry",
    "US officials": "us-officials",
    "US DoD": "us-dod",
    # Figures of leaked Pentagon documents: the compiler's own script counts them as "US DoD".
    "Pentagon leak": "us-dod",
    "US Sec of Def": "us-secretary-of-defense",
    "US intelligence services": "us-intelligence-services",
    "CIA": "cia",
    "French foreign minister": "french-foreign-minister",
    "Norwegian Defense Intelligence": "norwegian-defense-intelligence",
    "Dutch Military Intelligence and Security Service (MIVD)": "dutch-military-intelligence-and-security-service",
    "Dutch Military Intelligence and Security Service (MIVD; note, timing clarified via email)": "dutch-military-intelligence-and-security-service",
    "Office of the President of Ukraine": "office-of-the-president-of-ukraine",
    # One body under its name and its abbreviation: both cite csis.org.
    "The Centre for Strategic and International Studies": "csis",
    "CSIS": "csis",
    "IISS": "iiss",
    "Mediazona; Meduza": "mediazona-meduza",
    "Mediazona; Meduza (cumulative)": "mediazona-meduza",
    "Excess deaths estimate (D. Kobak)": "d-kobak",
    "The Memory Book": "the-memory-book",
    "UAlosses": "ualosses",
    "BBC Russia": "bbc-russia",
    "NATO officials": "nato-officials",
    "NATO nations": "nato-nations",
    "Western intelligence agencies": "western-intelligence-agencies",
    "Lostarmour": "lostarmour",
    "Yurii Butosov": "yurii-butosov",
    "Ukrainian estimate": "ukrainian-estimate-author",
}
RELAYS = {
    "The Economist": "the-economist",
    "NYT": "the-new-york-times",
    "WSJ": "the-wall-street-journal",
    "WP": "the-washington-post",
    "media24": "media24",
}
VIA = re.compile(r"^(?P<name>.+?) \((?P<leak>leak )?via (?P<relay>[^()]+)\)$")
DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
COUNT = re.compile(r"^([0-9]+|[0-9]{1,3}(,[0-9]{3})+)$")
URL_WITH_REMARK = re.compile(r"^(?P<url>https?://\S+)(\s+\((?P<remark>.*)\))?$")
T = TypeVar("T")


class BadRow(ValueError):
    """A row that cannot become a claim; the message names the field and the value."""


@dataclass(frozen=True)
class Claimant:
    """Who a `source` value names: the claimant, the outlet it came through, and how it was named."""

    agent: str
    relay: str | None
    named: str
    leaked: bool


@dataclass(frozen=True)
class Page:
    """The page a row cites (its `source_url`), or a remark in its place."""

    key: str | None
    url: str | None
    remark: str | None


@dataclass
class _Reading:
    """What the rows share while read: the pages seen, and which row each claim key came from."""

    pages: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)

    def claim_key(self, key: str, number: int, what: str) -> str:
        """The claim's natural key, refused when an earlier row already gave it."""
        earlier = self.claims.setdefault(key, number)
        if earlier != number:
            raise BadRow(f"{what} is already read from row {earlier}")
        return key


def read(project: Project) -> Batch:
    """Both tables: a claim per estimate, two per month of the UK MoD table, pages and files."""
    batch = Batch(DATASET.name)
    reading = _Reading()
    batch.records.extend(_data_file(ESTIMATES, "Estimates of soldiers dead and wounded in the Russia–Ukraine war"))
    batch.records.extend(_data_file(MONTHLY, "UK Ministry of Defence month-by-month estimates of Russian casualties"))
    for shown, columns, reader in (
        (ESTIMATES, ESTIMATE_COLUMNS, _estimate_claims),
        (MONTHLY, MONTHLY_COLUMNS, _monthly_claims),
    ):
        rows = read_csv_rows(project.root / shown, shown, columns)
        batch.rows_read[shown] = len(rows)
        for number, row in rows:
            try:
                batch.records.extend(reader(number, row, reading))
            except BadRow as problem:
                batch.rejections.append(Rejection(DATASET.name, shown, f"row {number}", str(problem)))
    batch.records.extend(reading.pages.values())
    return batch


def _data_file(shown: str, title: str) -> Iterator[Source]:
    yield Source(
        key=_file_key(shown),
        kind="data-file",
        origin=Origin(shown, "whole file"),
        attributions=(Attribution(COMPILER, "compiler"),),
        title=Text(title, "en"),
        url=f"{UPSTREAM}/blob/{COMMIT}/{UPSTREAM_PATHS[shown]}".replace(" ", "%20"),
        editorial_note=f"Copied unchanged from the upstream file {UPSTREAM_PATHS[shown]!r} (see {FOLDER}/UPSTREAM.md).",
    )


def _file_key(shown: str) -> str:
    return slugify(PREFIX, shown.rsplit("/", 1)[-1])


# ------------------------------------------------------------------ estimates.csv ----


def _estimate_claims(number: int, row: dict[str, str], reading: _Reading) -> Iterator[Record]:
    """One estimate: the claimant's figure for one side, cumulative to the row's date."""
    day = _date(row["date"], "date")
    claimant = _claimant(row["source"])
    side = _choice(row["country"], "country", SIDES)
    category = _choice(row["type"], "type", CATEGORIES)
    figure, bounds = _figure(row)
    flagged = _warring_flag(row[WARRING_FLAG])
    cited = _cited(row["source_url"])
    key = reading.claim_key(
        slugify(PREFIX, claimant.agent, side, row["type"].strip(), day.isoformat()),
        number,
        f"a claim of {claimant.agent} about {side}'s {row['type'].strip()} to {day.isoformat()}",
    )
    page = _page(cited, claimant, reading.pages, Origin(ESTIMATES, f"row {number}"))
    yield LossClaim(
        core=ClaimCore(
            key=key,
            claimant=claimant.agent,
            source=_file_key(ESTIMATES),
            quote=RecordPointer(key, _file_key(ESTIMATES), f"row={number}", RFC_7111),
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


def _figure(row: dict[str, str]) -> tuple[Hedged, tuple[Bound, ...]]:
    """The central figure with the range's ends as bounds; a range alone is its floor, "at least".

    The compilation records numbers, not the words they were stated with: a central figure is
    "hedge not recorded"; a low end alone (or a range without a central figure) is the floor
    the claimant gives, "at least", with the high end as a bound; a high end alone is "up to".
    """
    low, high, central = (_count(row[name], name) for name in ("estimate_low", "estimate_high", "estimate"))
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


# ------------------------------------------------------------------ uk-mod-monthly.csv ----


def _monthly_claims(number: int, row: dict[str, str], reading: _Reading) -> Iterator[Record]:
    """The month's casualties (a month's period) and the running total (cumulative to the next month's first day)."""
    month = _choice(row["month"], "month", MONTHS)
    year = _count(row["year"], "year")
    if year is None:
        raise BadRow("year is empty")
    if not WAR_START.year <= year <= LAST_YEAR:
        raise BadRow(f"year '{row['year']}' is not a year from {WAR_START.year} to {LAST_YEAR}")
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    next_first = _date(row["date (at beginning of next month)"], "date (at beginning of next month)")
    if next_first != last + dt.timedelta(days=1):
        raise BadRow(
            f"date (at beginning of next month) {row['date (at beginning of next month)']!r} is not the day after {row['month']} {year}"
        )
    average, days, in_month, cumulative = (
        _required_count(row, name)
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
    claimant = _claimant(row["source"])
    cited = _cited(row["source_url"])
    figures = (
        (
            "month",
            in_month,
            Period("month", last, first),
            f"The compilation gives {average} average daily casualties over the {days} days of the month; this figure is their product.",
        ),
        (
            "cumulative",
            cumulative,
            Period("cumulative", next_first, WAR_START),
            "The compilation's running total of the monthly figures, dated the first day of the next month.",
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
    page = _page(cited, claimant, reading.pages, origin)
    pointer = RecordPointer(
        slugify(PREFIX, "uk-mod-monthly", first.strftime("%Y-%m")), _file_key(MONTHLY), f"row={number}", RFC_7111
    )
    remark = f" source_url in the compilation: {page.remark!r}." if page.remark else ""
    for key, (kind, value, period, note) in zip(keys, figures, strict=True):
        yield LossClaim(
            core=ClaimCore(
                key=key,
                claimant=claimant.agent,
                source=_file_key(MONTHLY),
                quote=pointer,
                origin=origin,
                quoted_from=page.key,
                note=f"Named {claimant.named!r} in the compilation. {note}{remark}",
            ),
            losses_of="russia",
            category=CATEGORIES["casualties"],
            figure=Hedged(value, "unrecorded"),
            period=period,
            category_as_stated=Text("casualties in month" if kind == "month" else "cumulative casualties", "en"),
        )


# ------------------------------------------------------------------ shared ----


def _date(raw: str, column: str) -> dt.date:
    """A dd/mm/yyyy date (day and month with or without a leading zero), on or after 24 February 2022."""
    match = DATE.match(raw.strip())
    if not match:
        raise BadRow(f"{column} {raw!r} is not a date as dd/mm/yyyy")
    day, month, year = (int(part) for part in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError as error:
        raise BadRow(f"{column} {raw!r} is not a real date ({error})") from None
    if value < WAR_START:
        raise BadRow(f"{column} {raw!r} is before the war began (2022-02-24): a total since then cannot end before it")
    return value


def _count(raw: str, column: str) -> int | None:
    """A whole number, with or without thousands commas ("140,000"); None when empty."""
    text = raw.strip()
    if not text:
        return None
    if not COUNT.match(text):
        raise BadRow(f"{column} {raw!r} is not a whole number")
    return int(text.replace(",", ""))


def _required_count(row: dict[str, str], column: str) -> int:
    value = _count(row[column], column)
    if value is None:
        raise BadRow(f"{column} is empty")
    return value


def _choice(raw: str, column: str, allowed: Mapping[str, T]) -> T:
    """The value an allowed word stands for (case and surrounding spaces ignored)."""
    value = allowed.get(raw.strip().lower())
    if value is None:
        raise BadRow(f"{column} {raw!r} is not one of {', '.join(allowed)}")
    return value


def _claimant(raw: str) -> Claimant:
    """The claimant a `source` value names; "(via X)" and "(leak via X)" name the outlet it came through."""
    named = raw.strip()
    match = VIA.match(named)
    name, relay_name = (match["name"], match["relay"].strip()) if match else (named, None)
    agent = CLAIMANTS.get(name)
    if agent is None:
        raise BadRow(
            f"source {raw!r} is not a claimant known to this reader: add it to CLAIMANTS in kg/sources/economist_estimates.py"
        )
    relay = RELAYS.get(relay_name) if relay_name else None
    if relay_name and relay is None:
        raise BadRow(f"source {raw!r} names the outlet {relay_name!r}, which is not known: add it to RELAYS")
    return Claimant(agent, relay, named, bool(match and match["leak"]))


def _cited(raw: str) -> tuple[str | None, str | None]:
    """The URL a `source_url` value gives and any remark in brackets after it (or in its place)."""
    text = raw.strip()
    match = URL_WITH_REMARK.match(text)
    if match:
        return match["url"], match["remark"]
    if text.startswith("(") and text.endswith(")"):
        return None, text[1:-1]
    raise BadRow(f"source_url {raw!r} is neither a URL nor a remark in brackets")


def _page(cited: tuple[str | None, str | None], claimant: Claimant, pages: dict[str, Source], origin: Origin) -> Page:
    """The page the row cites, as a web-page source (created once per URL).

    The page carries the claimant's figure, so it is attributed to the claimant as originator,
    and to the outlet the compilation names as the relay, as reporter; its publisher is
    otherwise not named in the compilation.
    """
    url, remark = cited
    if url is None:
        return Page(None, None, remark)
    key = f"{PREFIX}-page-{url_slug(url)}"
    known = pages.get(key)
    if known is not None and known.url != url:
        raise BadRow(
            f"source_url {url!r} gives the same key as {known.url!r}; make the URLs differ in more than punctuation"
        )
    attributions = [Attribution(claimant.agent, "originator")]
    if claimant.relay:
        attributions.append(Attribution(claimant.relay, "reporter"))
    pages[key] = Source(
        key=key,
        kind="web-page",
        origin=known.origin if known else origin,
        attributions=tuple(dict.fromkeys((*(known.attributions if known else ()), *attributions))),
        url=url,
        editorial_note="A page the compilation cites for the figures of the agents it is attributed to; the page itself was not read here.",
    )
    return Page(key, url, remark)
