"""The release tree as ``kg serve`` presents it: every release at the addresses its DCAT gives.

``kg release`` writes ``releases/VERSION/`` and names, in its ``void.ttl`` and ontology, its files
``{BASE}release/VERSION/FILE`` (``dcat:downloadURL``), the folder ``{BASE}release/VERSION/``
(``dcat:accessURL``, and the next release's ``dcat:previousVersion``), the series
``{BASE}release/`` (``dcat:inSeries``) and its ontology ``{BASE}ontology/VERSION``
(``owl:versionIRI``, and the next release's ``owl:priorVersion``). The server maps
``https://w3id.org/claimgraph/X`` to ``/X``, so each of these answers here:

- a file, only when that release's ``SHA256SUMS`` lists it (the current release's files keep
  their unversioned addresses, ``/release/FILE``, as its own description gives them);
- the folder, as a page of its files with sizes and checksums, or its ``void.ttl`` for RDF clients;
- the series, as the list of releases;
- each ontology version, as its own pyLODE page, or its Turtle by content negotiation.

Releases are never modified (kg.release), so what is read of one is kept while the server runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from kg.checksums import CHECKSUMS
from kg.config import BASE
from kg.serve import pages
from kg.serve.negotiation import DOC_FORMATS, HTML, DocFormat, choose
from kg.serve.ontology_doc import ontology_html
from kg.serve.release import Release, open_release

TURTLE = next(fmt for fmt in DOC_FORMATS if fmt.extension == "ttl")
MEDIA_TYPES = {
    ".nq": "application/n-quads",
    ".nt": "application/n-triples",
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv",
    ".md": "text/markdown; charset=utf-8",
    ".gz": "application/gzip",
}
Handler = Callable[[Request], Response]


class ReleaseTree:
    """The folder of releases (``releases/``): each subfolder with a ``SHA256SUMS`` is one,
    opened on first use and kept (a release is never modified)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._opened: dict[str, Release] = {}
        self._pages: dict[str, str] = {}
        self._lock = threading.Lock()

    def versions(self) -> list[str]:
        """Every release in the folder, oldest first (by issue date, then name); staging
        folders (``.VERSION.staging-PID``) are not releases."""
        if self.folder is None or not self.folder.is_dir():
            return []
        names = [
            entry.name
            for entry in self.folder.iterdir()
            if not entry.name.startswith(".") and (entry / CHECKSUMS).is_file() and (entry / "void.ttl").is_file()
        ]
        return sorted(names, key=lambda name: (self.issued(name), name))

    def get(self, version: str) -> Release | None:
        """The release ``version``, if the folder holds it; only names the folder lists are looked up."""
        return self._open(version) if version in self.versions() else None

    def issued(self, version: str) -> str:
        """The release's ``dcterms:issued`` date, as its description states it."""
        release = self._open(version)
        return release.value(release.dataset_iri(), "dcterms:issued")

    def _open(self, version: str) -> Release:
        found = self._opened.get(version)
        if found is None:
            assert self.folder is not None
            found = self._opened.setdefault(version, open_release(self.folder / version))
        return found

    def ontology_page(self, version: str, path: Path) -> str:
        """The pyLODE page of a release's ontology, made once (it takes a second or two)."""
        with self._lock:
            page = self._pages.get(version)
            if page is None:
                page = self._pages[version] = ontology_html(path)
        return page


