"""Starting the server: choose the backend, open the release, hand the app to uvicorn.

With ``--workers N`` uvicorn runs N processes, each with the application of its own over the
same release: each opens the release's store read-only (RocksDB allows several readers of
one store) and its side-by-side tables (kg.serve.peers), both built once first by the
parent. uvicorn starts its workers by importing the application by name, so their settings
reach them as JSON in ``KG_SERVE_SETTINGS``.

By default there is one process per core this process may run on (:func:`default_workers`),
up to ``MOST_DEFAULT_WORKERS``: a page is CPU work in Python, so one process uses one core
whatever the load, and a linked-data server is asked by crawlers and many readers at once.
``--workers 1`` keeps everything in one process (for a debugger, or a machine shared with
other work).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Project
from kg.serve.backend import Backend, EmbeddedBackend, Limits, PeerGroups, connect
from kg.serve.release import ReleaseMissing, open_release

if TYPE_CHECKING:
    from pyoxigraph import Store
    from starlette.applications import Starlette

SETTINGS_VARIABLE = "KG_SERVE_SETTINGS"
# each process keeps its own document cache, labels and charts (about 230 MB on the real
# release): four stay within 1 GB, and more cores than that rarely serve one small graph
MOST_DEFAULT_WORKERS = 4


@dataclass(frozen=True)
class ServeSettings:
    """Everything a worker process needs to build the application, as plain values."""

    project_root: str
    bundled: bool
    release: str
    store_url: str | None
    timeout: float
    max_rows: int
    releases: str | None = None  # the folder of versioned releases (kg.serve.releases)


def default_workers() -> int:
    """One server process per usable core (the CPUs this process may run on, which a container
    or ``taskset`` may limit below the machine's count), at most ``MOST_DEFAULT_WORKERS``.

    Not uvicorn's default of one: a page is Python work, so one process leaves every other core
    idle while requests queue (on two cores, p50 of 30 ms where two processes give 14 ms). Not
    gunicorn's advice of twice the cores plus one either: that assumes workers that wait on I/O,
    while ours compute, and each holds its own caches in memory."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(usable, MOST_DEFAULT_WORKERS))


def make_backend(release: Path, store_url: str | None) -> Backend:
    """The remote store when a URL is given, else the release's persistent store (kg.store),
    built on first use and reused while the release is unchanged."""
    if store_url:
        graphs = [graph.iri for graph in open_release(release).graphs()]
        return connect(store_url, graphs, Limits(timeout=60.0))
    from kg.store import open_release_store

    if not (release / "claimgraph.nq").is_file():
        raise ReleaseMissing(f"{release / 'claimgraph.nq'}: not found; run `kg publish` first or pass --release")
    store = open_release_store(release, progress=_note)
    return EmbeddedBackend(store, f"release store of {release}", _peer_groups(release, store))


def _peer_groups(release: Path, store: Store) -> PeerGroups | None:
    """The side-by-side tables of the release (kg.serve.peers), made once beside its store;
    without them (a folder this user cannot write) claim pages look their rows up each time."""
    from kg.serve.peers import open_peer_index
    from kg.store import StoreUnwritable

    try:
        return open_peer_index(release, store, progress=_note).rows
    except StoreUnwritable as error:
        _note(f"{error}: claim pages will look up their side-by-side rows one by one")
        return None


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


def build_app(settings: ServeSettings) -> Starlette:
    """The application for one process: its own backend over the release."""
    from kg.serve.app import create_app

    release = Path(settings.release)
    project = Project(Path(settings.project_root), settings.bundled)
    opened = open_release(release, Path(settings.releases) if settings.releases else None)
    limits = Limits(settings.timeout, settings.max_rows)
    return create_app(make_backend(release, settings.store_url), opened, project, limits)


def app_from_environment() -> Starlette:
    """The application of a uvicorn worker process (``--workers``), from ``KG_SERVE_SETTINGS``."""
    return build_app(ServeSettings(**json.loads(os.environ[SETTINGS_VARIABLE])))


def serve(
    project: Project,
    release: Path,
    host: str,
    port: int,
    store_url: str | None,
    limits: Limits,
    workers: int | None = None,
    access_log: bool = False,
    releases: Path | None = None,
) -> None:
    """Serve until interrupted, in one process or in ``workers`` processes (by default
    :func:`default_workers`)."""
    import uvicorn

    workers = workers or default_workers()
    settings = ServeSettings(
        str(project.root),
        project.bundled,
        str(release.resolve()),
        store_url,
        limits.timeout,
        limits.max_rows,
        str(releases.resolve()) if releases else None,
    )
    if workers == 1:
        uvicorn.run(build_app(settings), host=host, port=port, log_level="info", access_log=access_log)
        return
    open_release(release)  # a clear error before any worker starts
    make_backend(release, store_url)  # the store is built here once, not by each worker
    os.environ[SETTINGS_VARIABLE] = json.dumps(asdict(settings))
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        access_log=access_log,
    )
