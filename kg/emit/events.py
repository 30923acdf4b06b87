"""Talks, their rounds and outcomes, exchanges, attacks, and claims about events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.emit.base import labels, note_triples, state_node, uri_term
from kg.emit.claims import claim_core, figure_text, hedged
from kg.emit.index import Index
from kg.emit.time import instant_triples
from kg.ids import mint
from kg.records import (
    Attack,
    EventClaim,
    Exchange,
    OutcomeClaim,
    RoundDetails,
    Span,
    Talks,
    TalksRound,
)
from kg.vocab import (
    CG,
    RDFS,
    SCHEMA,
    TIME,
    A,
    Term,
    Triple,
    date,
    integer,
    text,
)

STAGE_CLASSES = {"offered": CG.OfferClaim, "agreed": CG.AgreementClaim, "carried-out": CG.CompletionClaim}


def _outcome_claim(record: OutcomeClaim, index: Index) -> Iterator[Triple]:
    core = record.core
    node = index.node("claim", core.key, core.origin, "key")
    outcome = index.concept(record.outcome_type, "outcome-type", core.origin, "outcome_type")
    classes = (CG.OutcomeClaim, STAGE_CLASSES[record.stage])
    yield from claim_core(node, classes, core, _outcome_label(record, index), index)
    if record.round:
        yield (node, CG.outcomeOf, index.node("round", record.round, core.origin, "round"))
    if record.exchange:
        yield (node, CG.aboutExchange, index.node("exchange", record.exchange, core.origin, "exchange"))
    if record.event_date:
        yield (node, CG.eventDate, date(record.event_date))
    if record.span:
        yield from _span(node, record.span, index)
    yield (node, CG.outcomeType, outcome.node)
    if record.figure:
        yield from hedged(node, record.figure, index, core.origin)
    if record.giving:
        yield (node, CG.givingParty, state_node(index, record.giving, core.origin, "giving"))
    if record.receiving:
        yield (node, CG.receivingParty, state_node(index, record.receiving, core.origin, "receiving"))
    if record.description:
        yield (node, SCHEMA.description, text(record.description.text, record.description.lang))


def _outcome_label(record: OutcomeClaim, index: Index) -> str:
    """Who says what of which round, exchange or span: "TASS: return of remains of 6,000 agreed at ..."."""
    core = record.core
    outcome = index.concept(record.outcome_type, "outcome-type", core.origin, "outcome_type").label
    claimant = index.get("agent", core.claimant, core.origin, "claimant").label
    figure = f" of {figure_text(record.figure, index, core.origin)}" if record.figure else ""
    round_label = index.get("round", record.round, core.origin, "round").label if record.round else None
    if record.exchange:
        exchange = index.get("exchange", record.exchange, core.origin, "exchange")
        dated = "" if exchange.record.date or not record.event_date else f" on {record.event_date.isoformat()}"
        about = f"carried out{dated} in {exchange.label}"
    elif record.span:
        under = f" under the {round_label[0].lower()}{round_label[1:]}" if round_label else ""
        about = f"in total over the handovers {_span_words(record.span)}{under}"
    else:
        about = f"{record.stage} at {round_label}" if round_label else ""
    return f"{claimant}: {outcome}{figure} {about}".rstrip()


def _span_words(span: Span) -> str:
    if span.start:
        return f"from {span.start.isoformat()} to {span.end.isoformat()}"
    return f"up to {span.end.isoformat()}, their start not stated"


def _span(node: Term, span: Span, index: Index) -> Iterator[Triple]:
    """The span a total covers, a period in the shared time graph, written once."""
    period = uri_term(mint("period", span.key))
    yield (node, CG.period, period)
    if not index.first_anywhere(period):
        return
    end = uri_term(mint("instant", span.end.isoformat()))
    yield (period, A, CG.ReportingPeriod)
    yield (period, A, CG.SpanPeriod)
    yield (period, RDFS.label, text(f"handovers {_span_words(span)}", "en"))
    yield (period, TIME.hasEnd, end)
    if span.start:
        start = uri_term(mint("instant", span.start.isoformat()))
        yield (period, TIME.hasBeginning, start)
        yield from instant_triples(start, span.start)
    yield from instant_triples(end, span.end)


def _exchange(record: Exchange, index: Index) -> Iterator[Triple]:
    node = index.node("exchange", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Event)
    yield (node, A, CG.Exchange)
    yield from labels(node, record.label)
    yield (node, CG.outcomeType, index.concept(record.outcome_type, "outcome-type", record.origin, "outcome_type").node)
    if record.date:
        yield (node, SCHEMA.startDate, date(record.date))
    if record.date_dispute:
        dispute = index.concept(record.date_dispute, "date-basis", record.origin, "date_dispute")
        yield (node, CG.dateDispute, dispute.node)
    for party in record.parties:
        yield (node, CG.party, state_node(index, party, record.origin, "parties"))
    if record.place:
        yield (node, CG.placeAsStated, text(record.place.text, record.place.lang))
    for round_key in record.implements:
        yield (node, CG.implements, index.node("round", round_key, record.origin, "implements"))
    yield from note_triples(node, record.note)


def _event_claim(record: EventClaim, index: Index) -> Iterator[Triple]:
    core = record.core
    node = index.node("claim", core.key, core.origin, "key")
    events = [index.get("event", key, core.origin, "events") for key in record.events]
    claimant = index.get("agent", core.claimant, core.origin, "claimant").label
    label = f"{claimant}: {'; '.join(event.label for event in events)}"
    yield from claim_core(node, (CG.EventClaim,), core, label, index)
    for event in events:
        yield (node, SCHEMA.about, event.node)


def _attack(record: Attack, index: Index) -> Iterator[Triple]:
    node = index.node("event", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Event)
    yield (node, A, CG.Attack)
    yield from labels(node, record.label)
    yield (node, CG.attacker, state_node(index, record.attacker, record.origin, "attacker"))
    yield (node, CG.attacked, state_node(index, record.attacked, record.origin, "attacked"))


def _talks(record: Talks, index: Index) -> Iterator[Triple]:
    node = index.node("talks", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Event)
    yield (node, A, CG.Talks)
    yield from labels(node, record.label)
    yield (node, SCHEMA.location, index.node("place", record.location, record.origin, "location"))
    for party in record.parties:
        yield (node, CG.party, state_node(index, party, record.origin, "parties"))
    for delegation in record.delegations:
        yield (node, CG.delegation, index.node("agent", delegation, record.origin, "delegations"))
    if record.purpose:
        yield (node, SCHEMA.description, text(record.purpose.text, record.purpose.lang))


def _talks_round(record: TalksRound, index: Index) -> Iterator[Triple]:
    node = index.node("round", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Event)
    yield (node, A, CG.TalksRound)
    yield from labels(node, record.label)
    yield (node, SCHEMA.superEvent, index.node("talks", record.talks, record.origin, "talks"))
    yield (node, CG.roundNumber, integer(record.number))
    yield from _round_facts(node, record, index)


def _round_details(record: RoundDetails, index: Index) -> Iterator[Triple]:
    yield from _round_facts(index.node("round", record.round, record.origin, "round"), record, index)


def _round_facts(node: Term, record: TalksRound | RoundDetails, index: Index) -> Iterator[Triple]:
    """A round's date, place and delegations, whether its own record or a later row states them."""
    if record.date:
        yield (node, SCHEMA.startDate, date(record.date))
    if record.location:
        yield (node, SCHEMA.location, index.node("place", record.location, record.origin, "location"))
    for delegation in record.delegations:
        yield (node, CG.delegation, index.node("agent", delegation, record.origin, "delegations"))


EMITTERS: dict[type, Callable[[Any, Index], Iterator[Triple]]] = {
    OutcomeClaim: _outcome_claim,
    EventClaim: _event_claim,
    Attack: _attack,
    Talks: _talks,
    TalksRound: _talks_round,
    Exchange: _exchange,
    RoundDetails: _round_details,
}
