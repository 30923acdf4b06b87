"""Reference records: agents, places, formations, wars, concept schemes and their concepts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.emit.base import BOUND_PROPERTIES, CONCEPT_KINDS, labels, note_triples, same_as, state_node
from kg.emit.index import Index
from kg.records import (
    Agent,
    Concept,
    Formation,
    Place,
    Scheme,
    Text,
    War,
)
from kg.vocab import (
    CG,
    ORG,
    PROV,
    RDFS,
    SCHEMA,
    SKOS,
    A,
    Term,
    Triple,
    date,
    text,
)

AGENT_CLASSES: dict[str, tuple[Term, ...]] = {
    "state": (CG.State, PROV.Agent, SCHEMA.Country, SCHEMA.Place),
    "government-body": (CG.GovernmentBody, PROV.Organization, PROV.Agent),
    "armed-forces": (CG.ArmedForces, PROV.Organization, PROV.Agent),
    "news-agency": (SCHEMA.NewsMediaOrganization, PROV.Organization, PROV.Agent),
    "news-outlet": (SCHEMA.NewsMediaOrganization, PROV.Organization, PROV.Agent),
    "organization": (ORG.Organization, PROV.Organization, PROV.Agent),
    "person": (SCHEMA.Person, PROV.Person, PROV.Agent),
    "delegation": (CG.Delegation, PROV.Organization, PROV.Agent),
}


PLACE_CLASSES = {"city": SCHEMA.City, "memorial": SCHEMA.LandmarksOrHistoricalBuildings}


MATCH_PROPERTIES = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}
INVERSE_RELATIONS = {"exact": "exact", "close": "close", "related": "related", "broad": "narrow", "narrow": "broad"}
"""Each mapping as the other concept states it: SKOS's exact, close and related matches are
symmetric, broad and narrow matches each other's inverse. Both directions are published, so a
query may start from either concept."""


def _agent(record: Agent, index: Index) -> Iterator[Triple]:
    node = index.node("agent", record.key, record.origin, "key")
    for cls in AGENT_CLASSES[record.kind]:
        yield (node, A, cls)
    yield from labels(node, record.label, record.alt_labels)
    yield from upstream_name(node, record.upstream_name)
    yield from same_as(node, record.wikidata)
    yield from note_triples(node, record.note)
    if record.part_of:
        yield (node, ORG.subOrganizationOf, index.node("agent", record.part_of, record.origin, "part_of"))
    if record.of_state:
        yield (node, CG.ofState, state_node(index, record.of_state, record.origin, "of_state"))
    if record.represents:
        yield (node, CG.represents, state_node(index, record.represents, record.origin, "represents"))
    for head in record.heads:
        yield (index.node("agent", head, record.origin, "heads"), ORG.headOf, node)


def _place(record: Place, index: Index) -> Iterator[Triple]:
    node = index.node("place", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Place)
    if record.kind != "place":
        yield (node, A, PLACE_CLASSES[record.kind])
    yield from labels(node, record.label)
    yield from same_as(node, record.wikidata)
    yield from note_triples(node, record.note)
    if record.contained_in:
        yield (node, SCHEMA.containedInPlace, index.place_or_state(record.contained_in, record.origin, "contained_in"))


def _formation(record: Formation, index: Index) -> Iterator[Triple]:
    node = index.node("formation", record.key, record.origin, "key")
    yield (node, A, CG.MilitaryFormation)
    yield from labels(node, record.label, record.alt_labels)
    yield from note_triples(node, record.note)
    yield (node, ORG.subOrganizationOf, index.node("agent", record.part_of, record.origin, "part_of"))
    yield (node, CG.ofState, state_node(index, record.of_state, record.origin, "of_state"))


def _war(record: War, index: Index) -> Iterator[Triple]:
    node = index.node("event", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Event)
    yield from labels(node, record.label)
    yield from same_as(node, record.wikidata)
    yield from note_triples(node, record.note)
    if record.start:
        yield (node, SCHEMA.startDate, date(record.start))
    if record.part_of:
        yield (node, SCHEMA.superEvent, index.node("event", record.part_of, record.origin, "part_of"))
    for party in record.parties:
        yield (node, CG.party, state_node(index, party, record.origin, "parties"))


def _scheme(record: Scheme, index: Index) -> Iterator[Triple]:
    node = index.node("scheme", record.key, record.origin, "key")
    yield (node, A, SKOS.ConceptScheme)
    scheme_class = CONCEPT_KINDS[record.kind][2]
    if scheme_class != SKOS.ConceptScheme:
        yield (node, A, scheme_class)
    yield (node, RDFS.label, text(record.label.text, record.label.lang))
    yield (node, SKOS.prefLabel, text(record.label.text, record.label.lang))
    yield (node, SKOS.definition, text(record.definition.text, record.definition.lang))
    yield from upstream_name(node, record.upstream_name)
    if record.owner:
        yield (node, PROV.wasAttributedTo, index.node("agent", record.owner, record.origin, "owner"))


def _concept(record: Concept, index: Index) -> Iterator[Triple]:
    entry = index.get("concept", record.key, record.origin, "key")
    node = entry.node
    scheme = index.node("scheme", record.scheme, record.origin, "scheme")
    yield (node, A, SKOS.Concept)
    yield (node, A, CONCEPT_KINDS[entry.kind][1])
    yield (node, RDFS.label, text(record.label.text, record.label.lang))
    yield (node, SKOS.prefLabel, text(record.label.text, record.label.lang))
    for alt in record.alt_labels:
        yield (node, SKOS.altLabel, text(alt.text, alt.lang))
    yield (node, SKOS.definition, text(record.definition.text, record.definition.lang))
    yield (node, SKOS.inScheme, scheme)
    yield (node, SKOS.topConceptOf, scheme)
    yield (scheme, SKOS.hasTopConcept, node)
    for match in record.matches:
        target = index.concept(match.target, entry.kind, record.origin, f"{match.relation} match")
        yield (node, MATCH_PROPERTIES[match.relation], target.node)
        yield (target.node, MATCH_PROPERTIES[INVERSE_RELATIONS[match.relation]], node)
    if record.no_match:
        yield (node, CG.noMappingReason, text(record.no_match.text, record.no_match.lang))
    for note in record.history_notes:
        yield (node, SKOS.historyNote, text(note.text, note.lang))
    if record.implies_bound:
        yield (node, CG.impliesBound, BOUND_PROPERTIES[record.implies_bound])


def upstream_name(node: Term, name: Text | None) -> Iterator[Triple]:
    """The name a project gives itself, kept as its own words beside claimgraph's neutral label."""
    if name:
        yield (node, CG.upstreamName, text(name.text, name.lang))


EMITTERS: dict[type, Callable[[Any, Index], Iterator[Triple]]] = {
    Agent: _agent,
    Place: _place,
    Formation: _formation,
    War: _war,
    Scheme: _scheme,
    Concept: _concept,
}
