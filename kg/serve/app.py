"""The Starlette application of ``kg serve``: the routes, each a small handler over a Backend.

URIs name things (``/id/{kind}/{slug}``) and answer ``303 See Other`` to a document per
format (``/doc/{kind}/{slug}.{ext}``); the ontology, the shapes, the VoID description, each
named graph and the release files are served at the addresses the release gives them
(``https://w3id.org/claimgraph/...`` maps to ``/...``). Handlers are plain functions, which
Starlette runs in its thread pool, so a slow store never blocks the event loop; the two that
every browser visit passes through are coroutines that leave the loop only for a remote
store: over the embedded store, a page is a few index lookups (kg.serve.patterns), cheaper
than the hand-off to a thread.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.config import ID_BASE, Project
from kg.serve import pages, releases
from kg.serve.backend import Backend, EmbeddedBackend, Limits, QueryFailed
from kg.serve.cache import Document, DocumentCache
from kg.serve.description import describe, exists, to_bytes
from kg.serve.negotiation import BY_EXTENSION, DOC_FORMATS, HTML, DocFormat, choose
from kg.serve.release import Release
from kg.serve.sparql import negotiate, query_form, refuse_update

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
CHARTED_KINDS = frozenset({"formation"})  # entity pages with a chart (kg.serve.pages.Renderer.entity_page)


@dataclass(frozen=True)
class Settings:
    """What one server instance serves and within which limits."""

    backend: Backend
    release: Release
    project: Project
    limits: Limits
    documents: DocumentCache | None = None
    lookups_inline: bool = False


def create_app(backend: Backend, release: Release, project: Project, limits: Limits | None = None) -> Starlette:
    """The application over a backend and a release folder; all state lives in ``app.state``.
    Documents made from the embedded store are kept (kg.serve.cache): that store never changes."""
    embedded = isinstance(backend, EmbeddedBackend)
    documents = DocumentCache() if embedded else None
    settings = Settings(backend, release, project, limits or Limits(), documents, lookups_inline=embedded)
    renderer = pages.Renderer(settings.backend, settings.release, settings.project)
    routes = [
        Route("/", renderer.landing),
        Route("/id/{kind}/{slug}", _see_other(settings)),
        Route("/doc/{kind}/{document}", _documents(settings, renderer)),
        Route("/sparql", _sparql(settings, renderer), methods=["GET", "POST"]),
        Route("/ontology", renderer.ontology),
        Route("/shapes", renderer.shapes),
        Route("/.well-known/void", _void(settings)),
        Route("/graph/{name}", renderer.graph),
        *releases.routes(settings.release, renderer),
        Route("/charts", renderer.charts_page),
        Route("/chart/cumulative/{side}/{heading}.svg", renderer.cumulative_chart),
        Route("/chart/daily-change/{category}.svg", renderer.daily_change_chart),
        Route("/chart/formation/{formation}.svg", renderer.formation_chart),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])]
    handlers = {404: renderer.not_found, 406: renderer.error_page}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=_warming(renderer))


def _warming(renderer: pages.Renderer) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Start answering at once, and meanwhile compute what the first visitors would wait for."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        threading.Thread(target=renderer.warm, name="kg-serve-warm", daemon=True).start()
        yield

    return lifespan


def doc_path(kind: str, slug: str, fmt: DocFormat) -> str:
    return f"/doc/{kind}/{slug}.{fmt.extension}"


def alternates(kind: str, slug: str, shown: DocFormat | None = None) -> str:
    """The Link header that lists every document of an entity but the one being sent."""
    return ", ".join(
        f'<{doc_path(kind, slug, fmt)}>; rel="alternate"; type="{fmt.media_type}"'
        for fmt in reversed(DOC_FORMATS)
        if fmt != shown
    )


def _see_other(settings: Settings):  # type: ignore[no-untyped-def]
    async def see_other(request: Request) -> Response:
        """``/id/{kind}/{slug}``: 303 to the document in the negotiated format (406 naming the offer);
        ``/id/{kind}/{slug}.{ext}``: 303 to the document in the format the extension names."""
        kind, (slug, named) = request.path_params["kind"], _named_format(request.path_params["slug"])
        iri = f"{ID_BASE}{kind}/{slug}"
        if not await _lookup(settings, _is_served, settings, iri):
            raise HTTPException(404, f"{iri} is not a URI of this release", headers={"Vary": "Accept"})
        fmt = named or choose(request.headers.get("accept"))
        headers = {"Vary": "Accept", "Link": alternates(kind, slug)}
        if fmt is None:
            offered = ", ".join(f.media_type for f in reversed(DOC_FORMATS))
            raise HTTPException(406, f"{iri} is offered as {offered}", headers=headers)
        return RedirectResponse(doc_path(kind, slug, fmt), status_code=303, headers=headers)

    return see_other


def _is_served(settings: Settings, iri: str) -> bool:
    """Whether the release has the URI: in the store, or (the dataset) in void.ttl."""
    return exists(settings.backend, iri) or bool(settings.release.graph_triples(iri))


async def _lookup(settings: Settings, work: Callable[..., T], *args: object) -> T:
    """A single point lookup: on the event loop over the embedded store, where handing it to a
    worker thread cost more than the lookup (an ASK takes tens of microseconds); in a thread
    over a remote store, which answers over the network."""
    if settings.lookups_inline:
        return work(*args)
    return await anyio.to_thread.run_sync(work, *args)


def _named_format(slug: str) -> tuple[str, DocFormat | None]:
    """A slug and the format its extension names (``x.ttl``: Turtle), as w3id's redirect does;
    slugs hold no dots, so a slug without a known extension is kept whole."""
    stem, dot, extension = slug.rpartition(".")
    named = BY_EXTENSION.get(extension) if dot and stem else None
    return (stem, named) if named else (slug, None)


def _documents(settings: Settings, renderer: pages.Renderer):  # type: ignore[no-untyped-def]
    async def document(request: Request) -> Response:
        """A kept document at once, else made: on the event loop over the embedded store, whose
        page lookups take a fraction of a millisecond (a worker thread cost more than the page's
        own store work), in a worker thread over a remote store (kg.serve.app._lookup) and for
        the pages that draw a chart on their first visit (a formation's took a second)."""
        path = request.url.path
        kept = settings.documents.get(path) if settings.documents else None
        if kept is None:
            drawn = request.path_params["kind"] in CHARTED_KINDS
            made = await (anyio.to_thread.run_sync(make, request) if drawn else _lookup(settings, make, request))
            kept = Document.of(made)
            if settings.documents:
                settings.documents.put(path, kept)
        return kept.response(request)

    def make(request: Request) -> Response:
        """``/doc/{kind}/{slug}.{ext}``: the entity's page or its bounded description in one syntax."""
        kind = request.path_params["kind"]
        slug, _, extension = request.path_params["document"].rpartition(".")
        fmt = BY_EXTENSION.get(extension)
        if fmt is None or not slug:
            raise HTTPException(404, _no_document(kind, request.path_params["document"]))
        iri = f"{ID_BASE}{kind}/{slug}"
        # the dataset and its partitions (dataset:...) are described in void.ttl, not in the graph
        triples = describe(settings.backend, iri) or settings.release.graph_triples(iri)
        if not triples:
            raise HTTPException(404, f"{iri} is not a URI of this release")
        headers = {"Link": alternates(kind, slug, fmt)}
        if fmt == HTML:
            return renderer.entity_page(request, iri, triples, headers)
        assert fmt.rdf is not None
        body = to_bytes(triples, fmt.rdf, settings.release.jsonld_terms)
        return Response(body, media_type=fmt.media_type, headers=headers)

    return document


def _no_document(kind: str, document: str) -> str:
    """The 404 for a document address without a known extension, saying what one looks like."""
    extensions = ", ".join(f".{fmt.extension}" for fmt in reversed(DOC_FORMATS))
    entity = document.rpartition(".")[0] or document
    return (
        f"no document /doc/{kind}/{document}: a document's address ends in one of {extensions}; "
        f"the URI /id/{kind}/{entity} answers with the one a client asks for"
    )


def _void(settings: Settings):  # type: ignore[no-untyped-def]
    def void(request: Request) -> Response:
        """``/.well-known/void``: the release's VoID/DCAT description (RFC 5785, VoID section 7)."""
        return FileResponse(settings.release.folder / "void.ttl", media_type="text/turtle")

    return void


def _sparql(settings: Settings, renderer: pages.Renderer):  # type: ignore[no-untyped-def]
    async def sparql(request: Request) -> Response:
        """The SPARQL 1.1 Protocol: GET ?query=, form POST, direct POST of application/sparql-query."""
        try:
            text = await _query_text(request)
            accept = request.headers.get("accept")
            if text is None:
                if choose(accept, (HTML,)) is not None:
                    return renderer.sparql_page(request)
                raise QueryFailed(
                    "no query: send ?query=, a form with query=, or a body of application/sparql-query", 400
                )
            form = query_form(text)
            media_type = negotiate(form, accept)
            if media_type == "text/html":
                answer = await anyio.to_thread.run_sync(settings.backend.answer, text, settings.limits)
                return renderer.sparql_results(request, text, answer)
            body = await anyio.to_thread.run_sync(settings.backend.serialized, text, media_type, settings.limits)
        except QueryFailed as error:
            return PlainTextResponse(f"{error}\n", status_code=error.status, headers={"Vary": "Accept"})
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})

    return sparql


async def _query_text(request: Request) -> str | None:
    """The query of a protocol request; updates (form ``update=`` or sparql-update) are refused."""
    if request.method == "GET":
        params = request.query_params
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="replace")
        if content_type == "application/sparql-query":
            return body
        if content_type == "application/sparql-update":
            raise refuse_update()
        if content_type != "application/x-www-form-urlencoded":
            raise QueryFailed(
                f"a POST must be application/x-www-form-urlencoded or application/sparql-query, not {content_type or 'untyped'}",
                415,
            )
        params = {name: values[0] for name, values in parse_qs(body).items()}  # type: ignore[assignment]
    if "update" in params:
        raise refuse_update()
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            raise QueryFailed(
                f"{name} is not supported: the default graph is the union of the release's named graphs; use GRAPH in the query",
                400,
            )
    return params.get("query")
