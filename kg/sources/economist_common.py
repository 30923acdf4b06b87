"""What the two tables of The Economist's compilation share: names, parsing and cited pages.

Used by ``kg.sources.economist_estimates`` (the ingest module: ``estimates.csv``) and
``kg.sources.economist_monthly`` (``uk-mod-monthly.csv``): the files, the claimants the
compilation's ``source`` values name, dates and counts as the compilation writes them, and the
pages its rows cite (one web-page source per URL).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from kg.ids import slugify
from kg.records import Attribution, Origin, Source
from kg.sources.common import url_slug

UPSTREAM = "https://github.com/TheEconomist/the-economist-ukraine-war-dead-and-wounded-estimates"
COMMIT = "978a24b4abdcca2ca6e89e2158dc5c281ea760ca"
FOLDER = "data/estimates/economist"
ESTIMATES = f"{FOLDER}/estimates.csv"
MONTHLY = f"{FOLDER}/uk-mod-monthly.csv"

PREFIX = "economist-estimates"
COMPILER = "the-economist"
WAR_START = dt.date(2022, 2, 24)
CATEGORIES = {"deaths": "economist-deaths", "casualties": "economist-casualties"}

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


@dataclass(frozen=True)
class RunningTotal:
    """A running total of the monthly table: its row, its figure and its claim's key."""

    row: int
    value: int
    key: str


@dataclass
class Reading:
    """What the rows share while read: the pages seen, which row each claim key came from, the
    monthly table's running totals by date, and the estimates rows that repeat one (by claim key)."""

    pages: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)
    running_totals: dict[dt.date, RunningTotal] = field(default_factory=dict)
    repeats: dict[str, list[int]] = field(default_factory=dict)

    def claim_key(self, key: str, number: int, what: str) -> str:
        """The claim's natural key, refused when an earlier row already gave it."""
        earlier = self.claims.setdefault(key, number)
        if earlier != number:
            raise BadRow(f"{what} is already read from row {earlier}")
        return key


def file_key(shown: str) -> str:
    return slugify(PREFIX, shown.rsplit("/", 1)[-1])


def parse_date(raw: str, column: str) -> dt.date:
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


def parse_count(raw: str, column: str) -> int | None:
    """A whole number, with or without thousands commas ("140,000"); None when empty."""
    text = raw.strip()
    if not text:
        return None
    if not COUNT.match(text):
        raise BadRow(f"{column} {raw!r} is not a whole number")
    return int(text.replace(",", ""))


def required_count(row: dict[str, str], column: str) -> int:
    value = parse_count(row[column], column)
    if value is None:
        raise BadRow(f"{column} is empty")
    return value


def choice(raw: str, column: str, allowed: Mapping[str, T]) -> T:
    """The value an allowed word stands for (case and surrounding spaces ignored)."""
    value = allowed.get(raw.strip().lower())
    if value is None:
        raise BadRow(f"{column} {raw!r} is not one of {', '.join(allowed)}")
    return value


def claimant_of(raw: str) -> Claimant:
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


def cited_url(raw: str) -> tuple[str | None, str | None]:
    """The URL a `source_url` value gives and any remark in brackets after it (or in its place)."""
    text = raw.strip()
    match = URL_WITH_REMARK.match(text)
    if match:
        return match["url"], match["remark"]
    if text.startswith("(") and text.endswith(")"):
        return None, text[1:-1]
    raise BadRow(f"source_url {raw!r} is neither a URL nor a remark in brackets")


def page_source(
    cited: tuple[str | None, str | None], claimant: Claimant, pages: dict[str, Source], origin: Origin
) -> Page:
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
