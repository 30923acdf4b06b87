"""The ``kg`` command: a thin layer of options and exit codes over the pipeline modules.

Exit codes are stable, for scripts: 0 success, 1 the data does not conform (or a check
failed), 2 the input could not be read or the command could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.config import Project, default_project
from kg.errors import KgError

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2

OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("public"),
    show_default=True,
    help="Folder to write the release to (replaced atomically).",
)


def _project(ctx: click.Context) -> Project:
    return ctx.obj  # type: ignore[no-any-return]


def _fail(error: KgError, code: int = EXIT_ERROR) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimgraph")
@click.pass_context
def main(ctx: click.Context) -> None:
    """claimgraph: a knowledge graph of contested war claims.

    Build the graph from the curated sources, validate it against the SHACL shapes,
    publish it, query it, and load it into triple stores.
    """
    ctx.obj = default_project()


@main.command()
@OUT_OPTION
@click.pass_context
def publish(ctx: click.Context, out: Path) -> None:
    """Build, validate and write the release (Turtle, N-Triples, JSON-LD, TriG, VoID, checksums).

    On any violation nothing is written: the report names each focus node, rule, property
    and the source record it came from, and the command exits 1.
    """
    from kg.publish import ValidationFailed, publish as run_publish

    try:
        summary = run_publish(_project(ctx), out, progress=lambda step: click.echo(f"... {step}", err=True))
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
    for dataset, file, read, rejected in summary.rows:
        click.echo(f"  {file:<60} {read:>7,} = {read - rejected:>7,} + {rejected:>5,}")
    click.echo("conformance: conforms to shapes/claimgraph-shapes.ttl")