def release_path(current: Release, tree: ReleaseTree, renderer: pages.Renderer) -> Handler:
    own_prefix = current.files_base().removeprefix(f"{BASE}release/")  # "VERSION/" when versioned

    def release_file(request: Request) -> Response:
        """``/release/...``: the served release's files (at ``/release/FILE`` and where its own
        description puts them), the series, and each release's folder and files."""
        path = request.path_params["path"]
        own = current.file(path) or current.file(path.removeprefix(own_prefix) if path.startswith(own_prefix) else "")
        if own is not None:
            return FileResponse(own, media_type=media_type(own))
        if path == "":
            return series_page(request, current, tree, renderer)
        version, _, rest = path.partition("/")
        past = tree.get(version)
        if past is None:
            raise HTTPException(404, f"{BASE}release/{path} is not a file of this release or of {_tree_name(tree)}")
        if rest == "":
            return folder_page(request, past, version, renderer)
        found = past.file(rest)
        if found is None:
            raise HTTPException(404, f"{BASE}release/{path} is not a file of release {version}")
        return FileResponse(found, media_type=media_type(found))

    return release_file


def ontology_version(tree: ReleaseTree, renderer: pages.Renderer) -> Handler:
    def ontology_at_version(request: Request) -> Response:
        """``/ontology/{version}``: the current release's ontology, or a past release's, at its
        ``owl:versionIRI``: pyLODE's page for browsers, Turtle for RDF clients."""
        version = request.path_params["version"]
        if f"{BASE}ontology/{version}" in renderer.ontology_versions:
            return renderer.ontology_version(request)
        past = tree.get(version)
        if past is None:
            served = [*renderer.ontology_versions, *(f"{BASE}ontology/{name}" for name in tree.versions())]
            raise HTTPException(
                404,
                f"{BASE}ontology/{version} is not an ontology version this server has; it serves {', '.join(served)}",
            )
        path = past.ontology_file
        if _negotiate((TURTLE, HTML), request) == TURTLE:
            return FileResponse(path, media_type="text/turtle", headers={"Vary": "Accept"})
        return HTMLResponse(tree.ontology_page(version, path), headers={"Vary": "Accept"})

    return ontology_at_version


def folder_page(request: Request, release: Release, version: str, renderer: pages.Renderer) -> Response:
    """A release's folder (its ``dcat:accessURL``): its files and what it says of itself, or
    its ``void.ttl`` (the DCAT description) for RDF clients."""
    if _negotiate((TURTLE, HTML), request) == TURTLE:
        return FileResponse(release.folder / "void.ttl", media_type="text/turtle", headers={"Vary": "Accept"})
    dataset = release.dataset_iri()
    return renderer.render(
        request,
        "release.html",
        headers={"Vary": "Accept"},
        version=version,
        title=release.value(dataset, "dcterms:title"),
        issued=release.value(dataset, "dcterms:issued"),
        previous=release.value(dataset, "dcat:previousVersion"),
        license=release.value(dataset, "dcterms:license"),
        downloads=release.downloads,
        checksums=CHECKSUMS,
    )


def series_page(request: Request, current: Release, tree: ReleaseTree, renderer: pages.Renderer) -> Response:
    """``/release/`` (``dcat:inSeries``): every release, with the current release's own files."""
    releases = [(version, tree.issued(version)) for version in tree.versions()]
    return renderer.render(
        request, "releases.html", releases=releases, downloads=current.downloads, checksums=CHECKSUMS
    )


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix, "text/plain; charset=utf-8")


def _negotiate(offered: tuple[DocFormat, ...], request: Request) -> DocFormat:
    fmt = choose(request.headers.get("accept"), offered)
    if fmt is None:
        offer = ", ".join(f.media_type for f in offered)
        raise HTTPException(406, f"{request.url.path} is offered as {offer}", headers={"Vary": "Accept"})
    return fmt


def _tree_name(tree: ReleaseTree) -> str:
    return f"the releases in {tree.folder}" if tree.folder else "a past release (no releases folder is served)"


def routes(current: Release, renderer: pages.Renderer) -> list[Route]:
    """The routes of the release tree: ``/release/...`` and ``/ontology/{version}``."""
    tree = ReleaseTree(current.releases)
    return [
        Route("/release/{path:path}", release_path(current, tree, renderer)),
        Route("/ontology/{version}", ontology_version(tree, renderer)),
    ]
