"""The rows of the talks and exchanges table, checked, and what each row's words say.

Part of ``kg.sources.talks_exchanges`` (the ingest module): this module reads no file and makes
no record. It checks one row's fields (``parse_row``) and reads its words: the number as
written and its hedge (``hedged``), whom the row attributes its figure to (``claimants``), the
figure a named person is quoted with (``attributed_figure``), whether the figure is an offer
(``is_offer``) and which figures its words call totals over several handovers
(``total_figures``). ``kg.sources.talks_events`` decides what each figure is about.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.ids import slugify
from kg.records import Hedged, Origin, Text

TABLE = "data/curated/talks_and_exchanges.csv"
NOTES = "data/curated/NOTES.md"
COLUMNS = (
    "event_type",
    "date",
    "place",
    "party_a",
    "party_b",
    "delegation_head_a",
    "delegation_head_b",
    "outcome_or_figure",
    "number",
    "source_url",
    "note",
)
EVENT_TYPES = {
    "talks_round": None,
    "prisoner_exchange": "prisoner-exchange",
    "remains_repatriation": "remains-repatriation",
}
PARTIES = {"Russia": "russia", "Ukraine": "ukraine"}
HEADS = {"Vladimir Medinsky": "vladimir-medinsky", "Rustem Umerov": "rustem-umerov"}
# Venues as the rows write them inside "Istanbul (...), Turkey" (places-talks.yaml).
VENUES = {
    "Dolmabahce Palace": "dolmabahce-palace",
    "Dolmabahce presidential working office": "dolmabahce-palace",
    "Ciragan Palace": "ciragan-palace",
}
# Sites whose outlet is an agent of the reference data.
KNOWN_OUTLETS = {"tass.com": "tass"}


@dataclass(frozen=True)
class Attribution:
    """Whom a row's wording attributes its figure to. ``introduces``: the words after the
    match are that person's ("Umerov: over 6,000 ..."), so the figure they give is theirs."""

    column: str
    pattern: re.Pattern[str]
    claimants: tuple[str, ...]
    introduces: bool = False


# First match wins. The note column is matched only where it is an attribution as a whole,
# since notes also mention other people's figures ("vs 339 per Medinsky").
ATTRIBUTIONS = (
    Attribution("outcome_or_figure", re.compile(r"\bUmerov(:| says\b)"), ("rustem-umerov",), introduces=True),
    Attribution("outcome_or_figure", re.compile(r"\(per Medinsky\b|\bper Medinsky\)"), ("vladimir-medinsky",)),
    Attribution("outcome_or_figure", re.compile(r"\bRussian MoD\b"), ("ru-mod",)),
    Attribution("outcome_or_figure", re.compile(r"\(Coordination HQ\)"), ("ukrainian-coordination-hq",)),
    Attribution("outcome_or_figure", re.compile(r"^Russia (said|says)\b"), ("russia",)),
    Attribution(
        "note",
        re.compile(r"\bconfirmed by both Russian MoD and Ukrainian Coordination HQ\b"),
        ("ru-mod", "ukrainian-coordination-hq"),
    ),
    Attribution("note", re.compile(r"^Ukrainian Coordination HQ$"), ("ukrainian-coordination-hq",)),
    Attribution("note", re.compile(r"^Russian MoD statement$"), ("ru-mod",)),
    Attribution("note", re.compile(r"^Zelensky address$"), ("zelensky",)),
    Attribution("note", re.compile(r"\bMedinsky quoted confirming\b"), ("vladimir-medinsky",)),
    Attribution("note", re.compile(r"^offer announced by Medinsky$"), ("vladimir-medinsky",)),
    Attribution("note", re.compile(r"\bciting The Guardian\b"), ("the-guardian",)),
    Attribution("note", re.compile(r"\bciting TASS\b"), ("tass",)),
    Attribution("note", re.compile(r"\bciting CNN\b"), ("cnn",)),
)
ROUND = re.compile(r"^Round ([0-9]+)\b")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
COUNT = re.compile(r"^[0-9]+$")
HEAD = re.compile(r"^(?P<name>[^()]+?)(?: \((?P<title>[^()]*)\))?$")
VENUE = re.compile(r"^Istanbul \((?P<venue>[^()]+)\), Turkey$")
MONTHS = tuple(calendar.month_name)[1:]
MONTH_NAMES = "|".join(MONTHS)
HEDGE_WORDS = {
    "at least": "at-least",
    "over": "over",
    "more than": "over",
    "about": "about",
    "nearly": "nearly",
    "up to": "up-to",
    "~": "about",
}
# A hedge word just before the number, not part of a verb ("to hand over 6,000 bodies").
HEDGE_BEFORE = re.compile(
    r"(?<!hand )(?<!handed )(?<![\w-])(" + "|".join(re.escape(words) for words in HEDGE_WORDS) + r")\s*$", re.IGNORECASE
)
NUMBER = re.compile(r"(?<![\d,.])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?![\d]|,\d)")
PRISONER_WORDS = re.compile(r"\b(POWs?|prisoners?|exchange|swap|captives|release)\b", re.IGNORECASE)
# A figure the words give as offered, not agreed or done ("Russia offered to transfer a further 3,000").
OFFER_WORDS = re.compile(r"\b(offer(ed|s)?|propos(ed|es))\b", re.IGNORECASE)
# Words saying a figure counts several handovers: "in total", "so far", "cumulative", "697 in two days".
TOTAL_WORDS = re.compile(
    r"\b(total|so far|cumulative|(in|over) (two|three|four|five|six|seven|[0-9]+) days)\b", re.IGNORECASE
)
# A stretch of days the words give a total for: "(May 23-25)".
DAY_RANGE = re.compile(rf"\b({MONTH_NAMES}) ([0-9]{{1,2}})-([0-9]{{1,2}})\b")
# Phrases of a row's words: a total's words apply to the figures of their own phrase only.
PHRASE_BREAK = re.compile(r"[;()]")


