"""Deterministic serializations: the same graph gives the same bytes, in every format.

The graph arrives as tuples of N-Triples terms. They are written as N-Quads lines and sorted
once as text; N-Triples (the union, each triple once) and the per-graph order come from that
one sort by linear passes. Turtle and TriG are written by pyoxigraph from those sorted
streams, which it parses strictly on the way. JSON-LD is written here, one node object per
subject, with a context of the prefixes. Every prefix of the project is declared in every
file, used or not, so no file depends on what another part of the data happens to contain.
A release diff shows only what changed.
"""

from __future__ import annotations

import functools
import gzip
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, parse, serialize

from kg.config import ID_BASE, NAMESPACES
from kg.ids import KINDS
from kg.vocab import Quad, Triple

XSD_STRING = NAMESPACES["xsd"] + "string"
RDF_TYPE = f"<{NAMESPACES['rdf']}type>"
GZIP_LEVEL = 6


@dataclass(frozen=True)
class SortedGraph:
    """The graph as sorted N-Triples lines: per named graph, and their union (each triple once)."""

    by_graph: dict[str, list[str]]

    @classmethod
    def of(cls, quads: Iterable[Quad]) -> SortedGraph:
        by_graph: dict[str, list[str]] = {}
        for subject, predicate, obj, graph in quads:
            lines = by_graph.get(graph)
            if lines is None:
                lines = by_graph[graph] = []
            lines.append(f"{subject} {predicate} {obj} .\n")
        for lines in by_graph.values():
            lines.sort()
        return cls({graph: by_graph[graph] for graph in sorted(by_graph)})

    @functools.cached_property
    def ntriples(self) -> list[str]:
        """The union's lines, each triple once; computed when first asked for (the N-Quads
        can be written, and TriG started from them, before)."""
        # Sorting the concatenated sorted runs is nearly linear (Timsort merges them).
        union = sorted(line for lines in self.by_graph.values() for line in lines)
        if len(union) > 1:
            union = [line for line, previous in zip(union, ["", *union[:-1]], strict=True) if line != previous]
        return union

    def nquads(self) -> Iterator[str]:
        """N-Quads lines, graph by graph, each graph's triples in order."""
        for graph, lines in self.by_graph.items():
            tail = f" {graph} .\n"
            for line in lines:
                yield line[:-3] + tail


def ntriples(triples: Iterable[Triple]) -> bytes:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")


def nquads(quads: Iterable[Quad]) -> bytes:
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads).encode("utf-8")


def all_prefixes() -> dict[str, str]:
    """The vocabularies' prefixes, and one per URI kind (``claim:`` for ``{base}id/claim/``)."""
    return {**NAMESPACES, **{kind: f"{ID_BASE}{kind}/" for kind in sorted(KINDS)}}


