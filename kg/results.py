"""Query answers and how they are written: the same for the library's queries and one's own,
whether they ran embedded or on an endpoint.

A SELECT gives rows (:class:`Result`), an ASK a boolean (:class:`AskResult`), a CONSTRUCT or
DESCRIBE triples (:class:`GraphResult`). Terms are kept in N-Triples syntax, so rows from
pyoxigraph and from a remote endpoint compare equal. SELECT and ASK are written as a table for
reading or in the SPARQL 1.1 CSV and JSON results formats; triples as Turtle (with the
project's prefixes) or N-Triples.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from kg.serialize import all_prefixes

ROW_FORMATS = ("table", "csv", "json")
GRAPH_FORMATS = ("ttl", "nt")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Result:
    """Rows of a SELECT, each value an RDF term in N-Triples syntax (or None when unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE."""

    triples: tuple[Triple, ...]


Answer = Result | AskResult | GraphResult


def lexical(term: str | None) -> str:
    """A term as a person reads it in a table cell: IRI or literal text."""
    if term is None:
        return ""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if term.startswith('"'):
        end = term.rfind('"')
        return json.loads(term[: end + 1]) if end > 0 else term
    return term


def short(term: str | None) -> str:
    """Like :func:`lexical`, with IRIs compacted by the project's prefixes."""
    text = lexical(term)
    if term and term.startswith("<"):
        for prefix, namespace in sorted(all_prefixes().items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
    return text


def format_answer(answer: Answer, fmt: str) -> str:
    """The answer written in ``fmt`` (one of ROW_FORMATS for rows and booleans, GRAPH_FORMATS
    for triples); text that ends with its own line end."""
    if isinstance(answer, GraphResult):
        rdf_format = RdfFormat.TURTLE if fmt == "ttl" else RdfFormat.N_TRIPLES
        prefixes = _used_prefixes(answer.triples) if fmt == "ttl" else None
        written = serialize(answer.triples, format=rdf_format, prefixes=prefixes)
        return written.decode("utf-8") if written else ""
    if isinstance(answer, AskResult):
        return _ask(answer.value, fmt)
    return format_result(answer, fmt)


def _used_prefixes(triples: tuple[Triple, ...]) -> dict[str, str]:
    """The project's prefixes that the triples use, so a Turtle answer declares only those."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, NamedNode):
                iris.add(term.value)
            elif isinstance(term, Literal):
                iris.add(term.datatype.value)
    return {
        prefix: namespace
        for prefix, namespace in all_prefixes().items()
        if any(iri.startswith(namespace) for iri in iris)
    }


def format_result(result: Result, fmt: str) -> str:
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return _sparql_json(result)
    return _table(result)


def _ask(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "csv":  # SPARQL 1.1 CSV defines no boolean; this is the header Jena writes
        return f"_askResult\r\n{str(value).lower()}\r\n"
    return "yes\n" if value else "no\n"


def _csv(result: Result) -> str:
    """SPARQL 1.1 CSV results: IRIs and literal text, no datatypes; each record ends in CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([lexical(term) for term in row] for row in result.rows)
    return out.getvalue()


def _sparql_json(result: Result) -> str:
    """SPARQL 1.1 JSON results."""
    bindings = [
        {name: _to_json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _to_json_term(term: str) -> dict[str, str]:
    if term.startswith("<"):
        return {"type": "uri", "value": term[1:-1]}
    if term.startswith("_:"):
        return {"type": "bnode", "value": term[2:]}
    end = term.rfind('"')
    value: dict[str, str] = {"type": "literal", "value": json.loads(term[: end + 1])}
    rest = term[end + 1 :]
    if rest.startswith("@"):
        value["xml:lang"] = rest[1:]
    elif rest.startswith("^^<"):
        value["datatype"] = rest[3:-1]
    return value


def _table(result: Result) -> str:
    cells = [[short(term) for term in row] for row in result.rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(result.variables)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(result.variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
