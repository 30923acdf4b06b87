"""Records -> triples, one emitter per record type, grouped by what the records are about.

Every emitter resolves the keys a record names through the build's `Index`, so a reference to
an unknown claimant or category fails with the record's origin before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.emit import claims, events, reference, sources
from kg.emit.index import Index
from kg.records import Record
from kg.vocab import Triple

EMITTERS: dict[type, Callable[[Any, Index], Iterator[Triple]]] = {
    **reference.EMITTERS,
    **sources.EMITTERS,
    **claims.EMITTERS,
    **events.EMITTERS,
}


def triples(record: Record, index: Index) -> Iterator[Triple]:
    """The triples of one record, from the emitter of its type."""
    yield from EMITTERS[type(record)](record, index)
