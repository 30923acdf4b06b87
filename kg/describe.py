"""The dataset description (VoID + DCAT): what the release holds, from where, under which licence.

The whole release is one dataset; each named graph is a subset described under the graph's
own IRI, with its licence, upstream repository and commit, and the credits its compilers
are owed. Counts are computed from the triples, never typed in.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from kg import catalog
from kg.config import BASE, ID_BASE, SHAPES_IRI, VERSION
from kg.errors import PublishError
from kg.ids import graph_iri, mint
from kg.records import Dataset
from kg.vocab import CG, DCAT, DCTERMS, OWL, PROV, RDFS, VOID, A, Quad, Term, Triple, integer, iri, text

RELEASE_BASE = BASE + "release/"
SERIES_IRI = iri(RELEASE_BASE)
DATA_STEM = "claimgraph"
DATASET_IRI = iri(mint("dataset", "claimgraph"))
CLAIMGRAPH_LICENSE = iri("https://creativecommons.org/licenses/by/4.0/")
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".csv": "text/csv",
    ".json": "application/json",
    ".md": "text/markdown",
}
GZIP = iri("https://www.iana.org/assignments/media-types/application/gzip")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_HEX = "http://www.w3.org/2001/XMLSchema#hexBinary"
XSD_NON_NEGATIVE = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
VOCABULARIES = ("cg", "dcterms", "oa", "org", "owl", "prov", "rdfs", "schema", "skos", "time")


@dataclass(frozen=True)
class Edition:
    """A versioned release: its version, the date it is issued (taken from the version or
    given, never the clock) and the version before it, if any."""

    version: str
    issued: str
    previous: str | None = None

    @property
    def base(self) -> str:
        """Where the release's files are published: ``{BASE}release/{version}/``."""
        return f"{RELEASE_BASE}{self.version}/"

    @property
    def ontology_version_iri(self) -> str:
        return f"{BASE}ontology/{self.version}"

    @property
    def previous_ontology_iri(self) -> str | None:
        return None if self.previous is None else f"{BASE}ontology/{self.previous}"


@dataclass
class Statistics:
    """What VoID counts about a set of triples."""

    triples: int = 0
    subjects: set[Term] = field(default_factory=set)
    properties: set[Term] = field(default_factory=set)
    classes: set[Term] = field(default_factory=set)
    claims: set[Term] = field(default_factory=set)

    @classmethod
    def of(cls, quads: Sequence[Quad]) -> Statistics:
        """Set comprehensions rather than a loop: a third of the time on the release."""
        typed = [(subject, obj) for subject, predicate, obj, _ in quads if predicate == A]
        return cls(
            triples=len(quads),
            subjects={quad[0] for quad in quads},
            properties={quad[1] for quad in quads},
            classes={obj for _, obj in typed},
            claims={subject for subject, obj in typed if obj == CG.Claim},
        )


def gather(quads: Sequence[Quad], union_triples: int) -> tuple[Statistics, dict[Term, Statistics]]:
    """Statistics of the union (its triple count given: duplicates across graphs count once) and per graph."""
    by_graph: dict[Term, list[Quad]] = {}
    for graph, run in itertools.groupby(quads, key=operator.itemgetter(3)):
        by_graph.setdefault(graph, []).extend(run)
    stats = {graph: Statistics.of(members) for graph, members in by_graph.items()}
    union = Statistics(
        triples=union_triples,
        subjects=set().union(*(graph.subjects for graph in stats.values())),
        properties=set().union(*(graph.properties for graph in stats.values())),
        classes=set().union(*(graph.classes for graph in stats.values())),
        claims=set().union(*(graph.claims for graph in stats.values())),
    )
    return union, stats


