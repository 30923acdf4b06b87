"""kg serve over real HTTP: URIs, content negotiation, documents, tombstones, pages, release files.

The sample project (every dataset, a fortnight of it) is published once, with one retired URI
added to its tombstones, and served by uvicorn on a free port of 127.0.0.1 (serve_helpers).
"""

from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import rdflib
import requests
import uvicorn
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, RdfFormat, Store, Triple, parse, parse_query_results

from kg.config import ID_BASE, Project
from kg.publish import publish
from kg.queries import bind, catalogue, load_store
from kg.serve.app import create_app
from kg.serve.backend import EmbeddedBackend, Limits, Term
from kg.serve.cache import Document, DocumentCache
from kg.serve.description import with_declared_datatypes
from kg.serve.release import open_release

SEED_CLAIM = "hindustan-times-101748940320598-ru-mod-west-troops"
RETIRED = "retired-example"
TOMBSTONE = f"""- uri: id/claim/{RETIRED}
  label: A claim URI retired for the serve tests
  replaced_by: id/claim/{SEED_CLAIM}
  reason: Renamed when the serve tests were written.
"""
LIMITS = Limits(timeout=20.0, max_rows=1_000)
STRICT_LIMITS = Limits(timeout=1.0, max_rows=10_000_000)
OWL_VERSION_IRI = NamedNode("http://www.w3.org/2002/07/owl#versionIRI")

CG_PREFIXES = "PREFIX cg: <https://w3id.org/claimgraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
# a claim with a period, and a claim of another claimant for the same period, side and heading
PEERS = (
    CG_PREFIXES
    + """SELECT ?claim ?other WHERE {
  ?claim cg:period ?period ; cg:lossesOf ?side ; cg:claimant ?one ; cg:lossCategory/(skos:exactMatch|skos:closeMatch) ?heading .
  ?other cg:period ?period ; cg:lossesOf ?side ; cg:claimant ?another ; cg:lossCategory/(skos:exactMatch|skos:closeMatch) ?heading .
  FILTER (?one != ?another)
} ORDER BY ?claim ?other LIMIT 1"""
)
# a claim in the area of Battlegroup West whose period has an end (a point of its chart)
FORMATION_POINT = (
    CG_PREFIXES
    + """SELECT ?claim WHERE {
  ?claim cg:inAreaOf <https://w3id.org/claimgraph/id/formation/russian-battlegroup-west> ;
         cg:period/<http://www.w3.org/2006/time#hasEnd>/<http://www.w3.org/2006/time#inXSDDate> ?end
} ORDER BY ?claim LIMIT 1"""
)

