"""What every emitter shares: terms for URIs, labels, notes, states, and the concept kinds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kg.errors import BuildError
from kg.records import (
    Origin,
    Text,
)
from kg.vocab import (
    CG,
    OWL,
    RDFS,
    SKOS,
    WD,
    Term,
    Triple,
    text,
)

if TYPE_CHECKING:
    from kg.emit.index import Index

CONCEPT_KINDS = {
    "loss-category": ("category", CG.LossCategory, CG.LossCategoryScheme),
    "hedge": ("hedge", CG.Hedge, SKOS.ConceptScheme),
    "outcome-type": ("concept", CG.OutcomeType, SKOS.ConceptScheme),
    "date-basis": ("concept", CG.DateBasis, SKOS.ConceptScheme),
    "loss-status": ("concept", CG.LossStatus, SKOS.ConceptScheme),
    "basis": ("concept", CG.Basis, SKOS.ConceptScheme),
}


BOUND_PROPERTIES = {
    "min-exclusive": CG.minExclusive,
    "min-inclusive": CG.minInclusive,
    "max-exclusive": CG.maxExclusive,
    "max-inclusive": CG.maxInclusive,
}


def uri_term(uri: str) -> Term:
    return f"<{uri}>"


def origin_of(record: Any) -> Origin:
    """Where a record came from (claims keep it in their core)."""
    return record.core.origin if hasattr(record, "core") else record.origin  # type: ignore[no-any-return]


def labels(node: Term, label: Text, alt_labels: Iterable[Text] = ()) -> Iterator[Triple]:
    yield (node, RDFS.label, text(label.text, label.lang))
    for alt in alt_labels:
        yield (node, SKOS.altLabel, text(alt.text, alt.lang))


def same_as(node: Term, wikidata: str | None) -> Iterator[Triple]:
    if wikidata:
        yield (node, OWL.sameAs, WD[wikidata])


def note_triples(node: Term, note: str | None) -> Iterator[Triple]:
    if note:
        yield (node, SKOS.editorialNote, text(note, "en"))


def state_node(index: Index, key: str, origin: Origin, field_name: str) -> Term:
    entry = index.get("agent", key, origin, field_name)
    if entry.kind != "state":
        raise BuildError(f"{origin}: {field_name} {key!r} is a {entry.kind}, not a state")
    return entry.node
