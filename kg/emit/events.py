"""Talks, their rounds and outcomes, exchanges, attacks, and claims about events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.emit.base import labels, state_node
from kg.emit.claims import claim_core, figure_text, hedged
from kg.emit.index import Index
from kg.records import (
    Attack,
    EventClaim,
    Exchange,
    OutcomeClaim,
    RoundDetails,
    Talks,
    TalksRound,
)
from kg.vocab import (
    CG,
    SCHEMA,
    A,
    Triple,
    date,
    integer,
    text,
)


def _outcome_claim(record: OutcomeClaim, index: Index) -> Iterator[Triple]:
    core = record.core
    node = index.node("claim", core.key, core.origin, "key")
    outcome = index.concept(record.outcome_type, "outcome-type", core.origin, "outcome_type")
    claimant = index.get("agent", core.claimant, core.origin, "claimant").label
    figure = f" of {figure_text(record.figure, index, core.origin)}" if record.figure else ""
    about = []
    if record.round:
        about.append(f"agreed at {index.get('round', record.round, core.origin, 'round').label}")
    if record.exchange:
        about.append(f"carried out in {index.get('exchange', record.exchange, core.origin, 'exchange').label}")
    label = f"{claimant}: {outcome.label}{figure} {' and '.join(about)}".rstrip()
    yield from claim_core(node, (CG.OutcomeClaim,), core, label, index)
    if record.round:
        yield (node, CG.outcomeOf, index.node("round", record.round, core.origin, "round"))
    if record.exchange:
        yield (node, CG.aboutExchange, index.node("exchange", record.exchange, core.origin, "exchange"))
    yield (node, CG.outcomeType, outcome.node)
    if record.figure:
        yield from hedged(node, record.figure, index, core.origin)
    if record.giving:
        yield (node, CG.givingParty, state_node(index, record.giving, core.origin, "giving"))
    if record.receiving:
        yield (node, CG.receivingParty, state_node(index, record.receiving, core.origin, "receiving"))
    if record.description:
        yield (node, SCHEMA.description, text(record.description.text, record.description.lang))


def _exchange(record: Exchange, index: Index) -> Iterator[Triple]:
    node = index.node("exchange", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Event)
    yield (node, A, CG.Exchange)
    yield from labels(node, record.label)
    yield (node, CG.outcomeType, index.concept(record.outcome_type, "outcome-type", record.origin, "outcome_type").node)
    if record.date:
        yield (node, SCHEMA.startDate, date(record.date))
    for party in record.parties:
        yield (node, CG.party, state_node(index, party, record.origin, "parties"))
    if record.place:
        yield (node, CG.placeAsStated, text(record.place.text, record.place.lang))
    for round_key in record.implements:
        yield (node, CG.implements, index.node("round", round_key, record.origin, "implements"))


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
    if record.date:
        yield (node, SCHEMA.startDate, date(record.date))
    if record.location:
        yield (node, SCHEMA.location, index.node("place", record.location, record.origin, "location"))
    for delegation in record.delegations:
        yield (node, CG.delegation, index.node("agent", delegation, record.origin, "delegations"))


def _round_details(record: RoundDetails, index: Index) -> Iterator[Triple]:
    node = index.node("round", record.round, record.origin, "round")
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
