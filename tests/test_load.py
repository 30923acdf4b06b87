"""The release in real triple stores: load it into a live Oxigraph server and (where installed)
Virtuoso, verify every graph's count, run every library query there and require the rows the
embedded store gives; and make sure a failed load never reports success."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from click.testing import CliRunner
from pyoxigraph import Store
from servers import Endpoint, oxigraph_server, virtuoso_available, virtuoso_isql, virtuoso_server

from kg.cli import main
from kg.config import Project
from kg.load import LoadError, Target, count_graph, load_release
from kg.publish import Summary
from kg.queries import Result, bind, catalogue, release_graphs, run_embedded
from kg.remote import RemoteError, is_virtuoso, run_remote

# Each server is queried the way the README advises for it: Oxigraph, started without
# --union-default-graph, over the release's graphs named in the request (`--release-graphs`);
# Virtuoso over its own default graph, the union of its graphs, because with the graphs named
# in the request Virtuoso 7.2 timed out on claimed-vs-confirmed on 2 of 4 fresh servers here
# and gave relay-chain a wrong hop count on 1 (without them: 4 of 4 right, within 11 s).
SERVERS = {"oxigraph": True, "virtuoso": False}
ROWS_ENOUGH = 2_000_000


@pytest.fixture(scope="module", params=list(SERVERS))
def loaded(
    request: pytest.FixtureRequest, release: Summary, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Endpoint]:
    """A live server of each kind with the release loaded once through `kg load`."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "virtuoso":
        reason = virtuoso_available()
        if reason is not None:
            pytest.skip(reason)
        server = virtuoso_server(folder, max_rows=ROWS_ENOUGH)
    else:
        server = oxigraph_server(folder, union_default_graph=False)
    with server as endpoint:
        code, out, err = _kg_load(endpoint, release.out)
        assert code == 0, err
        assert "loaded and verified" in out
        yield endpoint


def _kg_load(endpoint: Endpoint, release: Path, *extra: str) -> tuple[int, str, str]:
    args = [
        "load",
        "--endpoint",
        endpoint.query_url,
        "--graph-store",
        endpoint.graph_store_url,
        "--release",
        str(release),
        *extra,
    ]
    if endpoint.user:
        args += ["--user", endpoint.user, "--password", endpoint.password or ""]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_every_graph_holds_the_release(loaded: Endpoint, release: Summary) -> None:
    target = Target(loaded.query_url, loaded.graph_store_url, loaded.user, loaded.password)
    with requests.Session() as session:
        session.auth = target.auth()
        counts = {graph: count_graph(session, target, graph) for graph in release.triples_by_graph}
    assert counts == release.triples_by_graph


@pytest.fixture(scope="module")
def embedded_results(store: Store, project: Project) -> dict[str, tuple[str, Result]]:
    """Every library query with its default parameters, and its result on the embedded store."""
    texts = {query.name: bind(query, {}) for query in catalogue(project.queries_dir)}
    return {name: (text, run_embedded(store, text)) for name, text in texts.items()}


@pytest.mark.parametrize(
    "name", sorted(query.name for query in catalogue(Project(Path(__file__).resolve().parents[1]).queries_dir))
)
def test_query_gives_the_embedded_rows(
    loaded: Endpoint, embedded_results: dict[str, tuple[str, Result]], name: str
) -> None:
    text, embedded = embedded_results[name]
    assert embedded.rows, "a query that answers nothing on the release proves nothing here"
    # as `kg query NAME` sends it: on Virtuoso, with the pragma to keep the written join order
    remote = run_remote(
        loaded.query_url, text, "SELECT", release_graphs() if SERVERS[loaded.name] else (), written_order=True
    )
    assert isinstance(remote, Result)
    assert remote.variables == embedded.variables
    ordered = "ORDER BY" in text.upper()
    assert _rows(remote, ordered) == _rows(embedded, ordered)


def test_virtuoso_is_told_from_other_stores(loaded: Endpoint) -> None:
    """Only Virtuoso gets the join-order pragma: Oxigraph would refuse the query with it."""
    assert is_virtuoso(loaded.query_url) == (loaded.name == "virtuoso")


def test_kg_query_on_the_endpoint_prints_the_embedded_rows(
    loaded: Endpoint, embedded_results: dict[str, tuple[str, Result]]
) -> None:
    """The command as a researcher types it, with the README's advice for each server."""
    _, embedded = embedded_results["statement-relays"]
    args = ["query", "statement-relays", "--endpoint", loaded.query_url, "--format", "csv"]
    if SERVERS[loaded.name]:
        args.append("--release-graphs")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == ",".join(embedded.variables)
    assert len(lines) == 1 + len(embedded.rows)
    assert "note: no rows" not in result.stderr


