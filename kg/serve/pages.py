"""The HTML pages and the negotiated documents of the ontology, shapes and named graphs.

One :class:`Renderer` per application holds the backend, the release and the Jinja2
environment; each page is one template extending ``base.html``. Pages need no JavaScript.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.templating import Jinja2Templates

from kg.config import BASE, GRAPH_BASE, NAMESPACES, Project
from kg.queries import bind, catalogue
from kg.serve import charts, entity
from kg.serve.backend import Answer, Backend, Term
from kg.serve.description import to_bytes
from kg.serve.negotiation import DOC_FORMATS, HTML, DocFormat, choose
from kg.serve.ontology_doc import ontology_html
from kg.serve.release import Release

HERE = Path(__file__).resolve().parent
TURTLE = next(fmt for fmt in DOC_FORMATS if fmt.extension == "ttl")


def local(iri: str) -> str:
    """Where this server answers for an IRI of the release, or the IRI itself when it is elsewhere."""
    if iri.startswith(BASE):
        return "/" + iri[len(BASE) :]
    return iri


def number(lexical: str) -> str:
    """A figure as people read it: thousands separated, decimals kept as stated."""
    try:
        return f"{int(lexical):,}"
    except ValueError:
        return lexical


# the longest namespace first, so an IRI gets its most specific prefix
_BY_LENGTH = sorted(((p, n) for p, n in NAMESPACES.items() if p != "cgid"), key=lambda item: -len(item[1]))


@functools.lru_cache(maxsize=4096)
def short(iri: str) -> str:
    """An IRI compacted with the project's prefixes, as the pages print predicates and types."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def term(value: Term, described: entity.Entity) -> Markup:
    """A value of an entity's page: a link labelled from the description, or the literal's text.
    A function rather than a template macro: a page prints dozens, and each macro call cost more
    than the rest of the line."""
    if isinstance(value, NamedNode):
        label = described.labels.get(value.value) or short(value.value)
        return Markup(f'<a href="{escape(local(value.value))}">{escape(label)}</a>')
    return escape(value.value)


