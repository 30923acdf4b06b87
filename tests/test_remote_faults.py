"""Remote calls against servers that misbehave: every bad answer is a one-line error and exit 2,
a server that drips its answer cannot hold a command past --timeout, only queries are ever sent,
and a password given in a URL never appears in what the command prints.

Each fake server is a real HTTP server on 127.0.0.1 in a thread of the test; it records what it
was sent, so the tests can tell what left the command.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Project
from kg.queries import bind, find
from kg.remote import VIRTUOSO_WRITTEN_ORDER

SECRET = "s3cret-Pa55"
SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@dataclass
class Fake:
    """A fake endpoint: what it answers, and the requests it received (method, path, body)."""

    status: int = 200
    content_type: str = "application/sparql-results+json"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip_every: float | None = None
    server: str | None = None  # the Server header, in place of http.server's own
    received: list[tuple[str, str, bytes]] = field(default_factory=list)


@pytest.fixture
def serve() -> Iterator[Callable[[Fake], str]]:
    """Start fake servers; each gives its base URL with user:SECRET in it; all are stopped after."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(fake: Fake) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://user:{SECRET}@127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _handler(fake: Fake) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            fake.received.append((self.command, self.path, self.rfile.read(length)))
            self.send_response(fake.status)
            self.send_header("Content-Type", fake.content_type)
            for name, value in fake.headers.items():
                self.send_header(name, value)
            if fake.drip_every is None:
                self.send_header("Content-Length", str(len(fake.body)))
            self.end_headers()
            if fake.drip_every is None:
                self.wfile.write(fake.body)
                return
            for byte in fake.body:  # one byte at a time, as a server that never quite stalls
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(fake.drip_every)

        do_GET = do_POST = do_PUT = _answer

        def do_HEAD(self) -> None:
            fake.received.append(("HEAD", self.path, b""))
            self.send_response(200)
            self.end_headers()

        def version_string(self) -> str:
            return fake.server or super().version_string()

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _bindings(*rows: dict[str, object]) -> bytes:
    return json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": list(rows)}}).encode()


def _xml_results(*iris: str) -> bytes:
    """A SPARQL XML results document binding ?s to each IRI."""
    results = "".join(f'<result><binding name="s"><uri>{iri}</uri></binding></result>' for iri in iris)
    return (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f'<head><variable name="s"/></head><results>{results}</results></sparql>'
    ).encode()


