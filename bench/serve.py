"""Benchmark of ``kg serve`` on a published release: readiness, entity pages, /sparql, memory.

    python bench/serve.py --release public [--workers N] [--clients 16] [--requests 2000] [--json]

The release's query store (kg.store) is built or opened first, so "ready" is the server's own
start: ``kg serve`` runs as a real subprocess on 127.0.0.1 and is ready when ``/`` answers 200.
Then:

- warming: once ready, the server computes its charts and the ontology's documentation in the
  background; the runs start when its CPU time stops rising, and that work is printed apart.
- entity pages: the HTML documents of ``--requests`` distinct URIs drawn at random (``--seed``)
  from registry/minted.txt, each asked as a browser asks (``/id/...``, following the 303), by
  ``--clients`` concurrent clients over keep-alive connections; a bounded run that stops when
  every request is answered. Latency is per URI, both hops; an error is anything but a final 200.
  Two passes: "cold", each URI asked for the first time (every page made from the store), then
  "repeated", the same URIs again (the server sends the documents it kept, kg.serve.cache; with
  ``--workers`` each process keeps its own, so a repeat that reaches another process is made anew).
  The clients are one asyncio process (aiohttp), so little of the machine goes to them: the
  CPU seconds the server's processes and the clients used are printed per page.
- /sparql: every library query (defaults bound), POSTed as a form for SPARQL JSON results,
  against the same query on the store in this process (kg.queries.run_embedded): the best of
  ``--repeat`` runs each (quick queries get more runs, up to 30), their ratio, the difference,
  and whether the row counts agree; and the floor, the round trip of a query that asks nothing.
- memory: the server's resident memory after the runs, from /proc: the resident set of its
  process tree (uvicorn workers and forked query workers included) summed as PSS, so pages
  the processes share (the store's cache, the forked workers) are counted once.

The machine's load average is printed with the figures: on a shared machine they are noisy,
and the CPU per page is the steadier figure. ``kg serve`` runs the ``kg`` package Python finds,
so ``PYTHONPATH=<other checkout> python bench/serve.py ...`` measures another version's server
with the same clients. Run by hand, not in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
READY_WITHIN = 120.0
SETTLE_POLL, SETTLED_POLLS, SETTLED_CPU = 0.25, 3, 0.01  # idle: under 10 ms of CPU in each of 3 polls
FLOOR_QUERY = "SELECT * WHERE {} LIMIT 0"  # its /sparql round trip is what HTTP and the worker cost
MOST_RUNS, RUNS_BUDGET = 30, 0.3  # best_of: up to 30 runs of quick work, about 0.3 s of it


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]
    ready_seconds: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def kg_serve(release: Path, workers: int | None, extra: list[str]) -> Iterator[Server]:
    """``kg serve`` in a subprocess on a free port, until the block ends (then SIGTERM, then kill)."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("kg")), "serve", "--release", str(release), "--port", str(port)]
    command += ["--host", "127.0.0.1", *(["--workers", str(workers)] if workers else []), *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        ready = wait_ready(url, process, started)
        yield Server(url, process, ready)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], started: float) -> float:
    """Seconds from the spawn to the first 200 from ``/``."""
    while time.perf_counter() - started < READY_WITHIN:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"kg serve exited with {process.returncode}:\n{error}")
        try:
            if requests.get(url + "/", timeout=READY_WITHIN).status_code == 200:
                return time.perf_counter() - started
        except requests.RequestException:
            pass
        time.sleep(0.02)
    raise SystemExit(f"kg serve was not ready within {READY_WITHIN:g} s")


def settle(server_pid: int) -> tuple[float, float]:
    """Seconds until the ready server stops working on its own (it warms its charts and the
    ontology's documentation in the background), and the CPU seconds that took: the cold pass
    starts after, so its CPU per page is the pages' own."""
    from processes import descendants

    started = time.perf_counter()
    before = last = cpu_seconds([server_pid, *descendants(server_pid)])
    quiet = 0
    while quiet < SETTLED_POLLS and time.perf_counter() - started < READY_WITHIN:
        time.sleep(SETTLE_POLL)
        now = cpu_seconds([server_pid, *descendants(server_pid)])
        quiet = quiet + 1 if now - last < SETTLED_CPU else 0
        last = now
    return time.perf_counter() - started - SETTLED_POLLS * SETTLE_POLL, last - before


