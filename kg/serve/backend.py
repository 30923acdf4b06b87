"""Where the server's answers come from: the embedded release store or a remote SPARQL endpoint.

Every page, RDF document and ``/sparql`` answer goes through :class:`Backend`, so the same
routes render from a pyoxigraph store in this process (:class:`EmbeddedBackend`) or from a
triple store loaded with ``kg load`` (:class:`RemoteBackend`). An :class:`Answer` holds a
query's result as pyoxigraph terms, whatever the backend: the routes never see a wire format.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

import requests
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
)

from kg.errors import KgError
from kg.remote import RESULTS_FORMATS, SOLUTIONS_ACCEPT

if TYPE_CHECKING:
    from kg.serve.patterns import Labels

Term = NamedNode | BlankNode | Literal
T = TypeVar("T")
# (period, side, heading) IRIs -> the side-by-side rows of that group, each (variable, value) pairs
PeerGroups = Callable[[tuple[str, str, str]], list[tuple[tuple[str, Term], ...]]]


class QueryFailed(KgError):
    """A query the server will not or cannot answer; ``status`` is the HTTP status to send."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """What one query may cost: seconds of work and rows (or triples) of answer."""

    timeout: float = 30.0
    max_rows: int = 100_000


@dataclass
class Answer:
    """A query's result: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[Triple] = field(default_factory=list)

    def bindings(self) -> list[dict[str, Term]]:
        """Rows as name -> term, unbound variables left out (what page code reads)."""
        return [
            {name: term for name, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]


class Backend(Protocol):
    """A read-only SPARQL store whose default graph is the union of the release's graphs."""

    description: str

    def query(self, text: str, limits: Limits) -> Answer:
        """Run a query of the server's own within ``limits``; raise :class:`QueryFailed` when it cannot."""
        ...

    def answer(self, text: str, limits: Limits) -> Answer:
        """Run a client's query: like :meth:`query`, and no work goes on past the time limit."""
        ...

    def serialized(self, text: str, media_type: str, limits: Limits) -> bytes:
        """A client's query answered like :meth:`answer`, in a result format (kg.serve.sparql)."""
        ...


class EmbeddedBackend:
    """The release in a pyoxigraph store of this process (kg.store or kg.queries.load_store)."""

    def __init__(
        self, store: Store, description: str = "embedded store", peer_groups: PeerGroups | None = None
    ) -> None:
        """``peer_groups``: the release's side-by-side rows made once (kg.serve.peers), when it has them."""
        from kg.serve.isolation import Isolated
        from kg.serve.patterns import Labels

        self.store = store
        self.description = description
        self.peer_groups = peer_groups
        self.labels: Labels = Labels(store)
        self.isolated = Isolated(self.query)

    def query(self, text: str, limits: Limits) -> Answer:
        deadline = time.monotonic() + limits.timeout
        try:
            result = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise QueryFailed(f"the query does not parse: {error}", 400) from None
        # pyoxigraph's result iterators must be dropped by the thread that made them: the
        # failure is re-raised without a traceback that would keep the iterator alive.
        failure: QueryFailed | None = None
        try:
            return _collect(result, deadline, limits)
        except QueryFailed as error:
            failure = QueryFailed(str(error), error.status)
        finally:
            del result
        assert failure is not None
        raise failure

    def answer(self, text: str, limits: Limits) -> Answer:
        """In a forked worker killed at the time limit (kg.serve.isolation)."""
        return self.isolated.answer(text, limits)

    def serialized(self, text: str, media_type: str, limits: Limits) -> bytes:
        """Serialized by the worker too: bytes cross the pipe faster than the terms of the rows
        (pickling 880 rows of ten terms took about a sixth of the query's own time)."""
        return self.isolated.serialized(text, media_type, limits)


def local(backend: Backend) -> EmbeddedBackend | None:
    """The backend when its store is in this process, whose indexes kg.serve.patterns reads
    directly; None for a remote store, which is asked in SPARQL."""
    return backend if isinstance(backend, EmbeddedBackend) else None


def _collect(result: QueryBoolean | QuerySolutions | QueryTriples, deadline: float, limits: Limits) -> Answer:
    if isinstance(result, QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = [variable.value for variable in result.variables]
        rows = _bounded((tuple(solution[name] for name in variables) for solution in result), deadline, limits)
        return Answer("SELECT", variables=variables, rows=rows)
    return Answer("CONSTRUCT", triples=_bounded(iter(result), deadline, limits))


def _bounded(items: Iterator[T], deadline: float, limits: Limits) -> list[T]:
    """Items until the answer is complete, or a clear error once the time or the size limit is passed.

    pyoxigraph computes solutions lazily, so the deadline is checked between them; an operator
    that must see every input first (ORDER BY, GROUP BY) is checked when it yields.
    """
    collected: list[T] = []
    try:
        for item in items:
            if time.monotonic() > deadline:
                raise timeout_error(limits)
            collected.append(item)
            if len(collected) > limits.max_rows:
                raise _too_many(limits)
    except OSError as error:
        raise QueryFailed(f"the store could not answer: {error}", 500) from None
    if time.monotonic() > deadline:
        raise timeout_error(limits)
    return collected


def timeout_error(limits: Limits) -> QueryFailed:
    return QueryFailed(
        f"the query ran longer than this server's time limit of {limits.timeout:g} s (--query-timeout)", 503
    )


def _too_many(limits: Limits) -> QueryFailed:
    return QueryFailed(
        f"the answer has more than this server's limit of {limits.max_rows:,} rows (--max-rows); add a LIMIT or narrow the query",
        422,
    )


class RemoteBackend:
    """A SPARQL 1.1 endpoint over HTTP, holding the release's named graphs (``kg load``).

    With ``default_graphs``, every query names them as ``default-graph-uri``, so it sees their
    union whatever the store's own default graph is (Oxigraph without --union-default-graph);
    without, it relies on the store's default graph being that union (Virtuoso, Oxigraph with
    --union-default-graph). :func:`connect` chooses.
    """

    def __init__(self, endpoint: str, default_graphs: tuple[str, ...] = ()) -> None:
        self.endpoint = endpoint
        self.default_graphs = default_graphs
        self.description = f"SPARQL endpoint {endpoint}"
        self.session = requests.Session()

    def query(self, text: str, limits: Limits) -> Answer:
        form = form_keyword(text)
        accept = _accept_for(form)
        try:
            response = self.session.post(
                self.endpoint,
                data=[("query", text), *(("default-graph-uri", graph) for graph in self.default_graphs)],
                headers={"Accept": accept},
                timeout=limits.timeout,
            )
        except requests.Timeout:
            raise timeout_error(limits) from None
        except requests.RequestException as error:
            raise QueryFailed(f"cannot reach the store {self.endpoint}: {error}", 502) from None
        if response.status_code == 400:
            raise QueryFailed(f"the query does not parse: {response.text.strip()[:500]}", 400)
        if not response.ok:
            raise QueryFailed(f"the store {self.endpoint} answered {response.status_code}: {response.text[:300]}", 502)
        answer = self._answer(response, limits)
        return _as_boolean(answer) if form == "ASK" else answer

    def answer(self, text: str, limits: Limits) -> Answer:
        """The query with the HTTP timeout as the time limit: the remote store applies its own."""
        return self.query(text, limits)

    def serialized(self, text: str, media_type: str, limits: Limits) -> bytes:
        from kg.serve.sparql import serialize_answer

        return serialize_answer(self.answer(text, limits), media_type)

    def _answer(self, response: requests.Response, limits: Limits) -> Answer:
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        deadline = time.monotonic() + limits.timeout
        if media in ("application/n-triples", "text/plain", "text/turtle"):
            fmt = RdfFormat.TURTLE if media == "text/turtle" else RdfFormat.N_TRIPLES
            triples = (quad.triple for quad in parse(response.content, format=fmt))
            return Answer("CONSTRUCT", triples=_bounded(triples, deadline, limits))
        result = parse_query_results(response.content, format=RESULTS_FORMATS.get(media, QueryResultsFormat.JSON))
        if isinstance(result, QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        variables = [variable.value for variable in result.variables]
        rows = _bounded((tuple(solution[name] for name in variables) for solution in result), deadline, limits)
        return Answer("SELECT", variables=variables, rows=rows)


_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
VIRTUOSO_ASK = "__ASK_RETVAL"


def form_keyword(text: str) -> str:
    """The query's form keyword, read past its prologue ('' when it is none of the four): a
    look at the text, not a parse (kg.serve.sparql.query_form parses what this cannot settle)."""
    prologue = _PROLOGUE.match(text)
    form = _FORM.match(text, prologue.end() if prologue else 0)
    return form.group(1).upper() if form else ""


def _accept_for(form: str) -> str:
    """The result format to ask for, by the query's form: a store may answer any form in any
    format it is offered (Virtuoso sent an ASK as N-Triples and a CONSTRUCT as JSON rows)."""
    return "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS_ACCEPT


def _as_boolean(answer: Answer) -> Answer:
    """Virtuoso answers an ASK with a SELECT of one variable, ``__ASK_RETVAL``, bound to 1 when true."""
    if answer.form != "SELECT" or answer.variables != [VIRTUOSO_ASK]:
        return answer
    return Answer("ASK", boolean=any(row[0] is not None and row[0].value not in ("0", "false") for row in answer.rows))


def connect(endpoint: str, graphs: list[str], limits: Limits) -> RemoteBackend:
    """A backend over a remote store, naming the release's graphs when its default graph is empty."""
    union = RemoteBackend(endpoint)
    if union.query("ASK { ?s ?p ?o }", limits).boolean:
        return union
    return RemoteBackend(endpoint, tuple(graphs))
