"""The published release as the server presents it: its files, checksums and VoID/DCAT description.

Everything here is read from the release folder (``kg publish``'s output), never restated: the
named graphs' licences, credits and counts come from ``void.ttl``, the downloads and their
checksums from ``SHA256SUMS``, and a file is served only when ``SHA256SUMS`` or ``void.ttl``
names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store, Triple

from kg.checksums import CHECKSUMS, read_listed
from kg.config import BASE, GRAPH_BASE, NAMESPACES
from kg.errors import KgError
from kg.jsonld_terms import Terms, derive_terms

RELEASE_BASE = BASE + "release/"


class ReleaseMissing(KgError):
    """The folder given as the release is not a published release."""


@dataclass(frozen=True)
class Download:
    """One file of the release with the checksum ``SHA256SUMS`` gives for it."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class NamedGraph:
    """One named graph as void.ttl describes it."""

    iri: str
    name: str
    title: str
    description: str
    license: str
    creators: tuple[str, ...]
    source: str
    derived_from: str
    triples: int
    claims: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Release:
    """A release folder, its VoID description loaded into a small store of its own."""

    folder: Path
    void: Store
    downloads: tuple[Download, ...]
    releases: Path | None = None  # the folder of versioned releases served beside it (kg.serve.releases)

    def file(self, path: str) -> Path | None:
        """The release file at a path VoID/DCAT names (``release/...``), if it is one."""
        listed = {download.path for download in self.downloads} | {CHECKSUMS}
        return self.folder / path if path in listed and (self.folder / path).is_file() else None

    def value(self, subject: str, predicate: str) -> str:
        """One literal or IRI value of the dataset description, as text ('' when absent)."""
        for quad in self.void.quads_for_pattern(NamedNode(subject), NamedNode(_expand(predicate)), None):
            return str(getattr(quad.object, "value", ""))
        return ""

    def values(self, subject: str, predicate: str) -> list[str]:
        return sorted(
            str(getattr(quad.object, "value", ""))
            for quad in self.void.quads_for_pattern(NamedNode(subject), NamedNode(_expand(predicate)), None)
        )

    def graphs(self) -> list[NamedGraph]:
        """Every named graph of the release, by name."""
        dataset = self.dataset_iri()
        return [self._graph(iri) for iri in self.values(dataset, "void:subset")]

    def files_base(self) -> str:
        """Where the description publishes the release's files (their ``dcat:accessURL``):
        ``{BASE}release/`` for ``kg publish``, ``{BASE}release/VERSION/`` for ``kg release``."""
        for quad in self.void.quads_for_pattern(None, NamedNode(_expand("dcat:accessURL")), None):
            return str(getattr(quad.object, "value", RELEASE_BASE))
        return RELEASE_BASE

    def dataset_iri(self) -> str:
        for quad in self.void.quads_for_pattern(None, NamedNode(_expand("void:dataDump")), None):
            return str(getattr(quad.subject, "value", ""))
        raise ReleaseMissing(f"{self.folder / 'void.ttl'}: no dataset with void:dataDump")

    def _graph(self, iri: str) -> NamedGraph:
        name = iri[len(GRAPH_BASE) :] if iri.startswith(GRAPH_BASE) else iri
        partitions = self.values(iri, "void:classPartition")
        claims = sum(int(self.value(partition, "void:entities") or 0) for partition in partitions)
        return NamedGraph(
            iri=iri,
            name=name,
            title=self.value(iri, "dcterms:title") or name,
            description=self.value(iri, "dcterms:description"),
            license=self.value(iri, "dcterms:license"),
            creators=tuple(self.values(iri, "dcterms:creator")),
            source=self.value(iri, "dcterms:source"),
            derived_from=self.value(iri, "prov:wasDerivedFrom"),
            triples=int(self.value(iri, "void:triples") or 0),
            claims=claims,
            examples=tuple(self.values(iri, "void:exampleResource")),
        )

    def graph(self, name: str) -> NamedGraph | None:
        return next((graph for graph in self.graphs() if graph.name == name), None)

    @property
    def ontology_file(self) -> Path:
        return self.folder / "ontology" / "claimgraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.folder / "shapes" / "claimgraph-shapes.ttl"

    @cached_property
    def jsonld_terms(self) -> Terms:
        """The JSON-LD terms of this release's own ontology and shapes (those its context.jsonld
        was written from), for the entity documents served in JSON-LD."""
        return derive_terms(self.ontology_file, self.shapes_file)

    def graph_triples(self, iri: str) -> list[Triple]:
        """A VoID node's description (a named graph, the dataset): its triples and its class partitions'."""
        subjects = [iri, *self.values(iri, "void:classPartition")]
        return [
            quad.triple for subject in subjects for quad in self.void.quads_for_pattern(NamedNode(subject), None, None)
        ]


def open_release(folder: Path, releases: Path | None = None) -> Release:
    """The release at ``folder`` (and the folder of versioned releases to serve beside it, if
    any); a clear error when it is not one."""
    void_file = folder / "void.ttl"
    sums = folder / CHECKSUMS
    for needed in (void_file, sums):
        if not needed.is_file():
            raise ReleaseMissing(f"{needed}: not found; is {folder} a release written by `kg publish`?")
    void = Store()
    void.bulk_load(path=str(void_file), format=RdfFormat.TURTLE)
    return Release(folder, void, tuple(_downloads(folder)), releases)


def _downloads(folder: Path) -> list[Download]:
    return [Download(path, sha256, (folder / path).stat().st_size) for path, sha256 in read_listed(folder).items()]


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return NAMESPACES[prefix] + local
