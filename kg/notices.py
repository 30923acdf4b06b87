"""LICENSE and NOTICE for a release: under which licences its graphs are, and the notices its
sources require to be kept with every copy (the MIT notices of the General Staff compilations).

The licence of each named graph comes from its dataset record (kg.sources); the notices are
the licence files the sources ship in their data folders, copied as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from kg.config import BASE, Project
from kg.ids import graph_iri
from kg.records import Dataset

LICENSE_FILE = "LICENSE"
NOTICE_FILE = "NOTICE"
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_NOTICE_NAMES = ("LICENSE", "LICENCE", "NOTICE", "COPYING")


def license_text(datasets: Iterable[Dataset]) -> str:
    """The release's LICENSE: the licence of each named graph, the default for the rest."""
    lines = [
        "claimgraph data licences",
        "",
        f"The claimgraph release ({BASE}) is licensed under {DEFAULT_LICENSE} (CC BY 4.0),",
        "except the named graphs below that carry another licence; each named graph's licence is",
        "also stated in void.ttl (dcterms:license). The notices that the sources require to be",
        f"kept with every copy are in {NOTICE_FILE}.",
        "",
        "Licence of each named graph:",
    ]
    for dataset in sorted(datasets, key=lambda d: d.name):
        lines.append(f"  {graph_iri(dataset.name)}  {dataset.license}")
    return "\n".join(lines) + "\n"


def notice_files(project: Project, datasets: Iterable[Dataset]) -> dict[Path, list[str]]:
    """Licence and notice files in the data folders of the datasets, with the datasets using them."""
    found: dict[Path, list[str]] = {}
    for dataset in datasets:
        folders = {PurePosixPath(name).parent for name in dataset.files}
        for folder in sorted(folders):
            directory = project.root / folder
            if not directory.is_dir() or directory == project.data_dir:
                continue
            for path in sorted(directory.iterdir()):
                if path.is_file() and path.name.upper().startswith(_NOTICE_NAMES):
                    found.setdefault(path, []).append(dataset.name)
    return found


def notice_text(project: Project, datasets: Iterable[Dataset]) -> str:
    """The release's NOTICE: each source's licence file, as shipped, under the graphs it covers."""
    sections = [
        "claimgraph: notices of the sources",
        "",
        "Parts of this release are derived from the compilations below. Their licences require",
        "these notices to be included in all copies or substantial portions; they are copied",
        "verbatim from the data folders of the claimgraph repository.",
    ]
    for path, names in notice_files(project, datasets).items():
        graphs = ", ".join(graph_iri(name) for name in sorted(set(names)))
        sections += ["", "=" * 78, f"{project.relative(path)} (named graphs: {graphs})", "=" * 78, ""]
        sections.append(path.read_text(encoding="utf-8").rstrip("\n"))
    return "\n".join(sections) + "\n"
