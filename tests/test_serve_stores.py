"""kg serve from a remote store gives the same answers as from the embedded one.

The published sample is loaded into a real Oxigraph server (``--union-default-graph``, as the
README says to start it) and into a real Virtuoso (with `kg load`; skipped only when Virtuoso
is not installed), each served by ``RemoteBackend``; the same release is served from the
embedded store. Documents, pages, charts and /sparql answers must be byte for byte the same.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
import requests
from processes import descendants, left_running
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from servers import Endpoint, oxigraph_server, virtuoso_available, virtuoso_server
from test_serve import RETIRED, SEED_CLAIM, free_port, publish_sample, running

from kg.queries import bind, catalogue, load_store
from kg.serve.app import create_app
from kg.serve.backend import Backend, EmbeddedBackend, Limits, RemoteBackend
from kg.serve.release import open_release

ENTITIES = (
    f"claim/{SEED_CLAIM}",
    "claim/general-staff-lod-db-2025-06-03-tanks",
    f"claim/{RETIRED}",
    "agent/ru-mod",
    "formation/russian-battlegroup-west",
    "period/day-2025-06-02",
    "category/ru-mod-personnel",
)
LIMITS = Limits(timeout=60.0, max_rows=100_000)
XSD = "http://www.w3.org/2001/XMLSchema#"
# Where the stores rewrite literals of the release, so that no two of them serve the same bytes:
# - Oxigraph (embedded and server) stores the integer types derived from xsd:integer as
#   xsd:integer: the release's "990"^^xsd:nonNegativeInteger (oa:start) comes back as
#   "990"^^xsd:integer; Virtuoso keeps the release's type.
# - Virtuoso stores an xsd:duration as its seconds: the release's "P1D"^^xsd:duration comes back
#   as "86400.0"^^xsd:duration, and a page prints 86400.0 where it printed P1D.
# The Virtuoso comparison undoes both on both sides, and nothing else may differ.
INTEGER_TYPES = {
    XSD + name for name in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger")
}
DURATION_SECONDS = re.compile(rb">(\d+)\.0<")
# Library queries a store answers otherwise than the embedded one, with why (the queries are
# the library's; the rows are what each store computes from the same data).
LIBRARY_DIFFERENCES: dict[str, dict[str, str]] = {}
VIRTUOSO_ROWS = 2_000_000  # Virtuoso's ResultSetMaxRows: above any answer of the sample


class Pair(NamedTuple):
    """The same release served from the embedded store and from a server (``store``)."""

    embedded: str
    remote: str
    store: str


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def both(request: pytest.FixtureRequest, sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """(embedded URL, remote URL): one release served from the embedded store and from a server."""
    if request.param == "virtuoso" and (reason := virtuoso_available()) is not None:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp(f"serve-{request.param}")
    project, release = publish_sample(sample_root, folder)
    opened = open_release(release)
    embedded = EmbeddedBackend(load_store(nquads_file=release / "claimgraph.nq"))
    with (
        loaded_server(request.param, folder, release) as remote,
        running(create_app(embedded, opened, project, LIMITS)) as embedded_url,
        running(create_app(remote, opened, project, LIMITS)) as remote_url,
    ):
        yield Pair(embedded_url, remote_url, request.param)


@contextmanager
def loaded_server(name: str, folder: Path, release: Path) -> Iterator[Backend]:
    """Oxigraph (``--union-default-graph``, loaded through its graph store) or Virtuoso (loaded
    with `kg load`, as the README says), with the release; the backend kg serve makes for it."""
    from kg.serve.run import make_backend

    if name == "oxigraph":
        with oxigraph_server(folder) as endpoint:
            loaded = requests.post(
                endpoint.graph_store_url,
                data=(release / "claimgraph.nq").read_bytes(),
                headers={"Content-Type": "application/n-quads"},
                timeout=120,
            )
            assert loaded.status_code in (200, 204), loaded.text
            yield RemoteBackend(endpoint.query_url)
        return
    with virtuoso_server(folder, max_rows=VIRTUOSO_ROWS) as endpoint:
        kg_load(endpoint, release)
        yield make_backend(release, endpoint.query_url)


def kg_load(endpoint: Endpoint, release: Path) -> None:
    """`kg load` as a user runs it (the console script), which verifies every graph's count."""
    kg = Path(sys.executable).parent / "kg"
    command = [str(kg), "load", "--endpoint", endpoint.query_url, "--graph-store", endpoint.graph_store_url]
    command += ["--release", str(release), "--user", endpoint.user or ""]
    environment = {**os.environ, "CLAIMGRAPH_STORE_PASSWORD": endpoint.password or ""}
    loaded = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded and verified" in loaded.stdout


