"""The ontology: a full header, every term labelled and defined, every property with a
domain and range, and every claimgraph term the data uses defined here."""

from __future__ import annotations

import csv

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.config import NAMESPACES, ONTOLOGY_IRI, Project
from kg.graph import Graph

CG = rdflib.Namespace(NAMESPACES["cg"])
VANN = rdflib.Namespace(NAMESPACES["vann"])


def _ontology(project: Project) -> rdflib.Graph:
    return rdflib.Graph().parse(project.ontology_file, format="turtle")


def test_header(project: Project) -> None:
    graph = _ontology(project)
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in graph
    for prop in (
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
    ):
        assert graph.value(onto, prop) is not None, prop
    assert graph.value(onto, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(graph.value(onto, VANN.preferredNamespaceUri)) == NAMESPACES["cg"]


def test_every_term_is_labelled_defined_and_typed(project: Project) -> None:
    graph = _ontology(project)
    terms = {s for s in graph.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(NAMESPACES["cg"])}
    assert len(terms) > 50
    for term in terms:
        assert graph.value(term, RDFS.label) is not None, term
        assert graph.value(term, SKOS.definition) is not None, term
    properties = set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    for prop in properties:
        assert graph.value(prop, RDFS.domain) is not None, prop
        assert graph.value(prop, RDFS.range) is not None, prop


def test_every_cg_term_in_the_data_is_defined(graph: Graph, project: Project) -> None:
    defined = {str(s) for s in _ontology(project).subjects()}
    prefix = "<" + NAMESPACES["cg"]
    used = {term[1:-1] for quad in graph.quads for term in quad[1:3] if term.startswith(prefix)}
    assert len(used) > 20
    assert sorted(used - defined) == []


def test_wikidata_links_only_from_the_verified_table(graph: Graph, project: Project) -> None:
    with (project.data_dir / "curated" / "wikidata_links.csv").open(encoding="utf-8") as handle:
        table = {row["wikidata_qid"]: row for row in csv.DictReader(handle)}
    linked = {q[2][1:-1].rsplit("/", 1)[1] for q in graph.quads if q[1] == f"<{OWL.sameAs}>"}
    assert linked and linked <= set(table)
    weak = {qid for qid, row in table.items() if row["note"].startswith("WEAK")}
    assert linked & weak == set()
