"""Publication: build, validate, and write the release to ``public/`` atomically.

The release is written into a fresh folder beside the target and swapped in only when every
file is complete (kg.atomic), so a failed or killed publish leaves the last good release
untouched. The worker processes die with this one, however it ends. Nothing in the output
depends on the clock or on the order records were read in.
"""

from __future__ import annotations

import csv
import ctypes
import functools
import io
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode

from kg import atomic, changelog, describe, jsonld, notices, serialize
from kg.checksums import CHECKSUMS, file_sha256
from kg.config import Project
from kg.describe import DATA_STEM, Edition
from kg.errors import PublishError
from kg.graph import Graph, build_project, without_cyclic_gc
from kg.jsonld_terms import project_terms
from kg.records import Rejection
from kg.validate import Report, validate_quads

REJECTED_FILE = "rejected.csv"
WORKERS = 2
# TriG from terms the Turtle pass parses strictly, graph names aside (_check_graph_names): the
# N-Triples are the smaller file, and a strict parse takes a third longer (serialize.write_turtle)
TRIG_UNCHECKED = functools.partial(serialize.write_trig, strict=False)


@dataclass
class Summary:
    """What a publish did, for the command line to print."""

    out: Path
    files: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    triples_by_graph: dict[str, int] = field(default_factory=dict)
    claims: int = 0
    rows: list[tuple[str, str, int, int]] = field(default_factory=list)
    report: Report | None = None

    @property
    def conforms(self) -> bool:
        return self.report is not None and self.report.conforms


class ValidationFailed(PublishError):
    """The graph violates the shapes; nothing was written."""

    def __init__(self, report: Report, graph: Graph) -> None:
        super().__init__(report.text(graph.origins))
        self.report = report


