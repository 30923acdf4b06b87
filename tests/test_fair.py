"""FAIR basics, as FOOPS! checks them, on what can be checked offline: the ontology's metadata
(licence, title, description, version IRI and version info, creators, citation, prefix and
namespace), the release's DCAT description of itself, and the ontology IRI and version IRI
resolving through `kg serve` by content negotiation."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse
from sample import writable_copy
from test_release import FIRST, kg
from test_serve_releases import kg_serve

from kg.config import BASE, NAMESPACES, ONTOLOGY_IRI, Project
from kg.release import RELEASES_DIR

DCTERMS, OWL, VANN, DCAT, FOAF = (
    NAMESPACES["dcterms"],
    NAMESPACES["owl"],
    NAMESPACES["vann"],
    NAMESPACES["dcat"],
    "http://xmlns.com/foaf/0.1/",
)
LICENSES = ("https://creativecommons.org/licenses/", "https://opensource.org/licenses/", "https://spdx.org/licenses/")


@pytest.fixture(scope="module")
def released(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The sample, released once with `kg release` into the project's releases/."""
    root = writable_copy(sample_root, tmp_path_factory.mktemp("fair"))
    project = Project(root)
    code, _, err = kg("release", FIRST, project=project)
    assert code == 0, err
    return project, root / RELEASES_DIR / FIRST


def _store(*paths: Path) -> Store:
    store = Store()
    for path in paths:
        store.load(path=str(path), format=RdfFormat.TURTLE)
    return store


def _values(store: Store, subject: str, predicate: str) -> list[NamedNode | Literal]:
    return [quad.object for quad in store.quads_for_pattern(NamedNode(subject), NamedNode(predicate), None)]  # type: ignore[misc]


def _text(store: Store, subject: str, predicate: str) -> str:
    (value,) = _values(store, subject, predicate)
    assert isinstance(value, Literal) and value.value.strip(), (subject, predicate, value)
    return value.value


def _ontology_metadata(store: Store, version: str) -> None:
    """FOOPS!'s metadata checks on an ontology header."""
    assert _text(store, ONTOLOGY_IRI, DCTERMS + "title")
    assert len(_text(store, ONTOLOGY_IRI, DCTERMS + "description")) > 100
    (license_iri,) = _values(store, ONTOLOGY_IRI, DCTERMS + "license")
    assert isinstance(license_iri, NamedNode) and license_iri.value.startswith(LICENSES)
    assert _values(store, ONTOLOGY_IRI, DCTERMS + "creator")
    citation = _text(store, ONTOLOGY_IRI, DCTERMS + "bibliographicCitation")
    assert ONTOLOGY_IRI in citation
    assert _values(store, ONTOLOGY_IRI, OWL + "versionIRI") == [NamedNode(f"{BASE}ontology/{version}")]
    assert _text(store, ONTOLOGY_IRI, OWL + "versionInfo") == version
    assert _text(store, ONTOLOGY_IRI, DCTERMS + "created") <= _text(store, ONTOLOGY_IRI, DCTERMS + "modified")
    prefix = _text(store, ONTOLOGY_IRI, VANN + "preferredNamespacePrefix")
    namespace = _text(store, ONTOLOGY_IRI, VANN + "preferredNamespaceUri")
    assert NAMESPACES[prefix] == namespace and namespace.startswith(ONTOLOGY_IRI)


def test_the_ontology_has_the_metadata_foops_asks_for(project: Project) -> None:
    from kg.config import VERSION

    _ontology_metadata(_store(project.ontology_file), VERSION)


def test_a_release_s_ontology_has_it_with_the_release_s_version(released: tuple[Project, Path]) -> None:
    _, folder = released
    _ontology_metadata(_store(folder / "ontology" / "claimgraph.ttl"), FIRST)


def test_the_release_describes_itself_in_dcat(released: tuple[Project, Path]) -> None:
    """Title, description, licence, version, date, creators and publisher as agents, a contact
    point, a citation, and distributions to download."""
    _, folder = released
    store = _store(folder / "void.ttl")
    (dataset,) = {
        quad.subject.value  # type: ignore[union-attr]
        for quad in store.quads_for_pattern(None, NamedNode(NAMESPACES["void"] + "dataDump"), None)
    }
    assert _text(store, dataset, DCTERMS + "title") and _text(store, dataset, DCTERMS + "description")
    assert _text(store, dataset, DCAT + "version") == FIRST == _text(store, dataset, DCTERMS + "issued")
    (license_iri,) = _values(store, dataset, DCTERMS + "license")
    assert isinstance(license_iri, NamedNode) and license_iri.value.startswith(LICENSES)
    for role in ("creator", "publisher"):
        agents = _values(store, dataset, DCTERMS + role)
        assert agents and all(_text(store, agent.value, FOAF + "name") for agent in agents), role
    assert _values(store, dataset, DCAT + "contactPoint")
    assert f"{BASE}release/{FIRST}/" in _text(store, dataset, DCTERMS + "bibliographicCitation")
    distributions = _values(store, dataset, DCAT + "distribution")
    assert distributions
    for distribution in distributions:
        assert _values(store, distribution.value, DCAT + "downloadURL"), distribution
        assert _values(store, distribution.value, DCAT + "accessURL"), distribution


def test_the_ontology_iri_resolves_by_content_negotiation(released: tuple[Project, Path]) -> None:
    """At its IRI and its version IRI, a browser gets the documentation and an RDF client the
    ontology itself, through `kg serve`."""
    project, folder = released
    with kg_serve(project, folder) as url:
        for path in ("/ontology", f"/ontology/{FIRST}"):
            turtle = requests.get(url + path, headers={"Accept": "text/turtle"}, timeout=30)
            assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle"), path
            assert "accept" in turtle.headers["vary"].lower()
            assert NamedNode(ONTOLOGY_IRI) in {quad.subject for quad in parse(turtle.content, format=RdfFormat.TURTLE)}
            page = requests.get(url + path, headers={"Accept": "text/html,application/xhtml+xml"}, timeout=120)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
            assert "claimgraph ontology" in page.text
