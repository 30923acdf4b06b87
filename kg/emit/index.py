"""The index of every record key, so references resolve to URIs or fail with the record's origin."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.emit.base import CONCEPT_KINDS, origin_of, uri_term
from kg.errors import BuildError
from kg.ids import mint
from kg.records import (
    Agent,
    Attack,
    Batch,
    Concept,
    DerivedFigure,
    DirectionClaim,
    Disagreement,
    EventClaim,
    Exchange,
    FileDigest,
    Formation,
    LossClaim,
    Origin,
    OutcomeClaim,
    Photo,
    Place,
    Record,
    RoundDetails,
    Scheme,
    Source,
    SourceText,
    Talks,
    TalksRound,
    Text,
    War,
)
from kg.vocab import (
    Term,
)


@dataclass(frozen=True)
class Entry:
    node: Term
    label: str
    kind: str
    record: Any


class Index:
    """Every key of every record, so references resolve to URIs (or fail with their origin)."""

    def __init__(self, batches: Iterable[Batch]) -> None:
        batches = list(batches)
        self._entries: dict[tuple[str, str], Entry] = {}
        self.keys: dict[tuple[str, str], tuple[str, Origin]] = {}
        schemes = {record.key: record for batch in batches for record in batch.records if isinstance(record, Scheme)}
        for batch in batches:
            for record in batch.records:
                for space, key, entry in index_entries(record, schemes):
                    previous = self._entries.get((space, key))
                    if previous is not None:
                        raise BuildError(
                            f"{origin_of(record)}: {space} key {key!r} is already used by {origin_of(previous.record)}"
                        )
                    self._entries[(space, key)] = entry
                    self.keys[(space, key)] = (batch.dataset, origin_of(record))
        self._emitted: set[str] = set()
        self._emitted_everywhere: set[str] = set()

    def first_anywhere(self, node: Term) -> bool:
        """True the first time a node of the shared time graph (a period, an instant) is written."""
        if node in self._emitted_everywhere:
            return False
        self._emitted_everywhere.add(node)
        return True

    def start_graph(self) -> None:
        """Forget which shared nodes were written: each named graph gets its own copy."""
        self._emitted = set()

    def first_in_graph(self, node: Term) -> bool:
        """True the first time a shared node (a period, a quote) is written in this graph."""
        if node in self._emitted:
            return False
        self._emitted.add(node)
        return True

    def get(self, space: str, key: str, origin: Origin, field_name: str) -> Entry:
        entry = self._entries.get((space, key))
        if entry is None:
            raise BuildError(f"{origin}: {field_name} {key!r} is not a known {space}")
        return entry

    def node(self, space: str, key: str, origin: Origin, field_name: str) -> Term:
        return self.get(space, key, origin, field_name).node

    def place_or_state(self, key: str, origin: Origin, field_name: str) -> Term:
        if ("place", key) in self._entries:
            return self._entries[("place", key)].node
        return self.node("agent", key, origin, field_name)

    def file_sha256(self, path: str, origin: Origin) -> str:
        """The SHA-256 of a file under data/, as the reference data read it (a data file's cg:sha256)."""
        record: FileDigest = self.get("file", path, origin, "file").record
        return record.sha256

    def concept(self, key: str, kind: str, origin: Origin, field_name: str) -> Entry:
        entry = self.get("concept", key, origin, field_name)
        if entry.kind != kind:
            raise BuildError(f"{origin}: {field_name} {key!r} is a {entry.kind} concept, not a {kind}")
        return entry


def index_entries(record: Record, schemes: dict[str, Scheme]) -> Iterator[tuple[str, str, Entry]]:
    """The index spaces a record's key lives in, with its URI and label."""
    simple: dict[type, tuple[str, str]] = {
        Agent: ("agent", "agent"),
        Place: ("place", "place"),
        Formation: ("formation", "formation"),
        War: ("event", "event"),
        Attack: ("event", "attack"),
        Scheme: ("scheme", "scheme"),
        Source: ("source", "source"),
        SourceText: ("text", "text"),
        Talks: ("talks", "talks"),
        TalksRound: ("round", "round"),
        Photo: ("photo", "photo"),
        Exchange: ("exchange", "exchange"),
        DerivedFigure: ("derived", "derived"),
        Disagreement: ("derived", "derived"),
    }
    if isinstance(record, RoundDetails):
        return
    if isinstance(record, FileDigest):
        # not a node of the graph: the digest a data-file source carries (Index.file_sha256)
        yield "file", record.path, Entry("", record.path, "file", record)
        return
    if isinstance(record, (LossClaim, OutcomeClaim, EventClaim, DirectionClaim)):
        key = record.core.key
        yield "claim", key, Entry(uri_term(mint("claim", key)), key, "claim", record)
    elif isinstance(record, Concept):
        scheme = schemes.get(record.scheme)
        if scheme is None:
            raise BuildError(f"{record.origin}: scheme {record.scheme!r} is not known")
        node = uri_term(mint(CONCEPT_KINDS[scheme.kind][0], record.key))
        yield "concept", record.key, Entry(node, record.label.text, scheme.kind, record)
    else:
        space, uri_kind = simple[type(record)]
        label = getattr(record, "label", None)
        kind = getattr(record, "kind", uri_kind)
        shown = label.text if isinstance(label, Text) else record.key
        yield space, record.key, Entry(uri_term(mint(uri_kind, record.key)), shown, kind, record)
