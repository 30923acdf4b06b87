"""Deterministic serializations: the same graph gives the same bytes, in every format.

Triples are written in sorted order (subject, predicate, object as N-Triples text), so a
release diff shows only what changed. Turtle, TriG, N-Triples and N-Quads are written by
pyoxigraph from the sorted triples; JSON-LD is written here, one node object per subject,
with a context of the project's prefixes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from kg.config import ID_BASE, NAMESPACES
from kg.ids import KINDS

XSD_STRING = NAMESPACES["xsd"] + "string"
RDF_TYPE = NAMESPACES["rdf"] + "type"
_RDF_TYPE_NT = f"<{RDF_TYPE}>"
LANG_STRING = NAMESPACES["rdf"] + "langString"


def sort_key(triple: Triple | Quad) -> tuple[str, bool, str, str]:
    """Subjects in IRI order; within a subject its types first, then predicates in IRI order."""
    predicate = str(triple.predicate)
    return (str(triple.subject), predicate != _RDF_TYPE_NT, predicate, str(triple.object))


def sorted_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The union of the named graphs: each triple once, in sorted order."""
    unique = {quad.triple for quad in quads}
    return sorted(unique, key=sort_key)


def sorted_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Quads ordered by graph, then triple."""
    return sorted(set(quads), key=lambda quad: (str(quad.graph_name), *sort_key(quad)))


def all_prefixes() -> dict[str, str]:
    """The vocabularies' prefixes, and one per URI kind (``claim:`` for ``{base}id/claim/``)."""
    return {**NAMESPACES, **{kind: f"{ID_BASE}{kind}/" for kind in sorted(KINDS)}}


def used_prefixes(triples: Iterable[Triple | Quad]) -> dict[str, str]:
    """The prefixes that some IRI of the triples starts with (unused ones are noise)."""
    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, NamedNode):
                iris.add(term.value)
            elif isinstance(term, Literal):
                iris.add(term.datatype.value)
    prefixes = all_prefixes()
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    used = {next((prefix for prefix, ns in ordered if iri.startswith(ns)), None) for iri in iris}
    return {prefix: prefixes[prefix] for prefix in sorted(p for p in used if p)}


def write_turtle(triples: list[Triple], out: IO[bytes]) -> None:
    _write_with_sorted_prefixes(serialize(triples, format=RdfFormat.TURTLE, prefixes=used_prefixes(triples)), out)


def write_trig(quads: list[Quad], out: IO[bytes]) -> None:
    _write_with_sorted_prefixes(serialize(quads, format=RdfFormat.TRIG, prefixes=used_prefixes(quads)), out)


def _write_with_sorted_prefixes(document: bytes, out: IO[bytes]) -> None:
    """Put the @prefix lines in name order: the serializer's own order is an implementation detail."""
    lines = document.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    out.writelines(sorted(lines[:count]))
    out.writelines(lines[count:])


def write_ntriples(triples: list[Triple], out: IO[bytes]) -> None:
    """N-Triples with lines in byte order, as ``LC_ALL=C sort`` would leave them."""
    lines = serialize(triples, format=RdfFormat.N_TRIPLES).splitlines(keepends=True)
    out.writelines(sorted(lines))


def write_nquads(quads: list[Quad], out: IO[bytes]) -> None:
    lines = serialize(quads, format=RdfFormat.N_QUADS).splitlines(keepends=True)
    out.writelines(sorted(lines))


def write_jsonld(triples: list[Triple], out: IO[bytes]) -> None:
    """JSON-LD 1.1 with an embedded context: one node object per line, subjects sorted."""
    prefixes = used_prefixes(triples)
    out.write(b'{\n"@context": ')
    out.write(json.dumps(prefixes, sort_keys=True, ensure_ascii=False).encode())
    out.write(b',\n"@graph": [\n')
    first = True
    for node in _node_objects(triples, prefixes):
        if not first:
            out.write(b",\n")
        out.write(json.dumps(node, ensure_ascii=False, separators=(",", ":")).encode())
        first = False
    out.write(b"\n]\n}\n")


def jsonld_context() -> dict[str, Any]:
    """The context every claimgraph JSON-LD file uses, published beside the data."""
    return {"@context": dict(sorted(all_prefixes().items()))}


def _node_objects(triples: list[Triple], prefixes: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Group sorted triples by subject into JSON-LD node objects, keys in sorted order."""
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def short(iri: str) -> str:
        for prefix, ns in ordered:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    current: NamedNode | None = None
    node: dict[str, Any] = {}
    for triple in triples:
        if triple.subject != current:
            if current is not None:
                yield _sorted_node(node)
            current = triple.subject  # type: ignore[assignment]
            node = {"@id": short(triple.subject.value)}
        if triple.predicate.value == RDF_TYPE and isinstance(triple.object, NamedNode):
            node.setdefault("@type", []).append(short(triple.object.value))
        else:
            node.setdefault(short(triple.predicate.value), []).append(_value(triple.object, short))
    if current is not None:
        yield _sorted_node(node)


def _sorted_node(node: dict[str, Any]) -> dict[str, Any]:
    return {key: node[key] for key in sorted(node)}


def _value(term: object, short: Any) -> dict[str, str] | str:
    if isinstance(term, NamedNode):
        return {"@id": short(term.value)}
    assert isinstance(term, Literal)
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": short(term.datatype.value)}
