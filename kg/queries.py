"""The query library: discovery, safe parameter binding, read-only checking, embedded runs.

Each ``queries/*.rq`` file opens with a header of ``# key: value`` lines (title, question,
param, row). Parameters are bound by adding a ``VALUES`` block, built from parsed RDF terms,
at the start of the query's outer ``WHERE`` group: user input is never pasted into query text,
and the same bound text runs embedded (pyoxigraph) and on remote endpoints (:mod:`kg.remote`),
so both give the same rows. A library query is found by its name only; one's own query comes
from an explicit file or text. Either is parsed before it runs anywhere, and only SELECT, ASK,
CONSTRUCT and DESCRIBE are let through.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from kg.errors import KgError
from kg.results import (
    GRAPH_FORMATS,
    ROW_FORMATS,
    Answer,
    AskResult,
    GraphResult,
    Result,
    format_result,
    lexical,
    short,
)
from kg.serialize import all_prefixes

__all__ = [  # the results' names stay importable from here, where they used to live
    "Answer",
    "AskResult",
    "GraphResult",
    "Param",
    "Query",
    "QueryError",
    "Result",
    "bind",
    "catalogue",
    "catalogue_markdown",
    "check_form",
    "choose",
    "execute",
    "find",
    "format_result",
    "lexical",
    "load_store",
    "output_format",
    "own_query",
    "parse_params",
    "parse_query",
    "release_graphs",
    "run_embedded",
    "short",
    "to_term",
]

PARAM_TYPES = ("iri", "string", "date", "integer")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
READ_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_HEADER = re.compile(r"^#\s*(title|question|param|row):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>\w+)(?:,\s*default:\s*(?P<default>[^)]*))?\)\s*:\s*(?P<doc>.*)$"
)
_IRI = re.compile(r"<[^\s<>\"{}|^`\\]*>")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


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
    origin: str


def catalogue(queries_dir: Path) -> list[Query]:
    """Every query of the library, by name."""
    return [parse_query(path) for path in sorted(queries_dir.glob("*.rq"))]


def find(queries_dir: Path, name: str) -> Query:
    """The library's query of that name: a name, never a path."""
    path = queries_dir / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(query.name for query in catalogue(queries_dir))
        raise QueryError(
            f"no query named {name!r}; the library has: {known}. "
            "To run a query of your own: kg query --file FILE.rq, or kg query --sparql 'SELECT ...'"
        )
    return parse_query(path)


def parse_query(path: Path) -> Query:
    """Read a library query file and its header; a malformed header names the file and line."""
    text = path.read_text(encoding="utf-8")
    return _read_query(text, path, path.stem, f"query {path.stem!r} ({path})", header_required=True)


def choose(queries_dir: Path, name: str | None, file: Path | None, text: str | None) -> Query:
    """The query asked for: a library query by NAME, or one's own from ``--file`` or ``--sparql``."""
    if file is not None:
        return own_query(_read_text(file), file, str(file))
    if text is not None:
        return own_query(text, Path("--sparql"), "the --sparql query")
    if name is None:
        raise QueryError("no query given: a NAME of the library, --file FILE or --sparql QUERY")
    return find(queries_dir, name)


def _read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"{file}: not UTF-8 text (byte {error.start})") from None


def own_query(text: str, path: Path, origin: str) -> Query:
    """One's own query: a header is optional; the params it declares, if any, are bound as the
    library's are."""
    return _read_query(text, path, path.stem, origin, header_required=False)


