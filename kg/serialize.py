"""Deterministic serializations: the same graph gives the same bytes, in every format.

The graph arrives as tuples of N-Triples terms. They are de-duplicated and sorted as text,
written as N-Triples and N-Quads directly, then parsed strictly by pyoxigraph and written
as Turtle and TriG from that sorted stream, so a release diff shows only what changed.
JSON-LD is written here, one node object per subject, with a context of the prefixes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pyoxigraph import RdfFormat, parse, serialize

from kg.config import ID_BASE, NAMESPACES
from kg.ids import KINDS
from kg.vocab import Quad, Triple

XSD_STRING = NAMESPACES["xsd"] + "string"
RDF_TYPE = f"<{NAMESPACES['rdf']}type>"


def sorted_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The union of the named graphs: each triple once, in the byte order of its N-Triples line."""
    return sorted({(q[0], q[1], q[2]) for q in quads})


def sorted_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Quads ordered by graph, then triple."""
    return sorted(set(quads), key=lambda q: (q[3], q[0], q[1], q[2]))


def ntriples(triples: Iterable[Triple]) -> bytes:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")


def nquads(quads: Iterable[Quad]) -> bytes:
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads).encode("utf-8")


def all_prefixes() -> dict[str, str]:
    """The vocabularies' prefixes, and one per URI kind (``claim:`` for ``{base}id/claim/``)."""
    return {**NAMESPACES, **{kind: f"{ID_BASE}{kind}/" for kind in sorted(KINDS)}}


def used_prefixes(triples: Iterable[tuple[str, ...]]) -> dict[str, str]:
    """The prefixes that some IRI of the triples starts with (unused ones are noise)."""
    iris: set[str] = set()
    for triple in triples:
        for term in triple[:3]:
            if term.startswith("<"):
                iris.add(term[1:-1])
            elif "^^<" in term:
                iris.add(term[term.rindex("^^<") + 3 : -1])
    prefixes = all_prefixes()
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    used = {next((prefix for prefix, ns in ordered if iri.startswith(ns)), None) for iri in iris}
    return {prefix: prefixes[prefix] for prefix in sorted(p for p in used if p)}


def write_ntriples(triples: list[Triple], out: IO[bytes]) -> None:
    out.write(ntriples(triples))


def write_nquads(quads: list[Quad], out: IO[bytes]) -> None:
    out.write(nquads(quads))


def write_turtle(triples: list[Triple], out: IO[bytes]) -> None:
    """Turtle from the sorted triples, parsed strictly on the way (a bad term fails here)."""
    stream = (quad.triple for quad in parse(ntriples(triples), format=RdfFormat.N_TRIPLES))
    _write_with_sorted_prefixes(serialize(stream, format=RdfFormat.TURTLE, prefixes=used_prefixes(triples)), out)


def write_trig(quads: list[Quad], out: IO[bytes]) -> None:
    stream = parse(nquads(quads), format=RdfFormat.N_QUADS)
    _write_with_sorted_prefixes(serialize(stream, format=RdfFormat.TRIG, prefixes=used_prefixes(quads)), out)


def _write_with_sorted_prefixes(document: bytes, out: IO[bytes]) -> None:
    """Put the @prefix lines in name order: the serializer's own order is an implementation detail."""
    lines = document.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    out.writelines(sorted(lines[:count]))
    out.writelines(lines[count:])


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

    current: str | None = None
    node: dict[str, Any] = {}
    for subject, predicate, obj in triples:
        if subject != current:
            if current is not None:
                yield _sorted_node(node)
            current = subject
            node = {"@id": short(subject[1:-1])}
        if predicate == RDF_TYPE and obj.startswith("<"):
            node.setdefault("@type", []).append(short(obj[1:-1]))
        else:
            node.setdefault(short(predicate[1:-1]), []).append(_value(obj, short))
    if current is not None:
        yield _sorted_node(node)


def _sorted_node(node: dict[str, Any]) -> dict[str, Any]:
    return {key: node[key] for key in sorted(node)}


def _value(term: str, short: Any) -> dict[str, str] | str:
    if term.startswith("<"):
        return {"@id": short(term[1:-1])}
    lexical, language, datatype = split_literal(term)
    if language:
        return {"@value": lexical, "@language": language}
    if datatype is None or datatype == XSD_STRING:
        return lexical
    return {"@value": lexical, "@type": short(datatype)}


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """Lexical form, language tag and datatype IRI of an N-Triples literal."""
    end = term.rindex('"')
    lexical = json.loads(term[: end + 1])
    rest = term[end + 1 :]
    if rest.startswith("@"):
        return lexical, rest[1:], None
    if rest.startswith("^^<"):
        return lexical, None, rest[3:-1]
    return lexical, None, None
