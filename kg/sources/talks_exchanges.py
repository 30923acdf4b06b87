"""The 2025 Istanbul talks and the exchanges that followed, curated from public news pages.

Read from ``data/curated/talks_and_exchanges.csv`` (method and caveats in
``data/curated/NOTES.md``, Table B). Every row holds one figure (or none, when it was not
disclosed) as one page states it, so every row is a claim quoted from its page:

- ``talks_round`` rows whose outcome starts "Round N" are claims of what round N agreed; the
  rounds are ``TalksRound`` records with their date and venue. Round 1 is the seed article's
  record (``data/seed``): its claims link to it and no second record is made.
- ``talks_round`` rows that are not numbered rounds (NOTES.md: November 2025, "not a formal
  round") are statements: one restating a figure only one round agreed is a claim about that
  round, stated on its date; one without a figure has no outcome to claim and is rejected.
- ``prisoner_exchange`` and ``remains_repatriation`` rows are claims about one ``Exchange`` per
  type and date, which implements the round whose agreement the rows (or another row of the
  same page) say it carried out. Rows placed in Istanbul on a round's date are statements made
  at that round (Russia's offer of bodies at round 3), claims about the round.

The claimant is who the row attributes the figure to: the delegation head named on an
exchange row, a person or body its wording names ("Umerov says", "(Coordination HQ)",
"Russian MoD statement", "citing TASS"), and otherwise the outlet whose page it is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.config import Project
from kg.ids import slugify
from kg.records import (
    Agent,
    Attribution,
    Batch,
    ClaimCore,
    Dataset,
    Exchange,
    Hedged,
    Origin,
    OutcomeClaim,
    Record,
    RecordPointer,
    Rejection,
    RoundDetails,
    Source,
    TalksRound,
    Text,
)
from kg.sources.common import RFC_7111, url_slug
from kg.sources.files import read_csv_rows

TABLE = "data/curated/talks_and_exchanges.csv"
NOTES = "data/curated/NOTES.md"

DATASET = Dataset(
    name="talks-exchanges",
    title="The 2025 Istanbul talks and the exchanges that followed, curated from public news pages",
    description=(
        "What each round of the 2025 Russia–Ukraine talks in Istanbul agreed, and the prisoner "
        "exchanges and returns of remains that followed, as claims of the delegation heads, "
        "authorities and outlets each page attributes them to; one claim per page and figure, "
        "so that differing figures (6,057 against 6,060 bodies) stand side by side."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(TABLE, NOTES),
    credits=("claimgraph contributors (curation from public news pages)",),
)

PREFIX = DATASET.name
TABLE_KEY = slugify("curated", "talks_and_exchanges.csv")
COMPILER = "claimgraph-contributors"
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

# The talks and their rounds; round 1's record is the seed article's (data/seed), so it is
# linked to, never made again (keys are unique across the graph).
TALKS = "russia-ukraine-istanbul-2025"
SEED_ROUNDS = frozenset({1})
TALKS_LABEL = "the Russia–Ukraine talks in Istanbul"
ORDINALS = {2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", 6: "Sixth"}
EVENT_TYPES = {
    "talks_round": None,
    "prisoner_exchange": "prisoner-exchange",
    "remains_repatriation": "remains-repatriation",
}
OUTCOME_LABELS = {"prisoner-exchange": "Prisoner exchange", "remains-repatriation": "Return of remains"}
PARTIES = {"Russia": "russia", "Ukraine": "ukraine"}
PARTY_LABELS = {"russia": "Russia", "ukraine": "Ukraine"}
DELEGATIONS = {"russia": "russian-delegation-istanbul", "ukraine": "ukrainian-delegation-istanbul"}
HEADS = {"Vladimir Medinsky": "vladimir-medinsky", "Rustem Umerov": "rustem-umerov"}
# Venues as the rows write them inside "Istanbul (...), Turkey" (places-talks.yaml).
VENUES = {
    "Dolmabahce Palace": "dolmabahce-palace",
    "Dolmabahce presidential working office": "dolmabahce-palace",
    "Ciragan Palace": "ciragan-palace",
}
TALKS_CITY = "istanbul"
NOT_STATED = "(not stated)"
# Sites whose outlet is an agent of the reference data.
KNOWN_OUTLETS = {"tass.com": "tass"}

# Who a row attributes its figure to, by its wording: (column, pattern, claimants), first match
# wins. The note column is matched only where it is an attribution as a whole, since notes
# also mention other people's figures ("vs 339 per Medinsky").
ATTRIBUTIONS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (column, re.compile(pattern), keys)
    for column, pattern, keys in (
        ("outcome_or_figure", r"\bUmerov(:| says\b)", ("rustem-umerov",)),
        ("outcome_or_figure", r"\(per Medinsky\b|\bper Medinsky\)", ("vladimir-medinsky",)),
        ("outcome_or_figure", r"\bRussian MoD\b", ("ru-mod",)),
        ("outcome_or_figure", r"\(Coordination HQ\)", ("ukrainian-coordination-hq",)),
        (
            "note",
            r"\bconfirmed by both Russian MoD and Ukrainian Coordination HQ\b",
            ("ru-mod", "ukrainian-coordination-hq"),
        ),
        ("note", r"^Ukrainian Coordination HQ$", ("ukrainian-coordination-hq",)),
        ("note", r"^Russian MoD statement$", ("ru-mod",)),
        ("note", r"^Zelensky address$", ("zelensky",)),
        ("note", r"\bMedinsky quoted confirming\b", ("vladimir-medinsky",)),
        ("note", r"^offer announced by Medinsky$", ("vladimir-medinsky",)),
        ("note", r"\bciting The Guardian\b", ("the-guardian",)),
        ("note", r"\bciting TASS\b", ("tass",)),
        ("note", r"\bciting CNN\b", ("cnn",)),
    )
)
ROUND = re.compile(r"^Round ([0-9]+)\b")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
COUNT = re.compile(r"^[0-9]+$")
HEAD = re.compile(r"^(?P<name>[^()]+?)(?: \((?P<title>[^()]*)\))?$")
VENUE = re.compile(r"^Istanbul \((?P<venue>[^()]+)\), Turkey$")
# "Under" an agreement, in the row's own words; or the swap formula a round agreed ("1,000-for-1,000").
CARRIED_OUT = re.compile(r"\b(under|in accordance with|in continuation of)\b[^;]*\bIstanbul\b", re.IGNORECASE)
FORMULA = re.compile(r"\b([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)-for-\1\b")
MONTHS = tuple(calendar.month_name)[1:]
DAY_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r") ([0-9]{1,2})\b")
MONTH = re.compile(r"\bthe (" + "|".join(MONTHS) + r") Istanbul\b")
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
PRISONER_WORDS = re.compile(r"\b(POWs?|prisoners?|exchange|swap|captives|release)\b", re.IGNORECASE)
RUNNING_TOTAL = re.compile(r"\b(so far|cumulative)\b")


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


@dataclass(frozen=True)
class Round:
    """A round as its rows state it: number, date, venue, and the rows it was read from."""

    number: int
    date: dt.date
    location: str
    rows: tuple[int, ...]
    outcome_types: frozenset[str]
    figures: frozenset[int]
    formulas: frozenset[str]

    @property
    def key(self) -> str:
        return round_key(self.number)


def round_key(number: int) -> str:
    return f"{TALKS}-round-{number}"


def read(project: Project) -> Batch:
    """The rounds, the exchanges, the pages and their outlets, and a claim per row (or its rejection)."""
    batch = Batch(DATASET.name)
    raw = read_csv_rows(project.root / TABLE, TABLE, COLUMNS)
    batch.rows_read[TABLE] = len(raw)
    rows: list[Row] = []
    for number, fields in raw:
        try:
            rows.append(_row(number, fields))
        except BadRow as problem:
            batch.rejections.append(_rejection(number, str(problem)))
    rounds, off_date = _rounds(rows)
    builder = _Builder(rounds)
    for row in rows:
        try:
            if row.number in off_date:
                raise BadRow(off_date[row.number])
            builder.add(row)
        except BadRow as problem:
            batch.rejections.append(_rejection(row.number, str(problem)))
    batch.records.extend(builder.records())
    return batch


def _rejection(number: int, reason: str) -> Rejection:
    return Rejection(DATASET.name, TABLE, f"row {number}", reason)


# ------------------------------------------------------------------ rows ----


def _row(number: int, fields: dict[str, str]) -> Row:
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


# ------------------------------------------------------------------ rounds ----


def _rounds(rows: list[Row]) -> tuple[dict[int, Round], dict[int, str]]:
    """The numbered rounds, each dated and placed by its rows; and the rows that give a round another date."""
    by_number: dict[int, list[Row]] = defaultdict(list)
    off_date: dict[int, str] = {}
    for row in rows:
        number = row.round_number
        if number is None:
            continue
        first = by_number[number][0] if by_number[number] else None
        if first is not None and row.date != first.date:
            off_date[row.number] = (
                f"date {row.date.isoformat()} differs from {first.date.isoformat()} given for round {number} in row {first.number}"
            )
            continue
        by_number[number].append(row)
    rounds = {}
    for number, members in by_number.items():
        venues = {row.venue for row in members if row.venue}
        rounds[number] = Round(
            number=number,
            date=members[0].date,
            location=venues.pop() if len(venues) == 1 else TALKS_CITY,
            rows=tuple(row.number for row in members),
            outcome_types=frozenset(row.outcome_type for row in members if row.outcome_type),
            figures=frozenset(row.count for row in members if row.count is not None),
            formulas=frozenset(match.group(0) for row in members for match in FORMULA.finditer(row.text)),
        )
    return rounds, off_date


def _talks_outcome(text: str, count: int) -> str:
    """What a talks row's number counts: bodies when the text says "N bodies", else prisoners."""
    found = _number_in(text, count)
    if found and re.match(r"\s*(Ukrainian |Russian )?bodies\b", text[found.end() :]):
        return "remains-repatriation"
    if PRISONER_WORDS.search(text):
        return "prisoner-exchange"
    raise BadRow(f"outcome_or_figure {text!r} says neither bodies nor prisoners for the number {count}")


