"""Deterministic serializations: the same graph gives the same bytes, in every format.

The graph arrives as tuples of N-Triples terms. They are sorted once, per named graph, in the
order of their N-Quads lines; N-Triples (the union, each triple once) and the per-graph order come from that
one sort by linear passes. Turtle and TriG are written by pyoxigraph from those sorted
streams, which it parses on the way (strictly in one of the two, so a bad term fails); JSON-LD
is written by kg.jsonld. Every prefix of the project is declared in every file, used or not,
so no file depends on what another part of the data happens to contain.
A release diff shows only what changed.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat, parse, serialize

from kg.config import ID_BASE, NAMESPACES
from kg.ids import KINDS
from kg.vocab import Quad, Triple

GZIP_LEVEL = 6
GZIP_CHUNK = 1 << 22


@dataclass(frozen=True)
class SortedGraph:
    """The graph in sorted order: per named graph, and their union (each triple once).

    The quads themselves are sorted (lists of references to them), not N-Triples lines made
    for the sort: the lines of 10M quads took 2 GB more than the quads. The order is the
    lines' order, since a term is never a proper prefix of another term but where a literal
    goes on with ``@`` or ``^^``, both above the space that ends a term in a line.
    """

    by_graph: dict[str, list[Quad]]

    @classmethod
    def of(cls, quads: Iterable[Quad]) -> SortedGraph:
        by_graph: dict[str, list[Quad]] = {}
        for quad in quads:
            members = by_graph.get(quad[3])
            if members is None:
                members = by_graph[quad[3]] = []
            members.append(quad)
        for members in by_graph.values():
            members.sort()
        return cls({graph: by_graph[graph] for graph in sorted(by_graph)})

    @functools.cached_property
    def union(self) -> list[Quad]:
        """The union's triples (each as the first quad that holds it), each once, in order;
        computed when first asked for (the N-Quads can be written, and TriG started, before)."""
        # Sorting the concatenated sorted runs is nearly linear (Timsort merges them); quads
        # of one triple sort next to each other, whatever their graphs.
        return list(_first_of_each_triple(sorted(quad for members in self.by_graph.values() for quad in members)))

    @property
    def ntriples(self) -> Iterator[str]:
        """The union's N-Triples lines, made anew on each use (they are not kept)."""
        return (f"{subject} {predicate} {obj} .\n" for subject, predicate, obj, _ in self.union)

    def nquads(self) -> Iterator[str]:
        """N-Quads lines, graph by graph, each graph's triples in order."""
        for members in self.by_graph.values():
            for subject, predicate, obj, graph in members:
                yield f"{subject} {predicate} {obj} {graph} .\n"


def _first_of_each_triple(quads: Iterable[Quad]) -> Iterator[Quad]:
    """Drop each quad whose triple is the one before's (``quads`` in order)."""
    previous: Quad | None = None
    for quad in quads:
        if previous is None or quad[0] != previous[0] or quad[1] != previous[1] or quad[2] != previous[2]:
            yield quad
        previous = quad


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


def write_turtle(ntriples_file: Path, path: Path, strict: bool = True) -> str:
    """Turtle from a sorted N-Triples file, parsed strictly on the way (a bad term fails here);
    returns the SHA-256 (hex) of what it wrote.

    ``strict=False`` skips the term checks, which take a third of the time: for a file whose
    terms are checked by another strict parse.
    """
    stream = parse(path=str(ntriples_file), format=RdfFormat.N_TRIPLES, lenient=not strict)
    return _write_with_sorted_prefixes(serialize(stream, format=RdfFormat.TURTLE, prefixes=all_prefixes()) or b"", path)


def write_trig(nquads_file: Path, path: Path, strict: bool = True) -> str:
    """TriG, a block per named graph, from a graph-ordered N-Quads file, parsed strictly unless
    told otherwise (as write_turtle); returns the SHA-256 (hex) of what it wrote."""
    stream = parse(path=str(nquads_file), format=RdfFormat.N_QUADS, lenient=not strict)
    return _write_with_sorted_prefixes(serialize(stream, format=RdfFormat.TRIG, prefixes=all_prefixes()) or b"", path)


def _write_with_sorted_prefixes(document: bytes, path: Path) -> str:
    """Put the @prefix lines in name order (the serializer's own order is an implementation
    detail); the digest of the file is taken from the bytes in memory, not read back."""
    position = 0
    while document.startswith(b"@prefix", position):
        position = document.index(b"\n", position) + 1
    header = b"".join(sorted(document[:position].splitlines(keepends=True)))
    body = memoryview(document)[position:]
    with path.open("wb") as out:
        out.write(header)
        out.write(body)
    digest = hashlib.sha256(header)
    digest.update(body)
    return digest.hexdigest()


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


def write_gzip(source: Path, path: Path) -> dict[Path, str]:
    """A gzip copy of a file that is the same bytes on every run (no file name and a zero
    modification time in the header, and a fixed compression level: zlib's output for a level
    is stable across its releases in practice, but it is not promised), with the SHA-256 (hex)
    of the file and of its copy, digested as they pass: the file is read once, the copy never."""
    plain, packed = hashlib.sha256(), hashlib.sha256()
    with (
        source.open("rb") as raw,
        path.open("wb") as out,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=_Digesting(out, packed.update), compresslevel=GZIP_LEVEL, mtime=0
        ) as packer,
    ):
        while chunk := raw.read(GZIP_CHUNK):
            plain.update(chunk)
            packer.write(chunk)
    return {source: plain.hexdigest(), path: packed.hexdigest()}


class _Digesting:
    """A binary file that digests what is written to it (gzip's output, for SHA256SUMS)."""

    def __init__(self, out: IO[bytes], digest: Callable[[bytes], None]) -> None:
        self.out, self.digest = out, digest

    def write(self, data: bytes) -> int:
        self.digest(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()