def publish(
    project: Project,
    out: Path,
    progress: Callable[[str], None] = lambda _: None,
    engine: str = "fast",
    graph: Graph | None = None,
    edition: Edition | None = None,
    previous: Path | None = None,
) -> Summary:
    """Build, validate and write the release; raise without touching ``out`` on any failure.

    Two worker processes (the machine has two cores) start first: one builds the datasets
    that can be built apart while this process builds the others (kg.graph.build_project);
    then they write Turtle, TriG, JSON-LD and the dumps' gzip copies from the sorted N-Triples
    and N-Quads files, each with its digest taken from the bytes as they pass (every big file
    is read once), while this process validates the graph and describes it. The staging
    folder replaces ``out`` only if the graph conforms and every file was written. ``graph``, when given, is published instead of
    the graph built from the project's sources (the benchmark times the build on its own).
    A versioned release (``edition``, kg.release) says its version in the ontology and the
    description, and holds the changes since the release in ``previous`` (a folder), if given.
    """
    with (
        atomic.OutputFolder(out, progress) as target,
        ProcessPoolExecutor(
            max_workers=WORKERS,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool,
        without_cyclic_gc(),
    ):
        try:
            for _ in range(WORKERS):
                pool.submit(_ready)
            if graph is None:
                progress("reading sources and building the graph")
                graph = build_project(project, pool=pool)
            summary = Summary(out=out)
            built = graph
            target.replace(
                lambda folder: _validate_and_write(
                    folder, project, built, summary, engine, progress, pool, Release(edition, previous)
                )
            )
        except BaseException:
            _terminate_workers(pool)
            raise
    return summary


@dataclass(frozen=True)
class Release:
    """What a versioned release adds to a publish: its edition and the previous release's folder."""

    edition: Edition | None = None
    previous: Path | None = None


def _validate_and_write(
    folder: Path,
    project: Project,
    graph: Graph,
    summary: Summary,
    engine: str,
    progress: Callable[[str], None],
    pool: Executor,
    release: Release,
) -> None:
    progress(f"sorting {len(graph.quads):,} quads")
    data = serialize.SortedGraph.of(graph.quads)
    nquads, ntriples = folder / f"{DATA_STEM}.nq", folder / f"{DATA_STEM}.nt"
    digests: list[Future[tuple[Path, str]]] = []
    copies: list[Future[dict[Path, str]]] = []
    try:
        _check_graph_names(data.by_graph)
        serialize.write_lines(data.nquads(), nquads)
        digests.append(pool.submit(_write_and_digest, TRIG_UNCHECKED, nquads, folder / f"{DATA_STEM}.trig"))
        copies.append(pool.submit(serialize.write_gzip, nquads, _gzip_path(nquads)))
        serialize.write_lines(data.ntriples, ntriples)
        digests += [
            pool.submit(_write_and_digest, _jsonld_writer(project), ntriples, folder / f"{DATA_STEM}.jsonld"),
            pool.submit(_write_and_digest, serialize.write_turtle, ntriples, folder / f"{DATA_STEM}.ttl"),
        ]
        copies.append(pool.submit(serialize.write_gzip, ntriples, _gzip_path(ntriples)))
        union_triples = len(data.union)
        del data  # written: its lists go before validation's index comes
        progress(
            f"validating {len(graph.quads):,} quads against the shapes ({engine}); "
            "writing Turtle, TriG and JSON-LD meanwhile"
        )
        summary.report = validate_quads(graph.quads, project, engine)
        if not summary.report.conforms:
            raise ValidationFailed(summary.report, graph)
        progress("writing the dataset description")
        union, by_graph = _write_rest(folder, project, graph, union_triples, summary, release.edition)
        if release.edition is not None and release.previous is not None:
            progress(f"comparing with the release in {release.previous}")
            changelog.write(
                release.previous / f"{DATA_STEM}.nq", nquads, folder, release.previous.name, release.edition.version
            )
        progress("compressing the dumps and computing checksums")
        known = _written(digests, copies)
        known |= dict(checksum(path) for path in sorted(folder.rglob("*")) if path.is_file() and path not in known)
        _write_description(folder, graph, union, by_graph, known, release.edition)
    except BaseException:
        _terminate_workers(pool)
        raise
    _write_checksums(folder, known)
    summary.files = {
        path.relative_to(folder).as_posix(): path.stat().st_size for path in sorted(folder.rglob("*")) if path.is_file()
    }


def _written(futures: list[Future[tuple[Path, str]]], copies: list[Future[dict[Path, str]]]) -> dict[Path, str]:
    """The writers' files and the dumps with their gzip copies, with their digests; a term
    pyoxigraph refuses is a publish error."""
    try:
        known = dict(future.result() for future in futures)
        for copy in copies:
            known |= copy.result()
    except (SyntaxError, ValueError) as error:
        raise PublishError(f"the graph holds a term that is not valid RDF: {error}") from None
    except OSError as error:
        raise PublishError(f"cannot write {error.filename or 'the release'}: {error.strerror}") from None
    return known


def _gzip_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".gz")


def _check_graph_names(graphs: Iterable[str]) -> None:
    """The named graphs' IRIs, checked as strictly as the Turtle pass checks every other term."""
    for graph in graphs:
        try:
            NamedNode(graph[1:-1])
        except ValueError as error:
            raise PublishError(f"the graph holds a term that is not valid RDF: {graph}: {error}") from None


def _terminate_workers(pool: Executor) -> None:
    """Kill and join the pool's worker processes at once (Python 3.14 has a method for it;
    before, the pool keeps them in ``_processes``), so that nothing writes into the staging
    folder once it is removed and a failed publish does not wait for a gigabyte it will throw
    away. The pool settles their futures as broken. Futures are not cancelled first: Python
    3.11's pool then fails on setting a cancelled future and never settles the others."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def _die_with_parent(parent: int) -> None:
    """Run first in each worker: the kernel kills it when the publishing process dies, even by
    ``kill -9``, so no worker lives on writing into a staging folder nobody will use."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)


def _ready() -> None:
    """Nothing: submitted so that the workers start, and import this module, during the build."""


def _jsonld_writer(project: Project) -> Callable[[Path, Path], None]:
    """The JSON-LD writer with the terms of the project's ontology and shapes (kg.jsonld_terms)."""
    return functools.partial(jsonld.write_jsonld_file, terms=project_terms(project))