def _number_in(text: str, count: int) -> re.Match[str] | None:
    """The number as the text writes it ("6,000" or "6000"), not as part of a larger one."""
    return re.search(rf"(?<![\d,.])({count:,}|{count})(?![\d]|,\d)", text)


def _hedged(row: Row) -> Hedged | None:
    """The row's number with the hedge its wording puts before it; unrecorded when the wording does not give it."""
    if row.count is None:
        return None
    found = _number_in(row.text, row.count)
    if not found:
        return Hedged(row.count, "unrecorded")
    words = HEDGE_BEFORE.search(row.text[: found.start()])
    if not words:
        return Hedged(row.count, "none")
    return Hedged(row.count, HEDGE_WORDS[words.group(1).lower()], Text(words.group(1), "en"))


# ------------------------------------------------------------------ records ----


class _Builder:
    """Turns checked rows into records, creating each round, exchange, page and outlet once."""

    def __init__(self, rounds: dict[int, Round]) -> None:
        self.rounds = rounds
        self.outlets: dict[str, Agent] = {}
        self.pages: dict[str, Source] = {}
        self.exchanges: dict[str, list[Row]] = {}
        self.claims: list[OutcomeClaim] = []
        self.pointers: dict[str, int] = {}

    def add(self, row: Row) -> None:
        """The row's claims, about the round or the exchange it is a figure of; nothing is kept if it is rejected.

        A row of a round that gives no number states no outcome: it is read for the round's
        date, venue and delegations (the round's record names it), with its page.
        """
        if row.event_type == "talks_round" and row.round_number not in (None, *SEED_ROUNDS) and row.count is None:
            self._page(row)
            return
        round_, exchange = self._subject(row)
        self.claims.extend(list(self._claims(row, round_, exchange)))
        if exchange:
            self.exchanges.setdefault(exchange, []).append(row)
        self._page(row)

    def _page(self, row: Row) -> None:
        outlet = _outlet_key(row)
        if outlet not in KNOWN_OUTLETS.values():
            self.outlets.setdefault(outlet, _outlet(row, outlet))
        self.pages.setdefault(_page_key(row.url), _page(row, outlet))

    def _subject(self, row: Row) -> tuple[str | None, str | None]:
        """The round (key) or the exchange (key) a row's figure is about."""
        if row.event_type == "talks_round":
            number = row.round_number
            if number is None:
                return self._restated_round(row).key, None
            if row.count is None:
                raise BadRow(
                    f"a row of round {number} without a number states no outcome, and the round's record is the seed article's"
                )
            return self.rounds[number].key, None
        at_round = self._round_on(row)
        if at_round is not None:
            if RUNNING_TOTAL.search(row.text):
                raise BadRow(
                    f"a running total ({row.text!r}) stated at round {at_round.number}: neither one exchange "
                    "nor an outcome the round agreed, and claimgraph has no record for a total over several exchanges"
                )
            return at_round.key, None
        return None, slugify(*sorted({row.party_a, row.party_b}), row.outcome_type, row.date.isoformat())

    def _restated_round(self, row: Row) -> Round:
        """The one round whose rows state the figure a statement outside the rounds restates."""
        matching = [r for r in self.rounds.values() if row.count is not None and row.count in r.figures]
        if len(matching) != 1:
            what = "no figure" if row.count is None else f"the figure {row.count}, which {len(matching)} rounds state"
            raise BadRow(
                f"not a numbered round (NOTES.md: not a formal round) and it gives {what}: "
                "there is no round it is a claim about, and claimgraph has no record for talks outside the rounds"
            )
        return matching[0]

    def _round_on(self, row: Row) -> Round | None:
        """The round held on the row's date, when the row places the figure in Istanbul (a statement at the round)."""
        if not row.place.startswith("Istanbul"):
            return None
        for candidate in self.rounds.values():
            if candidate.date == row.date:
                return candidate
        raise BadRow(
            f"place {row.place!r} puts an exchange in Istanbul on {row.date.isoformat()}, when no round was held"
        )

    def _claims(self, row: Row, round_: str | None, exchange: str | None) -> Iterator[OutcomeClaim]:
        """The row's claim, one per claimant the row names (both, when it says both confirmed it)."""
        if row.outcome_type is None:
            raise BadRow("no outcome: the row gives no number and is not about an exchange")
        page = _page_key(row.url)
        giving, receiving = (row.party_a, row.party_b) if row.event_type == "remains_repatriation" else (None, None)
        subject = exchange or f"round-{str(round_).rsplit('-', 1)[-1]}-{row.outcome_type}"
        claimants = _claimants(row)
        direction = f"{giving}-to-{receiving}" if giving else None
        pointer_key = slugify(PREFIX, subject, direction, *claimants, "on", url_slug(row.url))
        earlier = self.pointers.setdefault(pointer_key, row.number)
        if earlier != row.number:
            raise BadRow(f"row {earlier} already gives this page's figure for the same event, direction and claimant")
        pointer = RecordPointer(pointer_key, TABLE_KEY, f"row={row.number}", RFC_7111)
        restated = row.event_type == "talks_round" and row.round_number is None
        for claimant in claimants:
            yield OutcomeClaim(
                core=ClaimCore(
                    key=pointer_key if len(claimants) == 1 else slugify(pointer_key, "by", claimant),
                    claimant=claimant,
                    source=TABLE_KEY,
                    quote=pointer,
                    origin=row.origin,
                    quoted_from=page,
                    stated_on=row.date if restated else None,
                    date_basis="date-curated" if restated else None,
                    note=_note(row, round_),
                ),
                outcome_type=row.outcome_type,
                round=round_,
                exchange=exchange,
                figure=_hedged(row),
                giving=giving,
                receiving=receiving,
                description=Text(row.text, "en"),
            )

    def records(self) -> Iterator[Record]:
        """Everything, each once: the table, outlets, pages, rounds, exchanges and the claims."""
        yield Source(
            key=TABLE_KEY,
            kind="data-file",
            origin=Origin(TABLE, "whole file"),
            attributions=(Attribution(COMPILER, "compiler"),),
            title=Text("The 2025 Istanbul talks and follow-on exchanges, curated from public news pages", "en"),
            editorial_note=f"One row per figure as one page states it; method and caveats in {NOTES} (Table B).",
        )
        yield from self.outlets.values()
        yield from self.pages.values()
        for number in sorted(self.rounds):
            if number in SEED_ROUNDS:
                yield _round_details(self.rounds[number])
            else:
                yield _talks_round(self.rounds[number])
        implemented = self._implemented()
        for key, rows in self.exchanges.items():
            yield _exchange(key, rows, implemented[key])
        yield from self.claims

    def _implemented(self) -> dict[str, tuple[str, ...]]:
        """Per exchange, the rounds its rows say it carried out, or that another row of the same
        page says of the same kind of exchange (a page listing the stages of one deal)."""
        by_page: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for rows in self.exchanges.values():
            for row in rows:
                by_page[(row.url, row.outcome_type)].update(self._carried_out(row))
        return {
            key: tuple(sorted({r for row in rows for r in by_page[(row.url, row.outcome_type)]}))
            for key, rows in self.exchanges.items()
        }

    def _carried_out(self, row: Row) -> set[str]:
        """The round a row says its exchange carried out: the one that agreed its formula
        ("1,000-for-1,000"); one it dates ("June 2", "the June Istanbul deal"); else the latest
        round before it that agreed this kind of exchange."""
        formula = FORMULA.search(row.text)
        if formula:
            return {r.key for r in self.rounds.values() if formula.group(0) in r.formulas}
        if not CARRIED_OUT.search(row.text):
            return set()
        named = DAY_MONTH.search(row.text)
        if named:
            month, day = MONTHS.index(named.group(1)) + 1, int(named.group(2))
            return {r.key for r in self.rounds.values() if (r.date.month, r.date.day) == (month, day)}
        month_only = MONTH.search(row.text)
        if month_only:
            month = MONTHS.index(month_only.group(1)) + 1
            return {r.key for r in self.rounds.values() if r.date.month == month}
        earlier = [r for r in self.rounds.values() if r.date <= row.date and row.outcome_type in r.outcome_types]
        return {max(earlier, key=lambda r: r.date).key} if earlier else set()


