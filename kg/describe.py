"""The dataset description (VoID + DCAT): what the release holds, from where, under which licence.

The whole release is one dataset; each named graph is a subset described under the graph's
own IRI, with its licence, upstream repository and commit, and the credits its compilers
are owed. Counts are computed from the triples, never typed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from pyoxigraph import NamedNode, Quad, Triple

from kg.config import BASE, ID_BASE, SHAPES_IRI, VERSION
from kg.ids import graph_iri, mint
from kg.records import Dataset
from kg.vocab import A, CG, DCAT, DCTERMS, OWL, PROV, RDFS, VOID, integer, text

RELEASE_BASE = BASE + "release/"
DATA_STEM = "claimgraph"
DATASET_IRI = NamedNode(mint("dataset", "claimgraph"))
CLAIMGRAPH_LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".csv": "text/csv",
}
VOCABULARIES = ("cg", "dcterms", "oa", "org", "owl", "prov", "rdfs", "schema", "skos", "time")


def describe(quads: list[Quad], datasets: Iterable[Dataset], files: Iterable[str]) -> list[Triple]:
    """VoID and DCAT triples for the release, its named graphs and its files."""
    from kg.config import NAMESPACES

    by_graph: dict[str, list[Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)  # type: ignore[union-attr]
    union = {quad.triple for quad in quads}
    triples = [
        Triple(DATASET_IRI, A, VOID.Dataset),
        Triple(DATASET_IRI, A, DCAT.Dataset),
        Triple(DATASET_IRI, DCTERMS.title, text("claimgraph: a knowledge graph of contested war claims", "en")),
        Triple(
            DATASET_IRI,
            DCTERMS.description,
            text(
                "Loss figures, estimates, visually confirmed losses, talks and exchanges of the "
                "Russia-Ukraine war as attributed claims: who claimed what, when, about which "
                "formation and period, with which hedge, through which relay, quoted from which words.",
                "en",
            ),
        ),
        Triple(DATASET_IRI, DCTERMS.license, CLAIMGRAPH_LICENSE),
        Triple(DATASET_IRI, DCTERMS.creator, text("claimgraph contributors")),
        Triple(DATASET_IRI, OWL.versionInfo, text(VERSION)),
        Triple(DATASET_IRI, DCAT.version, text(VERSION)),
        Triple(DATASET_IRI, DCTERMS.conformsTo, NamedNode(SHAPES_IRI)),
        Triple(DATASET_IRI, VOID.uriSpace, text(ID_BASE)),
        *_statistics(DATASET_IRI, "claimgraph", union),
    ]
    triples += [Triple(DATASET_IRI, VOID.vocabulary, NamedNode(NAMESPACES[prefix])) for prefix in VOCABULARIES]
    for dataset in datasets:
        graph = graph_iri(dataset.name)
        triples += _subset(NamedNode(graph), dataset, by_graph.get(graph, []))
    for name in sorted(files):
        triples += _distribution(name)
    return triples


def _statistics(node: NamedNode, key: str, triples: Iterable[Triple]) -> Iterator[Triple]:
    """Counts of triples, subjects, entities, properties and classes; claims as a class partition."""
    triples = list(triples)
    subjects = {t.subject for t in triples}
    classes = Counter(t.object for t in triples if t.predicate == A)
    yield Triple(node, VOID.triples, integer(len(triples)))
    yield Triple(node, VOID.distinctSubjects, integer(len(subjects)))
    yield Triple(node, VOID.entities, integer(sum(1 for s in subjects if s.value.startswith(ID_BASE))))  # type: ignore[union-attr]
    yield Triple(node, VOID.properties, integer(len({t.predicate for t in triples})))
    yield Triple(node, VOID.classes, integer(len(classes)))
    claims = sorted((t.subject for t in triples if t.predicate == A and t.object == CG.Claim), key=str)
    partition = NamedNode(mint("dataset", f"{key}-claims"))
    yield Triple(node, VOID.classPartition, partition)
    yield Triple(partition, VOID["class"], CG.Claim)
    yield Triple(partition, VOID.entities, integer(len(claims)))
    for example in claims[:3]:
        yield Triple(node, VOID.exampleResource, example)


def _subset(node: NamedNode, dataset: Dataset, triples: list[Triple]) -> Iterator[Triple]:
    yield Triple(DATASET_IRI, VOID.subset, node)
    yield Triple(node, A, VOID.Dataset)
    yield Triple(node, A, DCAT.Dataset)
    yield Triple(node, DCTERMS.title, text(dataset.title, "en"))
    yield Triple(node, DCTERMS.description, text(dataset.description, "en"))
    yield Triple(node, DCTERMS.license, NamedNode(dataset.license))
    yield Triple(node, RDFS.label, text(f"named graph {dataset.name}", "en"))
    for credit in dataset.credits:
        yield Triple(node, DCTERMS.creator, text(credit))
    if dataset.upstream:
        yield Triple(node, DCTERMS.source, NamedNode(dataset.upstream))
    if dataset.upstream and dataset.commit:
        yield Triple(node, PROV.wasDerivedFrom, NamedNode(f"{dataset.upstream}/tree/{dataset.commit}"))
    yield from _statistics(node, dataset.name, triples)


def _distribution(name: str) -> list[Triple]:
    node = NamedNode(RELEASE_BASE + name)
    suffix = name[name.rfind(".") :] if "." in name else ""
    triples = [
        Triple(DATASET_IRI, DCAT.distribution, node),
        Triple(node, A, DCAT.Distribution),
        Triple(node, DCTERMS.title, text(name)),
        Triple(node, DCAT.downloadURL, node),
        Triple(node, DCTERMS.license, CLAIMGRAPH_LICENSE),
    ]
    if suffix in MEDIA_TYPES:
        triples.append(Triple(node, DCAT.mediaType, NamedNode("https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[suffix])))
    if name.startswith(DATA_STEM + "."):
        triples.append(Triple(DATASET_IRI, VOID.dataDump, node))
    return triples