def _write_and_digest(write: Callable[[Path, Path], str | None], source: Path, path: Path) -> tuple[Path, str]:
    """Run in a worker: write one serialization with its digest, which the writer takes from the
    bytes it wrote, or else is read back while the file is in the page cache."""
    digest = write(source, path)
    return path, file_sha256(path) if digest is None else digest


def checksum(path: Path) -> tuple[Path, str]:
    """The file with its SHA-256 digest (hex), for the writers' futures."""
    return path, file_sha256(path)


def _write_rest(
    folder: Path, project: Project, graph: Graph, union_triples: int, summary: Summary, edition: Edition | None
) -> tuple[describe.Statistics, dict[str, describe.Statistics]]:
    """The small files, and the counts the summary prints and the description states."""
    ontology = project.ontology_file.read_text(encoding="utf-8")
    if edition is not None:
        ontology = describe.versioned_ontology(ontology, edition)
    writers: dict[str, Callable[[IO[bytes]], object]] = {
        "context.jsonld": lambda out: out.write(jsonld.jsonld_context(project_terms(project))),
        REJECTED_FILE: lambda out: _write_rejections(graph.rejections, out),
        "ontology/claimgraph.ttl": lambda out: out.write(ontology.encode("utf-8")),
        "shapes/claimgraph-shapes.ttl": lambda out: out.write(project.shapes_file.read_bytes()),
        notices.LICENSE_FILE: lambda out: out.write(notices.license_text(graph.datasets).encode("utf-8")),
        notices.NOTICE_FILE: lambda out: out.write(notices.notice_text(project, graph.datasets).encode("utf-8")),
    }
    for name, writer in writers.items():
        _write_file(folder / name, writer)
    union, by_graph = describe.gather(graph.quads, union_triples)
    summary.triples = union.triples
    summary.triples_by_graph = {graph_term[1:-1]: stats.triples for graph_term, stats in sorted(by_graph.items())}
    summary.claims = len(union.claims)
    summary.rows = _row_accounting(graph)
    return union, by_graph


def _write_description(
    folder: Path,
    graph: Graph,
    union: describe.Statistics,
    by_graph: dict[str, describe.Statistics],
    known: dict[Path, str],
    edition: Edition | None,
) -> None:
    """void.ttl: the dataset, its graphs and every file of the release (itself and SHA256SUMS
    included), with the size and digest of each file written before it."""
    files = {path.relative_to(folder).as_posix(): (path.stat().st_size, digest) for path, digest in known.items()}
    names = [*files, "void.ttl", CHECKSUMS]
    description = describe.describe(union, by_graph, graph.datasets, names, edition, files)
    void = serialize.SortedGraph.of((*triple, "<urn:x-claimgraph:void>") for triple in description)
    with tempfile.TemporaryDirectory() as scratch:
        void_nt = Path(scratch) / "void.nt"
        serialize.write_lines(void.ntriples, void_nt)
        serialize.write_turtle(void_nt, folder / "void.ttl")


def _write_file(path: Path, writer: Callable[[IO[bytes]], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        writer(handle)


def _write_rejections(rejections: list[Rejection], out: IO[bytes]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["dataset", "file", "row", "reason"])
    for rejection in rejections:
        writer.writerow([rejection.dataset, rejection.file, rejection.row, rejection.reason])
    out.write(text.getvalue().encode("utf-8"))


def _write_checksums(folder: Path, known: dict[Path, str]) -> None:
    """SHA256SUMS in the format ``sha256sum -c`` reads, files in sorted order; ``known`` digests
    were computed by the workers that wrote those files."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != CHECKSUMS:
            digest = known[path] if path in known else checksum(path)[1]
            lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def _row_accounting(graph: Graph) -> list[tuple[str, str, int, int]]:
    """Per input file: rows read, rows rejected (the rest are in the graph)."""
    rejected: dict[str, int] = {}
    for rejection in graph.rejections:
        rejected[rejection.file] = rejected.get(rejection.file, 0) + 1
    return [
        (dataset, file, read, rejected.get(file, 0))
        for dataset, files in graph.rows_by_dataset.items()
        for file, read in files.items()
    ]
