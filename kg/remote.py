"""Talking to remote stores safely: a total deadline on every request, no password in any
message, and answers checked before they are believed.

``requests`` bounds each socket read, not the request: a server that sends one byte every few
seconds would keep a command waiting forever. :func:`within_deadline` runs a request in a
daemon thread and gives up when the total time is spent (the thread ends at its own socket
timeout, which is the same deadline). Every URL in a message goes through :func:`redact`, and
so does every message a library builds around a URL.

:func:`run_remote` sends a query (and only a query: the text is always the ``query`` field of
an HTML form, never ``update``) over the SPARQL 1.1 Protocol and turns the answer into the
same :mod:`kg.results` as an embedded run, or a one-line error saying what was wrong with it.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from kg.boundary import redact
from kg.errors import KgError
from kg.results import XSD_STRING, Answer, AskResult, GraphResult, Result

T = TypeVar("T")
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
# XML first: Virtuoso writes it about twice as fast as JSON (breakdown-vs-headline's 1,364 rows:
# 0.37 s against 0.64 s, warm), and pyoxigraph parses it; JSON stays accepted from other stores
SOLUTIONS_ACCEPT = f"{SPARQL_XML}, {SPARQL_JSON};q=0.9"
RESULTS_FORMATS = {SPARQL_XML: QueryResultsFormat.XML, SPARQL_JSON: QueryResultsFormat.JSON}
GRAPH_TYPES = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
}
# Virtuoso searches join orders for every query text it has not seen (1.1 s for
# compilation-disagreements, which then runs in 0.02 s; a parameter bound to another value is
# another text). The library's queries are written in the order their patterns should be
# joined, and this pragma has Virtuoso keep that order: every one gave the same rows with it,
# and compilation-disagreements' first run took 0.09 s (kg query NAME sends it; a query of
# one's own, --file or --sparql, goes as written).
VIRTUOSO_WRITTEN_ORDER = 'DEFINE sql:select-option "order"\n'
_SNIPPET = 200


class RemoteError(KgError):
    """A remote store that could not be reached, did not answer in time, or answered wrongly."""


def check_url(url: str, option: str) -> str:
    """Accept only http(s) URLs with a host: anything else is refused before a request."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{option} {redact(url)!r} is not an http:// or https:// URL")
    return url


def within_deadline(seconds: float, request: Callable[[], T], what: str) -> T:
    """The request's result, or a RemoteError once ``seconds`` have passed in all."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()

    def work() -> None:
        try:
            future.set_result(request())
        except BaseException as error:  # handed to the caller, who decides what it means
            future.set_exception(error)

    threading.Thread(target=work, name="kg-request", daemon=True).start()
    try:
        return future.result(timeout=seconds)
    except (concurrent.futures.TimeoutError, requests.Timeout):
        raise RemoteError(f"{redact(what)}: no answer within {seconds:g} s (--timeout)") from None
    except requests.ConnectionError as error:
        raise RemoteError(f"{redact(what)}: cannot reach the server: {reason(error)}") from None
    except requests.RequestException as error:
        raise RemoteError(f"{redact(what)}: {reason(error)}") from None


def reason(error: BaseException) -> str:
    """The innermost cause of a connection error, which names what went wrong (refused, reset),
    with any password in it masked."""
    while error.__cause__ is not None or (error.args and isinstance(error.args[0], Exception)):
        error = error.__cause__ or error.args[0]
    return redact(" ".join(str(error).split()))[:300]


def snippet(text: str) -> str:
    """The start of a server's answer on one line, for an error message."""
    flat = " ".join(text.split())
    return redact(flat if len(flat) <= _SNIPPET else flat[:_SNIPPET] + "...")


