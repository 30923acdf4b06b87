"""Records -> RDF: every record becomes triples in the named graph of the source it came from.

All keys are resolved against one index first, so a claim naming an unknown claimant or
category fails here with the file and record it came from, before anything is written. No
blank nodes are made: periods, instants, quotes, selectors and attributions get minted URIs
of their own, derived from natural keys, so the output is the same every time.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from types import ModuleType

from kg.config import ID_BASE, Project
from kg.emit import triples
from kg.emit.base import origin_of, uri_term
from kg.emit.index import Index
from kg.errors import BuildError
from kg.ids import Tombstone, graph_iri, read_tombstones
from kg.records import (
    Batch,
    Dataset,
    Origin,
    Rejection,
)
from kg.vocab import (
    DCTERMS,
    OWL,
    RDFS,
    SKOS,
    Quad,
    boolean,
    text,
)

# Periods and instants are shared by claims of every source: they live once, in a graph of
# their own, so that no triple is in two named graphs (a store's union of the graphs would
# otherwise return such a triple once per graph).
TIME_DATASET = Dataset(
    name="time",
    title="Reporting periods and instants",
    description="The periods claims cover and the dates that bound them, shared by the claims of every source.",
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(),
    credits=("claimgraph contributors",),
)
TOMBSTONE_DATASET = Dataset(
    name="tombstones",
    title="Retired URIs",
    description="URIs claimgraph published and no longer produces, each with its label and successor (registry/tombstones.yaml).",
    license="https://creativecommons.org/licenses/by/4.0/",
    files=("registry/tombstones.yaml",),
    credits=("claimgraph contributors",),
)
SHARED_TIME_NODES = (f"<{ID_BASE}period/", f"<{ID_BASE}instant/")


@dataclass
class Graph:
    """The built graph: quads by named graph, where each subject came from, and the inputs' fate."""

    quads: list[Quad] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    datasets: list[Dataset] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_by_dataset: dict[str, dict[str, int]] = field(default_factory=dict)
    keys: dict[tuple[str, str], tuple[str, Origin]] = field(default_factory=dict)
    """Every record key by index space, with the dataset and record that define it."""


def build(batches: Iterable[Batch], datasets: Iterable[Dataset], tombstones: Iterable[Tombstone] = ()) -> Graph:
    """The whole graph: one named graph per source, tombstones in a graph of their own."""
    batches = list(batches)
    index = Index(batches)
    result = Graph(datasets=[*datasets, TIME_DATASET], keys=index.keys)
    time_graph = uri_term(graph_iri(TIME_DATASET.name))
    # the quads written so far per graph, to write each once: the quad itself is kept, not its
    # triple as well (a tuple per triple fewer: a tenth of the memory of a large build)
    seen_time: set[Quad] = set()
    for batch in batches:
        graph = uri_term(graph_iri(batch.dataset))
        index.start_graph()
        seen: set[Quad] = set()
        for record in batch.records:
            origin = origin_of(record)
            subject = ""
            target, written = graph, seen
            for triple in triples(record, index):
                if triple[0] != subject:
                    subject = triple[0]
                    result.origins.setdefault(subject, origin)
                    target, written = (
                        (time_graph, seen_time) if subject.startswith(SHARED_TIME_NODES) else (graph, seen)
                    )
                quad = (*triple, target)
                if quad not in written:
                    written.add(quad)
                    result.quads.append(quad)
        result.rejections.extend(batch.rejections)
        result.rows_read.update(batch.rows_read)
        result.rows_by_dataset[batch.dataset] = dict(batch.rows_read)
    _add_tombstones(result, tombstones)
    return result


def _add_tombstones(result: Graph, tombstones: Iterable[Tombstone]) -> None:
    graph = uri_term(graph_iri(TOMBSTONE_DATASET.name))
    tombstones = list(tombstones)
    if tombstones:
        result.datasets.append(TOMBSTONE_DATASET)
    for stone in tombstones:
        node = uri_term(stone.uri)
        triples = [
            (node, OWL.deprecated, boolean(True)),
            (node, RDFS.label, text(stone.label, "en")),
            (node, SKOS.changeNote, text(stone.reason, "en")),
        ]
        if stone.replaced_by:
            triples.append((node, DCTERMS.isReplacedBy, uri_term(stone.replaced_by)))
        result.quads.extend((*t, graph) for t in triples)
        result.origins.setdefault(node, Origin("registry/tombstones.yaml", stone.uri))