def output_format(form: str, fmt: str | None) -> str:
    """The output format for a query form: rows and booleans as table, csv or json; triples as
    ttl or nt; the default is table or ttl."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if fmt is None:
        return "ttl" if graph else "table"
    if graph and fmt not in GRAPH_FORMATS:
        raise QueryError(
            f"{_article(form)} {form} query gives triples: use --format {' or '.join(GRAPH_FORMATS)}, not {fmt}"
        )
    if not graph and fmt not in ROW_FORMATS:
        raise QueryError(
            f"{_article(form)} {form} query gives {'rows' if form == 'SELECT' else 'a boolean'}: "
            f"use --format {', '.join(ROW_FORMATS)}, not {fmt}"
        )
    return fmt


def _article(form: str) -> str:
    return "an" if form == "ASK" else "a"


def _read_query(text: str, path: Path, name: str, origin: str, header_required: bool) -> Query:
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
    if missing and header_required:
        raise QueryError(f"{path}: header lacks {', '.join(missing)}")
    return Query(
        name,
        path,
        fields.get("title", ""),
        fields.get("question", ""),
        fields.get("row", ""),
        tuple(params),
        text,
        origin,
    )


def _parse_param(value: str, path: Path, line: int) -> Param:
    match = _PARAM.match(value.strip())
    if not match or match["type"] not in PARAM_TYPES:
        raise QueryError(
            f"{path}, line {line}: param must be 'name (type[, default: value]): doc' with type in {PARAM_TYPES}"
        )
    default = match["default"].strip() if match["default"] else None
    return Param(match["name"], match["type"], default, match["doc"].strip())


def bind(query: Query, values: Mapping[str, str]) -> str:
    """The query text with its parameters bound by VALUES blocks of parsed RDF terms.

    Each group introduced by the WHERE keyword (the query's and each subquery's: a subquery's
    scope is its own) opens with a block of the parameters it uses itself, so a parameter is
    the same variable wherever it is used, and stores plan each part from bound values
    (Oxigraph starts its joins there; Virtuoso 7.2 fails to compile a block of values the
    group does not use). A parameter no group uses goes to the outermost group. A group
    written without the keyword gets no block.
    """
    declared = {param.name: param for param in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {', '.join(unknown)}; it takes: {', '.join(declared) or 'none'}"
        )
    if not declared:
        return query.text
    terms: dict[str, str] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise QueryError(f"query {query.name!r} needs --param {param.name}=… ({param.type}: {param.doc})")
        terms[param.name] = str(to_term(param, raw))
    groups = _where_groups(_strip_comments(query.text))
    if not groups:
        raise QueryError(f"{query.origin}: no WHERE group to bind parameters in")
    used = [{name for name in terms if re.search(rf"[?$]{name}\b", own)} for _, own in groups]
    used[0] |= set(terms) - set().union(*used)
    pieces, start = [], 0
    for (opening, _), names in zip(groups, used, strict=True):
        if names:
            bound = [param.name for param in query.params if param.name in names]
            block = f"VALUES ({' '.join('?' + n for n in bound)}) {{ ({' '.join(terms[n] for n in bound)}) }}\n"
            pieces += [query.text[start:opening], "\n  " + block]
            start = opening
    return "".join(pieces) + query.text[start:]


def _where_groups(text: str) -> list[tuple[int, str]]:
    """Each WHERE group in order: the position just after its ``{``, and its own text (without
    the groups of the subqueries inside it)."""
    spans = [(match.end(), _closing_brace(text, match.end())) for match in _WHERE.finditer(text)]
    groups = []
    for opening, closing in spans:
        inner = [(o, c) for o, c in spans if opening < o and c <= closing]
        own, cursor = [], opening
        for o, c in inner:
            if o >= cursor:
                own.append(text[cursor:o])
                cursor = c
        own.append(text[cursor:closing])
        groups.append((opening, "".join(own)))
    return groups


def _closing_brace(text: str, opening: int) -> int:
    """The position of the ``}`` closing the group opened just before ``opening``; string
    literals, IRIs and comments are skipped."""
    depth, index, quote = 1, opening, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif iri := _IRI.match(text, index):
            index = iri.end() - 1
        elif char == "#":
            index = text.find("\n", index) % (len(text) + 1)
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return len(text)


def _strip_comments(text: str) -> str:
    """The text with comment lines blanked out (same length), so positions still match."""
    return re.sub(r"(?m)^[ \t]*#.*$", lambda m: " " * len(m.group(0)), text)


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


def check_form(text: str, origin: str) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT or DESCRIBE), read by a SPARQL parser before the
    query goes anywhere; an update, or text that is not a query, is refused."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return READ_FORMS[parseQuery(text)[1].name]
    except (ParseBaseException, ValueError, KeyError) as error:
        try:
            parseUpdate(text)
        except (ParseBaseException, ValueError):
            where = f"line {error.lineno}, column {error.column}: " if isinstance(error, ParseBaseException) else ""
            message = error.msg if isinstance(error, ParseBaseException) else str(error)
            raise QueryError(f"{origin} is not a SPARQL query: {where}{message}") from None
        raise QueryError(
            f"{origin} is a SPARQL update; kg query runs only SELECT, ASK, CONSTRUCT and DESCRIBE "
            "queries and sends nothing else"
        ) from None


def _expand(value: str) -> str:
    prefix, _, local = value.partition(":")
    prefixes = all_prefixes()
    if prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return value


def execute(store: Store, text: str) -> Answer:
    """Run a bound query on the in-process store; the default graph is the union of the graphs."""
    try:
        answer = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"query does not parse: {error}") from None
    if isinstance(answer, QuerySolutions):
        variables = tuple(variable.value for variable in answer.variables)
        return Result(variables, tuple(tuple(_nt(solution[name]) for name in variables) for solution in answer))
    if isinstance(answer, QueryBoolean):
        return AskResult(bool(answer))
    return GraphResult(tuple(answer))


def run_embedded(store: Store, text: str) -> Result:
    """The rows of a SELECT (every query of the library is one) on the in-process store."""
    answer = execute(store, text)
    if not isinstance(answer, Result):
        raise QueryError("only SELECT queries give rows")
    return answer


def _nt(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (NamedNode, Literal, BlankNode)):
        return str(term)
    raise QueryError(f"unexpected term in results: {term!r}")


def release_graphs() -> list[str]:
    """The IRIs of the release's named graphs, which queries on a remote store run over."""
    from kg.graph import TIME_DATASET, TOMBSTONE_DATASET
    from kg.ids import graph_iri
    from kg.sources import all_sources

    names = [module.DATASET.name for module in all_sources()] + [TIME_DATASET.name, TOMBSTONE_DATASET.name]
    return [graph_iri(name) for name in names]


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