class BadRow(ValueError):
    """A row that cannot become part of the graph; the message names the field and the value."""


@dataclass(frozen=True)
class Row:
    """One row, parsed and checked."""

    number: int
    event_type: str
    outcome_type: str | None
    date: dt.date
    place: str
    party_a: str
    party_b: str
    heads: tuple[str, ...]
    text: str
    count: int | None
    url: str
    note: str

    @property
    def origin(self) -> Origin:
        return Origin(TABLE, f"row {self.number}")

    @property
    def round_number(self) -> int | None:
        """The round a talks_round row is about ("Round 2: ..."); None for statements outside the rounds."""
        match = ROUND.match(self.text) if self.event_type == "talks_round" else None
        return int(match.group(1)) if match else None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    @property
    def venue(self) -> str | None:
        match = VENUE.match(self.place)
        return VENUES.get(match["venue"]) if match else None

    @property
    def handover_key(self) -> str:
        """The handover the row dates: its parties, kind and date (the exchange's key when undisputed)."""
        return slugify(*sorted({self.party_a, self.party_b}), self.outcome_type, self.date.isoformat())

    @property
    def direction(self) -> tuple[str, str] | None:
        """(giving, receiving) for remains, whose rows name the giving party first (NOTES.md)."""
        return (self.party_a, self.party_b) if self.event_type == "remains_repatriation" else None