def _note(row: Row, round_: str | None) -> str | None:
    """The curator's note, and what the row says of a round beyond the claim."""
    notes = [f"Curator's note: {row.note}"] if row.note else []
    number = str(round_).rsplit("-", 1)[-1]
    if row.event_type == "talks_round" and row.round_number is None:
        notes.append(
            f"Not a numbered round (NOTES.md: not a formal round): a statement of {row.date.isoformat()} restating the figure agreed at round {number}."
        )
    elif row.round_number in SEED_ROUNDS:
        notes.append(f"The row dates round {row.round_number} {row.date.isoformat()} and places it at {row.place!r}.")
    elif row.event_type != "talks_round" and round_:
        notes.append(f"Stated at round {number} in {row.place!r}: an outcome the round agreed, not a handover.")
    return " ".join(notes) or None


def _claimants(row: Row) -> tuple[str, ...]:
    """Who states the figure: the delegation head an exchange row names, a person or body its
    wording names, else the outlet whose page it is."""
    if row.event_type != "talks_round" and row.heads:
        return row.heads[:1]
    for column, pattern, keys in ATTRIBUTIONS:
        if pattern.search(row.text if column == "outcome_or_figure" else row.note):
            return keys
    return (_outlet_key(row),)


def _outlet_key(row: Row) -> str:
    return KNOWN_OUTLETS.get(row.host) or slugify("site", row.host)


