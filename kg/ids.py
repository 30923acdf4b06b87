"""URI minting from natural keys, and the registry that keeps minted URIs alive.

Every entity gets ``{base}id/{kind}/{slug}``. Slugs come from natural keys (a name, a date,
a category), never from row order or from a hash of fields that may be corrected, so the
same fact gets the same URI in every release. The registry (``registry/minted.txt``) lists
every URI ever published; a URI may leave the build only as a tombstone that keeps its label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from kg.config import GRAPH_BASE, ID_BASE

if TYPE_CHECKING:
    from kg.config import Project
    from kg.graph import Graph

KINDS = frozenset(
    {
        "agent",
        "anchor",
        "attack",
        "attribution",
        "category",
        "claim",
        "concept",
        "dataset",
        "event",
        "derived",
        "exchange",
        "formation",
        "hedge",
        "instant",
        "period",
        "photo",
        "place",
        "quote",
        "round",
        "scheme",
        "selector",
        "source",
        "talks",
        "text",
    }
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class IdError(ValueError):
    """A key that cannot become a URI."""


def slugify(*parts: object) -> str:
    """Join natural-key parts into a slug: ASCII lower case, words joined by hyphens."""
    text = "-".join(str(part) for part in parts if part is not None and str(part) != "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        raise IdError(f"no slug can be made from {parts!r}: it has no Latin letters or digits")
    return slug


def mint(kind: str, slug: str) -> str:
    """The URI of an entity of ``kind`` with ``slug``; refuses unknown kinds and bad slugs."""
    if kind not in KINDS:
        raise IdError(f"unknown URI kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    if not SLUG.match(slug):
        raise IdError(f"slug {slug!r} for kind {kind!r} is not of the form [a-z0-9]+(-[a-z0-9]+)*")
    return f"{ID_BASE}{kind}/{slug}"


def graph_iri(name: str) -> str:
    """The IRI of the named graph that holds one source's triples."""
    if not SLUG.match(name):
        raise IdError(f"graph name {name!r} is not a slug")
    return GRAPH_BASE + name


@dataclass(frozen=True)
class Tombstone:
    """A URI no longer produced by the build, kept resolvable with its label."""

    uri: str
    label: str
    replaced_by: str | None
    reason: str


def read_registry(path: Path) -> set[str]:
    """The registered URIs, one per line, relative to the URI base or absolute."""
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {_absolute(line) for line in lines if line and not line.startswith("#")}


def write_registry(path: Path, uris: Iterable[str]) -> None:
    """Write the registry sorted, relative to the URI base, so diffs show only new URIs."""
    header = "# Every URI claimgraph has minted. Lines are never removed: see tombstones.yaml.\n"
    body = "".join(f"{_relative(uri)}\n" for uri in sorted(set(uris)))
    path.write_text(header + body, encoding="utf-8")


def read_tombstones(path: Path) -> list[Tombstone]:
    """Retired URIs with the label they keep and what replaced them."""
    if not path.exists():
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Tombstone(
            uri=_absolute(entry["uri"]),
            label=entry["label"],
            replaced_by=_absolute(entry["replaced_by"]) if entry.get("replaced_by") else None,
            reason=entry["reason"],
        )
        for entry in entries
    ]


def _relative(uri: str) -> str:
    return uri[len(ID_BASE) - len("id/") :] if uri.startswith(ID_BASE) or uri.startswith(GRAPH_BASE) else uri


def _absolute(line: str) -> str:
    return line if "://" in line else ID_BASE[: -len("id/")] + line


def minted_uris(graph: Graph) -> set[str]:
    """The claimgraph URIs a built graph produces: its subjects under the URI base."""
    start = "<" + ID_BASE
    return {quad[0][1:-1] for quad in graph.quads if quad[0].startswith(start)}


def registry_problems(graph: Graph, project: Project) -> list[str]:
    """Registered URIs the build no longer produces (not even as a tombstone), and unregistered new ones."""
    produced = minted_uris(graph)
    registered = read_registry(project.registry_file)
    shown = project.relative(project.registry_file)
    lost = sorted(registered - produced)
    new = sorted(produced - registered)
    problems = [
        f"lost: {uri} is registered in {shown} but no longer produced; publish a tombstone for it in {project.relative(project.tombstones_file)}"
        for uri in lost
    ]
    problems += [
        f"unregistered: {uri} is produced but not in {shown}; run 'kg registry update' and commit the registry"
        for uri in new
    ]
    return problems
