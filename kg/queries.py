"""The query library: discovery, safe parameter binding, and running on any SPARQL store.

Each ``queries/*.rq`` file opens with a header of ``# key: value`` lines (title, question,
param, row). Parameters are bound by adding a ``VALUES`` block, built from parsed RDF terms,
at the start of the query's outer ``WHERE`` group: user input is never pasted into query text,
and the same bound text runs embedded (pyoxigraph) and on remote endpoints (SPARQLWrapper),
so both give the same rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store

from kg.errors import KgError
from kg.serialize import all_prefixes

PARAM_TYPES = ("iri", "string", "date", "integer")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_HEADER = re.compile(r"^#\s*(title|question|param|row):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>\w+)(?:,\s*default:\s*(?P<default>[^)]*))?\)\s*:\s*(?P<doc>.*)$"
)
_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class QueryError(KgError):
    """A query that cannot be found, parsed, bound or run."""


@dataclass(frozen=True)
class Param:
    """A declared parameter: its variable name, type, default and meaning."""

    name: str
    type: str
    default: str | None
    doc: str


@dataclass(frozen=True)
class Query:
    """One query of the library, with the header that documents it."""

    name: str
    path: Path
    title: str
    question: str
    row: str
    params: tuple[Param, ...]
    text: str


@dataclass(frozen=True)
class Result:
    """Rows of a SELECT, each value an RDF term in N-Triples syntax (or None when unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


def catalogue(queries_dir: Path) -> list[Query]:
    """Every query of the library, by name."""
    return [parse_query(path) for path in sorted(queries_dir.glob("*.rq"))]


def find(queries_dir: Path, name: str) -> Query:
    path = queries_dir / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(query.name for query in catalogue(queries_dir))
        raise QueryError(f"no query named {name!r}; the library has: {known}")
    return parse_query(path)


def parse_query(path: Path) -> Query:
    """Read a query file and its header; a malformed header names the file and line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_parse_param(value, path, number))
        else:
            fields[key] = value.strip()
    missing = [key for key in ("title", "question", "row") if key not in fields]
    if missing:
        raise QueryError(f"{path}: header lacks {', '.join(missing)}")
    return Query(path.stem, path, fields["title"], fields["question"], fields["row"], tuple(params), text)


def _parse_param(value: str, path: Path, line: int) -> Param:
    match = _PARAM.match(value.strip())
    if not match or match["type"] not in PARAM_TYPES:
        raise QueryError(
            f"{path}, line {line}: param must be 'name (type[, default: value]): doc' with type in {PARAM_TYPES}"
        )
    default = match["default"].strip() if match["default"] else None
    return Param(match["name"], match["type"], default, match["doc"].strip())


def bind(query: Query, values: Mapping[str, str]) -> str:
    """The query text with its parameters bound by a VALUES block of parsed RDF terms."""
    declared = {param.name: param for param in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {', '.join(unknown)}; it takes: {', '.join(declared) or 'none'}"
        )
    if not declared:
        return query.text
    terms = []
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"query {query.name!r} needs --param {param.name}=… ({param.type}: {param.doc})")
        terms.append(str(to_term(param, raw)))
    block = "VALUES (" + " ".join(f"?{p.name}" for p in query.params) + ") { (" + " ".join(terms) + ") }\n"
    match = _OUTER_WHERE.search(_strip_comments(query.text))
    if not match:
        raise QueryError(f"{query.path}: no WHERE group to bind parameters in")
    return query.text[: match.end()] + "\n  " + block + query.text[match.end() :]


def _strip_comments(text: str) -> str:
    """The text with comment lines blanked out (same length), so positions still match."""
    return re.sub(r"(?m)^#.*$", lambda m: " " * len(m.group(0)), text)


def to_term(param: Param, raw: str) -> NamedNode | Literal:
    """Parse a parameter value as its declared type; refuse what is not one."""
    try:
        if param.type == "iri":
            return NamedNode(_expand(raw.strip()))
        if param.type == "date":
            return Literal(dt.date.fromisoformat(raw.strip()).isoformat(), datatype=NamedNode(XSD_DATE))
        if param.type == "integer":
            return Literal(str(int(raw.strip())), datatype=NamedNode(XSD_INTEGER))
        return Literal(raw)
    except ValueError as error:
        raise QueryError(f"parameter {param.name}={raw!r} is not a valid {param.type}: {error}") from None


def _expand(value: str) -> str:
    prefix, _, local = value.partition(":")
    prefixes = all_prefixes()
    if prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return value


def run_embedded(store: Store, text: str) -> Result:
    """Run a bound query on the in-process store; the default graph is the union of the graphs."""
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"query does not parse: {error}") from None
    if not isinstance(solutions, QuerySolutions):
        raise QueryError("only SELECT queries are supported in the library")
    variables = tuple(variable.value for variable in solutions.variables)
    rows = tuple(tuple(_nt(solution[name]) for name in variables) for solution in solutions)
    return Result(variables, rows)


def _nt(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (NamedNode, Literal, BlankNode)):
        return str(term)
    raise QueryError(f"unexpected term in results: {term!r}")


def result_from_sparql_json(data: Mapping[str, object]) -> Result:
    """Rows from a SPARQL 1.1 JSON results document, terms as N-Triples."""
    head = data.get("head")
    results = data.get("results")
    if not isinstance(head, Mapping) or not isinstance(results, Mapping):
        raise QueryError("the endpoint's answer is not a SPARQL JSON results document")
    variables = tuple(head.get("vars", []))
    rows = []
    for binding in results.get("bindings", []):
        rows.append(tuple(_json_term(binding.get(name)) for name in variables))
    return Result(variables, tuple(rows))


def _json_term(value: Mapping[str, str] | None) -> str | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return str(NamedNode(value["value"]))
    if kind == "bnode":
        return f"_:{value['value']}"
    if "xml:lang" in value:
        return str(Literal(value["value"], language=value["xml:lang"]))
    datatype = value.get("datatype")
    if datatype and datatype != XSD_STRING:
        return str(Literal(value["value"], datatype=NamedNode(datatype)))
    return str(Literal(value["value"]))


def release_graphs() -> list[str]:
    """The IRIs of the release's named graphs, which queries on a remote store run over."""
    from kg.graph import TIME_DATASET, TOMBSTONE_DATASET
    from kg.ids import graph_iri
    from kg.sources import all_sources

    names = [module.DATASET.name for module in all_sources()] + [TIME_DATASET.name, TOMBSTONE_DATASET.name]
    return [graph_iri(name) for name in names]


def run_remote(endpoint: str, text: str, default_graphs: Sequence[str] = (), timeout: float = 120) -> Result:
    """Run a bound query on a SPARQL 1.1 endpoint (SPARQLWrapper).

    Without ``default_graphs`` the query runs over the store's own default graph (the union of
    all graphs on Virtuoso, and on Oxigraph started with ``--union-default-graph``). With
    them, they go as ``default-graph-uri`` so the query sees their merge whatever the store's
    default graph is: the portable way, but Virtuoso 7.2 plans such queries badly and, once in
    four fresh servers here, miscounted a property path (README, "Loading into a triple store").
    """
    from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    # An HTML-form body: Virtuoso 7.2 never answers a POST of application/sparql-query
    # (measured: no response within 20 s even for LIMIT 1), while every store takes forms.
    client.setRequestMethod(URLENCODED)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    for graph in default_graphs:
        client.addDefaultGraph(graph)
    # Without its comment lines: SPARQLWrapper guesses the query form from keywords, and a
    # header's words ("add up") would make it send the query as an update.
    client.setQuery(_strip_comments(text))
    try:
        response = client.query()
        headers = response.info()
        data = response.convert()
    except SPARQLWrapperException as error:
        raise QueryError(f"the endpoint {endpoint} refused the query: {error}") from None
    except OSError as error:
        raise QueryError(f"cannot reach the endpoint {endpoint}: {error}") from None
    result = result_from_sparql_json(data)  # type: ignore[arg-type]
    max_rows = {name.lower(): value for name, value in headers.items()}.get("x-sparql-maxrows")
    if max_rows is not None and len(result.rows) >= int(max_rows):
        raise QueryError(
            f"the endpoint {endpoint} truncated the result at {max_rows} rows (X-SPARQL-MaxRows); raise its row limit"
        )
    return result


# ------------------------------------------------------------------ output ----


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


def format_result(result: Result, fmt: str) -> str:
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return _sparql_json(result)
    return _table(result)


def _csv(result: Result) -> str:
    """SPARQL 1.1 CSV results: IRIs and literal text, no datatypes."""
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
    return json.dumps(
        {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1
    )


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
    return "\n".join(lines)


EXAMPLE_ROWS = 5


def catalogue_markdown(queries: Sequence[Query], store: Store) -> str:
    """queries/README.md: every query's header, and the first rows it gives on the release."""
    lines = [
        "# The query library",
        "",
        "Generated by `kg query --write-readme` from the headers of the `.rq` files and the",
        "published release; do not edit by hand. Run a query with `kg query NAME` (embedded) or",
        "`kg query NAME --endpoint URL` (any SPARQL 1.1 endpoint holding the release). Parameters",
        "are given as `--param name=value` and bound as RDF terms, never pasted into the text.",
        "",
    ]
    for query in queries:
        result = run_embedded(store, bind(query, {}))
        lines += [f"## {query.name}: {query.title}", "", query.question, ""]
        if query.params:
            lines += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
            lines += [f"| `{p.name}` | {p.type} | `{p.default}` | {p.doc} |" for p in query.params]
            lines.append("")
        lines += [
            f"Each row: {query.row}",
            "",
            f"With the defaults, on the release: {len(result.rows):,} row(s); the first ones:",
            "",
        ]
        lines += ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
        for row in result.rows[:EXAMPLE_ROWS]:
            lines.append("| " + " | ".join(short(term).replace("|", "\\|") for term in row) + " |")
        lines.append("")
    return "\n".join(lines)


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``k=v`` pairs from the command line."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {pair!r} must be name=value")
        values[name.strip()] = value
    return values


def load_store(quads: Sequence[tuple[str, str, str, str]] | None = None, nquads_file: Path | None = None) -> Store:
    """An in-memory store with the release (from an N-Quads file) or with built quads."""
    from pyoxigraph import RdfFormat

    from kg.serialize import nquads

    store = Store()
    if nquads_file is not None:
        store.bulk_load(path=str(nquads_file), format=RdfFormat.N_QUADS)
    elif quads is not None:
        store.bulk_load(nquads(quads), format=RdfFormat.N_QUADS)
    return store