BAD_ANSWERS = {
    "html": (
        Fake(content_type="text/html", body=b"<html><body>Welcome to our SPARQL service</body></html>"),
        "did not answer with SPARQL JSON results (Content-Type text/html)",
    ),
    "invalid json": (
        Fake(body=b'{"head": {"vars": ["s"]}, "results": {"bindings": [{'),
        "did not answer with SPARQL JSON",
    ),
    "json array": (Fake(body=b'[{"s": 1}]'), "answered with a JSON array, not a SPARQL JSON results document"),
    "binding without type": (
        Fake(body=_bindings({"s": {"value": "http://example.org/a"}})),
        "result 1, ?s has no 'type'",
    ),
    "non-numeric max rows": (
        Fake(
            body=_bindings({"s": {"type": "uri", "value": "http://example.org/a"}}),
            headers={"X-SPARQL-MaxRows": "lots"},
        ),
        "X-SPARQL-MaxRows 'lots', which is not a number",
    ),
    "server error": (Fake(status=500, content_type="text/plain", body=b"out of memory"), "HTTP 500"),
    "invalid xml": (
        Fake(
            content_type="application/sparql-results+xml",
            body=b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
        ),
        "answered with invalid SPARQL XML results",
    ),
    "xml cut at its row limit": (
        Fake(
            content_type="application/sparql-results+xml",
            body=_xml_results("http://example.org/a", "http://example.org/b"),
            headers={"X-SPARQL-MaxRows": "2"},
        ),
        "truncated the result at 2 rows (X-SPARQL-MaxRows)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ANSWERS))
def test_a_bad_answer_is_a_clear_error(serve: Callable[[Fake], str], case: str) -> None:
    fake, message = BAD_ANSWERS[case]
    endpoint = serve(fake) + "/query"
    code, out, err = kg("query", "--sparql", SELECT, "--endpoint", endpoint)
    assert code == 2
    assert message in err
    [error] = [line for line in err.splitlines() if not line.startswith("note: ")]
    assert error.startswith("error: ")
    assert SECRET not in out + err
    assert "user:***@127.0.0.1" in err


def test_a_dripping_server_cannot_outlast_the_timeout(serve: Callable[[Fake], str]) -> None:
    fake = Fake(body=_bindings({"s": {"type": "uri", "value": "http://example.org/a"}}), drip_every=0.5)
    endpoint = serve(fake) + "/query"
    started = time.monotonic()
    code, out, err = kg("query", "--sparql", SELECT, "--endpoint", endpoint, "--timeout", "1.5")
    elapsed = time.monotonic() - started
    assert code == 2
    assert "no answer within 1.5 s (--timeout)" in err
    assert elapsed < 4, elapsed
    assert SECRET not in out + err


@pytest.mark.parametrize("timeout", ["0", "-1", "soon"])
def test_a_timeout_must_be_a_positive_number(timeout: str) -> None:
    for command in (
        ["query", "--sparql", SELECT, "--endpoint", "http://127.0.0.1:9/q"],
        ["load", "--endpoint", "http://127.0.0.1:9/query"],
    ):
        code, _, err = kg(*command, "--timeout", timeout)
        assert code == 2
        assert "--timeout" in err


UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }",
    "DROP ALL",
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
]


@pytest.mark.parametrize("update", UPDATES)
def test_an_update_is_refused_before_anything_is_sent(
    serve: Callable[[Fake], str], update: str, tmp_path: Path
) -> None:
    fake = Fake(body=_bindings())
    endpoint = serve(fake) + "/query"
    query_file = tmp_path / "evil.rq"
    query_file.write_text(update, encoding="utf-8")
    for source in (["--sparql", update], ["--file", str(query_file)]):
        code, _, err = kg("query", *source, "--endpoint", endpoint)
        assert code == 2
        assert ("is a SPARQL update" in err) or ("is not a SPARQL query" in err)
    assert fake.received == []