def fetch(url: str, path: str, accept: str | None = None) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(url + path, headers=headers, allow_redirects=False, timeout=120)


@pytest.mark.parametrize("entity", ENTITIES)
def test_same_redirects_documents_and_pages(both: Pair, entity: str) -> None:
    embedded, remote = both.embedded, both.remote
    for accept in (None, "text/turtle", "application/ld+json"):
        first, second = fetch(embedded, f"/id/{entity}", accept), fetch(remote, f"/id/{entity}", accept)
        assert (first.status_code, first.headers["Location"]) == (second.status_code, second.headers["Location"])
    for extension in ("nt", "ttl", "jsonld", "html"):
        first, second = fetch(embedded, f"/doc/{entity}.{extension}"), fetch(remote, f"/doc/{entity}.{extension}")
        assert first.status_code == 200, f"{entity}.{extension}"
        if both.store == "virtuoso":
            assert_same_but_for_store_quirks(first.content, second.content, extension)
        else:
            assert first.content == second.content, f"{entity}.{extension} differs"


def assert_same_but_for_store_quirks(embedded: bytes, virtuoso: bytes, extension: str) -> None:
    """Equal once each store's own rewriting of literals (listed above) is undone on both sides."""
    if extension == "html":
        undone = DURATION_SECONDS.sub(lambda match: f">{_days(match)}<".encode(), virtuoso)
        assert embedded == undone
        return
    fmt = {"nt": RdfFormat.N_TRIPLES, "ttl": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD}[extension]
    triples = [{_canonical(quad.triple) for quad in parse(body, format=fmt)} for body in (embedded, virtuoso)]
    assert triples[0] == triples[1]


def _days(match: re.Match[bytes]) -> str:
    seconds = float(match.group(1))
    assert seconds % 86_400 == 0, f"a duration of {seconds} s is not whole days"
    return f"P{int(seconds // 86_400)}D"


def _canonical(triple: Triple) -> Triple:
    term = triple.object
    if isinstance(term, Literal) and term.datatype.value in INTEGER_TYPES:
        term = Literal(term.value, datatype=NamedNode(XSD + "integer"))
    elif isinstance(term, Literal) and term.datatype.value == XSD + "duration" and term.value.startswith("P"):
        days = re.fullmatch(r"P(\d+)D", term.value)
        assert days, f"{term.value}: only durations of whole days are compared"
        term = Literal(f"{int(days.group(1)) * 86_400}.0", datatype=term.datatype)
    return Triple(triple.subject, triple.predicate, term)


def test_same_404(both: Pair) -> None:
    for url in (both.embedded, both.remote):
        assert fetch(url, "/id/claim/no-such-claim").status_code == 404


def test_same_charts(both: Pair) -> None:
    embedded, remote = both.embedded, both.remote
    page = fetch(embedded, "/charts").text
    assert page == fetch(remote, "/charts").text
    paths = [part.split('"')[0] for part in page.split('="')[1:] if part.startswith("/chart/")]
    paths.append("/chart/formation/russian-battlegroup-west.svg")
    assert paths
    for path in paths:
        assert fetch(embedded, path).content == fetch(remote, path).content, path


def test_same_sparql_answers_for_the_library(both: Pair, sample_root: Path) -> None:
    from kg.config import Project

    for query in catalogue(Project(sample_root).queries_dir):
        answers = [
            requests.post(
                url + "/sparql",
                data={"query": bind(query, {})},
                headers={"Accept": "application/sparql-results+json"},
                timeout=120,
            )
            for url in (both.embedded, both.remote)
        ]
        assert [answer.status_code for answer in answers] == [200, 200], query.name
        rows = [sorted(json.dumps(b, sort_keys=True) for b in a.json()["results"]["bindings"]) for a in answers]
        if query.name in LIBRARY_DIFFERENCES.get(both.store, {}):
            assert rows[0] != rows[1], f"{both.store} now agrees on {query.name}: drop it from LIBRARY_DIFFERENCES"
        else:
            assert rows[0] == rows[1], query.name


