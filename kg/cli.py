"""The ``kg`` command: a thin layer of options and exit codes over the pipeline modules.

Exit codes are stable, for scripts, and enforced here at the boundary: 0 success, 1 the data
does not conform (or a verified check failed), 2 anything else, with a one-line message and
never a Python traceback (``kg --debug`` shows it).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from kg.boundary import EXIT_ERROR, EXIT_INVALID, run_guarded
from kg.config import Project, default_project, missing_parts
from kg.errors import KgError

ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="SHACL engine: fast (indexed evaluation, proven equivalent to pyshacl by the tests) or pyshacl (the reference).",
)

OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("public"),
    show_default=True,
    help="Folder to write the release to: new, empty, or a previous release (replaced atomically); "
    "any other folder is refused.",
)


def release_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--release``: the published release folder a command reads (``kg publish``'s ``public/``)."""
    return click.option(
        "--release",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("public"),
        show_default=True,
        help=help_text,
    )


def timeout_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--timeout``: seconds a remote store's requests may take (kg.remote's deadline)."""
    return click.option(
        "--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0, show_default=True, help=help_text
    )


class GuardedGroup(click.Group):
    """The command group whose every command runs under the exit-code rule (kg.boundary)."""

    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(lambda: super(GuardedGroup, self).invoke(ctx), debug=ctx.params.get("debug", False))


def _project(ctx: click.Context) -> Project:
    """The project the command works on, announced once on stderr so users know which tree it is."""
    root = ctx.find_root()
    project: Project = root.obj
    if not root.meta.get("kg.project_announced"):
        root.meta["kg.project_announced"] = True
        where = "the copy bundled with the installed package" if project.bundled else "project tree"
        click.echo(f"note: using {where} {project.root}", err=True)
    return project


def _fail(error: KgError, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(code)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimgraph")
@click.option(
    "--project",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    envvar="CLAIMGRAPH_PROJECT",
    help="Project tree (ontology/, shapes/, queries/, data/, registry/) to use; by default the one the "
    "current folder is in (searched upward), else the copy bundled with the package.",
)
@click.option("--debug", is_flag=True, help="Show the Python traceback of an unexpected error.")
@click.pass_context
def main(ctx: click.Context, project: Path | None, debug: bool) -> None:
    """claimgraph: a knowledge graph of contested war claims.

    Build the graph from the curated sources, validate it against the SHACL shapes,
    publish it, query it, and load it into triple stores.

    Exit codes: 0 success, 1 the data does not conform (or a verified check failed),
    2 anything else (bad input, a command that could not run).
    """
    if project is not None and (missing := missing_parts(project)):
        raise click.BadParameter(
            f"{project} is not a claimgraph project tree (it lacks {', '.join(missing)})", param_hint="--project"
        )
    ctx.obj = Project(project.resolve()) if project else default_project()


@main.command()
@OUT_OPTION
@ENGINE_OPTION
@click.pass_context
def publish(ctx: click.Context, out: Path, engine: str) -> None:
    """Build, validate and write the release (Turtle, N-Triples, JSON-LD, TriG, VoID, checksums).

    On any violation nothing is written: the report names each focus node, rule, property
    and the source record it came from, and the command exits 1.
    """
    from kg.publish import ValidationFailed
    from kg.publish import publish as run_publish

    try:
        summary = run_publish(
            _project(ctx), out, progress=lambda step: click.echo(f"... {step}", err=True), engine=engine
        )
    except ValidationFailed as failure:
        click.echo(str(failure), err=True)
        click.echo(f"error: the graph does not conform; {out} was left as it was", err=True)
        sys.exit(EXIT_INVALID)
    except KgError as error:
        _fail(error)
    click.echo(f"published to {summary.out}")
    for name, size in summary.files.items():
        click.echo(f"  {name:<34} {size:>12,} bytes")
    click.echo(f"triples: {summary.triples:,} (union of {len(summary.triples_by_graph)} named graphs)")
    for graph, count in sorted(summary.triples_by_graph.items()):
        click.echo(f"  {graph:<52} {count:>10,}")
    click.echo(f"claims: {summary.claims:,}")
    click.echo("input rows (read = in graph + rejected):")
    for _dataset, file, read, rejected in summary.rows:
        click.echo(f"  {file:<60} {read:>7,} = {read - rejected:>7,} + {rejected:>5,}")
    click.echo("conformance: conforms to shapes/claimgraph-shapes.ttl")


FORMATS = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "trig": "TriG", "nq": "N-Quads"}


@main.command()
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write; stdout when omitted."
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="ttl", show_default=True, help="Serialization."
)
@click.pass_context
def build(ctx: click.Context, output: Path | None, fmt: str) -> None:
    """Build the graph from the curated sources and write it, without validating or publishing."""
    from kg import jsonld, serialize
    from kg.graph import build_project
    from kg.jsonld_terms import project_terms

    project = _project(ctx)
    try:
        graph = build_project(project)
    except KgError as error:
        _fail(error)
    data = serialize.SortedGraph.of(graph.quads)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        serialize.write_lines(data.ntriples, folder / "graph.nt")
        serialize.write_lines(data.nquads(), folder / "graph.nq")
        writers: dict[str, Callable[[Path], object]] = {
            "ttl": lambda path: serialize.write_turtle(folder / "graph.nt", path),
            "nt": lambda path: shutil.copyfile(folder / "graph.nt", path),
            "jsonld": lambda path: jsonld.write_jsonld(data.ntriples, path, project_terms(project)),
            "trig": lambda path: serialize.write_trig(folder / "graph.nq", path),
            "nq": lambda path: shutil.copyfile(folder / "graph.nq", path),
        }
        target = output or folder / f"out.{fmt}"
        try:
            writers[fmt](target)
        except OSError as error:
            raise KgError(f"cannot write {target}: {error.strerror or error}") from None
        if output is None:
            sys.stdout.buffer.write(target.read_bytes())
            return
        click.echo(f"wrote {len(graph.quads):,} quads to {output} ({FORMATS[fmt]})", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@ENGINE_OPTION
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], engine: str) -> None:
    """Validate RDF files against the claimgraph shapes.

    FILES are read together as one graph (Turtle, N-Triples, N-Quads, TriG, JSON-LD or
    RDF/XML, by extension). Exit 0 conforms, 1 violations, 2 unreadable input.
    """
    from kg.graph import without_cyclic_gc
    from kg.validate import read_rdf_files, validate_quads

    with without_cyclic_gc():
        try:
            quads = read_rdf_files(files)
        except KgError as error:
            _fail(error, EXIT_ERROR)
        report = validate_quads(quads, _project(ctx), engine)
    if report.conforms:
        click.echo(f"conforms: {len(quads):,} triples in {len(files)} file(s) pass every shape")
        return
    click.echo(report.text())
    sys.exit(EXIT_INVALID)


@main.command()
@click.argument("name", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Run the query in this file instead of one of the library.",
)
@click.option("--sparql", "sparql_text", metavar="QUERY", help="Run this query text instead of one of the library.")
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "ttl", "nt"]),
    help="SELECT and ASK: table (the default, for reading), csv or json (the SPARQL 1.1 results formats); "
    "CONSTRUCT and DESCRIBE: ttl (the default, Turtle) or nt (N-Triples).",
)
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the embedded store.")
@timeout_option("With --endpoint: seconds the whole answer may take.")
@click.option(
    "--release-graphs",
    is_flag=True,
    help="With --endpoint: query the merge of the release's named graphs (sent as default-graph-uri) instead of "
    "the store's default graph; for stores whose default graph is not the union of their graphs (Oxigraph "
    "without --union-default-graph). Not with Virtuoso 7.2 (see README).",
)
@click.option(
    "--union-default-graph",
    is_flag=True,
    help="With --endpoint on an Oxigraph server started without --union-default-graph: ask it for the union of "
    "its graphs as the default graph (its union-default-graph request parameter); as fast as a server started "
    "with the flag, where --release-graphs is several times slower.",
)
@release_option(
    "Published release to query embedded (through its query store, built once beside it); "
    "built from the sources when absent."
)
@click.option("--list", "list_queries", is_flag=True, help="List the query library and exit.")
@click.option(
    "--write-readme", is_flag=True, help="Write queries/README.md: the catalogue with example rows from the release."
)
@click.pass_context
def query(
    ctx: click.Context,
    name: str | None,
    query_file: Path | None,
    sparql_text: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    endpoint: str | None,
    timeout: float,
    release_graphs: bool,
    union_default_graph: bool,
    release: Path,
    list_queries: bool,
    write_readme: bool,
) -> None:
    """Run query NAME of the library (see --list), or one's own (--file, --sparql), embedded by
    default or on --endpoint. Only SELECT, ASK, CONSTRUCT and DESCRIBE are run: an update is
    refused before anything is sent."""
    from kg import queries
    from kg.remote import run_remote
    from kg.results import format_answer

    project = _project(ctx)
    chosen = [given for given in (name, query_file, sparql_text) if given is not None]
    if len(chosen) > 1:
        raise click.UsageError("give one query: NAME, --file FILE or --sparql QUERY")
    if release_graphs and union_default_graph:
        raise click.UsageError("give --release-graphs or --union-default-graph, not both")
    try:
        if write_readme:
            if project.bundled:
                raise queries.QueryError(
                    f"{project.root} is the copy bundled with the installed package; run --write-readme "
                    "in a project tree (a checkout) or give one with --project"
                )
            text = queries.catalogue_markdown(queries.catalogue(project.queries_dir), _embedded_store(project, release))
            (project.queries_dir / "README.md").write_text(text, encoding="utf-8")
            click.echo(f"wrote {project.queries_dir / 'README.md'}")
            return
        if list_queries or not chosen:
            for item in queries.catalogue(project.queries_dir):
                params_text = ", ".join(f"{p.name} ({p.type}, default {p.default})" for p in item.params) or "none"
                click.echo(f"{item.name}\n  {item.title}: {item.question}\n  parameters: {params_text}\n")
            return
        chosen_query = queries.choose(project.queries_dir, name, query_file, sparql_text)
        text = queries.bind(chosen_query, queries.parse_params(params))
        form = queries.check_form(text, chosen_query.origin)
        fmt = queries.output_format(form, fmt)
        if endpoint:
            graphs = queries.release_graphs() if release_graphs else ()
            answer = run_remote(endpoint, text, form, graphs, timeout, union_default_graph, written_order=bool(name))
            if isinstance(answer, queries.Result) and not answer.rows and not (release_graphs or union_default_graph):
                click.echo(
                    "note: no rows; if the store's default graph is not the union of its named graphs, "
                    "add --union-default-graph (Oxigraph) or --release-graphs (any store)",
                    err=True,
                )
        else:
            answer = queries.execute(_embedded_store(project, release), text)
    except KgError as error:
        _fail(error)
    output = format_answer(answer, fmt)
    click.echo(output, nl=not output.endswith("\n"))


def _embedded_store(project: Project, release: Path):  # type: ignore[no-untyped-def]
    """The release's query store (built once per release, then reused), else the graph built
    from the sources in memory."""
    from kg.graph import build_project
    from kg.queries import load_store
    from kg.store import StoreUnwritable, open_release_store

    nquads = release / "claimgraph.nq"
    if nquads.is_file():
        try:
            return open_release_store(release, progress=lambda message: click.echo(f"note: {message}", err=True))
        except StoreUnwritable as error:
            click.echo(f"note: {error}; reading the release into memory instead", err=True)
            return load_store(nquads_file=nquads)
    click.echo(f"note: no release at {release}; building the graph from the sources", err=True)
    return load_store(quads=build_project(project).quads)


@main.group()
def registry() -> None:
    """The registry of minted URIs: every URI ever published stays resolvable."""


@registry.command("check")
@click.pass_context
def registry_check(ctx: click.Context) -> None:
    """Fail (exit 1) if a registered URI is no longer produced, or a produced URI is unregistered."""
    from kg.graph import build_project
    from kg.ids import registry_problems

    project = _project(ctx)
    try:
        problems = registry_problems(build_project(project), project)
    except KgError as error:
        _fail(error)
    if problems:
        click.echo("\n".join(problems))
        sys.exit(EXIT_INVALID)
    click.echo(f"registry ok: {project.relative(project.registry_file)}")


@registry.command("update")
@click.pass_context
def registry_update(ctx: click.Context) -> None:
    """Add the URIs the build mints to the registry; never removes one (retire with a tombstone)."""
    from kg.graph import build_project
    from kg.ids import minted_uris, read_registry, write_registry

    project = _project(ctx)
    try:
        produced = minted_uris(build_project(project))
    except KgError as error:
        _fail(error)
    registered = read_registry(project.registry_file)
    write_registry(project.registry_file, registered | produced)
    click.echo(f"registry: {len(produced - registered):,} new URI(s), {len(registered | produced):,} in all")


@main.command()
@click.option(
    "--endpoint", required=True, metavar="URL", help="SPARQL 1.1 query endpoint of the store (used to verify the load)."
)
@click.option(
    "--graph-store",
    metavar="URL",
    help="SPARQL 1.1 Graph Store endpoint; derived for Oxigraph (/query -> /store) and Virtuoso (/sparql -> /sparql-graph-crud[-auth]).",
)
@click.option("--user", help="User for HTTP (digest) authentication, e.g. Virtuoso's dba.")
@click.option("--password", help="Password for --user.", envvar="CLAIMGRAPH_STORE_PASSWORD")
@release_option("Published release to load.")
@timeout_option("Seconds each request may take in all (sending, waiting, reading the answer) before giving up.")
@click.option(
    "--chunk", "chunk", type=click.IntRange(min=1), default=20_000, show_default=True, help="Triples per request."
)
def load(
    endpoint: str,
    graph_store: str | None,
    user: str | None,
    password: str | None,
    release: Path,
    timeout: float,
    chunk: int,
) -> None:
    """Load the release's named graphs into a triple store and verify every graph's count.

    Each graph is replaced (PUT, then POST for further chunks), so loading twice does not
    duplicate. Exit 0 when every graph holds exactly the release's triples, 1 when a count
    differs, 2 when the store refused, failed or did not answer.
    """
    from kg.boundary import redact
    from kg.load import Target, count_graphs, default_graph_store, load_release

    try:
        store = graph_store or default_graph_store(endpoint, authenticated=user is not None)
        target = Target(endpoint, store, user, password, timeout, chunk)
        target.check()
        total = sum(count_graphs(release / "claimgraph.nq").values()) if (release / "claimgraph.nq").is_file() else 0
        with click.progressbar(length=total, label=f"loading into {redact(store)}", file=sys.stderr) as bar:
            report = load_release(release, target, progress=bar.update)
    except KgError as error:
        _fail(error)
    for graph, expected in sorted(report.expected.items()):
        click.echo(f"  {graph:<60} {expected:>10,} sent {report.found.get(graph, 0):>10,} in store")
    if report.mismatches:
        click.echo("error: the store does not hold the release:\n  " + "\n  ".join(report.mismatches), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"loaded and verified {sum(report.expected.values()):,} triples in {len(report.expected)} graphs")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@release_option("Published release to serve (its files, void.ttl, and the store over its quads).")
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="SPARQL endpoint of a store loaded with `kg load`, instead of the embedded store.",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a /sparql query may run.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Rows (or triples) a /sparql answer may hold.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Server processes, each over the same read-only store: a page is CPU work, so one "
    "per usable core serves that many at once; 1 keeps everything in one process  "
    "[default: the usable cores, at most 4]",
)
@click.option("--access-log", is_flag=True, help="Log every request (off: the log costs time per request).")
@click.option(
    "--releases",
    "releases_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the versioned releases (kg release) to serve at /release/VERSION/ and "
    "/ontology/VERSION, beside the release served  [default: releases/ in the project tree]",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    release: Path,
    store_url: str | None,
    query_timeout: float,
    max_rows: int,
    workers: int | None,
    access_log: bool,
    releases_dir: Path | None,
) -> None:
    """Serve the release as linked data: URIs with content negotiation, pages, /sparql, charts;
    and every versioned release beside it, at the addresses its description gives."""
    from kg.release import RELEASES_DIR
    from kg.serve.backend import Limits
    from kg.serve.run import serve as run_server

    project = _project(ctx)
    limits = Limits(query_timeout, max_rows)
    releases = releases_dir or project.root / RELEASES_DIR
    run_server(project, release, host, port, store_url, limits, workers, access_log, releases)


@main.command("release")
@click.argument("version", required=False)
@click.option(
    "--date", metavar="YYYY-MM-DD", help="Release date, for a semantic version (a dated one is its own date)."
)
@click.option(
    "--releases",
    "releases_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding the releases  [default: releases/ in the project tree]",
)
@click.option("--check", is_flag=True, help="Check every recorded release on disk against its checksums, and exit.")
@ENGINE_OPTION
@click.pass_context
def release_command(
    ctx: click.Context, version: str | None, date: str | None, releases_dir: Path | None, check: bool, engine: str
) -> None:
    """Write the release VERSION (YYYY-MM-DD or X.Y.Z) once into releases/VERSION/, with the
    changes since the previous release; record its checksums in registry/releases.tsv."""
    from kg.publish import ValidationFailed
    from kg.release import RELEASES_DIR, release, verify

    project = _project(ctx)
    releases = releases_dir or project.root / RELEASES_DIR
    try:
        if check:
            checked = verify(project, releases)
            click.echo(f"releases matching their recorded checksums: {', '.join(checked) or 'none on disk'}")
            return
        if version is None:
            raise click.UsageError("give a VERSION (YYYY-MM-DD or X.Y.Z), or --check")
        summary = release(project, version, releases, date, lambda step: click.echo(f"... {step}", err=True), engine)
    except ValidationFailed as failure:
        click.echo(str(failure), err=True)
        click.echo(f"error: the graph does not conform; release {version} was not written", err=True)
        sys.exit(EXIT_INVALID)
    except KgError as error:
        _fail(error, EXIT_INVALID if check else EXIT_ERROR)
    click.echo(f"released {version} to {summary.out}")
    for name, size in summary.files.items():
        click.echo(f"  {name:<34} {size:>12,} bytes")
