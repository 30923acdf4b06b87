"""Settings set in one place: the URI base, the namespaces, and where the project's files are.

The ontology, shapes, queries, curated data and URI registry are read from the project tree
the command runs in (found from the current folder upward, as git finds its repository), so
a curator's edit in a checkout is what gets built even after a plain ``pip install .``;
outside any project tree, from the copy bundled into the installed package, so
``pip install . && kg publish`` works from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BASE = "https://w3id.org/claimgraph/"
ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"
ONTOLOGY_IRI = BASE + "ontology"
SHAPES_IRI = BASE + "shapes"
VERSION = "0.1.0"

NAMESPACES: dict[str, str] = {
    "cg": BASE + "ontology#",
    "cgid": ID_BASE,
    "cgsh": BASE + "shapes#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_RESOURCE_DIRS = ("ontology", "shapes", "queries", "data", "registry")


@dataclass(frozen=True)
class Project:
    """The folders a build reads: ontology, shapes, queries, curated data, URI registry.

    ``bundled`` is true for the read-only copy inside the installed package: commands that
    write into the project (the query catalogue, the registry) refuse to write there.
    """

    root: Path
    bundled: bool = False

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "claimgraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "shapes" / "claimgraph-shapes.ttl"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def registry_file(self) -> Path:
        return self.root / "registry" / "minted.txt"

    @property
    def tombstones_file(self) -> Path:
        return self.root / "registry" / "tombstones.yaml"

    def relative(self, path: Path) -> str:
        """A path as users see it in messages: relative to the project when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def is_project_tree(folder: Path) -> bool:
    """A folder holding every part of a project: ontology, shapes, queries, data, registry."""
    return (
        all((folder / name).is_dir() for name in _RESOURCE_DIRS) and (folder / "ontology" / "claimgraph.ttl").is_file()
    )


def missing_parts(folder: Path) -> list[str]:
    """What a folder given as a project lacks of the parts every command needs."""
    needed = ("ontology/claimgraph.ttl", "shapes/claimgraph-shapes.ttl", "data/")
    return [part for part in needed if not (folder / part).exists()]


def find_project(start: Path) -> Project | None:
    """The project tree holding ``start`` (the folder itself or its nearest ancestor)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_project_tree(folder):
            return Project(folder)
    return None


def bundled_project() -> Project:
    """The copy installed with the package (or the checkout, for an editable install)."""
    package_dir = Path(__file__).resolve().parent
    checkout = package_dir.parent
    if is_project_tree(checkout):
        return Project(checkout)
    return Project(package_dir / "_resources", bundled=True)


def default_project(cwd: Path | None = None) -> Project:
    """The project tree the current folder is in, else the bundled copy."""
    return find_project(cwd or Path.cwd()) or bundled_project()
