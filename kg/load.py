"""Loading a release into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol, verified.

Each named graph of ``claimgraph.nq`` is sent in chunks: the first chunk with PUT (so a second
load replaces the graph rather than adding to it), the rest with POST (which merges). Chunks
keep memory flat and keep each request small: Virtuoso has been seen to hang, half-written,
on single PUTs of a million triples, and HTTP digest authentication makes clients send a
large body twice. After the load, every graph's triples are counted with a SPARQL query and
compared with the release; a mismatch (a partial load, a silent truncation) is an error.

Every request has a total deadline (``timeout``, see :func:`kg.remote.within_deadline`), only
http(s) URLs are accepted, and every URL in a message has its password masked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.auth import AuthBase, HTTPDigestAuth

from kg.boundary import redact
from kg.errors import KgError
from kg.remote import RemoteError, check_url, snippet, within_deadline

DEFAULT_CHUNK = 20_000
NTRIPLES = "application/n-triples"


class LoadError(KgError):
    """A load the store refused, did not answer, or did not keep."""


@dataclass(frozen=True)
class Target:
    """Where and how to load: the query endpoint, the graph store, credentials, limits."""

    endpoint: str
    graph_store: str
    user: str | None = None
    password: str | None = None
    timeout: float = 120.0
    chunk_triples: int = DEFAULT_CHUNK

    def auth(self) -> AuthBase | None:
        return HTTPDigestAuth(self.user, self.password or "") if self.user else None

    def check(self) -> None:
        """Refuse what is not an http(s) URL before any request."""
        try:
            check_url(self.endpoint, "--endpoint")
            check_url(self.graph_store, "--graph-store")
        except RemoteError as error:
            raise LoadError(str(error)) from None


@dataclass
class LoadReport:
    """Per graph: triples in the release, triples the store holds after the load."""

    expected: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)

    @property
    def mismatches(self) -> list[str]:
        return [
            f"{graph}: the release has {count:,} triples, the store holds {self.found.get(graph, 0):,}"
            for graph, count in sorted(self.expected.items())
            if self.found.get(graph) != count
        ]


def default_graph_store(endpoint: str, authenticated: bool) -> str:
    """The graph store URL of the stores we know, from their query endpoint's URL."""
    try:
        check_url(endpoint, "--endpoint")
    except RemoteError as error:
        raise LoadError(str(error)) from None
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        store = path[: -len("/query")] + "/store"
    elif path.endswith("/sparql"):
        store = path + ("-graph-crud-auth" if authenticated else "-graph-crud")
    else:
        raise LoadError(f"cannot tell the graph store of {redact(endpoint)}; give it with --graph-store")
    return urlunsplit((parts.scheme, parts.netloc, store, "", ""))


def graph_chunks(nquads: Path, chunk_triples: int) -> Iterator[tuple[str, list[str], bool]]:
    """(graph IRI, N-Triples lines, first chunk of this graph?) from a graph-ordered N-Quads file."""
    current, first = "", True
    lines: list[str] = []
    with nquads.open(encoding="utf-8") as handle:
        for line in handle:
            triple, graph = _split_quad(line)
            if graph != current:
                if lines:
                    yield current, lines, first
                current, lines, first = graph, [], True
            lines.append(triple)
            if len(lines) >= chunk_triples:
                yield current, lines, first
                lines, first = [], False
    if lines:
        yield current, lines, first


def _split_quad(line: str) -> tuple[str, str]:
    """An N-Quads line of the release as (N-Triples line, graph IRI): the graph is the last term."""
    body = line.rstrip()[:-1].rstrip()
    cut = body.rindex(" ")
    return body[:cut] + " .\n", body[cut + 1 :].strip("<>")


def count_graphs(nquads: Path) -> dict[str, int]:
    """Triples per named graph in the release."""
    counts: dict[str, int] = {}
    with nquads.open(encoding="utf-8") as handle:
        for line in handle:
            graph = _split_quad(line)[1]
            counts[graph] = counts.get(graph, 0) + 1
    return counts


def load_release(release: Path, target: Target, progress: Callable[[int], None] = lambda _: None) -> LoadReport:
    """Load every named graph of the release, then count what the store holds."""
    target.check()
    nquads = release / "claimgraph.nq"
    if not nquads.is_file():
        raise LoadError(f"{nquads} does not exist: run 'kg publish' first")
    report = LoadReport(expected=count_graphs(nquads))
    with requests.Session() as session:
        session.auth = target.auth()
        if session.auth is not None:
            _prime_authentication(session, target)
        for graph, lines, first in graph_chunks(nquads, target.chunk_triples):
            _send(session, target, graph, lines, "PUT" if first else "POST")
            progress(len(lines))
        for graph in report.expected:
            report.found[graph] = count_graph(session, target, graph)
    return report


def _prime_authentication(session: requests.Session, target: Target) -> None:
    """Answer the digest challenge once with a bodiless request, so that every write after it
    carries its credentials: a write that is challenged first sends its body twice, and
    Virtuoso closes the connection on large ones."""
    store = redact(target.graph_store)
    response = _request(
        session,
        target,
        "GET",
        target.graph_store,
        f"authenticating at {store}",
        params={"graph": "urn:x-claimgraph:authentication-probe"},
    )
    if response.status_code in (401, 403):
        raise LoadError(
            f"{store} refused the credentials of {target.user!r}: HTTP {response.status_code} {response.reason}: {snippet(response.text)}"
        )


def _send(session: requests.Session, target: Target, graph: str, lines: list[str], method: str) -> None:
    what = f"{method} of {len(lines):,} triples into <{graph}> at {redact(target.graph_store)}"
    response = _request(
        session,
        target,
        method,
        target.graph_store,
        what,
        params={"graph": graph},
        data="".join(lines).encode("utf-8"),
        headers={"Content-Type": NTRIPLES},
    )
    if response.status_code >= 300:
        raise LoadError(f"{what} was refused: HTTP {response.status_code} {response.reason}: {snippet(response.text)}")


def count_graph(session: requests.Session, target: Target, graph: str) -> int:
    """The store's own count of a named graph's triples (SPARQL COUNT)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    what = f"counting <{graph}> at {redact(target.endpoint)}"
    response = _request(
        session,
        target,
        "POST",
        target.endpoint,
        what,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    if response.status_code >= 300:
        raise LoadError(f"{what} was refused: HTTP {response.status_code} {response.reason}: {snippet(response.text)}")
    try:
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise LoadError(f"{what}: the answer is not a SPARQL JSON count: {snippet(response.text)}") from None


def _request(
    session: requests.Session, target: Target, method: str, url: str, what: str, **options: object
) -> requests.Response:
    """One request, read whole within the target's total deadline."""

    def send() -> requests.Response:
        response = session.request(method, url, timeout=target.timeout, **options)  # type: ignore[arg-type]
        response.content  # noqa: B018 -- read the whole body inside the deadline
        return response

    try:
        return within_deadline(target.timeout, send, what)
    except RemoteError as error:
        raise LoadError(str(error)) from None