def parse_row(number: int, fields: dict[str, str]) -> Row:
    """A row checked field by field: a known event type, a real date, known parties, a count, a URL."""
    value = {name: fields[name].strip() for name in COLUMNS}
    if value["event_type"] not in EVENT_TYPES:
        raise BadRow(f"event_type {value['event_type']!r} is not one of {', '.join(EVENT_TYPES)}")
    if not DATE.match(value["date"]):
        raise BadRow(f"date {value['date']!r} is not a date as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value["date"])
    except ValueError as error:
        raise BadRow(f"date {value['date']!r} is not a real date ({error})") from None
    parties = []
    for column in ("party_a", "party_b"):
        if value[column] not in PARTIES:
            raise BadRow(f"{column} {value[column]!r} is not one of {', '.join(PARTIES)}")
        parties.append(PARTIES[value[column]])
    if value["number"] and not COUNT.match(value["number"]):
        raise BadRow(f"number {value['number']!r} is not a whole number")
    if not re.match(r"^https?://\S+$", value["source_url"]):
        raise BadRow(f"source_url {value['source_url']!r} is not an http(s) URL")
    count = int(value["number"]) if value["number"] else None
    outcome = EVENT_TYPES[value["event_type"]]
    if outcome is None and count is not None:
        outcome = _talks_outcome(value["outcome_or_figure"], count)
    return Row(
        number=number,
        event_type=value["event_type"],
        outcome_type=outcome,
        date=day,
        place=value["place"],
        party_a=parties[0],
        party_b=parties[1],
        heads=tuple(
            _head(value[column], column) for column in ("delegation_head_a", "delegation_head_b") if value[column]
        ),
        text=value["outcome_or_figure"],
        count=count,
        url=value["source_url"],
        note=value["note"],
    )


def _head(raw: str, column: str) -> str:
    """The agent a delegation head's name is ("Vladimir Medinsky (presidential aide)"): titles are in its note."""
    match = HEAD.match(raw)
    agent = HEADS.get(match["name"].strip()) if match else None
    if agent is None:
        raise BadRow(f"{column} {raw!r} is not a known person: add them to data/reference/agents-talks.yaml and HEADS")
    return agent


def _talks_outcome(text: str, count: int) -> str:
    """What a talks row's number counts: bodies when the text says "N bodies", else prisoners."""
    found = number_in(text, count)
    if found and re.match(r"\s*(Ukrainian |Russian )?bodies\b", text[found.end() :]):
        return "remains-repatriation"
    if PRISONER_WORDS.search(text):
        return "prisoner-exchange"
    raise BadRow(f"outcome_or_figure {text!r} says neither bodies nor prisoners for the number {count}")


def number_in(text: str, count: int) -> re.Match[str] | None:
    """The number as the text writes it ("6,000" or "6000"), not as part of a larger one."""
    return re.search(rf"(?<![\d,.])({count:,}|{count})(?![\d]|,\d)", text)


def hedged(text: str, count: int) -> Hedged:
    """The number with the hedge the words put before it; unrecorded when the words do not give the number."""
    found = number_in(text, count)
    if not found:
        return Hedged(count, "unrecorded")
    words = HEDGE_BEFORE.search(text[: found.start()])
    if not words:
        return Hedged(count, "none")
    return Hedged(count, HEDGE_WORDS[words.group(1).lower()], Text(words.group(1), "en"))


def is_offer(row: Row) -> bool:
    """The words put the row's figure in an offer ("Russia offered to transfer a further 3,000")."""
    found = number_in(row.text, row.count) if row.count is not None else None
    return bool(found and OFFER_WORDS.search(_phrase_before(row.text, found.start())))


def _phrase_before(text: str, position: int) -> str:
    return PHRASE_BREAK.split(text[:position])[-1]


def total_figures(text: str) -> set[int]:
    """The numbers the words give as totals over several handovers: those in a phrase with total words."""
    return {
        int(number.replace(",", ""))
        for phrase in PHRASE_BREAK.split(text)
        if TOTAL_WORDS.search(phrase)
        for number in NUMBER.findall(phrase)
    }


def says_total(row: Row) -> bool:
    """The row's own words call its figure a total: the phrase holding it (its first phrase when
    the words do not write the number) has total words."""
    if row.count is None:
        return False
    found = number_in(row.text, row.count)
    phrase = _phrase_at(row.text, found.start()) if found else PHRASE_BREAK.split(row.text)[0]
    return bool(TOTAL_WORDS.search(phrase))


def _phrase_at(text: str, position: int) -> str:
    start = max((m.end() for m in PHRASE_BREAK.finditer(text, 0, position)), default=0)
    end = next((m.start() for m in PHRASE_BREAK.finditer(text, position)), len(text))
    return text[start:end]


def day_range(row: Row) -> tuple[dt.date, dt.date] | None:
    """The first and last day a total's words give ("May 23-25"), in the row's year."""
    match = DAY_RANGE.search(row.text)
    if not match:
        return None
    month = MONTHS.index(match.group(1)) + 1
    try:
        return dt.date(row.date.year, month, int(match.group(2))), dt.date(row.date.year, month, int(match.group(3)))
    except ValueError:
        raise BadRow(f"outcome_or_figure {row.text!r} gives days {match.group(0)!r} that are not real dates") from None


def claimants(row: Row) -> tuple[str, ...]:
    """Who states the figure: the one delegation head an exchange row names, a person or body
    its wording names, else the outlet whose page it is. An exchange row that names both heads
    (a statement at a round) attributes nothing by them."""
    if row.event_type != "talks_round" and len(row.heads) == 1:
        return row.heads
    attribution = _attribution(row)
    return attribution.claimants if attribution else (outlet_key(row),)


def _attribution(row: Row) -> Attribution | None:
    for attribution in ATTRIBUTIONS:
        if attribution.pattern.search(row.text if attribution.column == "outcome_or_figure" else row.note):
            return attribution
    return None


def attributed_figure(row: Row) -> Hedged | None:
    """The figure the words quote a person with when it is not the row's number ("Umerov: over
    6,000 bodies returned" on a row whose number is 6,057): that figure, hedged as stated, is
    the person's, and the row's number is the page's."""
    if row.count is None or (row.event_type != "talks_round" and len(row.heads) == 1):
        return None
    attribution = _attribution(row)
    if attribution is None or not attribution.introduces:
        return None
    after = attribution.pattern.search(row.text)
    assert after is not None  # the attribution matched these words
    figure = NUMBER.search(row.text, after.end())
    if figure is None or int(figure.group(1).replace(",", "")) == row.count:
        return None
    words = HEDGE_BEFORE.search(row.text[after.end() : figure.start()])
    value = int(figure.group(1).replace(",", ""))
    if not words:
        return Hedged(value, "none")
    return Hedged(value, HEDGE_WORDS[words.group(1).lower()], Text(words.group(1), "en"))


def outlet_key(row: Row) -> str:
    return KNOWN_OUTLETS.get(row.host) or slugify("site", row.host)
