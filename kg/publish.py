"""Publication: build, validate, and write the release to ``public/`` atomically.

The release is written into a fresh folder beside the target and swapped in only when every
file is complete, so a failed publish leaves the last good release untouched. Nothing in the
output depends on the clock or on the order records were read in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg import describe, serialize
from kg.config import Project
from kg.describe import DATA_STEM
from kg.errors import PublishError
from kg.graph import Graph, build_project
from kg.records import Rejection
from kg.validate import Report, validate_graph
from kg.vocab import A, CG, Quad

REJECTED_FILE = "rejected.csv"


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


def publish(project: Project, out: Path, progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Build, validate and write the release; raise without touching ``out`` on any failure."""
    progress("reading sources and building the graph")
    graph = build_project(project)
    progress(f"validating {len(graph.quads):,} quads against the shapes")
    report = validate_graph(graph.quads, project)
    if not report.conforms:
        raise ValidationFailed(report, graph)
    progress("writing the release")
    summary = Summary(out=out, report=report)
    _write_atomically(out, lambda folder: _write_release(folder, project, graph, summary))
    return summary


def _write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Write into a sibling folder, then swap it in; on failure the old release stays."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        write(staging)
        if out.exists():
            out.rename(retired)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _write_release(folder: Path, project: Project, graph: Graph, summary: Summary) -> None:
    triples = serialize.sorted_triples(graph.quads)
    quads = serialize.sorted_quads(graph.quads)
    writers: dict[str, Callable[[IO[bytes]], None]] = {
        f"{DATA_STEM}.ttl": lambda out: serialize.write_turtle(triples, out),
        f"{DATA_STEM}.nt": lambda out: serialize.write_ntriples(triples, out),
        f"{DATA_STEM}.jsonld": lambda out: serialize.write_jsonld(triples, out),
        f"{DATA_STEM}.trig": lambda out: serialize.write_trig(quads, out),
        f"{DATA_STEM}.nq": lambda out: serialize.write_nquads(quads, out),
        "context.jsonld": lambda out: out.write(json.dumps(serialize.jsonld_context(), indent=2).encode() + b"\n"),
        REJECTED_FILE: lambda out: _write_rejections(graph.rejections, out),
        "ontology/claimgraph.ttl": lambda out: out.write(project.ontology_file.read_bytes()),
        "shapes/claimgraph-shapes.ttl": lambda out: out.write(project.shapes_file.read_bytes()),
    }
    for name, writer in writers.items():
        _write_file(folder / name, writer)
    description = describe.describe(graph.quads, graph.datasets, [*writers, "void.ttl", "SHA256SUMS"])
    _write_file(folder / "void.ttl", lambda out: serialize.write_turtle(sorted(set(description)), out))
    _write_checksums(folder)
    summary.files = {path.relative_to(folder).as_posix(): path.stat().st_size for path in sorted(folder.rglob("*")) if path.is_file()}
    summary.triples = len(triples)
    summary.triples_by_graph = _count_by_graph(quads)
    summary.claims = sum(1 for t in triples if t[1] == A and t[2] == CG.Claim)
    summary.rows = _row_accounting(graph)


def _write_file(path: Path, writer: Callable[[IO[bytes]], None]) -> None:
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


def _write_checksums(folder: Path) -> None:
    """SHA256SUMS in the format ``sha256sum -c`` reads, files in sorted order."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "SHA256SUMS":
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _count_by_graph(quads: list[Quad]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in quads:
        name = quad[3][1:-1]
        counts[name] = counts.get(name, 0) + 1
    return counts


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
