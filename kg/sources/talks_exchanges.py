"""The 2025 Istanbul talks and the exchanges that followed, curated from public news pages.

Read from ``data/curated/talks_and_exchanges.csv`` (method and caveats in
``data/curated/NOTES.md``, Table B). Every row holds one figure (or none, when it was not
disclosed) as one page states it, so every row is a claim quoted from its page, of one of
three stages (``OutcomeClaim.stage``), kept apart:

- **agreed**: ``talks_round`` rows whose outcome starts "Round N" are claims of what round N
  agreed; the rounds are ``TalksRound`` records with their date and venue. Round 1 is the seed
  article's record (``data/seed``): its claims link to it and no second record is made. Rows
  that are not numbered rounds (NOTES.md: "not a formal round") restating a figure only one
  round agreed are claims about that round, stated on their date; without a figure they are
  rejected. Exchange rows placed in Istanbul on a round's date are statements made at that
  round, claims of what it agreed.
- **offered**: a figure the words give as offered ("Russia offered to transfer a further 3,000
  bodies") is an offer made at the round, never an agreed outcome.
- **carried out**: ``prisoner_exchange`` and ``remains_repatriation`` rows are claims about one
  ``Exchange`` (a handover, ``kg.sources.talks_events.handovers``), each claim with the date it
  gives; the exchange has a date only where every row dating it agrees. A figure counting
  several handovers ("6,060 bodies in total", "over three days (May 23-25)", "so far") is a
  claim about the span of days it covers, never about the day's handover.

The claimant is whom the row attributes the figure to (``kg.sources.talks_rows.claimants``).
Where the words quote a person with another figure than the row's number ("Umerov: over 6,000
bodies returned" on a row of 6,057), the person's claim is that figure as worded and the
row's number is the page's outlet's claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

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
    Span,
    TalksRound,
    Text,
)
from kg.sources.common import RFC_7111, url_slug
from kg.sources.files import read_csv_rows
from kg.sources.talks_events import (
    TALKS,
    Handover,
    Round,
    handovers,
    is_total,
    rounds,
    rounds_carried_out,
)
from kg.sources.talks_rows import (
    COLUMNS,
    KNOWN_OUTLETS,
    NOTES,
    TABLE,
    BadRow,
    Row,
    attributed_figure,
    claimants,
    day_range,
    hedged,
    is_offer,
    outlet_key,
    parse_row,
    says_total,
)

DATASET = Dataset(
    name="talks-exchanges",
    title="The 2025 Istanbul talks and the exchanges that followed, curated from public news pages",
    description=(
        "What each round of the 2025 Russia–Ukraine talks in Istanbul agreed or saw offered, and the "
        "prisoner exchanges and returns of remains that followed, as claims of the delegation heads, "
        "authorities and outlets each page attributes them to; one claim per page and figure, "
        "so that differing figures (6,057 against 6,060 bodies) and dates stand side by side."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(TABLE, NOTES),
    credits=("claimgraph contributors (curation from public news pages)",),
)

PREFIX = DATASET.name
TABLE_KEY = slugify("curated", "talks_and_exchanges.csv")
COMPILER = "claimgraph-contributors"
# Round 1's record is the seed article's (data/seed), so it is linked to, never made again
# (keys are unique across the graph).
SEED_ROUNDS = frozenset({1})
TALKS_LABEL = "the Russia–Ukraine talks in Istanbul"
ORDINALS = {2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", 6: "Sixth"}
OUTCOME_LABELS = {"prisoner-exchange": "Prisoner exchange", "remains-repatriation": "Return of remains"}
PARTY_LABELS = {"russia": "Russia", "ukraine": "Ukraine"}
DELEGATIONS = {"russia": "russian-delegation-istanbul", "ukraine": "ukrainian-delegation-istanbul"}
NOT_STATED = "(not stated)"


@dataclass(frozen=True)
class Plan:
    """What one row's figure is about: a round (agreed or offered there), a handover, or a span."""

    row: Row
    round: Round | None = None
    offered: bool = False
    total: bool = False
    restated: bool = False