def describe(
    union: Statistics,
    by_graph: dict[Term, Statistics],
    datasets: Iterable[Dataset],
    files: Iterable[str],
    edition: Edition | None = None,
    digests: dict[str, tuple[int, str]] | None = None,
) -> list[Triple]:
    """VoID and DCAT triples for the release, its named graphs and its files; a versioned
    release (``edition``) also says its version, date, series and previous version. ``digests``
    gives the byte size and SHA-256 of the files that have them."""
    from kg.config import NAMESPACES

    triples = [
        (DATASET_IRI, A, VOID.Dataset),
        (DATASET_IRI, A, DCAT.Dataset),
        (DATASET_IRI, DCTERMS.title, text("claimgraph: a knowledge graph of contested war claims", "en")),
        (
            DATASET_IRI,
            DCTERMS.description,
            text(
                "Loss figures, estimates, losses documented by photo or video, talks and exchanges of the "
                "Russia-Ukraine war as attributed claims: who claimed what, when, about which "
                "formation and period, with which hedge, through which relay, quoted from which words.",
                "en",
            ),
        ),
        (DATASET_IRI, DCTERMS.license, CLAIMGRAPH_LICENSE),
        (DATASET_IRI, OWL.versionInfo, text(edition.version if edition else VERSION)),
        (DATASET_IRI, DCAT.version, text(edition.version if edition else VERSION)),
        (DATASET_IRI, DCTERMS.conformsTo, iri(SHAPES_IRI)),
        (iri(SHAPES_IRI), A, DCTERMS.Standard),
        (DATASET_IRI, VOID.uriSpace, text(ID_BASE)),
        *_statistics(DATASET_IRI, "claimgraph", union),
    ]
    base = edition.base if edition else RELEASE_BASE
    triples += [(DATASET_IRI, VOID.vocabulary, iri(NAMESPACES[prefix])) for prefix in VOCABULARIES]
    triples += _credits(base, DATASET_IRI, [catalog.PROJECT_NAME])
    for dataset in datasets:
        graph = iri(graph_iri(dataset.name))
        triples += _subset(graph, dataset, by_graph.get(graph, Statistics()))
        triples += _credits(base, graph, dataset.credits)
    if edition is not None:
        triples += _edition(edition)
    for name in sorted(files):
        triples += _distribution(name, base, (digests or {}).get(name))
    triples += catalog.catalog(base, DATASET_IRI, SERIES_IRI if edition else None)
    triples += catalog.kinds(
        licenses=[obj for _, predicate, obj in triples if predicate == DCTERMS.license],
        rights=[obj for _, predicate, obj in triples if predicate == DCTERMS.rights],
        media_types=[obj for _, predicate, obj in triples if predicate in (DCAT.mediaType, DCAT.compressFormat)],
    )
    return triples + catalog.declarations()


def _credits(base: str, subject: Term, names: Iterable[str]) -> list[Triple]:
    """The creators of a dataset or named graph, as agents with their names as credited."""
    triples: list[Triple] = []
    for name in names:
        agent, described = catalog.agent(base, name)
        triples += [(subject, DCTERMS.creator, agent), *described]
    return triples


def _edition(edition: Edition) -> list[Triple]:
    """Version, issue date, series and previous version: each IRI a folder of the release tree."""
    triples = [
        (DATASET_IRI, DCTERMS.issued, f'"{edition.issued}"^^<{XSD_DATE}>'),
        (DATASET_IRI, DCAT.inSeries, SERIES_IRI),
        (SERIES_IRI, A, DCAT.DatasetSeries),
        (SERIES_IRI, A, DCAT.Dataset),  # DCAT 3 says so; stated, as DCAT-AP's shapes do not infer
        (SERIES_IRI, DCTERMS.title, text("claimgraph releases", "en")),
        (SERIES_IRI, DCTERMS.description, text("Every release of claimgraph, each in its own folder.", "en")),
    ]
    if edition.previous is not None:
        triples.append((DATASET_IRI, DCAT.previousVersion, iri(f"{RELEASE_BASE}{edition.previous}/")))
    return triples


def _statistics(node: Term, key: str, stats: Statistics) -> Iterator[Triple]:
    """Counts of triples, subjects, entities, properties and classes; claims as a class partition."""
    yield (node, VOID.triples, integer(stats.triples))
    yield (node, VOID.distinctSubjects, integer(len(stats.subjects)))
    yield (node, VOID.entities, integer(sum(1 for s in stats.subjects if s.startswith("<" + ID_BASE))))
    yield (node, VOID.properties, integer(len(stats.properties)))
    yield (node, VOID.classes, integer(len(stats.classes)))
    partition = iri(mint("dataset", f"{key}-claims"))
    yield (node, VOID.classPartition, partition)
    yield (partition, VOID["class"], CG.Claim)
    yield (partition, VOID.entities, integer(len(stats.claims)))
    for example in sorted(stats.claims)[:3]:
        yield (node, VOID.exampleResource, example)


