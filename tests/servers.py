"""Real triple-store servers on 127.0.0.1 for the tests, started on free ports and always stopped.

Tests talk to the same servers the project publishes to (Oxigraph, Debian's Virtuoso 7.2) rather
than to mocks, because the differences that bite (auth, row caps, replace semantics, loader
quirks) only show up against the real thing.

Usage::

    with oxigraph_server(tmp_path) as endpoint: ...
    if (reason := virtuoso_available()) is not None:
        pytest.skip(reason)
    with virtuoso_server(tmp_path) as endpoint: ...
"""

from __future__ import annotations

import contextlib
import http.client
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0
ISQL_TIMEOUT_S = 600.0
# Debian's default [SPARQL] ResultSetMaxRows: SELECTs silently return at most this many rows.
VIRTUOSO_MAX_ROWS = 10000
# A fresh Virtuoso database always has this superuser; it needs no GRANT to write via SPARQL.
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach one running server, so tests need not know which one it is."""

    name: Literal["oxigraph", "virtuoso"]
    query_url: str
    update_url: str | None
    graph_store_url: str
    user: str | None = None
    password: str | None = None
    auth: Literal["digest"] | None = None
    max_rows: int | None = None
    # Virtuoso only: SQL port for isql-vt, and a directory its bulk loader may read (DirsAllowed).
    isql_port: int | None = None
    load_dir: Path | None = None


class ServerError(RuntimeError):
    """A server did not start, or Virtuoso's isql reported an error."""


def find_executable(name: str) -> str | None:
    """Prefer the copy installed in the running venv (pip's `oxigraph`), then PATH."""
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which(name)