def minted_uris(project_root: Path, count: int, seed: int) -> list[str]:
    lines = (project_root / "registry" / "minted.txt").read_text(encoding="utf-8").splitlines()
    uris = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return random.Random(seed).sample(uris, min(count, len(uris)))


def entity_pages(url: str, paths: list[str], clients: int, server_pid: int) -> dict[str, Any]:
    """Each path fetched once as a browser would, by ``clients`` tasks sharing a work list."""
    from processes import descendants

    tree = [server_pid, *descendants(server_pid)]
    server_before, client_before = cpu_seconds(tree), time.process_time()
    started = time.perf_counter()
    latencies, errors = asyncio.run(_fetch_all(url, paths, clients))
    elapsed = time.perf_counter() - started
    server_cpu, client_cpu = cpu_seconds(tree) - server_before, time.process_time() - client_before
    latencies.sort()
    return {
        "requests": len(paths),
        "clients": clients,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "p99_ms": 1000 * percentile(latencies, 99),
        "max_ms": 1000 * latencies[-1],
        "per_second": len(paths) / elapsed,
        "server_cpu_ms_per_page": 1000 * server_cpu / len(paths),
        "client_cpu_ms_per_page": 1000 * client_cpu / len(paths),
        "errors": len(errors),
        "first_errors": errors[:5],
        "load_after": load(),
    }


async def _fetch_all(url: str, paths: list[str], clients: int) -> tuple[list[float], list[str]]:
    try:
        import aiohttp
    except ImportError:
        raise SystemExit("bench/serve.py needs aiohttp: pip install -e '.[dev]'") from None

    latencies: list[float] = []
    errors: list[str] = []
    work = iter(paths)
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, headers={"Accept": BROWSER_ACCEPT}
    ) as session:

        async def client() -> None:
            for path in work:
                begun = time.perf_counter()
                try:
                    async with session.get(f"{url}/{path}") as response:
                        await response.read()
                        if response.status != 200 or not response.url.path.endswith(".html"):
                            errors.append(f"{path}: {response.status} at {response.url}")
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    errors.append(f"{path}: {error!r}")
                latencies.append(time.perf_counter() - begun)

        await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def percentile(ordered: list[float], rank: float) -> float:
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(rank) - 1] if len(ordered) > 1 else ordered[0]


def sparql_vs_embedded(url: str, release: Path, project: Any, repeat: int) -> dict[str, Any]:
    """Each library query through /sparql and on the store in this process: best times, ratio;
    and the floor, the round trip of a query that asks nothing, which every /sparql time includes."""
    from kg.queries import bind, catalogue, run_embedded
    from kg.store import open_release_store

    store = open_release_store(release)
    session = requests.Session()
    _, floor = best_of(repeat, lambda: sparql_rows(session, url, FLOOR_QUERY))
    results = []
    for query in catalogue(project.queries_dir):
        text = bind(query, {})
        embedded_rows, embedded = best_of(repeat, lambda text=text: len(run_embedded(store, text).rows))
        served_rows, served = best_of(repeat, lambda text=text: sparql_rows(session, url, text))
        results.append(
            {
                "query": query.name,
                "embedded_s": embedded,
                "sparql_s": served,
                "ratio": served / embedded if embedded else float("inf"),
                "rows": embedded_rows,
                "rows_agree": embedded_rows == served_rows,
            }
        )
    return {"floor_s": floor, "queries": results}


def sparql_rows(session: requests.Session, url: str, text: str) -> int:
    response = session.post(
        f"{url}/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"}, timeout=120
    )
    response.raise_for_status()
    return len(response.json()["results"]["bindings"])


def best_of(repeat: int, work: Any) -> tuple[Any, float]:
    """The best time of at least ``repeat`` runs, and more for quick work (up to ``MOST_RUNS``,
    about ``RUNS_BUDGET`` seconds in all): a sub-millisecond time needs many runs to be its own."""
    begun = time.perf_counter()
    result = work()
    best = time.perf_counter() - begun
    runs = max(repeat, min(MOST_RUNS, int(RUNS_BUDGET / max(best, 1e-6))))
    for _ in range(runs - 1):
        begun = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - begun)
    return result, best


def memory_mb(pid: int) -> dict[str, float]:
    """RSS of the server process, and PSS and RSS summed over its process tree."""
    from processes import descendants

    tree = [pid, *descendants(pid)]
    pss = sum(smaps_kb(member, "Pss") for member in tree)
    rss = sum(smaps_kb(member, "Rss") for member in tree)
    return {
        "server_rss_mb": smaps_kb(pid, "Rss") / 1024,
        "tree_pss_mb": pss / 1024,
        "tree_rss_mb": rss / 1024,
        "processes": len(tree),
    }


