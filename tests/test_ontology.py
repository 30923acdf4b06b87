"""The ontology: a full header, every term labelled, defined and defined by it, every property
with one kind, a domain and a range, every claimgraph term the data uses defined here, every term
the data uses declared with the kind it is used with, and domains and ranges that agree with the
types the data asserts. tests/test_reasoner.py reads the same files with the OWL tools."""

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
    for prop in properties & terms:
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


def test_every_cg_term_is_defined_by_the_ontology(project: Project) -> None:
    graph = _ontology(project)
    terms = {s for s in graph.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(NAMESPACES["cg"])}
    undefined = sorted(t for t in terms if (t, RDFS.isDefinedBy, rdflib.URIRef(ONTOLOGY_IRI)) not in graph)
    assert undefined == []


def test_every_cg_property_has_one_kind_and_singletons_are_functional(project: Project) -> None:
    """A property's kind decides how OWL reads a triple: one kind each, and the one-valued ones say so."""
    graph = _ontology(project)
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    cg_props = {p for kind in kinds for p in graph.subjects(RDF.type, kind) if str(p).startswith(NAMESPACES["cg"])}
    assert [p for p in cg_props if sum((p, RDF.type, k) in graph for k in kinds) != 1] == []
    functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
    assert {CG.claimant, CG.value, CG.hedge, CG.lossesOf, CG.lossCategory, CG.period, CG.statedOn} <= functional
    assert CG.party not in functional and CG.delegation not in functional


def test_functional_properties_have_one_value_per_node_in_the_data(graph: Graph, project: Project) -> None:
    """A functional property with two values on one node is a contradiction only a reasoner with
    distinct values notices (two IRIs would just be merged), so it is counted here directly."""
    functional = {f"<{p}>" for p in _ontology(project).subjects(RDF.type, OWL.FunctionalProperty)}
    values: dict[tuple[str, str], set[str]] = {}
    for subject, predicate, obj, _ in graph.quads:
        if predicate in functional:
            values.setdefault((subject, predicate), set()).add(obj)
    assert len(values) > 100_000
    assert sorted(f"{s} {p}: {sorted(v)}" for (s, p), v in values.items() if len(v) > 1) == []


def _declared(ontology: rdflib.Graph, kind: rdflib.URIRef) -> set[str]:
    return {f"<{s}>" for s in ontology.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef)}


# rdf:value is Web Annotation's term for a selector's value; OWL 2 reserves it, so the ontology
# cannot declare it (tests/test_reasoner.py lists it as a known deviation of the data).
# Built-in vocabulary OWL 2 gives a meaning without a declaration (owl:deprecated is one of its
# built-in annotation properties: the tombstones use it).
UNDECLARABLE = {f"<{RDF.type}>", f"<{RDFS.label}>", f"<{OWL.sameAs}>", f"<{RDF.value}>", f"<{OWL.deprecated}>"}


def test_every_term_the_data_uses_is_declared_with_its_kind(graph: Graph, project: Project) -> None:
    """Undeclared or mis-kinded terms make the graph fall outside OWL 2 DL (or mean something else)."""
    ontology = _ontology(project)
    objects, datatypes = _declared(ontology, OWL.ObjectProperty), _declared(ontology, OWL.DatatypeProperty)
    declared = objects | datatypes | _declared(ontology, OWL.AnnotationProperty) | UNDECLARABLE
    classes = _declared(ontology, OWL.Class)
    wrong: set[str] = set()
    for _, predicate, obj, _ in graph.quads:
        if predicate not in declared:
            wrong.add(f"undeclared property {predicate}")
        elif predicate in objects and not obj.startswith("<"):
            wrong.add(f"object property {predicate} with a literal")
        elif predicate in datatypes and obj.startswith("<"):
            wrong.add(f"datatype property {predicate} with an IRI")
        elif predicate == f"<{RDF.type}>" and obj not in classes:
            wrong.add(f"undeclared class {obj}")
    assert not wrong, "\n".join(sorted(wrong))


def _named_members(ontology: rdflib.Graph, cls: rdflib.term.Node) -> set[str]:
    """A named class, or the named classes of an owl:unionOf."""
    if isinstance(cls, rdflib.URIRef):
        return {f"<{cls}>"}
    union = ontology.value(cls, OWL.unionOf)
    assert union is not None, f"only named classes and unions are expected as domains and ranges, found {cls}"
    return {f"<{m}>" for m in rdflib.collection.Collection(ontology, union)}


def _superclasses(ontology: rdflib.Graph) -> dict[str, set[str]]:
    """Each named class with all its named superclasses (itself included), as the ontology states them."""
    closure = {f"<{c}>": {f"<{c}>"} for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, rdflib.URIRef)}
    for cls in closure:
        todo = [rdflib.URIRef(cls[1:-1])]
        while todo:
            for parent in ontology.objects(todo.pop(), RDFS.subClassOf):
                if isinstance(parent, rdflib.URIRef) and f"<{parent}>" not in closure[cls]:
                    closure[cls].add(f"<{parent}>")
                    todo.append(parent)
    return closure


def test_domains_and_ranges_agree_with_the_types_the_data_asserts(graph: Graph, project: Project) -> None:
    """A domain or range that would give a node a type it does not have is a modelling error.

    cg:outcomeType once had the domain cg:Claim and was used on exchanges, so a reasoner read
    every exchange as a claim. The reasoner test catches that through disjointness; this check
    names every such use directly, without Java.
    """
    ontology = _ontology(project)
    closure = _superclasses(ontology)
    types: dict[str, set[str]] = {}
    triples = [(f"<{s}>", f"<{o}>") for s, o in ontology.subject_objects(RDF.type) if isinstance(s, rdflib.URIRef)]
    triples += [(s, o) for s, p, o, _ in graph.quads if p == f"<{RDF.type}>"]
    for subject, cls in triples:
        types.setdefault(subject, set()).update(closure.get(cls, {cls}))
    expected = {
        (f"<{prop}>", position): _named_members(ontology, cls)
        for position, axiom in ((0, RDFS.domain), (2, RDFS.range))
        for prop, cls in ontology.subject_objects(axiom)
        if str(prop).startswith(NAMESPACES["cg"]) and (not isinstance(cls, rdflib.URIRef) or f"<{cls}>" in closure)
    }
    wrong = {
        f"{quad[1]} {'subject' if position == 0 else 'object'} {quad[position]} is none of {sorted(allowed)}"
        for quad in graph.quads
        for position in (0, 2)
        if (allowed := expected.get((quad[1], position))) is not None and not types.get(quad[position], set()) & allowed
    }
    assert not wrong, "\n".join(sorted(wrong))