RDF_TYPES = {
    "text/turtle": ("ttl", RdfFormat.TURTLE),
    "application/ld+json": ("jsonld", RdfFormat.JSON_LD),
    "application/n-triples": ("nt", RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("rdf", RdfFormat.RDF_XML),
}
# One page of every kind the server renders, for the HTML checker and the browser.
PAGES = {
    "landing": "/",
    "claim": f"/doc/claim/{SEED_CLAIM}.html",
    "row-claim": "/doc/claim/general-staff-lod-db-2025-06-03-tanks.html",
    "tombstone": f"/doc/claim/{RETIRED}.html",
    "claimant": "/doc/agent/ru-mod.html",
    "formation": "/doc/formation/russian-battlegroup-west.html",
    "source": "/doc/source/hindustan-times-101748940320598.html",
    "round": "/doc/round/russia-ukraine-istanbul-2025-round-1.html",
    "talks": "/doc/talks/russia-ukraine-istanbul-2025.html",
    "exchange": "/doc/exchange/russia-ukraine-prisoner-exchange-2025-06-09.html",
    "category": "/doc/category/ru-mod-personnel.html",
    "scheme": "/doc/scheme/ru-mod-categories.html",
    "period": "/doc/period/day-2025-06-02.html",
    "graph": "/graph/seed-article",
    "shapes": "/shapes",
    "ontology": "/ontology",
    "charts": "/charts",
    "sparql": "/sparql",
    "sparql-results": "/sparql?" + urlencode({"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20"}),
    "not-found": "/id/claim/no-such-claim",
}


@dataclass(frozen=True)
class Served:
    """A running server: its base URL, the release it serves and the store it answers from."""

    url: str
    strict_url: str
    release: Path
    store: Store
    project: Project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(app: object) -> Iterator[str]:
    """uvicorn serving ``app`` on a free port of 127.0.0.1, in a thread, until the block ends."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting (its log is above)"
        assert time.monotonic() < deadline, "the server did not start within 30 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def publish_sample(sample_root: Path, folder: Path) -> tuple[Project, Path]:
    """The sample project, with one retired URI added, published under ``folder``."""
    root = folder / "project"
    shutil.copytree(sample_root, root)
    project = Project(root)
    project.tombstones_file.write_text(TOMBSTONE, encoding="utf-8")
    return project, publish(project, folder / "public").out


@pytest.fixture(scope="module")
def served(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The published sample served twice from one embedded store: with normal and with strict limits."""
    project, release = publish_sample(sample_root, tmp_path_factory.mktemp("serve"))
    store = load_store(nquads_file=release / "claimgraph.nq")
    backend = EmbeddedBackend(store)
    opened = open_release(release)
    with (
        running(create_app(backend, opened, project, LIMITS)) as url,
        running(create_app(backend, opened, project, STRICT_LIMITS)) as strict_url,
    ):
        yield Served(url, strict_url, release, store, project)


def get(served: Served, path: str, accept: str | None = None) -> requests.Response:
    headers = {"Accept": accept} if accept is not None else {}
    return requests.get(served.url + path, headers=headers, allow_redirects=False, timeout=60)


def claim_path(slug: str = SEED_CLAIM) -> str:
    return f"/id/claim/{slug}"


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        (None, "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("*/*", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld"),
        ("text/html;q=0.1, application/n-triples", "nt"),
        # media types are case-insensitive (RFC 9110, 8.3.1), parameter names too
        ("Text/Turtle", "ttl"),
        ("TEXT/HTML;Q=0.1, Application/N-Triples", "nt"),
        # a JSON client gets JSON-LD and an N3 one Turtle, but an offered type wins a tie
        ("application/json", "jsonld"),
        ("text/n3", "ttl"),
        ("application/json, text/turtle", "ttl"),
        ("text/n3, application/ld+json", "jsonld"),
    ],
)
def test_uri_answers_303_to_the_negotiated_document(served: Served, accept: str | None, extension: str) -> None:
    response = get(served, claim_path(), accept)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/doc/claim/{SEED_CLAIM}.{extension}")
    assert "Accept" in response.headers["Vary"]
    links = response.headers["Link"]
    for other in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert f"/doc/claim/{SEED_CLAIM}.{other}>" in links


@pytest.mark.parametrize("extension", ["html", "ttl", "jsonld", "nt", "rdf"])
def test_uri_with_an_extension_answers_303_to_that_document(served: Served, extension: str) -> None:
    """``/id/claim/x.ttl`` names the Turtle document of ``/id/claim/x``, whatever Accept prefers."""
    for accept in (None, "text/html", "text/turtle", "application/rdf+xml", "image/png"):
        response = get(served, f"{claim_path()}.{extension}", accept)
        assert response.status_code == 303, accept
        assert response.headers["Location"].endswith(f"/doc/claim/{SEED_CLAIM}.{extension}"), accept
        assert get(served, response.headers["Location"]).status_code == 200
    assert get(served, f"{claim_path()}.png").status_code == 404
    # a document address without a known extension says what one looks like
    for document in (SEED_CLAIM, f"{SEED_CLAIM}.png"):
        missing = get(served, f"/doc/claim/{document}")
        assert missing.status_code == 404
        assert f"/id/claim/{SEED_CLAIM} answers" in missing.text and ".jsonld" in missing.text
    assert get(served, claim_path("no-such-claim") + ".ttl").status_code == 404


def test_unacceptable_type_is_406_naming_the_offer(served: Served) -> None:
    response = get(served, claim_path(), "image/png")
    assert response.status_code == 406
    for media_type in (
        "text/html",
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
    ):
        assert media_type in response.text


@pytest.mark.parametrize("media_type", sorted(RDF_TYPES))
def test_every_format_parses_and_holds_the_entity_triples(served: Served, media_type: str) -> None:
    extension, fmt = RDF_TYPES[media_type]
    redirect = get(served, claim_path(), media_type)
    document = requests.get(served.url + redirect.headers["Location"], timeout=60)
    assert document.status_code == 200
    assert document.headers["Content-Type"].startswith(media_type)
    found = {str(quad.triple) for quad in parse(document.content, format=fmt, base_iri=ID_BASE)}
    claim = NamedNode(ID_BASE + "claim/" + SEED_CLAIM)
    own = {str(quad.triple) for quad in served.store.quads_for_pattern(claim, None, None)}
    assert own and own <= found
    # the owned quote, its selectors and the labels of what the claim links to come along
    assert any("oa#exact" in triple and "Over 205 troops" in triple for triple in found)
    assert any(f"<{ID_BASE}agent/ru-mod> <http://www.w3.org/2000/01/rdf-schema#label>" in t for t in found)
    # and rdflib reads the same document
    rdflib.Graph().parse(
        data=document.content, format={"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}[extension]
    )


@pytest.mark.parametrize("path", [f"/doc/claim/{SEED_CLAIM}", f"/doc/claim/{RETIRED}", "/doc/agent/ru-mod"])
def test_jsonld_documents_read_as_terms_and_hold_exactly_the_ntriples(served: Served, path: str) -> None:
    """A program reads ``"claimant": "cgid:agent/ru-mod"`` through a context embedded in the
    document (it parses offline), holding the release's terms the document uses and no others."""
    document = requests.get(f"{served.url}{path}.jsonld", timeout=60)
    ntriples = requests.get(f"{served.url}{path}.nt", timeout=60)
    assert document.status_code == ntriples.status_code == 200
    found = {str(quad.triple) for quad in parse(document.content, format=RdfFormat.JSON_LD)}
    assert found == {str(quad.triple) for quad in parse(ntriples.content, format=RdfFormat.N_TRIPLES)}
    body = document.json()
    published = open_release(served.release).jsonld_terms.context()
    context = body["@context"]
    assert {key: published[key] for key in context} == context
    keys = {key for node in body["@graph"] for key in node}
    for term, definition in context.items():
        if isinstance(definition, dict) or term[0].isupper():
            assert term in keys or any(term in str(node.get("@type")) for node in body["@graph"]), term
    subject = next(node for node in body["@graph"] if node["@id"] == "cgid:" + path.removeprefix("/doc/"))
    if path.startswith("/doc/claim/" + SEED_CLAIM):
        assert "LossClaim" in subject["@type"]
        assert subject["claimant"] == "cgid:agent/ru-mod"
        assert isinstance(subject["value"], int)
    elif RETIRED in path:
        assert subject["owl:deprecated"] == [{"@value": "true", "@type": "xsd:boolean"}]
        assert subject["dcterms:isReplacedBy"] == [f"cgid:claim/{SEED_CLAIM}"]
    else:
        assert subject["rdfs:label"]["en"]


@pytest.mark.parametrize("extension", ["nt", "jsonld", "ttl"])
def test_documents_say_what_the_release_says_to_the_datatype(served: Served, extension: str) -> None:
    """Every triple of an entity's document is a triple of the release's dump, literal datatypes
    included: the store keeps a quote's offsets (xsd:nonNegativeInteger) as xsd:integer, and the
    document gives them back their datatype."""
    fmt = {"nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD, "ttl": RdfFormat.TURTLE}[extension]
    released = {
        str(quad.triple) for quad in parse(path=str(served.release / "claimgraph.nq"), format=RdfFormat.N_QUADS)
    }
    offsets = 0
    for path in (f"/doc/claim/{SEED_CLAIM}", f"/doc/selector/{SEED_CLAIM}-position", "/doc/agent/ru-mod"):
        document = requests.get(f"{served.url}{path}.{extension}", timeout=60)
        assert document.status_code == 200, path
        found = {str(quad.triple) for quad in parse(document.content, format=fmt)}
        assert found and found <= released, f"{path}: {sorted(found - released)[:3]}"
        offsets += sum("XMLSchema#nonNegativeInteger>" in triple for triple in found)
    assert offsets >= 2  # the selector's start and end


def test_only_integers_in_range_get_their_declared_datatype_back(served: Served) -> None:
    """A value outside the declared datatype's range was not written in it, and is left as the store gives it."""
    terms = open_release(served.release).jsonld_terms
    selector, end = NamedNode(f"{ID_BASE}selector/x"), NamedNode("http://www.w3.org/ns/oa#end")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    given = [
        Triple(selector, end, Literal("12", datatype=NamedNode(xsd + "int"))),
        Triple(selector, end, Literal("-3", datatype=NamedNode(xsd + "integer"))),
        Triple(selector, end, Literal("twelve")),
    ]
    restored = [str(triple.object) for triple in with_declared_datatypes(given, terms)]
    assert restored == [f'"12"^^<{xsd}nonNegativeInteger>', f'"-3"^^<{xsd}integer>', '"twelve"']


def test_documents_list_their_alternates(served: Served) -> None:
    response = get(served, f"/doc/claim/{SEED_CLAIM}.ttl")
    assert response.status_code == 200
    assert f'/doc/claim/{SEED_CLAIM}.html>; rel="alternate"; type="text/html"' in response.headers["Link"]
    assert ".ttl>" not in response.headers["Link"]


@pytest.mark.parametrize("extension", ["html", "ttl"])
def test_documents_are_kept_and_revalidated_by_etag(served: Served, extension: str) -> None:
    path = f"/doc/claim/{SEED_CLAIM}.{extension}"
    first, again = get(served, path), get(served, path)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and first.headers["ETag"] == again.headers["ETag"]
    assert first.headers["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()[:32]}"'
    assert first.headers["Content-Type"] == again.headers["Content-Type"]
    assert "max-age=" in first.headers["Cache-Control"] and "Link" in again.headers
    for tags in (first.headers["ETag"], f'"other", W/{first.headers["ETag"]}', "*"):
        unchanged = requests.get(served.url + path, headers={"If-None-Match": tags}, timeout=60)
        assert unchanged.status_code == 304 and unchanged.content == b"", tags
        assert unchanged.headers["ETag"] == first.headers["ETag"]
    stale = requests.get(served.url + path, headers={"If-None-Match": '"other"'}, timeout=60)
    assert stale.status_code == 200 and stale.content == first.content


def test_document_cache_keeps_the_latest_within_its_bytes() -> None:
    cache = DocumentCache(max_bytes=16 * 1_000)
    for number in range(40):
        cache.put(f"/doc/x/{number}.html", Document(b"x" * 500, "text/html", {}))
    assert cache.size <= 16 * 1_000
    assert cache.get("/doc/x/0.html") is None and cache.get("/doc/x/39.html") is not None
    cache.get("/doc/x/8.html")  # read last: kept over older unread ones
    for number in range(40, 47):
        cache.put(f"/doc/x/{number}.html", Document(b"x" * 500, "text/html", {}))
    assert cache.get("/doc/x/8.html") is not None and cache.get("/doc/x/9.html") is None
    cache.put("/doc/x/huge.html", Document(b"x" * 2_000, "text/html", {}))
    assert cache.get("/doc/x/huge.html") is None  # more than a sixteenth of the cache: not kept


def test_unknown_uri_is_a_404_page(served: Served) -> None:
    for path in ("/id/claim/no-such-claim", "/doc/claim/no-such-claim.html", "/doc/claim/x.exe", "/nowhere"):
        response = get(served, path)
        assert response.status_code == 404, path
        assert response.headers["Content-Type"].startswith("text/html")
        assert "Not found" in response.text


def test_tombstone_answers_with_its_deprecation_and_replacement(served: Served) -> None:
    assert get(served, f"/id/claim/{RETIRED}", "text/turtle").status_code == 303
    turtle = get(served, f"/doc/claim/{RETIRED}.ttl")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    retired = rdflib.URIRef(ID_BASE + "claim/" + RETIRED)
    assert graph.value(retired, rdflib.OWL.deprecated).toPython() is True
    assert str(graph.value(retired, rdflib.RDFS.label)) == "A claim URI retired for the serve tests"
    assert str(graph.value(retired, rdflib.DCTERMS.isReplacedBy)) == ID_BASE + "claim/" + SEED_CLAIM
    page = get(served, f"/doc/claim/{RETIRED}.html")
    assert page.status_code == 200
    assert "This URI is retired" in page.text
    assert f'href="/id/claim/{SEED_CLAIM}"' in page.text


def test_claim_page_shows_hedge_quote_chain_and_mapping(served: Served) -> None:
    page = get(served, f"/doc/claim/{SEED_CLAIM}.html")
    assert page.status_code == 200
    text = page.text
    assert '<span class="hedge">Over</span> 205' in text
    assert "the figure &gt; 205" in text  # the bound cg:minExclusive 205
    assert "<mark>Over 205 troops</mark>" in text  # the exact words, in their text
    chain = text[text.index("Relay chain") : text.index("Quote")]
    assert chain.index("Russian Ministry of Defence") < chain.index("Hindustan Times")  # origin first
    assert "personnel" in text and "skos:closeMatch" in text  # the category's comparison mapping


def test_claim_page_sets_other_claimants_figures_side_by_side(served: Served) -> None:
    """A claim with a period lists every claim of another claimant for that period, side and heading."""
    claim, other = (term.value for term in first_row(served.store, PEERS))
    page = get(served, f"/doc/claim/{claim.rsplit('/', 1)[-1]}.html").text
    peers = page[page.index("Every claimant") :]
    assert "(this claim)" in peers
    assert f'href="/id/claim/{other.rsplit("/", 1)[-1]}"' in peers


def first_row(store: Store, query: str) -> tuple[Term, ...]:
    """The first solution of a query on the served store (the tests' own pick of an example)."""
    solution = next(iter(store.query(query, use_default_graph_as_union=True)))  # type: ignore[call-overload]
    return tuple(solution)


def test_relay_chain_runs_from_origin_through_relay_to_reporter(served: Served) -> None:
    page = get(served, "/doc/claim/hindustan-times-101748940320598-ru-mod-troops-total-tass.html").text
    chain = page[page.index("Relay chain") : page.index("<h2>Quote")]
    order = [chain.index(name) for name in ("Russian Ministry of Defence", "TASS", "Hindustan Times")]
    assert order == sorted(order)
    assert chain.index("cg:originator") < chain.index("cg:relay") < chain.index("cg:reporter")


def test_data_row_claim_page_points_to_the_row_and_upstream(served: Served) -> None:
    slug = "general-staff-lod-db-2025-06-03-tanks"  # read from lod-db's russian-losses.json
    page = get(served, f"/doc/claim/{slug}.html")
    assert page.status_code == 200
    assert "Read from row <code>/" in page.text  # the JSON pointer of the row
    assert 'href="https://github.com/lod-db/orc-losses/blob/' in page.text  # the file upstream


def test_generic_pages_link_their_properties(served: Served) -> None:
    for path in (
        "/doc/agent/ru-mod.html",
        "/doc/formation/russian-battlegroup-west.html",
        "/doc/period/day-2025-06-02.html",
    ):
        page = get(served, path)
        assert page.status_code == 200, path
        assert 'href="/id/' in page.text
        assert "Linked from" in page.text


def test_landing_page_has_graphs_downloads_and_citation(served: Served) -> None:
    page = get(served, "/")
    assert page.status_code == 200
    text = page.text
    assert "Neutrality rule" in text and "no claimant is ranked above another" in text
    sums = (served.release / "SHA256SUMS").read_text().split()
    assert sums[0] in text  # the checksum of the first download
    assert "/graph/seed-article" in text and "How to cite" in text
    assert "relay-chain" in text


def test_release_files_are_served_where_void_says(served: Served) -> None:
    void = rdflib.Graph().parse(served.release / "void.ttl")
    dumps = list(void.objects(None, rdflib.URIRef("http://rdfs.org/ns/void#dataDump")))
    assert dumps
    for dump in dumps:
        path = "/" + str(dump).removeprefix("https://w3id.org/claimgraph/")
        response = get(served, path)
        assert response.status_code == 200, path
        assert response.content == (served.release / path.removeprefix("/release/")).read_bytes()
    assert get(served, "/release/../void.ttl").status_code == 404
    assert get(served, "/release/not-a-file.txt").status_code == 404
    well_known = get(served, "/.well-known/void")
    assert well_known.status_code == 200 and well_known.content == (served.release / "void.ttl").read_bytes()


def test_dataset_uris_resolve_to_their_void_description(served: Served) -> None:
    void = rdflib.Graph().parse(served.release / "void.ttl")
    datasets = sorted(str(s) for s in void.subjects(rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")))
    minted = [iri for iri in datasets if iri.startswith(ID_BASE)]
    assert minted
    for iri in minted:
        path = "/" + iri.removeprefix("https://w3id.org/claimgraph/")
        redirect = get(served, path, "text/turtle")
        assert redirect.status_code == 303, iri
        turtle = requests.get(served.url + redirect.headers["Location"], timeout=60)
        graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
        assert set(graph.predicate_objects(rdflib.URIRef(iri))) == set(void.predicate_objects(rdflib.URIRef(iri)))
        assert get(served, redirect.headers["Location"].replace(".ttl", ".html")).status_code == 200


def test_ontology_is_documented_and_negotiated(served: Served) -> None:
    html = get(served, "/ontology", "text/html")
    assert html.status_code == 200 and "Vary" in html.headers
    assert "LossClaim" in html.text and "<script src=" not in html.text
    turtle = get(served, "/ontology", "text/turtle")
    assert turtle.content == (served.release / "ontology" / "claimgraph.ttl").read_bytes()
    shapes = get(served, "/shapes", "text/turtle")
    assert shapes.content == (served.release / "shapes" / "claimgraph-shapes.ttl").read_bytes()


def test_ontology_is_served_at_its_version_iri(served: Served) -> None:
    """owl:versionIRI resolves: the release's ontology, negotiated as /ontology is; other versions 404."""
    ontology = Store()
    ontology.load(path=str(served.release / "ontology" / "claimgraph.ttl"), format=RdfFormat.TURTLE)
    versions = [quad.object.value for quad in ontology.quads_for_pattern(None, OWL_VERSION_IRI, None)]
    assert len(versions) == 1
    path = versions[0].removeprefix("https://w3id.org/claimgraph")
    turtle = get(served, path, "text/turtle")
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    assert turtle.content == (served.release / "ontology" / "claimgraph.ttl").read_bytes()
    html = get(served, path)
    assert html.status_code == 200 and "LossClaim" in html.text
    unknown = get(served, "/ontology/0.0.0-unknown")
    assert unknown.status_code == 404
    assert versions[0] in unknown.text and "/ontology/0.0.0-unknown" in unknown.text


def test_named_graph_descriptions(served: Served) -> None:
    page = get(served, "/graph/seed-article")
    assert page.status_code == 200 and "Triples" in page.text
    turtle = get(served, "/graph/seed-article", "text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    triples = graph.value(
        rdflib.URIRef("https://w3id.org/claimgraph/graph/seed-article"),
        rdflib.URIRef("http://rdfs.org/ns/void#triples"),
    )
    assert triples is not None and int(triples) > 0
    assert get(served, "/graph/no-such-graph").status_code == 404


def test_chart_is_svg_with_a_series_per_claimant(served: Served) -> None:
    page = get(served, "/charts")
    assert page.status_code == 200
    path = next(
        part.split('"')[0] for part in page.text.split('src="')[1:] if part.startswith("/chart/cumulative/russia/")
    )
    svg = get(served, path)
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert "General Staff of the Armed Forces of Ukraine" in svg.text
    assert 'href="/id/claim/' in svg.text
    assert "figure as claimed" in svg.text and "<polyline" in svg.text


def test_formation_and_daily_change_charts(served: Served) -> None:
    page = get(served, "/doc/formation/russian-battlegroup-west.html")
    assert 'src="/chart/formation/russian-battlegroup-west.svg"' in page.text
    svg = get(served, "/chart/formation/russian-battlegroup-west.svg")
    assert svg.status_code == 200 and "Battlegroup West" in svg.text and "Russian Ministry of Defence" in svg.text
    (point,) = first_row(served.store, FORMATION_POINT)
    assert f'href="/id/claim/{point.value.rsplit("/", 1)[-1]}"' in svg.text  # a claim of its area with a period
    charts = get(served, "/charts").text
    path = next(part.split('"')[0] for part in charts.split('href="')[1:] if part.startswith("/chart/daily-change/"))
    change = get(served, path)
    assert change.status_code == 200 and "(derived)" in change.text and 'href="/id/derived/' in change.text
    assert get(served, "/chart/daily-change/no-such-category.svg").status_code == 404


# ------------------------------------------------------------------ SPARQL protocol ----

SELECT_CLAIMS = (
    "SELECT ?claim ?value WHERE { ?claim <https://w3id.org/claimgraph/ontology#value> ?value } ORDER BY ?claim LIMIT 7"
)
CONSTRUCT_CLAIM = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{ID_BASE}claim/{SEED_CLAIM}> AS ?s) ?s ?p ?o }}"
RESULT_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}


def sparql(served: Served, query: str, accept: str, how: str = "get", url: str | None = None) -> requests.Response:
    endpoint = (url or served.url) + "/sparql"
    headers = {"Accept": accept}
    if how == "get":
        return requests.get(endpoint, params={"query": query}, headers=headers, timeout=60)
    if how == "form":
        return requests.post(endpoint, data={"query": query}, headers=headers, timeout=60)
    headers["Content-Type"] = "application/sparql-query"
    return requests.post(endpoint, data=query.encode(), headers=headers, timeout=60)


def embedded_rows(served: Served, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(str(value) for value in solution)
        for solution in served.store.query(query, use_default_graph_as_union=True)
    ]  # type: ignore[union-attr]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("media_type", sorted(RESULT_TYPES))
def test_select_in_every_result_format(served: Served, media_type: str, how: str) -> None:
    response = sparql(served, SELECT_CLAIMS, media_type, how)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(media_type)
    expected = embedded_rows(served, SELECT_CLAIMS)
    if media_type == "text/csv":  # CSV is lossy (lexical forms only): compare those
        rows = [tuple(row) for row in csv.reader(io.StringIO(response.text))][1:]
        expected = [(row[0].strip("<>"), row[1].split('"')[1]) for row in expected]
    else:
        parsed = parse_query_results(response.content, format=RESULT_TYPES[media_type])
        rows = [tuple(str(value) for value in solution) for solution in parsed]  # type: ignore[union-attr]
    assert rows == expected and len(rows) == 7


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_construct_in_every_graph_format(served: Served, media_type: str) -> None:
    response = sparql(served, CONSTRUCT_CLAIM, media_type)
    assert response.status_code == 200, response.text
    fmt = {
        "text/turtle": RdfFormat.TURTLE,
        "application/n-triples": RdfFormat.N_TRIPLES,
        "application/ld+json": RdfFormat.JSON_LD,
    }[media_type]
    found = {str(quad.triple) for quad in parse(response.content, format=fmt)}
    claim = NamedNode(ID_BASE + "claim/" + SEED_CLAIM)
    assert found == {str(quad.triple) for quad in served.store.quads_for_pattern(claim, None, None)}


def test_ask_and_unacceptable_formats(served: Served) -> None:
    response = sparql(served, f"ASK {{ <{ID_BASE}claim/{SEED_CLAIM}> ?p ?o }}", "application/sparql-results+json")
    assert response.json()["boolean"] is True
    refused = sparql(served, CONSTRUCT_CLAIM, "text/csv")
    assert refused.status_code == 406 and "text/turtle" in refused.text


def test_bad_query_is_400_and_updates_are_refused(served: Served) -> None:
    bad = sparql(served, "SELECT ?x WHERE { ?x ", "application/sparql-results+json")
    assert bad.status_code == 400 and "does not parse" in bad.text
    update = f"INSERT DATA {{ <{ID_BASE}x> <{ID_BASE}p> 1 }}"
    for how in ("get", "form", "direct"):
        refused = sparql(served, update, "application/sparql-results+json", how)
        assert refused.status_code == 403 and "read-only" in refused.text, how
    as_update = requests.post(served.url + "/sparql", data={"update": update}, timeout=60)
    assert as_update.status_code == 403
    body = requests.post(
        served.url + "/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=60
    )
    assert body.status_code == 403
    federated = sparql(
        served, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "application/json"
    )
    assert federated.status_code == 403 and "SERVICE" in federated.text
    assert not list(served.store.quads_for_pattern(NamedNode(ID_BASE + "x"), None, None))


def test_result_cap_is_enforced(served: Served) -> None:
    capped = sparql(served, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert capped.status_code == 422 and "1,000 rows (--max-rows)" in capped.text


def test_time_limit_stops_the_query(served: Served) -> None:
    """A COUNT over a cross join yields nothing until it is done: the limit must still hold, and no work go on."""
    quick = sparql(served, f"ASK {{ <{ID_BASE}claim/{SEED_CLAIM}> ?p ?o }}", "application/json", url=served.strict_url)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    before = set(multiprocessing.active_children())  # the server's idle query workers
    started = time.monotonic()
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    slow = sparql(served, endless, "application/sparql-results+json", url=served.strict_url)
    assert slow.status_code == 503 and "1 s (--query-timeout)" in slow.text
    assert time.monotonic() - started < 5
    assert set(multiprocessing.active_children()) <= before  # the worker that ran it was killed
    cpu = time.process_time()  # and no thread of this process (the server's) goes on computing
    time.sleep(1)
    assert time.process_time() - cpu < 0.5


def test_cors_and_query_page(served: Served) -> None:
    response = requests.get(
        served.url + "/sparql",
        params={"query": SELECT_CLAIMS},
        headers={"Origin": "http://example.org", "Accept": "application/json"},
        timeout=60,
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    page = requests.get(served.url + "/sparql", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and "<textarea" in page.text
    for query in catalogue(served.project.queries_dir):
        assert f"Run {query.name}" in page.text
    assert "<script" not in page.text


def test_library_queries_give_the_embedded_rows(served: Served) -> None:
    for query in catalogue(served.project.queries_dir):
        text = bind(query, {})
        response = sparql(served, text, "application/sparql-results+json", "form")
        assert response.status_code == 200, f"{query.name}: {response.text}"
        rows = [
            tuple(str(value) for value in s)
            for s in parse_query_results(response.content, format=QueryResultsFormat.JSON)
        ]  # type: ignore[union-attr]
        assert rows == embedded_rows(served, text), query.name
