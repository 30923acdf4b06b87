"""The release's description (void.ttl) against DCAT-AP 3's own SHACL shapes, and its facts
against the files: every distribution's size and checksum, licences, agents, dates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, FOAF, RDF, SH

from kg.config import BASE, Project
from kg.release import release

ROOT = Path(__file__).resolve().parent.parent
SHAPES = sorted((ROOT / "vendor" / "dcat-ap").glob("dcat-ap-SHACL.*"))
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")  # rdflib's closed DCAT namespace confuses pytest
VERSION = "2026-11-01"
MIT = rdflib.URIRef("https://opensource.org/licenses/MIT")


@pytest.fixture(scope="module")
def released(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project_root = tmp_path_factory.mktemp("dcat") / "project"
    project_root.mkdir()
    for name in ("ontology", "shapes", "queries", "data"):
        (project_root / name).symlink_to(sample_root / name)
    return release(Project(project_root), VERSION, project_root / "releases").out


@pytest.fixture(scope="module")
def void(released: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(released / "void.ttl", format="turtle")


def test_conforms_to_the_dcat_ap_shapes(void: rdflib.Graph) -> None:
    """RDFS inference as DCAT-AP's range checks assume (an access URL is an rdfs:Resource)."""
    assert len(SHAPES) == 1, "vendor/dcat-ap/ must hold one dcat-ap-SHACL file"
    shapes = rdflib.Graph().parse(SHAPES[0])
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) > 30
    conforms, _, text = pyshacl.validate(void, shacl_graph=shapes, inference="rdfs")
    assert conforms, text


def test_the_shapes_reject_what_dcat_ap_forbids(void: rdflib.Graph) -> None:
    """The same shapes find a distribution without an access URL and a catalogue without a publisher."""
    broken = rdflib.Graph()
    for triple in void:
        if triple[1] not in (DCAT.accessURL, DCTERMS.publisher):
            broken.add(triple)
    conforms, report, _ = pyshacl.validate(broken, shacl_graph=rdflib.Graph().parse(SHAPES[0]), inference="rdfs")
    assert not conforms
    paths = set(report.objects(None, SH.resultPath))
    assert {DCAT.accessURL, DCTERMS.publisher} <= paths


def test_each_distribution_has_its_file_size_and_checksum(released: Path, void: rdflib.Graph) -> None:
    base = f"{BASE}release/{VERSION}/"
    distributions = set(void.subjects(RDF.type, DCAT.Distribution))
    files = {p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file()}
    assert {str(d).removeprefix(base) for d in distributions} == files
    for distribution in distributions:
        name = str(distribution).removeprefix(base)
        assert void.value(distribution, DCAT.downloadURL) == distribution
        assert void.value(distribution, DCAT.accessURL) == rdflib.URIRef(base)
        if name in ("void.ttl", "SHA256SUMS"):  # written after the description
            continue
        data = (released / name).read_bytes()
        assert int(void.value(distribution, DCAT.byteSize)) == len(data), name
        checksum = void.value(distribution, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest(), name
    gz = rdflib.URIRef(base + "claimgraph.nq.gz")
    assert str(void.value(gz, DCAT.compressFormat)).endswith("/application/gzip")
    assert str(void.value(gz, DCAT.mediaType)).endswith("/application/n-quads")


def test_licences_agents_and_dates(released: Path, void: rdflib.Graph) -> None:
    """The General Staff graphs are MIT, as their compilations; their notices are in NOTICE."""
    for name in ("general-staff-lod-db", "general-staff-petroivaniuk"):
        assert void.value(rdflib.URIRef(f"{BASE}graph/{name}"), DCTERMS.license) == MIT
    notice = (released / "NOTICE").read_text(encoding="utf-8")
    for licence in ("data/general-staff/lod-db-orc-losses/LICENSE.md", "data/general-staff/petroivaniuk/LICENSE"):
        assert (ROOT / licence).read_text(encoding="utf-8").strip() in notice
    assert f"{BASE}graph/general-staff-petroivaniuk  https://opensource.org/licenses/MIT" in (
        released / "LICENSE"
    ).read_text(encoding="utf-8")
    for creator in void.objects(None, DCTERMS.creator):
        assert (creator, RDF.type, FOAF.Agent) in void and void.value(creator, FOAF.name) is not None
    dataset = rdflib.URIRef(BASE + "id/dataset/claimgraph")
    issued = void.value(dataset, DCTERMS.issued)
    assert issued is not None and issued.toPython().isoformat() == VERSION