def smaps_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def store_seconds(release: Path) -> float:
    """Seconds to open the release's store and its side-by-side tables (each built first when
    missing, once per release), closed again at once."""
    from kg.serve.peers import open_peer_index
    from kg.store import open_release_store

    begun = time.perf_counter()
    store = open_release_store(release, progress=lambda note: print(f"note: {note}", file=sys.stderr))
    open_peer_index(release, store, progress=lambda note: print(f"note: {note}", file=sys.stderr))
    return time.perf_counter() - begun


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report(figures: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"release {figures['release']}  workers {figures['workers']}  (load average at start: {figures['load_start']})"
    )
    print(f"store opened in {figures['store_s']:.2f} s; kg serve ready in {figures['ready_s']:.2f} s")
    print(f"warming after ready: {figures['warming_s']:.2f} s, {figures['warming_cpu_s']:.2f} s of server CPU")
    for name in ("cold", "repeated"):
        pages = figures["entity_pages"][name]
        print(
            f"entity pages, {name}: {pages['requests']} requests, {pages['clients']} clients: p50 {pages['p50_ms']:.1f} ms, "
            f"p95 {pages['p95_ms']:.1f} ms, p99 {pages['p99_ms']:.1f} ms, max {pages['max_ms']:.1f} ms, "
            f"{pages['per_second']:.0f}/s; CPU per page: server {pages['server_cpu_ms_per_page']:.2f} ms, "
            f"clients {pages['client_cpu_ms_per_page']:.2f} ms; {pages['errors']} errors  "
            f"(load average after: {pages['load_after']})"
        )
        for error in pages["first_errors"]:
            print(f"  error: {error}")
    if figures["sparql"]:
        report_sparql(figures["sparql"])
    memory = figures["memory"]
    print(
        f"memory: server {memory['server_rss_mb']:.0f} MB resident; its {memory['processes']} processes "
        f"{memory['tree_pss_mb']:.0f} MB (PSS; {memory['tree_rss_mb']:.0f} MB RSS summed)  (load average at end: {figures['load_end']})"
    )


def report_sparql(sparql: dict[str, Any]) -> None:
    """Times in ms: what HTTP costs shows as the floor, and as /sparql minus embedded."""
    print(f"/sparql floor ({FLOOR_QUERY}, round trip): {1000 * sparql['floor_s']:.2f} ms")
    print(f"{'query':34} {'embedded ms':>11} {'/sparql ms':>10} {'ratio':>6} {'extra ms':>8} {'rows':>7}")
    for row in sparql["queries"]:
        agree = "" if row["rows_agree"] else "  ROWS DIFFER"
        embedded, served = 1000 * row["embedded_s"], 1000 * row["sparql_s"]
        print(
            f"{row['query']:34} {embedded:11.2f} {served:10.2f} {row['ratio']:6.2f} {served - embedded:8.2f} {row['rows']:7}{agree}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", type=Path, required=True, help="a published release (kg publish's output)")
    parser.add_argument("--workers", type=int, help="kg serve --workers (default: kg serve's own)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="least runs per query (quick ones get up to 30)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--skip-sparql", action="store_true", help="entity pages and memory only")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args()
    sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]
    from kg.config import default_project
    from kg.serve.run import default_workers

    release = args.release.resolve()
    project = default_project()
    figures: dict[str, Any] = {"release": str(release), "workers": args.workers or default_workers()}
    figures["load_start"] = load()
    figures["store_s"] = store_seconds(release)
    paths = minted_uris(project.root, args.requests, args.seed)
    with kg_serve(release, args.workers, []) as server:
        figures["ready_s"] = server.ready_seconds
        pid = server.process.pid
        figures["warming_s"], figures["warming_cpu_s"] = settle(pid)
        cold = entity_pages(server.url, paths, args.clients, pid)
        figures["entity_pages"] = {"cold": cold, "repeated": entity_pages(server.url, paths, args.clients, pid)}
        figures["sparql"] = {} if args.skip_sparql else sparql_vs_embedded(server.url, release, project, args.repeat)
        figures["memory"] = memory_mb(server.process.pid)
    figures["load_end"] = load()
    report(figures, args.json)


if __name__ == "__main__":
    main()