def _subset(node: Term, dataset: Dataset, stats: Statistics) -> Iterator[Triple]:
    yield (DATASET_IRI, VOID.subset, node)
    yield (node, A, VOID.Dataset)
    yield (node, A, DCAT.Dataset)
    yield (node, DCTERMS.title, text(dataset.title, "en"))
    yield (node, DCTERMS.description, text(dataset.description, "en"))
    yield (node, DCTERMS.license, iri(dataset.license))
    yield (node, RDFS.label, text(f"named graph {dataset.name}", "en"))
    if dataset.upstream:
        upstream = iri(dataset.upstream)
        yield (node, DCTERMS.source, upstream)
        yield (upstream, A, DCAT.Dataset)
        yield (upstream, DCTERMS.title, text(dataset.upstream.removeprefix("https://github.com/")))
        yield (
            upstream,
            DCTERMS.description,
            text(f"The compilation the named graph {dataset.name} is read from.", "en"),
        )
    if dataset.upstream and dataset.commit:
        yield (node, PROV.wasDerivedFrom, iri(f"{dataset.upstream}/tree/{dataset.commit}"))
    yield from _statistics(node, dataset.name, stats)


def _distribution(name: str, base: str, digest: tuple[int, str] | None) -> list[Triple]:
    node = iri(base + name)
    compressed = name.endswith(".gz")
    suffix = PurePosixPath(name.removesuffix(".gz")).suffix
    triples = [
        (DATASET_IRI, DCAT.distribution, node),
        (node, A, DCAT.Distribution),
        (node, DCTERMS.title, text(name)),
        (node, DCAT.downloadURL, node),
        (node, DCAT.accessURL, iri(base)),
        (node, DCTERMS.license, CLAIMGRAPH_LICENSE),
        (node, DCTERMS.rights, iri(base + "LICENSE")),
    ]
    if suffix in MEDIA_TYPES:
        triples.append(
            (node, DCAT.mediaType, iri("https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[suffix]))
        )
    if compressed:
        triples.append((node, DCAT.compressFormat, GZIP))
    if digest is not None:
        size, sha256 = digest
        checksum = catalog.node(base, f"sha256-{name.replace('/', '-')}")
        triples += [
            (node, DCAT.byteSize, f'"{size}"^^<{XSD_NON_NEGATIVE}>'),
            (node, catalog.SPDX.checksum, checksum),
            (checksum, A, catalog.SPDX.Checksum),
            (checksum, catalog.SPDX.algorithm, catalog.SPDX.checksumAlgorithm_sha256),
            (checksum, catalog.SPDX.checksumValue, f'"{sha256}"^^<{XSD_HEX}>'),
        ]
    if name.startswith(DATA_STEM + "."):
        triples.append((DATASET_IRI, VOID.dataDump, node))
    return triples


def versioned_ontology(turtle: str, edition: Edition) -> str:
    """The ontology as the release holds it: ``owl:versionIRI`` and ``owl:versionInfo`` of the
    release, and ``owl:priorVersion`` naming the previous release's ontology."""
    current = f"{BASE}ontology/{VERSION}"
    line = f"    owl:versionIRI <{current}> ;\n"
    if turtle.count(line) != 1 or turtle.count(f'    owl:versionInfo "{VERSION}" ;\n') != 1:
        raise PublishError(f"the ontology does not declare owl:versionIRI <{current}> and versionInfo once")
    replacement = f"    owl:versionIRI <{edition.ontology_version_iri}> ;\n"
    if edition.previous_ontology_iri is not None:
        replacement += f"    owl:priorVersion <{edition.previous_ontology_iri}> ;\n"
    turtle = turtle.replace(line, replacement)
    return turtle.replace(f'    owl:versionInfo "{VERSION}" ;\n', f'    owl:versionInfo "{edition.version}" ;\n')