def _outlet(row: Row, key: str) -> Agent:
    return Agent(
        key=key,
        kind="news-outlet",
        label=Text(row.host, "en"),
        origin=row.origin,
        note=f"The outlet whose pages on {row.host} rows of {TABLE} were read from, named by its site: the table names no outlet.",
    )


def _page_key(url: str) -> str:
    return f"{PREFIX}-page-{url_slug(url)}"


def _page(row: Row, outlet: str) -> Source:
    return Source(
        key=_page_key(row.url),
        kind="web-page",
        origin=row.origin,
        attributions=(Attribution(outlet, "reporter"),),
        url=row.url,
        editorial_note=f"A page the rows of {TABLE} were read from ({NOTES}, Table B); read by the curator, not here.",
    )


def _talks_round(round_: Round) -> TalksRound:
    return TalksRound(
        key=round_.key,
        talks=TALKS,
        number=round_.number,
        label=Text(_round_label(round_.number), "en"),
        origin=Origin(TABLE, "rows " + ", ".join(str(number) for number in round_.rows)),
        date=round_.date,
        location=round_.location,
        delegations=tuple(DELEGATIONS.values()),
    )


def _round_details(round_: Round) -> RoundDetails:
    """Date, venue and delegations of a round the seed article defines without them."""
    return RoundDetails(
        round=round_.key,
        origin=Origin(TABLE, "rows " + ", ".join(str(number) for number in round_.rows)),
        date=round_.date,
        location=round_.location,
        delegations=tuple(DELEGATIONS.values()),
    )


def _round_label(number: int) -> str:
    """As the seed names round 1 ("First round of the Russia–Ukraine talks in Istanbul")."""
    ordinal = ORDINALS.get(number)
    return f"{ordinal} round of {TALKS_LABEL}" if ordinal else f"Round {number} of {TALKS_LABEL}"


def _exchange(key: str, rows: list[Row], implements: tuple[str, ...]) -> Exchange:
    """One handover (or swap) on one date, with the places the rows state, if any."""
    first = rows[0]
    outcome = str(first.outcome_type)
    places = sorted({row.place for row in rows if row.place and row.place != NOT_STATED})
    parties = tuple(sorted({row.party_a for row in rows} | {row.party_b for row in rows}))
    return Exchange(
        key=key,
        outcome_type=outcome,
        label=Text(
            f"{OUTCOME_LABELS[outcome]} between {' and '.join(PARTY_LABELS[p] for p in parties)} on {first.date.isoformat()}",
            "en",
        ),
        origin=Origin(TABLE, "rows " + ", ".join(str(row.number) for row in rows)),
        date=first.date,
        parties=parties,
        place=Text("; ".join(places), "en") if places else None,
        implements=implements,
    )
