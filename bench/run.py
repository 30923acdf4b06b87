"""Benchmark: seconds and peak memory per stage, ours against the naive rdflib + pyshacl pipeline.

    python bench/run.py [--sizes real,100k,1m,3m,10m] [--servers oxigraph,virtuoso] [--engines] [--json]
    python bench/run.py --release public [--servers oxigraph,virtuoso]   (the query part only)

Each case runs in a fresh process, so peak memory (the process's maximum resident set, read
after each stage) is the case's own; ``children_peak_mb`` is the largest of its finished child
processes (publish's two writers). ``cpu_seconds`` is the stage's processor time, its finished
child processes' included: on a shared machine it moves less than the seconds on the clock. "ours" is the publication pipeline: read the sources,
build the quads, validate (kg.shacl_core, alone, to show its cost), and write: the publish
step proper (kg.publish.publish given the built graph), which validates again while two worker
processes write Turtle, TriG and JSON-LD and checksum them (so "write" is what publishing
costs after "build"). As in ``kg publish``, the cyclic garbage collector is paused during
build and validation, and the records are dropped once built; a last line, stage ``publish``,
adds up what ``kg publish`` does (read, build, write: the separate validation is not part of it). "naive" parses the same N-Triples with rdflib, validates with pyshacl and
writes Turtle with rdflib; it runs at 100k only (at 1M it takes too long to run routinely).
For the real data, the release's query store (kg.store, what ``kg query`` uses) is built and
every library query timed on it (pipeline ``store``: stages ``build``, ``query:NAME`` for the
first run and ``warm:NAME`` for the best of five more); the release is also loaded (``kg
load``) into each server of ``--servers`` started on 127.0.0.1 (the test harness in
tests/servers.py) and every query timed there alike (stages ``load``, ``query:NAME`` and
``warm:NAME``), and a table of ratios to the embedded times ends the run.
With ``--engines``, the real graph is also validated by pyshacl (minutes, several GB) and the
run fails unless its report equals the fast validator's, result for result.
Run by hand, not in the test suite; timings are noisy, compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZES = {"100k": 100_000, "1m": 1_000_000, "3m": 3_000_000, "10m": 10_000_000}
NAIVE_LIMIT = 200_000
WARM_RUNS = 5  # after the first run of a query: its warm time is the best of these


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """Processor time of this process and of its finished children (publish's writers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timer:
    """Times stages of one case and prints a line (or a JSON object) per stage."""

    def __init__(self, case: str, pipeline: str, as_json: bool) -> None:
        self.case, self.pipeline, self.as_json = case, pipeline, as_json
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def stage(
        self, name: str, work: Callable[[], Any], count: Callable[[Any], int], rows: Callable[[Any], int] | None = None
    ) -> Any:
        """Run one stage; ``count`` gives the triples it handled, ``rows`` a query's result rows."""
        started, processor = time.perf_counter(), cpu_seconds()
        result = work()
        seconds = time.perf_counter() - started
        self.seconds[name], self.cpu[name] = seconds, cpu_seconds() - processor
        self.report(name, count(result), seconds, self.cpu[name], rows(result) if rows is not None else None)
        return result

    def total(self, name: str, stages: list[str], triples: int) -> None:
        """A line adding up earlier stages (peak memory is the process's, as ever)."""
        self.report(name, triples, sum(self.seconds[s] for s in stages), sum(self.cpu[s] for s in stages), None)

    def report(self, name: str, triples: int, seconds: float, cpu: float, rows: int | None) -> None:
        row: dict[str, Any] = {
            "case": self.case,
            "pipeline": self.pipeline,
            "stage": name,
            "triples": triples,
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "peak_mb": round(peak_mb(), 1),
            "children_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "load_average": round(os.getloadavg()[0], 2),  # other work on the cores skews the seconds
        }
        if rows is not None:
            row["rows"] = rows
        if self.as_json:
            print(json.dumps(row), flush=True)
        else:
            extra = f" {rows:>8,} rows" if rows is not None else ""
            print(
                f"{self.case:>5} {self.pipeline:<8} {name:<40} {triples:>10,} triples {seconds:>8.2f} s "
                f"{cpu:>8.2f} s cpu {row['peak_mb']:>8.0f} MB load {row['load_average']:.1f}{extra}",
                flush=True,
            )


def run_ours(case: str, as_json: bool, servers: list[str], engines: bool) -> None:
    sys.path.insert(0, str(HERE))
    from kg.config import default_project
    from kg.graph import without_cyclic_gc
    from kg.publish import publish
    from kg.sources import all_sources, reference
    from kg.validate import validate_quads

    project = default_project()
    timer = Timer(case, "ours", as_json)
    if case == "real":
        modules = all_sources()
        batches = timer.stage("read", lambda: [m.read(project) for m in modules], lambda b: 0)
        datasets = [m.DATASET for m in modules]
    else:
        from synthetic import DATASET, synthetic_batch

        batches = timer.stage("read", lambda: [reference.read(project), synthetic_batch(SIZES[case])], lambda b: 0)
        datasets = [reference.DATASET, DATASET]
    with without_cyclic_gc():  # as in kg publish
        # the records are dropped once built, as in kg publish (the list is emptied)
        graph = timer.stage("build", lambda: build_and_drop(batches, datasets), lambda g: len(g.quads))
        report = timer.stage("validate", lambda: validate_quads(graph.quads, project), lambda r: len(graph.quads))
    if not report.conforms:
        raise SystemExit(report.text(graph.origins))
    with tempfile.TemporaryDirectory() as folder:
        release = Path(folder) / "public"
        timer.stage("write", lambda: publish(project, release, graph=graph), lambda _: len(graph.quads))
        # kg publish's own wall and processor seconds (its validation runs inside "write");
        # peak memory is the main process's (a spawned worker's ru_maxrss counts the fork's
        # pages from before its exec, so children_peak_mb overstates the workers)
        timer.total("publish (read+build+write)", ["read", "build", "write"], len(graph.quads))
        if case == "real":
            run_queries_and_loads(release, project, servers, as_json, len(graph.quads))
    if case == "real" and engines:
        reference = Timer(case, "pyshacl", as_json).stage(
            "validate", lambda: validate_quads(graph.quads, project, "pyshacl"), lambda r: len(graph.quads)
        )
        if sorted(v.key for v in reference.violations) != sorted(v.key for v in report.violations):
            raise SystemExit("the fast validator and pyshacl disagree on the real data")
        print(f"engines agree: {len(report.violations)} violations from each", file=sys.stderr)
    if case != "real" and SIZES[case] <= NAIVE_LIMIT:
        with tempfile.TemporaryDirectory() as folder:
            from kg.serialize import SortedGraph

            path = Path(folder) / "input.nt"
            path.write_text("".join(SortedGraph.of(graph.quads).ntriples), encoding="utf-8")
            run_naive(case, path, project.shapes_file, as_json)


def build_and_drop(batches: list[Any], datasets: list[Any]) -> Any:
    """Build the graph and empty ``batches``: kg publish keeps no record once the graph is built."""
    from kg.graph import build

    graph = build(batches, datasets)
    batches.clear()
    return graph


def run_queries_and_loads(release: Path, project: Any, servers: list[str], as_json: bool, triples: int) -> None:
    """The query store's build time and per-query times on it (what ``kg query`` uses), then
    load time and per-query times on each server, queried the way the README says.

    Each query is timed on its first run (stage ``query:NAME``: a store's first sight of the
    text, which Virtuoso spends compiling) and warm (stage ``warm:NAME``: the best of
    ``WARM_RUNS`` more), and a last table sets each store against the embedded one, first run
    against first run and warm against warm, marking ratios over the 2x target.

    Oxigraph runs three times: started with --union-default-graph and queried over its default
    graph ("oxigraph"); started without it and queried with the release's graphs named in the
    request ("oxigraph-graphs", ``kg query --release-graphs``) or with its union-default-graph
    request parameter ("oxigraph-union", ``kg query --union-default-graph``). Virtuoso is
    queried over its default graph, the union of its graphs. Each query goes as ``kg query NAME``
    sends it: to Virtuoso with the pragma that keeps its written join order (kg.remote).
    """
    sys.path.insert(0, str(HERE.parent / "tests"))
    from servers import oxigraph_server, virtuoso_available, virtuoso_server

    from kg.load import Target, load_release
    from kg.queries import bind, catalogue, release_graphs, run_embedded
    from kg.remote import run_remote
    from kg.store import open_release_store

    queries = [(query.name, bind(query, {})) for query in catalogue(project.queries_dir)]
    timer = Timer("real", "store", as_json)
    store = timer.stage("build", lambda: open_release_store(release), len)
    times = {"store": time_queries(timer, queries, lambda text: run_embedded(store, text), triples)}
    no_graphs: tuple[str, ...] = ()
    setups = {
        "oxigraph": (lambda path: oxigraph_server(path, union_default_graph=True), no_graphs, False),
        "oxigraph-graphs": (
            lambda path: oxigraph_server(path, union_default_graph=False),
            tuple(release_graphs()),
            False,
        ),
        "oxigraph-union": (lambda path: oxigraph_server(path, union_default_graph=False), no_graphs, True),
        "virtuoso": (lambda path: virtuoso_server(path, max_rows=2_000_000), no_graphs, False),
    }
    for server in [name for name in setups if name.split("-")[0] in servers]:
        if server == "virtuoso" and (reason := virtuoso_available()) is not None:
            print(f"virtuoso skipped: {reason}", file=sys.stderr)
            continue
        start, graphs, union = setups[server]
        with tempfile.TemporaryDirectory() as folder, start(Path(folder)) as endpoint:
            timer = Timer("real", server, as_json)
            target = Target(endpoint.query_url, endpoint.graph_store_url, endpoint.user, endpoint.password)
            timer.stage("load", lambda target=target: load_release(release, target), lambda _: triples)
            times[server] = time_queries(
                timer,
                queries,
                lambda text, url=endpoint.query_url, graphs=graphs, union=union: run_remote(
                    url, text, "SELECT", graphs, union_default_graph=union, written_order=True
                ),
                triples,
            )
    if not as_json and len(times) > 1:
        report_ratios(times)


def time_queries(
    timer: Timer, queries: list[tuple[str, str]], run: Callable[[str], Any], triples: int
) -> dict[str, tuple[float, float]]:
    """Each query's first-run and warm seconds on one store, each also printed as a stage."""
    found = {}
    for name, text in queries:
        timer.stage(f"query:{name}", lambda text=text: run(text), lambda _: triples, _rows)
        first = timer.seconds[f"query:{name}"]
        warm, cpu, answer = best_run(lambda text=text: run(text), WARM_RUNS)
        timer.report(f"warm:{name}", triples, warm, cpu, _rows(answer))
        found[name] = (first, warm)
    return found


def best_run(work: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """The seconds and processor seconds of the quickest of ``runs`` runs, and its answer."""
    best: tuple[float, float, Any] = (float("inf"), 0.0, None)
    for _ in range(runs):
        started, processor = time.perf_counter(), cpu_seconds()
        answer = work()
        seconds = time.perf_counter() - started
        if seconds < best[0]:
            best = (seconds, cpu_seconds() - processor, answer)
    return best


def report_ratios(times: dict[str, dict[str, tuple[float, float]]]) -> None:
    """Per query: each store's time over the embedded one's, first run and warm ("!" over 2x)."""
    embedded = times["store"]
    stores = [name for name in times if name != "store"]
    print("\nratio to embedded, first run / warm (! over 2x); embedded ms first / warm")
    print(f"{'query':34} {'embedded ms':>15} " + " ".join(f"{name:>17}" for name in stores))
    for name, (first, warm) in embedded.items():
        cells = []
        for store in stores:
            other_first, other_warm = times[store][name]
            cells.append(f"{_ratio(other_first, first)} / {_ratio(other_warm, warm)}".rjust(17))
        print(f"{name:34} {1000 * first:7.1f} / {1000 * warm:5.1f} " + " ".join(cells))


def _ratio(other: float, embedded: float) -> str:
    ratio = other / embedded if embedded else float("inf")
    return f"{ratio:5.2f}{'!' if ratio > 2 else ' '}"


def _rows(answer: Any) -> int:
    return len(answer.rows)


def run_naive(case: str, path: Path, shapes_file: Path, as_json: bool) -> None:
    import pyshacl
    import rdflib

    timer = Timer(case, "naive", as_json)
    graph = timer.stage("parse", lambda: rdflib.Graph().parse(path, format="nt"), len)
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    timer.stage("validate", lambda: pyshacl.validate(graph, shacl_graph=shapes, inference="none"), lambda _: len(graph))
    timer.stage("write", lambda: graph.serialize(format="turtle"), lambda _: len(graph))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="real,100k,1m",
        help="comma-separated cases: real, 100k, 1m, 3m, 10m (the growth curve; 10m needs several GB)",
    )
    parser.add_argument(
        "--servers",
        default="oxigraph,virtuoso",
        help="servers to load the real release into and query: oxigraph, virtuoso (empty for none)",
    )
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per line: case, pipeline, stage, triples, seconds, peak_mb"
    )
    parser.add_argument(
        "--engines", action="store_true", help="also validate the real data with pyshacl and require the same report"
    )
    parser.add_argument(
        "--release",
        type=Path,
        help="only the query part, on this published release: its query store (built beside it when missing) and "
        "the servers of --servers",
    )
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    servers = [name for name in args.servers.split(",") if name]
    if args.release:
        from kg.config import default_project

        with (args.release / "claimgraph.nq").open("rb") as handle:
            triples = sum(1 for _ in handle)
        run_queries_and_loads(args.release.resolve(), default_project(), servers, args.json, triples)
        return
    if args.case:
        run_ours(args.case, args.json, servers, args.engines)
        return
    for case in args.sizes.split(","):
        if case not in SIZES and case != "real":
            raise SystemExit(f"unknown size {case!r}: use real, 100k or 1m")
        command = [sys.executable, __file__, "--case", case, "--servers", ",".join(servers)]
        command += (["--json"] if args.json else []) + (["--engines"] if args.engines else [])
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