def run_remote(
    endpoint: str,
    text: str,
    form: str = "SELECT",
    default_graphs: Sequence[str] = (),
    timeout: float = 120.0,
    union_default_graph: bool = False,
    written_order: bool = False,
) -> Answer:
    """Run a query on a SPARQL 1.1 endpoint and check its answer.

    ``written_order``: the text is one of the library's queries, whose patterns are written in
    the order to join them; on Virtuoso it goes with VIRTUOSO_WRITTEN_ORDER (is_virtuoso).

    Without ``default_graphs`` the query runs over the store's own default graph (the union of
    all graphs on Virtuoso, and on Oxigraph started with ``--union-default-graph``). With them,
    they go as ``default-graph-uri`` so the query sees their merge whatever the store's default
    graph is: the portable way, but Oxigraph then evaluates each pattern once per named graph
    (5 to 10 times slower on the release). ``union_default_graph`` sends Oxigraph's own
    ``union-default-graph`` request parameter instead, which makes its default graph the union
    of its graphs for this query, as fast as a server started with the flag.
    The body is an HTML form: Virtuoso 7.2 never answers a POST of application/sparql-query
    (measured: no response within 20 s even for LIMIT 1).
    """
    check_url(endpoint, "--endpoint")
    shown = redact(endpoint)
    if written_order and is_virtuoso(endpoint, timeout):
        text = VIRTUOSO_WRITTEN_ORDER + text
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5" if graph_form else SOLUTIONS_ACCEPT
    fields = [("query", text), *(("default-graph-uri", graph) for graph in default_graphs)]
    if union_default_graph:
        fields.append(("union-default-graph", ""))

    def send() -> requests.Response:
        response = requests.post(endpoint, data=fields, headers={"Accept": accept}, timeout=timeout)
        response.content  # noqa: B018 -- read the whole body inside the deadline
        return response

    response = within_deadline(timeout, send, f"the endpoint {shown}")
    if response.status_code >= 300:
        raise RemoteError(
            f"the endpoint {shown} refused the query: HTTP {response.status_code} {response.reason}: {snippet(response.text)}"
        )
    if graph_form:
        return _graph_answer(response, shown)
    if _media_type(response) == SPARQL_XML:
        return _capped(_xml_answer(response, shown), response.headers, shown)
    return _checked_rows(_json_document(response, shown), response.headers, shown)


def is_virtuoso(endpoint: str, timeout: float = 10.0) -> bool:
    """Whether the endpoint's server names itself Virtuoso (the Server header of a HEAD request);
    False when it cannot tell: the query then goes as written, and any fault shows there."""

    limit = min(timeout, 10.0)

    def head() -> requests.Response:
        return requests.head(endpoint, timeout=limit, allow_redirects=True)

    try:
        response = within_deadline(limit, head, f"the endpoint {redact(endpoint)}")
    except RemoteError:
        return False
    return response.headers.get("Server", "").startswith("Virtuoso/")


def _media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _xml_answer(response: requests.Response, shown: str) -> Answer:
    """Rows (terms as N-Triples) or the boolean of a SPARQL XML results document, parsed by
    pyoxigraph; a malformed document is an error quoting the parser."""
    try:
        parsed = parse_query_results(response.content, format=QueryResultsFormat.XML)
        if isinstance(parsed, QueryBoolean):
            return AskResult(bool(parsed))
        variables = tuple(variable.value for variable in parsed.variables)
        rows = tuple(tuple(_nt(solution[name]) for name in variables) for solution in parsed)
    except SyntaxError as error:
        raise RemoteError(
            f"the endpoint {shown} answered with invalid SPARQL XML results: {snippet(str(error))}"
        ) from None
    return Result(variables, rows)


def _nt(term: object) -> str | None:
    return None if term is None else str(term)


def _json_document(response: requests.Response, shown: str) -> Mapping[str, object]:
    media_type = _media_type(response)
    try:
        data = response.json()
    except ValueError:
        raise RemoteError(
            f"the endpoint {shown} did not answer with SPARQL JSON results (Content-Type {media_type or 'none'}): "
            f"{snippet(response.text)}"
        ) from None
    if not isinstance(data, Mapping):
        kind = "a JSON array" if isinstance(data, list) else f"JSON {type(data).__name__}"
        raise RemoteError(f"the endpoint {shown} answered with {kind}, not a SPARQL JSON results document")
    return data