def test_a_query_is_sent_as_the_query_field_only(serve: Callable[[Fake], str]) -> None:
    """Even a query whose words look like an update (the old client guessed from keywords)."""
    fake = Fake(body=_bindings({"s": {"type": "literal", "value": "INSERT"}}))
    endpoint = serve(fake) + "/sparql"
    text = '# delete and insert, then load\nSELECT ?s WHERE { VALUES ?s { "INSERT" } }'
    result = CliRunner().invoke(main, ["query", "--sparql", text, "--endpoint", endpoint, "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout_bytes == b"s\r\nINSERT\r\n"
    [(method, _, body)] = fake.received
    fields = parse_qs(body.decode())
    assert method == "POST" and set(fields) == {"query"} and fields["query"] == [text]


@pytest.mark.parametrize(
    ("server", "library"),
    [("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu", True), ("Virtuoso/07.20.3229", False), ("oxigraph/0.4", True)],
)
def test_only_library_queries_to_virtuoso_keep_their_written_join_order(
    serve: Callable[[Fake], str], server: str, library: bool
) -> None:
    """`kg query NAME` on Virtuoso sends the pragma before the library's text; one's own query,
    and any query to another store (which would refuse the pragma), goes exactly as written."""
    fake = Fake(body=_bindings({"s": {"type": "uri", "value": "http://example.org/a"}}), server=server)
    endpoint = serve(fake) + "/sparql"
    chosen = ["talks-outcomes"] if library else ["--sparql", SELECT]
    result = CliRunner().invoke(main, ["query", *chosen, "--endpoint", endpoint, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    [sent] = [parse_qs(body.decode())["query"][0] for method, _, body in fake.received if method == "POST"]
    project = Project(Path(__file__).resolve().parents[1])
    written = bind(find(project.queries_dir, "talks-outcomes"), {}) if library else SELECT
    if library and server.startswith("Virtuoso/"):
        assert sent == VIRTUOSO_WRITTEN_ORDER + written
    else:
        assert sent == written


def test_a_path_is_not_a_query_name(tmp_path: Path, serve: Callable[[Fake], str]) -> None:
    evil = tmp_path / "evil.rq"
    evil.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    fake = Fake(body=_bindings())
    for name in (str(tmp_path / "evil"), "../../" + str(tmp_path / "evil"), "queries/relay-chain"):
        code, _, err = kg("query", name, "--endpoint", serve(fake) + "/query")
        assert code == 2
        assert f"no query named {name!r}" in err and "--file" in err
    assert fake.received == []


def test_an_unreachable_endpoint_names_it_without_the_password() -> None:
    code, out, err = kg("query", "--sparql", SELECT, "--endpoint", f"http://admin:{SECRET}@127.0.0.1:9/query")
    assert code == 2
    assert "cannot reach" in err and "admin:***@127.0.0.1:9" in err
    assert SECRET not in out + err


# ------------------------------------------------------------------ kg load ----


@pytest.fixture
def tiny_release(tmp_path: Path) -> Path:
    release = tmp_path / "public"
    release.mkdir()
    (release / "claimgraph.nq").write_text(
        "<http://example.org/a> <http://example.org/p> <http://example.org/b> <http://example.org/g> .\n",
        encoding="utf-8",
    )
    return release


@pytest.mark.parametrize(
    ("option", "url"),
    [
        ("--graph-store", "not-a-url"),
        ("--graph-store", "ftp://example.org/store"),
        ("--endpoint", "file:///etc/passwd"),
    ],
)
def test_load_refuses_what_is_not_http(tiny_release: Path, option: str, url: str) -> None:
    args = {"--endpoint": "http://127.0.0.1:9/query", "--graph-store": "http://127.0.0.1:9/store", option: url}
    code, out, err = kg("load", *(part for pair in args.items() for part in pair), "--release", str(tiny_release))
    assert code == 2
    assert f"{option} '{url}' is not an http:// or https:// URL" in err
    assert "loaded and verified" not in out


def test_load_with_a_dripping_server_stops_at_the_timeout(serve: Callable[[Fake], str], tiny_release: Path) -> None:
    base = serve(Fake(status=201, content_type="text/plain", body=b"created, eventually", drip_every=0.5))
    started = time.monotonic()
    code, out, err = kg("load", "--endpoint", base + "/query", "--release", str(tiny_release), "--timeout", "1")
    assert code == 2
    assert "no answer within 1 s (--timeout)" in err
    assert time.monotonic() - started < 4
    assert SECRET not in out + err


def test_load_errors_never_show_the_password(serve: Callable[[Fake], str], tiny_release: Path) -> None:
    base = serve(Fake(status=500, content_type="text/plain", body=f"cannot write http://user:{SECRET}@x/".encode()))
    code, out, err = kg("load", "--endpoint", base + "/query", "--release", str(tiny_release))
    assert code == 2
    assert "HTTP 500" in err and "user:***@127.0.0.1" in err
    assert SECRET not in out + err
    code, out, err = kg("load", "--endpoint", f"http://user:{SECRET}@127.0.0.1:9/query", "--release", str(tiny_release))
    assert code == 2
    assert "cannot reach" in err
    assert SECRET not in out + err


def test_load_refuses_a_count_that_is_not_sparql_json(serve: Callable[[Fake], str], tiny_release: Path) -> None:
    base = serve(Fake(status=200, content_type="text/html", body=b"<html>not json</html>"))
    code, out, err = kg("load", "--endpoint", base + "/query", "--release", str(tiny_release))
    assert code == 2
    assert "the answer is not a SPARQL JSON count" in err
    assert SECRET not in out + err