def read(project: Project) -> Batch:
    """The rounds, the exchanges, the pages and their outlets, and a claim per row (or its rejection)."""
    batch = Batch(DATASET.name)
    raw = read_csv_rows(project.root / TABLE, TABLE, COLUMNS)
    batch.rows_read[TABLE] = len(raw)
    rows: list[Row] = []
    for number, fields in raw:
        try:
            rows.append(parse_row(number, fields))
        except BadRow as problem:
            batch.rejections.append(_rejection(number, str(problem)))
    known, off_date = rounds(rows)
    builder = _Builder(known, rows)
    for row in rows:
        try:
            if row.number in off_date:
                raise BadRow(off_date[row.number])
            builder.plan(row)
        except BadRow as problem:
            batch.rejections.append(_rejection(row.number, str(problem)))
    batch.records.extend(builder.records())
    return batch


def _rejection(number: int, reason: str) -> Rejection:
    return Rejection(DATASET.name, TABLE, f"row {number}", reason)


class _Builder:
    """Plans each checked row, then turns the plans into records, each round, exchange, page and outlet once."""

    def __init__(self, known: dict[int, Round], rows: list[Row]) -> None:
        self.rounds = known
        self.same_day: dict[str | None, list[Row]] = defaultdict(list)
        for row in rows:
            if row.event_type != "talks_round":
                self.same_day[row.handover_key].append(row)
        self.plans: list[Plan] = []
        self.pages: list[Row] = []
        self.pointers: dict[str, int] = {}

    def plan(self, row: Row) -> None:
        """What the row's figure is about; nothing is kept if the row is rejected.

        A row of a round that gives no number states no outcome: it is read for the round's
        date, venue and delegations (the round's record names it), with its page.
        """
        if row.event_type == "talks_round" and row.round_number not in (None, *SEED_ROUNDS) and row.count is None:
            self.pages.append(row)
            return
        plan = self._plan(row)
        for key in _claim_keys(plan):
            earlier = self.pointers.get(key)
            if earlier is not None and earlier != row.number:
                raise BadRow(
                    f"row {earlier} already gives this page's figure for the same event, direction and claimant"
                )
        for key in _claim_keys(plan):
            self.pointers[key] = row.number
        self.plans.append(plan)
        self.pages.append(row)

    def _plan(self, row: Row) -> Plan:
        if row.event_type == "talks_round":
            number = row.round_number
            if number is None:
                return Plan(row, self._restated_round(row), restated=True)
            if row.count is None:
                raise BadRow(
                    f"a row of round {number} without a number states no outcome, and the round's record is the seed article's"
                )
            return Plan(row, self.rounds[number], offered=is_offer(row))
        at_round = self._round_on(row)
        if is_total(row, self.same_day[row.handover_key]):
            return Plan(row, at_round, total=True)
        if at_round is not None:
            return Plan(row, at_round, offered=is_offer(row))
        if is_offer(row):
            raise BadRow(f"an offer ({row.text!r}) made outside a round: claimgraph has no record for it")
        return Plan(row)

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
        outlets: dict[str, Agent] = {}
        pages: dict[str, Source] = {}
        for row in self.pages:
            outlet = outlet_key(row)
            if outlet not in KNOWN_OUTLETS.values():
                outlets.setdefault(outlet, _outlet(row, outlet))
            pages.setdefault(_page_key(row.url), _page(row, outlet))
        yield from outlets.values()
        yield from pages.values()
        for number in sorted(self.rounds):
            yield (_round_details if number in SEED_ROUNDS else _talks_round)(self.rounds[number])
        handed = handovers([plan.row for plan in self.plans if _is_handover(plan)])
        page_rounds = self._page_rounds()
        made: set[str] = set()
        for handover in handed.values():
            if handover.key not in made:
                made.add(handover.key)
                yield _exchange(handover, self._implemented(handover.rows, page_rounds))
        for plan in self.plans:
            about = handed.get(plan.row.handover_key) if _is_handover(plan) else None
            yield from _claims(plan, about, self._total_round(plan, page_rounds))

    def _page_rounds(self) -> dict[tuple[str, str | None], set[str]]:
        """Per page and kind of exchange, the rounds its rows say were carried out (a page listing the stages of one deal)."""
        by_page: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for plan in self.plans:
            if _is_handover(plan) or (plan.total and plan.round is None):
                by_page[(plan.row.url, plan.row.outcome_type)].update(rounds_carried_out(plan.row, self.rounds))
        return by_page

    def _implemented(
        self, rows: tuple[Row, ...], page_rounds: dict[tuple[str, str | None], set[str]]
    ) -> tuple[str, ...]:
        """The rounds a handover's rows say it carried out, or that another row of the same page
        says of the same kind of exchange."""
        return tuple(sorted({key for row in rows for key in page_rounds[(row.url, row.outcome_type)]}))

    def _total_round(self, plan: Plan, page_rounds: dict[tuple[str, str | None], set[str]]) -> str | None:
        """The one round whose agreement a total's handovers carried out, as its words or its page say."""
        if not plan.total or plan.round is not None:
            return None
        found = page_rounds[(plan.row.url, plan.row.outcome_type)]
        return next(iter(found)) if len(found) == 1 else None