# ------------------------------------------------------------------ indexing ----


# ------------------------------------------------------------------ emitting ----


def build_project(project: Project, modules: Sequence[ModuleType] | None = None, pool: Executor | None = None) -> Graph:
    """Read the project's sources (all of them by default) and build the graph, with its tombstones.

    With a worker ``pool``, the datasets marked ``BUILT_APART`` (they refer to nothing but the
    reference data and their own records, and nothing refers to them) are read and built in a
    worker while this process builds the rest, then merged: the same quads, origins and
    accounting as one build (a test compares them), in less time (Oryx is half the release).
    """
    from kg.sources import all_sources, reference

    modules = all_sources() if modules is None else modules
    apart = [m for m in modules if pool is not None and reference in modules and getattr(m, "BUILT_APART", False)]
    parts = [pool.submit(build_apart, project, module.__name__) for module in apart] if pool is not None else []
    here = [module for module in modules if module not in apart]
    graph = build([m.read(project) for m in here], [m.DATASET for m in here], read_tombstones(project.tombstones_file))
    for part in parts:
        _merge(graph, part.result())
    order = [module.DATASET for module in modules]
    graph.datasets = order + [dataset for dataset in graph.datasets if dataset not in order]
    graph.rows_by_dataset = {d.name: graph.rows_by_dataset[d.name] for d in order if d.name in graph.rows_by_dataset}
    return graph


def build_apart(project: Project, module_name: str) -> Graph:
    """Run in a worker: one self-contained dataset, built with the reference data it refers to;
    only its own part comes back (its graph, the shared time nodes it describes, its keys)."""
    from kg.sources import reference

    with without_cyclic_gc():
        module = importlib.import_module(module_name)
        dataset = module.DATASET.name
        graph = build([reference.read(project), module.read(project)], [reference.DATASET, module.DATASET])
        own = {uri_term(graph_iri(dataset)), uri_term(graph_iri(TIME_DATASET.name))}
        quads = [quad for quad in graph.quads if quad[3] in own]
        subjects = {quad[0] for quad in quads}
        return Graph(
            quads=quads,
            origins={subject: origin for subject, origin in graph.origins.items() if subject in subjects},
            datasets=[module.DATASET],
            rejections=[rejection for rejection in graph.rejections if rejection.dataset == dataset],
            rows_read=dict(graph.rows_by_dataset[dataset]),
            rows_by_dataset={dataset: graph.rows_by_dataset[dataset]},
            keys={key: owner for key, owner in graph.keys.items() if owner[0] == dataset},
        )


def _merge(graph: Graph, part: Graph) -> None:
    """Add a dataset built apart, as if it had been built last in the same index."""
    for (space, key), (_, origin) in part.keys.items():
        if (space, key) in graph.keys:
            raise BuildError(f"{origin}: {space} key {key!r} is already used by {graph.keys[(space, key)][1]}")
    graph.keys.update(part.keys)
    time_graph = uri_term(graph_iri(TIME_DATASET.name))
    described = {quad for quad in graph.quads if quad[3] == time_graph}
    graph.quads.extend(quad for quad in part.quads if quad[3] != time_graph or quad not in described)
    for subject, origin in part.origins.items():
        graph.origins.setdefault(subject, origin)
    graph.rejections.extend(part.rejections)
    graph.rows_read.update(part.rows_read)
    graph.rows_by_dataset.update(part.rows_by_dataset)


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during bulk work on a whole graph in memory.

    The graph and its indexes are millions of tuples, dicts and sets that live until the end;
    the collector's full passes over them find nothing to free. Measured on the release:
    `kg publish` 12.4-12.8 s paused against 14.8-15.3 s running, `kg validate` of its N-Quads
    8.5 s against 12.6 s. Reference counting still frees everything that is not in a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