class Renderer:
    """The page handlers of one application."""

    def __init__(self, backend: Backend, release: Release, project: Project) -> None:
        self.backend = backend
        self.release = release
        self.project = project
        self.templates = Jinja2Templates(directory=HERE / "templates")
        self._svg: dict[str, bytes | None] = {}  # each chart drawn once: the release does not change
        self._mappings: dict[str, list[dict[str, Term]]] = {}  # per category: 73 in the release
        self.relay_chain_query = entity.relay_chain_query(project)
        self.templates.env.auto_reload = False  # the templates are package files: no stat() per page
        self.templates.env.filters.update(local=local, short=short, number=number)
        self.templates.env.globals.update(
            is_iri=lambda term: isinstance(term, NamedNode),
            term=term,
            base=BASE,
            grade_note=entity.grade_note,
            listing=lambda predicate, iri: "/sparql?" + urlencode({"query": entity.listing_query(predicate, iri)}),
        )

    def warm(self) -> None:
        """Compute the slow, cached parts (chart lists, ontology documentation) before they are asked for."""
        for part in ("heading_charts", "daily_change_charts", "_ontology_html"):
            getattr(self, part)

    def render(
        self, request: Request, name: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any
    ) -> Response:
        return self.templates.TemplateResponse(request, name, context, status_code=status, headers=headers)

    # ------------------------------------------------------------ landing ----

    def landing(self, request: Request) -> Response:
        """What the graph is and is not, its graphs and downloads, how to cite it, example queries."""
        dataset = self.release.dataset_iri()
        value = self.release.value
        return self.render(
            request,
            "landing.html",
            title=value(dataset, "dcterms:title"),
            description=value(dataset, "dcterms:description"),
            version=value(dataset, "dcat:version"),
            license=value(dataset, "dcterms:license"),
            creator=value(dataset, "dcterms:creator"),
            triples=int(value(dataset, "void:triples") or 0),
            entities=int(value(dataset, "void:entities") or 0),
            examples=self.release.values(dataset, "void:exampleResource"),
            graphs=self.release.graphs(),
            downloads=self.release.downloads,
            queries=catalogue(self.project.queries_dir),
            charts=self.heading_charts,
        )

    # ------------------------------------------------------------ entities ----

    def entity_page(self, request: Request, iri: str, triples: list[Triple], headers: dict[str, str]) -> Response:
        """A claim's page, a tombstone's page, or the generic page of any other entity."""
        found = entity.Entity.from_triples(iri, triples)
        context: dict[str, Any] = {"entity": found, "rows": _property_rows(found)}
        if found.is_claim:
            context.update(self._claim_context(found))
        if entity.CG + "MilitaryFormation" in found.types:
            slug = iri.rsplit("/", 1)[-1]
            context["chart"] = f"/chart/formation/{slug}.svg" if self.formation_svg(slug) else None
        if not found.deprecated:
            context["referrers"] = entity.referrers(self.backend, iri)
        return self.render(request, "entity.html", headers=headers, **context)

    def _claim_context(self, found: entity.Entity) -> dict[str, Any]:
        category = found.one("cg:lossCategory")
        return {
            "claim": True,
            "bounds": entity.bounds(found),
            "quote": entity.quote_of(found, self.project, self.backend),
            "mapping": self.category_mapping(category.value) if category else [],
            "chain": entity.relay_chain(self.backend, self.relay_chain_query, found.iri),
            "peers": entity.side_by_side(self.backend, found.iri),
        }

    def category_mapping(self, category: str) -> list[dict[str, Term]]:
        """A category's mapping, asked once: every claim of the category shows the same."""
        if category not in self._mappings:
            self._mappings[category] = entity.category_mapping(self.backend, category)
        return self._mappings[category]

    # ------------------------------------------------------------ errors ----

    def not_found(self, request: Request, error: Exception) -> Response:
        detail = error.detail if isinstance(error, HTTPException) else "no such page"
        headers = getattr(error, "headers", None)
        return self.render(request, "error.html", 404, headers, code=404, message=detail)

    def error_page(self, request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return self.render(
            request,
            "error.html",
            error.status_code,
            dict(error.headers or {}),
            code=error.status_code,
            message=error.detail,
        )

    # ------------------------------------------------------------ SPARQL ----

    @cached_property
    def examples(self) -> list[tuple[str, str, str]]:
        """The library's queries with their defaults bound: (name, title, text) ready to run."""
        return [(query.name, query.title, bind(query, {})) for query in catalogue(self.project.queries_dir)]

    def sparql_page(self, request: Request) -> Response:
        return self.render(request, "sparql.html", examples=self.examples, query=self.examples[0][2])

    def sparql_results(self, request: Request, text: str, answer: Answer) -> Response:
        turtle = to_bytes(answer.triples, RdfFormat.TURTLE).decode() if answer.form not in ("SELECT", "ASK") else ""
        return self.render(request, "sparql.html", examples=self.examples, query=text, answer=answer, turtle=turtle)

    # ------------------------------------------------------------ vocabularies and graphs ----

    def ontology(self, request: Request) -> Response:
        """The ontology namespace: pyLODE's documentation for browsers, Turtle for RDF clients."""
        fmt = _negotiate((TURTLE, HTML), request)
        if fmt == TURTLE:
            return FileResponse(self.release.ontology_file, media_type="text/turtle", headers={"Vary": "Accept"})
        return HTMLResponse(self._ontology_html, headers={"Vary": "Accept"})

    def ontology_version(self, request: Request) -> Response:
        """``/ontology/{version}``: the release's ontology at its ``owl:versionIRI``, negotiated alike."""
        iri = f"{BASE}ontology/{request.path_params['version']}"
        if iri not in self.ontology_versions:
            served = ", ".join(self.ontology_versions) or "none"
            raise HTTPException(404, f"{iri} is not an ontology version this server has; it serves {served}")
        return self.ontology(request)

    @cached_property
    def ontology_versions(self) -> list[str]:
        """The ``owl:versionIRI`` of the release's ontology (the versions this server serves)."""
        version_iri = NamedNode(NAMESPACES["owl"] + "versionIRI")
        quads = parse(path=str(self.release.ontology_file), format=RdfFormat.TURTLE)
        return sorted({quad.object.value for quad in quads if quad.predicate == version_iri})

    @cached_property
    def _ontology_html(self) -> str:
        return ontology_html(self.release.ontology_file)

    def shapes(self, request: Request) -> Response:
        """The SHACL shapes every published triple passes: Turtle, or a page that shows it."""
        path = self.release.shapes_file
        fmt = _negotiate((TURTLE, HTML), request)
        if fmt == TURTLE:
            return FileResponse(path, media_type="text/turtle", headers={"Vary": "Accept"})
        text = path.read_text(encoding="utf-8")
        return self.render(request, "shapes.html", headers={"Vary": "Accept"}, text=text)

    def graph(self, request: Request) -> Response:
        """A named graph's description from void.ttl, as a page or in an RDF syntax."""
        name = request.path_params["name"]
        described = self.release.graph(name)
        if described is None:
            raise HTTPException(404, f"{GRAPH_BASE}{name} is not a named graph of this release")
        fmt = _negotiate(DOC_FORMATS, request)
        if fmt.rdf is not None:
            body = to_bytes(self.release.graph_triples(described.iri), fmt.rdf, self.release.jsonld_terms)
            return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})
        return self.render(request, "graph.html", headers={"Vary": "Accept"}, graph=described)

    # ------------------------------------------------------------ charts ----

    def charts_page(self, request: Request) -> Response:
        return self.render(request, "charts.html", headings=self.heading_charts, changes=self.daily_change_charts)

    @cached_property
    def heading_charts(self) -> list[charts.Chart]:
        """The per-heading charts: one query over every claim, asked once per server."""
        return charts.heading_charts(self.backend)

    @cached_property
    def daily_change_charts(self) -> list[charts.Chart]:
        return charts.daily_change_charts(self.backend)

    def cumulative_chart(self, request: Request) -> Response:
        side, heading = request.path_params["side"], request.path_params["heading"]
        return self._chart(
            request, self.heading_charts, lambda title: charts.cumulative(self.backend, side, heading, title)
        )

    def daily_change_chart(self, request: Request) -> Response:
        category = request.path_params["category"]
        return self._chart(
            request, self.daily_change_charts, lambda title: charts.daily_change(self.backend, category, title)
        )

    def formation_chart(self, request: Request) -> Response:
        return self._chart(request, None, lambda _: self.formation_svg(request.path_params["formation"]))

    def formation_svg(self, slug: str) -> bytes | None:
        """A formation's chart, drawn once (None when no claim in its area has a period)."""
        key = f"/chart/formation/{slug}.svg"
        if key not in self._svg:
            self._svg[key] = charts.formation(self.backend, slug)
        return self._svg[key]

    def _chart(
        self, request: Request, offered: list[charts.Chart] | None, make: Callable[[str], bytes | None]
    ) -> Response:
        path = request.url.path
        chart = next((chart for chart in offered or [] if chart.path == path), None)
        if offered is not None and chart is None:
            raise HTTPException(404, f"no chart {path}: /charts lists them")
        if path not in self._svg:
            self._svg[path] = make(chart.title if chart else "")
        svg = self._svg[path]
        if svg is None:
            raise HTTPException(404, f"no chart {path}: nothing to draw")
        return Response(svg, media_type="image/svg+xml")


def _negotiate(offered: tuple[DocFormat, ...], request: Request) -> DocFormat:
    fmt = choose(request.headers.get("accept"), offered)
    if fmt is None:
        offer = ", ".join(f.media_type for f in offered)
        raise HTTPException(406, f"{request.url.path} is offered as {offer}", headers={"Vary": "Accept"})
    return fmt


def _property_rows(found: entity.Entity) -> list[tuple[str, list[Term]]]:
    """The entity's own properties, rdf:type first, then by predicate."""
    order = sorted(found.properties, key=lambda predicate: (predicate != entity.RDF_TYPE, short(predicate)))
    return [(predicate, sorted(found.properties[predicate], key=_sort_key)) for predicate in order]


def _sort_key(term: Term) -> tuple[int, str]:
    return (isinstance(term, Literal), term.value)