def _is_handover(plan: Plan) -> bool:
    return plan.round is None and not plan.total


def _subject(plan: Plan) -> str:
    """The slug a row's claim keys are made from: the round and outcome, or the handover the row dates."""
    if plan.round is not None and not plan.total:
        return f"round-{plan.round.number}-{plan.row.outcome_type}"
    return plan.row.handover_key


def _claim_keys(plan: Plan) -> list[str]:
    """The keys of the row's claims: one per claimant, and the outlet's when the words quote a person with another figure."""
    row = plan.row
    pointer = _pointer_key(plan)
    keys = [pointer] if len(claimants(row)) == 1 else [slugify(pointer, "by", c) for c in claimants(row)]
    if attributed_figure(row):
        keys.append(slugify(PREFIX, _subject(plan), _direction(row), outlet_key(row), "on", url_slug(row.url)))
    return keys


def _claims(plan: Plan, handover: Handover | None, total_round: str | None) -> Iterator[OutcomeClaim]:
    """The row's claims, one per claimant the row names (both, when it says both confirmed it),
    and the page's outlet's for the row's number when the words quote a person with another figure."""
    row = plan.row
    assert row.outcome_type is not None  # planned rows have one
    keys = _claim_keys(plan)
    pointer = RecordPointer(_pointer_key(plan), TABLE_KEY, f"row={row.number}", RFC_7111)
    quoted = attributed_figure(row)
    figure = hedged(row.text, row.count) if row.count is not None else None
    stated: list[tuple[str, Hedged | None]] = [(c, quoted or figure) for c in claimants(row)]
    if quoted:
        stated.append((outlet_key(row), figure))
    for key, (claimant, said) in zip(keys, stated, strict=True):
        words_figure = quoted is not None and said is quoted
        page_figure = quoted is not None and not words_figure
        yield OutcomeClaim(
            core=ClaimCore(
                key=key,
                claimant=claimant,
                source=_page_key(row.url),
                quote=pointer,
                origin=row.origin,
                quoted_from=_page_key(row.url),
                stated_on=row.date if plan.restated else None,
                date_basis="date-curated" if plan.restated else None,
                note=_note(plan, handover, quoted if page_figure else None, words_figure),
            ),
            outcome_type=row.outcome_type,
            round=plan.round.key if plan.round and not plan.total else total_round,
            exchange=handover.key if handover else None,
            figure=said,
            giving=row.direction[0] if row.direction else None,
            receiving=row.direction[1] if row.direction else None,
            description=Text(row.text, "en"),
            span=_span(row) if plan.total else None,
            offered=plan.offered,
            event_date=row.date if handover else None,
        )