def _checked_rows(data: Mapping[str, object], headers: Mapping[str, str], shown: str) -> Answer:
    if isinstance(data.get("boolean"), bool):
        return AskResult(bool(data["boolean"]))
    return _capped(result_from_sparql_json(data, shown), headers, shown)


def _capped(result: Answer, headers: Mapping[str, str], shown: str) -> Answer:
    """The result, unless the store says it cut it at its row limit (Virtuoso's X-SPARQL-MaxRows)."""
    if not isinstance(result, Result):
        return result
    max_rows = headers.get("X-SPARQL-MaxRows")
    if max_rows is not None:
        if not max_rows.strip().isdigit():
            raise RemoteError(
                f"the endpoint {shown} sent X-SPARQL-MaxRows {snippet(max_rows)!r}, which is not a number"
            )
        if len(result.rows) >= int(max_rows):
            raise RemoteError(
                f"the endpoint {shown} truncated the result at {int(max_rows)} rows (X-SPARQL-MaxRows); raise its row limit"
            )
    return result


def result_from_sparql_json(data: Mapping[str, object], shown: str = "the endpoint") -> Result:
    """Rows from a SPARQL 1.1 JSON results document, terms as N-Triples; a malformed document
    is an error naming the row and variable."""
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, Mapping) or not isinstance(results, Mapping):
        raise RemoteError(f"the answer of {shown} is not a SPARQL JSON results document (no head and results)")
    variables = head.get("vars", [])
    bindings = results.get("bindings", [])
    if not isinstance(variables, list) or not all(isinstance(name, str) for name in variables):
        raise RemoteError(f"the answer of {shown} has no list of variable names in head.vars")
    if not isinstance(bindings, list):
        raise RemoteError(f"the answer of {shown} has no list of results.bindings")
    rows = []
    for number, binding in enumerate(bindings, start=1):
        if not isinstance(binding, Mapping):
            raise RemoteError(f"the answer of {shown}: result {number} is not a JSON object")
        rows.append(tuple(_json_term(binding.get(name), shown, number, name) for name in variables))
    return Result(tuple(variables), tuple(rows))


def _json_term(value: object, shown: str, row: int, name: str) -> str | None:
    if value is None:
        return None
    where = f"the answer of {shown}: result {row}, ?{name}"
    if not isinstance(value, Mapping) or not isinstance(value.get("value"), str):
        raise RemoteError(f"{where} has no string 'value'")
    kind, text = value.get("type"), value["value"]
    try:
        if kind == "uri":
            return str(NamedNode(text))
        if kind == "bnode":
            return str(BlankNode(text))
        if kind is None:
            raise RemoteError(f"{where} has no 'type'")
        if kind not in ("literal", "typed-literal"):
            raise RemoteError(f"{where} has type {kind!r}; expected uri, bnode or literal")
        if "xml:lang" in value:
            return str(Literal(text, language=str(value["xml:lang"])))
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:
            return str(Literal(text, datatype=NamedNode(str(datatype))))
        return str(Literal(text))
    except ValueError as error:
        raise RemoteError(f"{where} is not a valid RDF term: {error}") from None


def _graph_answer(response: requests.Response, shown: str) -> GraphResult:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    rdf_format = GRAPH_TYPES.get(media_type)
    if rdf_format is None:
        raise RemoteError(
            f"the endpoint {shown} answered a graph query with {media_type or 'no Content-Type'}; "
            f"expected one of {', '.join(GRAPH_TYPES)}"
        )
    try:
        quads = parse(response.content, rdf_format)
        return GraphResult(tuple(Triple(quad.subject, quad.predicate, quad.object) for quad in quads))
    except SyntaxError as error:
        raise RemoteError(f"the endpoint {shown} answered with invalid {media_type}: {snippet(str(error))}") from None
