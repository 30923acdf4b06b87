"""The typed records every source yields, between reading files and building RDF.

Sources (``kg.sources.*``) turn files into these records; ``kg.graph`` turns records into
triples. Records refer to each other by key (the slug of the URI they will get), so a
source never builds a URI by hand and a dangling key is caught before any RDF is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Origin:
    """Where a record came from: shown in violation reports and rejections."""

    file: str
    record: str

    def __str__(self) -> str:
        return f"{self.file}, {self.record}"


@dataclass(frozen=True)
class Text:
    """A string with its language tag (BCP 47), as written in a source."""

    text: str
    lang: str


AgentKind = Literal[
    "state",
    "government-body",
    "armed-forces",
    "news-agency",
    "news-outlet",
    "organization",
    "person",
    "delegation",
]

PlaceKind = Literal["city", "place", "memorial"]

SchemeKind = Literal["loss-category", "hedge", "outcome-type", "date-basis", "loss-status", "basis"]

MatchRelation = Literal["exact", "close", "broad", "narrow", "related"]

BoundKind = Literal["min-exclusive", "min-inclusive", "max-exclusive", "max-inclusive"]

SourceKind = Literal["article", "official-statement", "news-report", "data-file", "web-page"]

Role = Literal["originator", "relay", "reporter", "compiler"]

PeriodKind = Literal["day", "week", "month", "cumulative"]


@dataclass(frozen=True)
class Agent:
    """A state, authority, armed force, outlet, person or delegation."""

    key: str
    kind: AgentKind
    label: Text
    origin: Origin
    alt_labels: tuple[Text, ...] = ()
    wikidata: str | None = None
    part_of: str | None = None
    of_state: str | None = None
    represents: str | None = None
    heads: tuple[str, ...] = ()
    note: str | None = None
    upstream_name: Text | None = None
    """The name the project gives itself, where claimgraph's label is a neutral one of its own."""