def _pointer_key(plan: Plan) -> str:
    """The row's pointer: the key of its first claimant's claim without "by" (shared by all its claims)."""
    row = plan.row
    return slugify(PREFIX, _subject(plan), _direction(row), *claimants(row), "on", url_slug(row.url))


def _direction(row: Row) -> str | None:
    return f"{row.direction[0]}-to-{row.direction[1]}" if row.direction else None


def _span(row: Row) -> Span:
    """The days a total covers: the range its words give, else up to the row's date, the start not stated."""
    days = day_range(row)
    return Span(start=days[0], end=days[1]) if days else Span(end=row.date)


def _note(plan: Plan, handover: Handover | None, other: Hedged | None, quoted: bool) -> str | None:
    """The curator's note, and what the row says beyond the claim: where it was stated, why it is a
    total or an offer, and whose figure the words give."""
    row = plan.row
    notes = (
        [f"Curator's note: {row.note}" + ("" if row.note.endswith((".", ")", "'", '"')) else ".")] if row.note else []
    )
    number = plan.round.number if plan.round else None
    if plan.restated:
        notes.append(
            f"Not a numbered round (NOTES.md: not a formal round): a statement of {row.date.isoformat()} restating the figure agreed at round {number}."
        )
    elif row.round_number in SEED_ROUNDS:
        notes.append(f"The row dates round {row.round_number} {row.date.isoformat()} and places it at {row.place!r}.")
    elif row.event_type != "talks_round" and plan.round and plan.total:
        notes.append(f"Stated at round {number} in {row.place!r}, not an outcome the round agreed.")
    elif row.event_type != "talks_round" and plan.round and plan.offered:
        notes.append(
            f"Stated at round {number} in {row.place!r}: an offer, not an outcome the round agreed, nor a handover."
        )
    elif row.event_type != "talks_round" and plan.round:
        notes.append(f"Stated at round {number} in {row.place!r}: an outcome the round agreed, not a handover.")
    if plan.offered and row.event_type == "talks_round":
        notes.append("The words give the figure as offered, not as agreed.")
    if plan.total:
        why = "its words give it as one" if says_total(row) else "a row of the same day gives the row's number as one"
        notes.append(f"A total over several handovers, not the handover of {row.date.isoformat()}: {why}.")
    if quoted:
        notes.append(
            "The words quote this figure; the row's number is not this claimant's (a claim of the page's outlet)."
        )
    if other is not None:
        notes.append(
            f"The row's number; its words quote another figure ({other.value:,}) and attribute only that one, so "
            "the claimant is the page's outlet."
        )
    if handover and handover.date is None:
        notes.append(f"This claim dates the handover {row.date.isoformat()}; the sources do not agree on one date.")
    return " ".join(notes) or None


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


def _exchange(handover: Handover, implements: tuple[str, ...]) -> Exchange:
    """One handover (or swap), dated when its sources agree, with the places the rows state, if any."""
    rows = handover.rows
    outcome = str(rows[0].outcome_type)
    places = sorted({row.place for row in rows if row.place and row.place != NOT_STATED})
    parties = tuple(sorted({row.party_a for row in rows} | {row.party_b for row in rows}))
    between = f"{OUTCOME_LABELS[outcome]} between {' and '.join(PARTY_LABELS[p] for p in parties)}"
    days = sorted({row.date.isoformat() for row in rows})
    if handover.date is not None:
        label = f"{between} on {handover.date.isoformat()}"
    elif handover.dispute == "date-disputed":
        label = f"{between}, dated {' or '.join(days)} by the sources"
    else:
        label = f"{between}, dated {' or '.join(days)} by one side's account only"
    return Exchange(
        key=handover.key,
        outcome_type=outcome,
        label=Text(label, "en"),
        origin=Origin(TABLE, "rows " + ", ".join(str(row.number) for row in rows)),
        date=handover.date,
        parties=parties,
        place=Text("; ".join(places), "en") if places else None,
        implements=implements,
        date_dispute=handover.dispute,
        note=handover.how,
    )