def free_ports(count: int) -> list[int]:
    """Distinct ports the kernel considers free now; all sockets are held until all are chosen."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]


def http_opener(endpoint: Endpoint) -> urllib.request.OpenerDirector:
    """A urllib opener that answers the endpoint's digest challenge, if it has one.

    urllib sends the whole body before it has seen the 401 digest challenge; Virtuoso answers
    and closes, so PUTs of more than about 4 MB end in `ConnectionResetError`, while curl, which
    authenticates first, succeeds. Use `virtuoso_bulk_load` for big files.
    """
    if endpoint.auth != "digest":
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    protected = [url for url in (endpoint.graph_store_url, endpoint.update_url) if url is not None]
    passwords.add_password(None, protected, endpoint.user or "", endpoint.password or "")
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))


@contextlib.contextmanager
def oxigraph_server(tmp_path: Path, union_default_graph: bool = True) -> Iterator[Endpoint]:
    """Run `oxigraph serve` on an in-memory store (its log in tmp_path).

    In memory, as researchers try a release: measured here, loading the 1.8M-triple release
    took ~12 s in memory and over a minute on an on-disk (RocksDB) store.

    With ``union_default_graph`` (`--union-default-graph`), queries without GRAPH/FROM see the
    union of all named graphs, as on Virtuoso; without it the default graph is empty.
    """
    executable = find_executable("oxigraph")
    if executable is None:
        raise ServerError("oxigraph CLI not found beside python or on PATH: pip install 'oxigraph>=0.5,<0.6'")
    (port,) = free_ports(1)
    base = f"http://{HOST}:{port}"
    endpoint = Endpoint(
        name="oxigraph",
        query_url=f"{base}/query",
        update_url=f"{base}/update",
        graph_store_url=f"{base}/store",
    )
    command = [executable, "serve", "--bind", f"{HOST}:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    log_path = tmp_path / "oxigraph.log"
    with _process(command, log_path, cwd=tmp_path) as process:
        _wait_ready(process, log_path, lambda: _sparql_answers(endpoint.query_url))
        yield endpoint


def virtuoso_available() -> str | None:
    """None if Virtuoso can be started here, else why not (for a visible pytest.skip)."""
    missing = [name for name in ("virtuoso-t", "isql-vt") if find_executable(name) is None]
    if missing:
        install = "run .ci/install-virtuoso.sh (apt-get install virtuoso-opensource)"
        return f"{' and '.join(missing)} not installed: {install}"
    return None


@contextlib.contextmanager
def virtuoso_server(tmp_path: Path, max_rows: int = VIRTUOSO_MAX_ROWS) -> Iterator[Endpoint]:
    """Run a private Virtuoso (own virtuoso.ini, database and ports) in the foreground.

    ``max_rows`` is its ResultSetMaxRows: Debian's 10,000 by default, the silent cap that
    clients must detect; tests comparing whole result sets raise it.

    Foreground mode keeps virtuoso-t as our child, so terminating it really stops the server;
    SIGTERM makes Virtuoso do its own quick clean shutdown.
    """
    reason = virtuoso_available()
    if reason is not None:
        raise ServerError(reason)
    directory = tmp_path / "virtuoso"
    directory.mkdir(exist_ok=True)
    sql_port, http_port = free_ports(2)
    base = f"http://{HOST}:{http_port}"
    endpoint = Endpoint(
        name="virtuoso",
        query_url=f"{base}/sparql",
        update_url=f"{base}/sparql-auth",
        graph_store_url=f"{base}/sparql-graph-crud-auth",
        user=VIRTUOSO_USER,
        password=VIRTUOSO_PASSWORD,
        auth="digest",
        max_rows=max_rows,
        isql_port=sql_port,
        load_dir=directory.resolve(),
    )
    ini_path = directory / "virtuoso.ini"
    ini_path.write_text(_virtuoso_ini(directory.resolve(), sql_port, http_port, max_rows))
    command = [str(find_executable("virtuoso-t")), "+foreground", "+configfile", str(ini_path)]
    log_path = directory / "stdout.log"
    with _process(command, log_path, cwd=directory) as process:
        _wait_ready(process, log_path, lambda: _sparql_answers(endpoint.query_url) and _isql_answers(endpoint))
        yield endpoint


def virtuoso_isql(endpoint: Endpoint, sql: str, timeout: float = ISQL_TIMEOUT_S) -> str:
    """Run SQL statements through isql-vt and return its stdout.

    isql exits 0 even when a statement fails, so its '*** Error' lines are turned into ServerError.
    """
    if endpoint.isql_port is None:
        raise ServerError(f"{endpoint.name} has no isql port")
    command = [
        str(find_executable("isql-vt")),
        f"{HOST}:{endpoint.isql_port}",
        endpoint.user or "",
        endpoint.password or "",
        f"exec={sql}",
    ]
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or "*** Error" in result.stderr:
        raise ServerError(f"isql-vt failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def virtuoso_bulk_load(endpoint: Endpoint, file_path: Path, graph_iri: str) -> None:
    """Add the triples of an RDF file (.nt, .ttl, .nq, .rdf, .owl, optionally .gz) to graph_iri.

    Big Graph Store PUTs to Virtuoso break (see http_opener), so large data goes through the
    bulk loader instead. The file must lie under endpoint.load_dir (Virtuoso's DirsAllowed). The
    graph is not cleared first. The loader records per-file failures in DB.DBA.load_list instead
    of raising, and silently skips files already listed there; both are handled here. The final
    checkpoint makes the load durable, as the loader writes no transaction log.
    """
    path = _sql_string(str(file_path.resolve()))
    virtuoso_isql(
        endpoint,
        f"DELETE FROM DB.DBA.load_list WHERE ll_file = {path};"
        f"ld_add({path}, {_sql_string(graph_iri)});"
        "rdf_loader_run();"
        "checkpoint;"
        f"SELECT signal('22023', ll_error) FROM DB.DBA.load_list WHERE ll_file = {path} AND ll_error IS NOT NULL;",
    )


@contextlib.contextmanager
def _process(command: Sequence[str], log_path: Path, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run command with its output in log_path; always stop and reap it so no server outlives a test."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (both servers shut down cleanly on it), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_ready(
    process: subprocess.Popen[bytes], log_path: Path, ready: Callable[[], bool], timeout: float = STARTUP_TIMEOUT_S
) -> None:
    """Poll ready() until it holds; fail fast, with the server's log, if the process dies or stalls."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise ServerError(f"{process.args!r} exited with {process.returncode}:\n{_tail(log_path)}")
        if time.monotonic() > deadline:
            raise ServerError(f"{process.args!r} not ready after {timeout:.0f}s:\n{_tail(log_path)}")
        time.sleep(0.1)


def _sparql_answers(query_url: str) -> bool:
    """True once the SPARQL endpoint evaluates a query (not merely accepts a connection)."""
    url = f"{query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status: int = response.status
    except (OSError, http.client.HTTPException):  # refused, reset, HTTP errors, half-written answers
        return False
    return status == 200


def _isql_answers(endpoint: Endpoint) -> bool:
    try:
        virtuoso_isql(endpoint, "SELECT 1;", timeout=10)
    except (ServerError, subprocess.TimeoutExpired):
        return False
    return True


def _virtuoso_ini(directory: Path, sql_port: int, http_port: int, max_rows: int) -> str:
    """A minimal virtuoso.ini: everything in directory, both listeners on loopback only."""
    return f"""\
[Database]
DatabaseFile = {directory}/virtuoso.db
ErrorLogFile = {directory}/virtuoso.log
LockFile = {directory}/virtuoso.lck
TransactionFile = {directory}/virtuoso.trx
xa_persistent_file = {directory}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {directory}/virtuoso-temp.db
TransactionFile = {directory}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {HOST}:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
DirsAllowed = ., {directory}
NumberOfBuffers = 100000
MaxDirtyBuffers = 75000

[HTTPServer]
ServerPort = {HOST}:{http_port}
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