@dataclass(frozen=True)
class Place:
    """A city, square or memorial, nested with ``contained_in``."""

    key: str
    kind: PlaceKind
    label: Text
    origin: Origin
    contained_in: str | None = None
    wikidata: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Formation:
    """A unit of an armed force, with the force and state it belongs to."""

    key: str
    label: Text
    origin: Origin
    part_of: str
    of_state: str
    alt_labels: tuple[Text, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Match:
    """A SKOS mapping from one concept to a concept of another scheme."""

    relation: MatchRelation
    target: str


@dataclass(frozen=True)
class Scheme:
    """A SKOS concept scheme: a claimant's loss vocabulary, the hedges, ..."""

    key: str
    kind: SchemeKind
    label: Text
    definition: Text
    origin: Origin
    owner: str | None = None
    upstream_name: Text | None = None
    """The name the vocabulary's project gives it, where claimgraph's label is a neutral one."""


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of one scheme, with its mappings and history notes."""

    key: str
    scheme: str
    label: Text
    definition: Text
    origin: Origin
    alt_labels: tuple[Text, ...] = ()
    matches: tuple[Match, ...] = ()
    history_notes: tuple[Text, ...] = ()
    implies_bound: BoundKind | None = None
    no_match: Text | None = None
    """Why a loss category maps to no concept of another scheme (it then has no ``matches``)."""


@dataclass(frozen=True)
class Attribution:
    """An agent with the role it played for a source (PROV qualified attribution)."""

    agent: str
    role: Role


@dataclass(frozen=True)
class Source:
    """A document, statement or data file that claims are read from or relayed through."""

    key: str
    kind: SourceKind
    origin: Origin
    attributions: tuple[Attribution, ...]
    title: Text | None = None
    url: str | None = None
    quoted_from: tuple[str, ...] = ()
    date: dt.date | None = None
    date_basis: str | None = None
    date_as_stated: Text | None = None
    inferred_date: dt.date | None = None
    editorial_note: str | None = None
    language: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class FileDigest:
    """The SHA-256 of a file under ``data/`` as the build read it; a data-file source carries it."""

    path: str
    sha256: str
    origin: Origin


@dataclass(frozen=True)
class SourceText:
    """The plain text of a source as this repository holds it; quote offsets refer to it."""

    key: str
    source: str
    path: str
    sha256: str
    origin: Origin


@dataclass(frozen=True)
class TextQuote:
    """The exact words a claim was read from, located in a source text."""

    key: str
    text: str
    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


@dataclass(frozen=True)
class RecordPointer:
    """A row or record of a data file, as a fragment (RFC 7111 for CSV, RFC 6901 for JSON)."""

    key: str
    data_file: str
    fragment: str
    conforms_to: str


Quote = TextQuote | RecordPointer


@dataclass(frozen=True)
class Period:
    """The span a figure covers; its key is derived so equal periods share one node."""

    kind: PeriodKind
    end: dt.date
    start: dt.date | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.end.isoformat()}"


@dataclass(frozen=True)
class Hedged:
    """A number with its hedge as stated and the concept it is normalised to.

    ``basis`` (a concept of the ``bases`` scheme) says where the hedge came from when it is not
    the claim's own words, such as a compilation's schema; ``None`` means the words.
    """

    value: int
    hedge: str
    hedge_as_stated: Text | None = None
    basis: str | None = None


@dataclass(frozen=True)
class PeriodTrace:
    """How a claim's period was obtained, so an inferred or missing period is never shown as stated.

    ``basis`` is a concept of the ``bases`` scheme; ``words`` the period as the source (or the
    curated table) writes it; ``length`` an ``xsd:duration`` the words state (``P7D``), given
    when the claim has no period node because nothing says when the period ends.
    """

    basis: str
    words: str | None = None
    length: str | None = None


@dataclass(frozen=True)
class ClaimCore:
    """What every claim has: claimant, source, quote, and when and how it was stated.

    ``stated_on`` is the date the claimant made the statement, only when known;
    ``recorded_on`` is the date a compiler or page recorded it (a page's date, the day a
    scraper read a list), which bounds the statement date from above and is all that is
    known for many relays.
    """

    key: str
    claimant: str
    source: str
    quote: Quote
    origin: Origin
    quoted_from: str | None = None
    stated_on: dt.date | None = None
    date_basis: str | None = None
    recorded_on: dt.date | None = None
    note: str | None = None
    # The claim a compiler's later revision replaces (prov:wasRevisionOf): the key of its claim.
    revision_of: str | None = None
    # The same figure read from an earlier version of the same file (prov:alternateOf).
    alternate_of: str | None = None
    # The source a figure was computed from by whoever made the claim (prov:wasDerivedFrom): a
    # compiler's arithmetic over another agent's statement (The Economist's monthly figures).
    derived_from: str | None = None


@dataclass(frozen=True)
class Bound:
    """A bound the claimant's own words put on a figure (a range's low or high end)."""

    kind: BoundKind
    value: int


@dataclass(frozen=True)
class LossClaim:
    """One stated loss figure: whose losses, which category, which period, which hedge.

    ``bounds`` are bounds stated as numbers of their own (a range's ends), beside the ones
    the hedge implies. ``status`` (destroyed, captured, ...) and ``item`` (the system as
    named) describe an item the list documents by photo or video, or a tally by status; ``evidence`` is the URL
    of the image or post that shows it. A ``correction`` is a one-off adjustment to a
    cumulative count and may be negative. ``period_trace`` says how the period was obtained
    (or that none is stated).
    """

    core: ClaimCore
    losses_of: str
    category: str
    figure: Hedged
    period: Period | None
    category_as_stated: Text | None = None
    in_area_of: str | None = None
    parts: tuple[str, ...] = ()
    bounds: tuple[Bound, ...] = ()
    status: str | None = None
    item: Text | None = None
    evidence: str | None = None
    correction: bool = False
    period_trace: PeriodTrace | None = None


@dataclass(frozen=True)
class DirectionClaim:
    """A claim naming the direction (front sector) where losses were greatest."""

    core: ClaimCore
    losses_of: str
    direction: Text
    period: Period | None = None


@dataclass(frozen=True)
class DerivedFigure:
    """A number computed here from claims (the day's change): never a claim of anybody's."""

    key: str
    derived_from: tuple[str, ...]
    value: int
    losses_of: str
    category: str
    period: Period
    method: str
    origin: Origin
    # Disagreements between compilations on the figures of the change's day or the day before,
    # and the claimant's corrections of that day and category (which the change includes).
    disagreements: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Disagreement:
    """Two compilations of one statement that give different figures: found here by comparing
    them (``basis``), with neither figure ranked above the other."""

    key: str
    claims: tuple[str, str]
    statement: str
    basis: str
    origin: Origin


OutcomeStage = Literal["offered", "agreed", "carried-out"]


@dataclass(frozen=True)
class Span:
    """The days a total over several handovers covers: its last day, and its first when stated."""

    end: dt.date
    start: dt.date | None = None

    @property
    def key(self) -> str:
        if self.start:
            return f"span-{self.start.isoformat()}-to-{self.end.isoformat()}"
        return f"span-to-{self.end.isoformat()}"


@dataclass(frozen=True)
class OutcomeClaim:
    """A claim about an outcome of talks, with its number when stated: that a party offered it
    at a round (``offered``), that a round agreed it, or that it was carried out, in one
    exchange (``exchange``, with the date the claim gives it, ``event_date``) or in total over
    several handovers (``span``, never one exchange). ``round`` is the round that agreed it
    (or where it was offered); ``giving`` and ``receiving`` say which party hands over and
    which receives."""

    core: ClaimCore
    outcome_type: str
    round: str | None = None
    exchange: str | None = None
    figure: Hedged | None = None
    giving: str | None = None
    receiving: str | None = None
    description: Text | None = None
    span: Span | None = None
    offered: bool = False
    event_date: dt.date | None = None

    @property
    def stage(self) -> OutcomeStage:
        """Carried out when about an exchange or a span; else offered or agreed at its round."""
        if self.exchange or self.span:
            return "carried-out"
        return "offered" if self.offered else "agreed"


@dataclass(frozen=True)
class Exchange:
    """A handover between the parties (prisoners, remains). ``date`` only when every source
    dating it gives the same day; otherwise ``date_dispute`` (a date-basis concept) says why it
    has none, ``note`` how that was found, and each claim about it gives its own date."""

    key: str
    outcome_type: str
    label: Text
    origin: Origin
    date: dt.date | None = None
    parties: tuple[str, ...] = ()
    place: Text | None = None
    implements: tuple[str, ...] = ()
    date_dispute: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class EventClaim:
    """A claim that one or more events took place as described."""

    core: ClaimCore
    events: tuple[str, ...]


@dataclass(frozen=True)
class War:
    """A war as an event that other events and periods fall within, with its parties."""

    key: str
    label: Text
    origin: Origin
    start: dt.date | None = None
    part_of: str | None = None
    wikidata: str | None = None
    note: str | None = None
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attack:
    """An attack by one party on another, as a source names it."""

    key: str
    label: Text
    attacker: str
    attacked: str
    origin: Origin


@dataclass(frozen=True)
class Talks:
    """A negotiation with its parties, delegations and place."""

    key: str
    label: Text
    origin: Origin
    location: str
    parties: tuple[str, ...]
    delegations: tuple[str, ...] = ()
    purpose: Text | None = None


@dataclass(frozen=True)
class TalksRound:
    """One round of a negotiation."""

    key: str
    talks: str
    number: int
    label: Text
    origin: Origin
    date: dt.date | None = None
    location: str | None = None
    delegations: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundDetails:
    """What one source adds about a round another source defines (its date, place, delegations)."""

    round: str
    origin: Origin
    date: dt.date | None = None
    location: str | None = None
    delegations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Photo:
    """A photograph shown with a source, with its caption and credit as printed."""

    key: str
    caption: TextQuote
    credit: str
    origin: Origin
    creator: str | None = None
    provider: str | None = None
    depicts: str | None = None


Record = (
    Agent
    | Place
    | Formation
    | Scheme
    | Concept
    | Source
    | SourceText
    | LossClaim
    | OutcomeClaim
    | EventClaim
    | Attack
    | War
    | Talks
    | TalksRound
    | RoundDetails
    | Photo
    | DirectionClaim
    | DerivedFigure
    | Disagreement
    | Exchange
    | FileDigest
)


@dataclass(frozen=True)
class Dataset:
    """What a source is, for its named graph and the dataset description."""

    name: str
    title: str
    description: str
    license: str
    files: tuple[str, ...]
    credits: tuple[str, ...] = ()
    upstream: str | None = None
    commit: str | None = None


@dataclass(frozen=True)
class Rejection:
    """An input row that could not become part of the graph, and why."""

    dataset: str
    file: str
    row: str
    reason: str


@dataclass
class Batch:
    """What one source yields: its records, its rejections and the rows it read per file."""

    dataset: str
    records: list[Record] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