def test_persistent_store_serves_the_same_and_keeps_the_time_limit(
    sample_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """kg serve's own backend: kg.store's on-disk store, queried in forked workers."""
    from kg.serve.run import make_backend

    project, release = publish_sample(sample_root, tmp_path_factory.mktemp("serve-persistent"))
    opened = open_release(release)
    memory = EmbeddedBackend(load_store(nquads_file=release / "claimgraph.nq"))
    strict = Limits(timeout=1.0, max_rows=100_000)
    with (
        running(create_app(memory, opened, project, strict)) as memory_url,
        running(create_app(make_backend(release, None), opened, project, strict)) as disk_url,
    ):
        for entity in ENTITIES[:3]:
            assert fetch(memory_url, f"/doc/{entity}.html").content == fetch(disk_url, f"/doc/{entity}.html").content
        query = {"query": bind(catalogue(project.queries_dir)[0], {})}
        answers = [
            requests.post(url + "/sparql", data=query, headers={"Accept": "text/csv"}, timeout=60)
            for url in (memory_url, disk_url)
        ]
        assert answers[0].status_code == 200 and answers[0].content == answers[1].content
        endless = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
        slow = requests.post(disk_url + "/sparql", data=endless, headers={"Accept": "application/json"}, timeout=60)
        assert slow.status_code == 503


def test_oxigraph_without_union_default_graph(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The store's default graph is empty: the backend then names the release's graphs in every query."""
    from kg.serve.run import make_backend

    folder = tmp_path_factory.mktemp("serve-no-union")
    project, release = publish_sample(sample_root, folder)
    opened = open_release(release)
    memory = EmbeddedBackend(load_store(nquads_file=release / "claimgraph.nq"))
    with oxigraph_server(folder, union_default_graph=False) as endpoint:
        data = (release / "claimgraph.nq").read_bytes()
        loaded = requests.post(
            endpoint.graph_store_url, data=data, headers={"Content-Type": "application/n-quads"}, timeout=120
        )
        assert loaded.status_code in (200, 204), loaded.text
        remote = make_backend(release, endpoint.query_url)
        assert isinstance(remote, RemoteBackend) and remote.default_graphs
        with (
            running(create_app(memory, opened, project, LIMITS)) as memory_url,
            running(create_app(remote, opened, project, LIMITS)) as remote_url,
        ):
            for entity in ENTITIES:
                for extension in ("nt", "html"):
                    first, second = (
                        fetch(memory_url, f"/doc/{entity}.{extension}"),
                        fetch(remote_url, f"/doc/{entity}.{extension}"),
                    )
                    assert first.status_code == second.status_code == 200
                    assert first.content == second.content, f"{entity}.{extension}"


@pytest.mark.parametrize("workers", [1, 2, None])
def test_kg_serve_command_answers_and_stops_cleanly(
    sample_root: Path, tmp_path_factory: pytest.TempPathFactory, workers: int | None
) -> None:
    """`kg serve` as users start it: answers, runs /sparql in a worker, and exits on SIGTERM, port closed.

    With ``--workers 2`` two server processes open the same on-disk store read-only; without
    ``--workers``, one per usable core (at most four)."""
    project, release = publish_sample(sample_root, tmp_path_factory.mktemp("serve-command"))
    port = free_port()
    kg = Path(sys.executable).parent / "kg"  # the console script, as installed
    command = [str(kg), "--project", str(project.root), "serve", "--release", str(release), "--port", str(port)]
    command += ["--workers", str(workers)] if workers else []
    workers = workers or min(len(os.sched_getaffinity(0)), 4)
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                if requests.get(url + "/sparql", headers={"Accept": "text/html"}, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "kg serve did not answer within 60 s"
                time.sleep(0.2)
        assert fetch(url, f"/id/claim/{SEED_CLAIM}", "text/turtle").status_code == 303
        answer = requests.post(
            url + "/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"}, timeout=30
        )
        assert answer.json()["boolean"] is True  # a query worker now exists
        processes = descendants(server.pid)
        # the forked query worker; with --workers, uvicorn's server processes too
        assert len(processes) >= (1 if workers == 1 else workers + 1)
        pages = [fetch(url, f"/doc/{entity}.html").status_code for entity in ENTITIES * 3]
        assert pages == [200] * len(pages)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        with pytest.raises(requests.ConnectionError):
            requests.get(url + "/", timeout=5)
        assert left_running(processes, within=10.0) == []
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.mark.parametrize("cores", [1, 2, 3])
def test_default_workers_follow_the_usable_cores(cores: int) -> None:
    """kg serve's default process count is the CPUs the process may run on (taskset, a
    container's limit), not the machine's count."""
    usable = sorted(os.sched_getaffinity(0))
    if len(usable) < cores:
        pytest.skip(f"this machine lets tests use {len(usable)} cores")
    code = "from kg.serve.run import default_workers; print(default_workers())"
    answer = subprocess.run(
        [sys.executable, "-c", code],
        preexec_fn=lambda: os.sched_setaffinity(0, usable[:cores]),
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(answer.stdout) == cores