def write_lines(lines: Iterable[str], path: Path) -> None:
    """N-Triples or N-Quads lines to a file, streamed."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(lines)


def write_turtle(ntriples_file: Path, path: Path, strict: bool = True) -> None:
    """Turtle from a sorted N-Triples file, parsed strictly on the way (a bad term fails here).

    ``strict=False`` skips the term checks, which take half the time: for a file whose terms
    are checked by another strict parse (the release's N-Quads, in write_trig).
    """
    stream = parse(path=str(ntriples_file), format=RdfFormat.N_TRIPLES, lenient=not strict)
    _write_with_sorted_prefixes(serialize(stream, format=RdfFormat.TURTLE, prefixes=all_prefixes()) or b"", path)


def write_trig(nquads_file: Path, path: Path) -> None:
    """TriG, a block per named graph, from a graph-ordered N-Quads file, parsed strictly."""
    stream = parse(path=str(nquads_file), format=RdfFormat.N_QUADS)
    _write_with_sorted_prefixes(serialize(stream, format=RdfFormat.TRIG, prefixes=all_prefixes()) or b"", path)


def write_jsonld_file(ntriples_file: Path, path: Path) -> None:
    """JSON-LD from a sorted N-Triples file, streamed."""
    with ntriples_file.open(encoding="utf-8") as lines:
        write_jsonld(lines, path)


def _write_with_sorted_prefixes(document: bytes, path: Path) -> None:
    """Put the @prefix lines in name order: the serializer's own order is an implementation detail."""
    count = 0
    position = 0
    while document.startswith(b"@prefix", position):
        position = document.index(b"\n", position) + 1
        count += 1
    header = sorted(document[:position].splitlines(keepends=True))
    with path.open("wb") as out:
        out.writelines(header)
        out.write(memoryview(document)[position:])


def write_jsonld(ntriples_lines: Iterable[str], path: Path) -> None:
    """JSON-LD 1.1 with an embedded context, from sorted N-Triples lines: one node object per
    line, subjects in order, keys in IRI order. The literals of the lines are already JSON
    strings (kg.vocab writes them with json.dumps), so they are copied, not re-encoded."""
    prefixes = all_prefixes()
    compact = _Compactor(prefixes)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{\n"@context": ' + json.dumps(prefixes, sort_keys=True, ensure_ascii=False) + ',\n"@graph": [\n')
        separator = ""
        for node in _node_texts(ntriples_lines, compact):
            out.write(separator)
            out.write(node)
            separator = ",\n"
        out.write("\n]\n}\n")


def jsonld_context() -> dict[str, Any]:
    """The context every claimgraph JSON-LD file uses, published beside the data."""
    return {"@context": dict(sorted(all_prefixes().items()))}


class _Compactor:
    """IRIs as compact IRIs (``claim:x``) where a prefix's namespace ends right before the local part."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {namespace: prefix for prefix, namespace in prefixes.items()}
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self.by_namespace.get(iri[:cut])
            found = f"{prefix}:{iri[cut:]}" if prefix and cut < len(iri) else iri
            if len(self.cache) < 100_000:
                self.cache[iri] = found
        return found


def _node_texts(lines: Iterable[str], compact: _Compactor) -> Iterator[str]:
    """The JSON text of one node object per subject of the sorted lines."""
    member = _Members(compact)
    subject = predicate = ""
    members: list[str] = []
    objects: list[str] = []
    for line in lines:
        s, p, o = line[:-3].split(" ", 2)
        if p != predicate or s != subject:
            if objects:
                members.append(member(predicate, objects))
            if s != subject:
                if subject:
                    yield "{" + ",".join(members) + "}"
                members = [f'"@id":"{compact(s[1:-1])}"']
            subject, predicate, objects = s, p, []
        objects.append(o)
    if subject:
        members.append(member(predicate, objects))
        yield "{" + ",".join(members) + "}"


class _Members:
    """One key of a node object: "@type" for rdf:type with IRI objects, else the compact predicate.

    Keys and values are cached (bounded): predicates, classes, agents, dates and categories
    recur thousands of times, and this is the hot loop of the JSON-LD writer.
    """

    def __init__(self, compact: _Compactor) -> None:
        self.compact = compact
        self.keys: dict[str, str] = {}
        self.values: dict[str, str] = {}

    def __call__(self, predicate: str, objects: list[str]) -> str:
        if predicate == RDF_TYPE and all(term.startswith("<") for term in objects):
            return '"@type":[' + ",".join(f'"{self.compact(term[1:-1])}"' for term in objects) + "]"
        key = self.keys.get(predicate)
        if key is None:
            key = self.keys[predicate] = f'"{self.compact(predicate[1:-1])}":['
        if len(objects) == 1:
            return key + self.value(objects[0]) + "]"
        return key + ",".join(self.value(term) for term in objects) + "]"

    def value(self, term: str) -> str:
        found = self.values.get(term)
        if found is None:
            found = _json_value(term, self.compact)
            if len(self.values) < 200_000:
                self.values[term] = found
        return found


def _json_value(term: str, compact: _Compactor) -> str:
    if term.startswith("<"):
        return f'{{"@id":"{compact(term[1:-1])}"}}'
    end = term.rindex('"')
    lexical, rest = term[: end + 1], term[end + 1 :]
    if rest.startswith("@"):
        return f'{{"@value":{lexical},"@language":"{rest[1:]}"}}'
    if rest.startswith("^^<") and rest[3:-1] != XSD_STRING:
        return f'{{"@value":{lexical},"@type":"{compact(rest[3:-1])}"}}'
    return lexical


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """Lexical form, language tag and datatype IRI of an N-Triples literal."""
    end = term.rindex('"')
    lexical = term[1:end] if "\\" not in term else json.loads(term[: end + 1])
    rest = term[end + 1 :]
    if rest.startswith("@"):
        return lexical, rest[1:], None
    if rest.startswith("^^<"):
        return lexical, None, rest[3:-1]
    return lexical, None, None


def write_gzip(source: Path, path: Path) -> None:
    """A gzip copy of a file that is the same bytes on every run: no file name and a zero
    modification time in the header, and a fixed compression level (zlib's output for a level
    is stable across its releases in practice, but it is not promised)."""
    with (
        source.open("rb") as raw,
        path.open("wb") as out,
        gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=GZIP_LEVEL, mtime=0) as packed,
    ):
        shutil.copyfileobj(raw, packed, 1 << 22)
