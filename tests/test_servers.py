"""Prove the server harness against the real servers: writes, replace semantics, auth, loader, cleanup."""

from __future__ import annotations

import dataclasses
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from servers import (
    HOST,
    Endpoint,
    ServerError,
    http_opener,
    oxigraph_server,
    virtuoso_available,
    virtuoso_bulk_load,
    virtuoso_server,
)

SERVERS: dict[str, Callable[[Path], AbstractContextManager[Endpoint]]] = {
    "oxigraph": oxigraph_server,
    "virtuoso": virtuoso_server,
}
EX = "http://example.org/claimgraph-test/"
SMALL_GRAPH = "".join(f'<{EX}s{i}> <{EX}p> "value {i}" .\n' for i in range(5)).encode()


def start(name: str, tmp_path: Path) -> AbstractContextManager[Endpoint]:
    """Start the named server, or skip visibly when Virtuoso is not installed."""
    if name == "virtuoso" and (reason := virtuoso_available()) is not None:
        pytest.skip(reason)
    return SERVERS[name](tmp_path)


@pytest.fixture(scope="module", params=sorted(SERVERS))
def endpoint(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """One server per module: tests use distinct graph IRIs, so they can share it."""
    with start(request.param, tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with start("virtuoso", tmp_path_factory.mktemp("virtuoso-only")) as running:
        yield running


def put_graph(endpoint: Endpoint, graph_iri: str, ntriples: bytes) -> int:
    """Graph Store Protocol PUT (replace the graph); returns the HTTP status."""
    url = f"{endpoint.graph_store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
    request = urllib.request.Request(
        url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    with http_opener(endpoint).open(request, timeout=30) as response:
        return int(response.status)


def select(endpoint: Endpoint, query: str) -> list[dict[str, str]]:
    """SPARQL SELECT over HTTP POST; returns each row's variable -> lexical value."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        endpoint.query_url,
        data=body,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.load(response)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def count_triples(endpoint: Endpoint, graph_iri: str) -> int:
    (row,) = select(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    return int(row["n"])


def sparql_update(endpoint: Endpoint, update: str) -> None:
    assert endpoint.update_url is not None
    body = urllib.parse.urlencode({"update": update}).encode()
    request = urllib.request.Request(
        endpoint.update_url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with http_opener(endpoint).open(request, timeout=30):
        pass


def accepts_connections(url: str) -> bool:
    port = urllib.parse.urlsplit(url).port
    assert port is not None
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def test_put_then_count_exactly(endpoint: Endpoint) -> None:
    graph = f"{EX}put"
    assert put_graph(endpoint, graph, SMALL_GRAPH) in {200, 201, 204}
    assert count_triples(endpoint, graph) == 5


def test_put_replaces_the_graph(endpoint: Endpoint) -> None:
    graph = f"{EX}replace"
    put_graph(endpoint, graph, SMALL_GRAPH)
    assert put_graph(endpoint, graph, SMALL_GRAPH) in {200, 201, 204}
    assert count_triples(endpoint, graph) == 5
    put_graph(endpoint, graph, SMALL_GRAPH.splitlines(keepends=True)[0])
    assert count_triples(endpoint, graph) == 1


def test_sparql_update_endpoint_writes(endpoint: Endpoint) -> None:
    graph = f"{EX}update"
    sparql_update(endpoint, f'INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}p> "x" }} }}')
    assert count_triples(endpoint, graph) == 1


def test_default_graph_is_union_of_named_graphs(endpoint: Endpoint) -> None:
    subject = f"{EX}union-subject"
    for graph in (f"{EX}union-1", f"{EX}union-2"):
        put_graph(endpoint, graph, f'<{subject}> <{EX}in> "{graph}" .\n'.encode())
    rows = select(endpoint, f"SELECT ?o WHERE {{ <{subject}> <{EX}in> ?o }}")
    assert sorted(row["o"] for row in rows) == [f"{EX}union-1", f"{EX}union-2"]


def test_virtuoso_refuses_wrong_or_missing_password(virtuoso: Endpoint) -> None:
    graph = f"{EX}auth"
    put_graph(virtuoso, graph, SMALL_GRAPH)
    for intruder in (dataclasses.replace(virtuoso, password="wrong"), dataclasses.replace(virtuoso, auth=None)):
        with pytest.raises(urllib.error.HTTPError) as refused:
            put_graph(intruder, graph, b"")
        assert refused.value.code == 401
    assert count_triples(virtuoso, graph) == 5


def test_virtuoso_bulk_load_and_row_cap(virtuoso: Endpoint) -> None:
    assert virtuoso.load_dir is not None and virtuoso.max_rows is not None
    graph = f"{EX}bulk"
    total = virtuoso.max_rows + 50
    lines = [f'<{EX}b{i}> <{EX}p> "{i}" .\n' for i in range(total)]
    data = virtuoso.load_dir / "bulk.nt"
    data.write_text("".join(lines[:100]))
    virtuoso_bulk_load(virtuoso, data, graph)
    assert count_triples(virtuoso, graph) == 100
    data.write_text("".join(lines))
    virtuoso_bulk_load(virtuoso, data, graph)  # same path again: must be reloaded, not skipped
    assert count_triples(virtuoso, graph) == total
    assert len(select(virtuoso, f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")) == virtuoso.max_rows


def test_virtuoso_bulk_load_reports_errors(virtuoso: Endpoint) -> None:
    assert virtuoso.load_dir is not None
    broken = virtuoso.load_dir / "broken.nt"
    broken.write_text(f'<{EX}a> <{EX}p> "unterminated .\n')
    with pytest.raises(ServerError, match="Unterminated"):
        virtuoso_bulk_load(virtuoso, broken, f"{EX}broken")


@pytest.mark.parametrize("name", sorted(SERVERS))
def test_server_is_stopped_on_exit(name: str, tmp_path: Path) -> None:
    with start(name, tmp_path) as running:
        assert accepts_connections(running.query_url)
    assert not accepts_connections(running.query_url)