def test_an_empty_default_graph_gets_a_hint(loaded: Endpoint) -> None:
    if SERVERS[loaded.name] is False:
        pytest.skip(f"{loaded.name}'s default graph is the union of its graphs")
    result = CliRunner().invoke(main, ["query", "statement-relays", "--endpoint", loaded.query_url, "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[1:] == []
    assert "add --union-default-graph (Oxigraph) or --release-graphs (any store)" in result.stderr


def test_oxigraphs_union_parameter_gives_the_embedded_rows(
    loaded: Endpoint, embedded_results: dict[str, tuple[str, Result]]
) -> None:
    """`kg query --union-default-graph`: Oxigraph's own request parameter, on a server started
    without the flag; as fast as one started with it, where --release-graphs is slower."""
    if loaded.name != "oxigraph":
        pytest.skip("union-default-graph is a parameter of Oxigraph's server")
    for name, (text, embedded) in sorted(embedded_results.items()):
        remote = run_remote(loaded.query_url, text, "SELECT", union_default_graph=True)
        assert isinstance(remote, Result)
        ordered = "ORDER BY" in text.upper()
        assert _rows(remote, ordered) == _rows(embedded, ordered), name


def test_loading_twice_replaces_rather_than_duplicates(
    loaded: Endpoint, release: Summary, embedded_results: dict[str, tuple[str, Result]]
) -> None:
    """The counts after a second load equal the release's, and the query that took longest on
    Virtuoso still gives the embedded rows over the replaced graphs."""
    code, out, err = _kg_load(loaded, release.out)
    assert code == 0, err
    assert f"loaded and verified {sum(release.triples_by_graph.values()):,} triples" in out
    text, embedded = embedded_results["claimed-vs-confirmed"]
    # as `kg query NAME` sends it: on Virtuoso, with the pragma to keep the written join order
    remote = run_remote(
        loaded.query_url, text, "SELECT", release_graphs() if SERVERS[loaded.name] else (), written_order=True
    )
    assert isinstance(remote, Result)
    assert _rows(remote, ordered=True) == _rows(embedded, ordered=True)


def test_the_readmes_virtuoso_bulk_load_gives_the_release(release: Summary, tmp_path: Path) -> None:
    """The README's other way into Virtuoso, exactly as written there: ld_dir on the release's
    N-Quads (each quad keeps its graph), rdf_loader_run; then the same per-graph counts."""
    reason = virtuoso_available()
    if reason is not None:
        pytest.skip(reason)
    with virtuoso_server(tmp_path) as endpoint:
        assert endpoint.load_dir is not None
        shutil.copy(release.out / "claimgraph.nq", endpoint.load_dir / "claimgraph.nq")
        virtuoso_isql(
            endpoint, f"ld_dir('{endpoint.load_dir}', 'claimgraph.nq', 'urn:unused'); rdf_loader_run(); checkpoint;"
        )
        errors = virtuoso_isql(endpoint, "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        assert "claimgraph.nq" not in errors
        target = Target(endpoint.query_url, endpoint.graph_store_url, endpoint.user, endpoint.password)
        with requests.Session() as session:
            session.auth = target.auth()
            counts = {graph: count_graph(session, target, graph) for graph in release.triples_by_graph}
    assert counts == release.triples_by_graph


def _rows(result: Result, ordered: bool) -> list[tuple[str | None, ...]]:
    rows = [tuple(_same_term(term) for term in row) for row in result.rows]
    return rows if ordered else sorted(rows, key=repr)


def _same_term(term: str | None) -> str | None:
    """Plain literals and xsd:string literals are the same term (RDF 1.1); stores differ in which they return."""
    suffix = "^^<http://www.w3.org/2001/XMLSchema#string>"
    return term[: -len(suffix)] if term and term.endswith(suffix) else term


# ------------------------------------------------------------------ failures ----


def test_truncated_results_are_an_error_not_an_answer(tmp_path: Path) -> None:
    reason = virtuoso_available()
    if reason is not None:
        pytest.skip(reason)
    with virtuoso_server(tmp_path) as endpoint:
        many = "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(10_050))
        response = requests.put(
            endpoint.graph_store_url,
            params={"graph": "urn:many"},
            data=many.encode(),
            headers={"Content-Type": "application/n-triples"},
            auth=requests.auth.HTTPDigestAuth("dba", "dba"),
            timeout=60,
        )
        assert response.status_code in (200, 201, 204), response.text[:500]
        with pytest.raises(RemoteError, match="truncated the result at 10000 rows"):
            run_remote(endpoint.query_url, "SELECT ?s WHERE { GRAPH <urn:many> { ?s ?p ?o } }")


def test_wrong_password_is_refused_with_the_servers_message(release: Summary, tmp_path: Path) -> None:
    reason = virtuoso_available()
    if reason is not None:
        pytest.skip(reason)
    with virtuoso_server(tmp_path) as endpoint:
        wrong = Endpoint(
            "virtuoso", endpoint.query_url, endpoint.update_url, endpoint.graph_store_url, "dba", "not-the-password"
        )
        code, out, err = _kg_load(wrong, release.out)
    assert code == 2
    assert "HTTP 401" in err and "loaded and verified" not in out


def test_server_down_is_a_clear_error(release: Summary) -> None:
    port = _free_port()
    code, out, err = _kg_load(
        Endpoint("oxigraph", f"http://127.0.0.1:{port}/query", None, f"http://127.0.0.1:{port}/store"), release.out
    )
    assert code == 2
    assert "cannot reach" in err and "refused" in err.lower()
    assert "loaded and verified" not in out


class _Stalling(http.server.BaseHTTPRequestHandler):
    """Reads the request, then never answers."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(30)

    def log_message(self, *args: object) -> None:
        pass


class _FailsMidway(http.server.BaseHTTPRequestHandler):
    """Accepts the first chunk, then fails with a 500 and a message, as a store running out of room."""

    accepted = 0

    def _answer(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        if _FailsMidway.accepted == 0:
            _FailsMidway.accepted += 1
            self.send_response(201)
            self.end_headers()
            return
        body = b"SR133: disk full while writing transaction log"
        self.send_response(500, "Internal Server Error")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = _answer
    do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_a_stalled_server_times_out(release: Summary) -> None:
    server, base = _serve(_Stalling)
    try:
        code, out, err = _kg_load(
            Endpoint("oxigraph", f"{base}/query", None, f"{base}/store"), release.out, "--timeout", "1"
        )
    finally:
        server.shutdown()
    assert code == 2
    assert "no answer" in err and "within 1 s" in err
    assert "loaded and verified" not in out


def test_a_failure_midway_stops_with_the_servers_message(release: Summary) -> None:
    server, base = _serve(_FailsMidway)
    _FailsMidway.accepted = 0
    try:
        code, out, err = _kg_load(
            Endpoint("oxigraph", f"{base}/query", None, f"{base}/store"), release.out, "--chunk", "500"
        )
    finally:
        server.shutdown()
    assert code == 2
    assert "HTTP 500" in err and "SR133: disk full" in err
    assert "loaded and verified" not in out


class _Forgetful(http.server.BaseHTTPRequestHandler):
    """Answers every write with success but keeps only the first chunk of each graph, as a
    store that half-wrote a load would; its count query reports what it really holds."""

    kept: ClassVar[dict[str, int]] = {}

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        _Forgetful.kept[graph] = body.count(b"\n")
        self.send_response(201)
        self.end_headers()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.startswith("/store"):
            self.send_response(204)
            self.end_headers()
            return
        query = parse_qs(body.decode())["query"][0]
        graph = query.split("GRAPH <", 1)[1].split(">", 1)[0]
        answer = json.dumps(
            {
                "head": {"vars": ["n"]},
                "results": {"bindings": [{"n": {"type": "literal", "value": str(_Forgetful.kept.get(graph, 0))}}]},
            }
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args: object) -> None:
        pass


def test_a_partial_load_is_caught_by_the_counts(release: Summary) -> None:
    server, base = _serve(_Forgetful)
    _Forgetful.kept = {}
    try:
        code, out, err = _kg_load(
            Endpoint("oxigraph", f"{base}/query", None, f"{base}/store"), release.out, "--chunk", "100000"
        )
    finally:
        server.shutdown()
    assert code == 1
    assert "the store does not hold the release" in err
    assert "loaded and verified" not in out


def test_unknown_graph_store_needs_the_option(release: Summary) -> None:
    result = CliRunner().invoke(
        main, ["load", "--endpoint", "http://127.0.0.1:9/sparql-endpoint", "--release", str(release.out)]
    )
    assert result.exit_code == 2
    assert "--graph-store" in result.stderr


def test_missing_release_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="run 'kg publish' first"):
        load_release(tmp_path, Target("http://127.0.0.1:9/query", "http://127.0.0.1:9/store"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
