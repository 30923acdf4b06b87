"""The release: every file re-parses strictly, formats agree, bytes are deterministic, the
description counts what is there, checksums verify, and a failed publish changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, DefaultGraph, RdfFormat, parse

from kg.config import Project
from kg.publish import Summary, ValidationFailed, publish

RDF_FILES = {
    "claimgraph.ttl": RdfFormat.TURTLE,
    "claimgraph.nt": RdfFormat.N_TRIPLES,
    "claimgraph.jsonld": RdfFormat.JSON_LD,
    "claimgraph.trig": RdfFormat.TRIG,
    "claimgraph.nq": RdfFormat.N_QUADS,
    "void.ttl": RdfFormat.TURTLE,
    "ontology/claimgraph.ttl": RdfFormat.TURTLE,
    "shapes/claimgraph-shapes.ttl": RdfFormat.TURTLE,
}


def _triples(path: Path, fmt: RdfFormat) -> set[object]:
    return {quad.triple for quad in parse(path=str(path), format=fmt)}


def test_every_rdf_file_reparses_strictly(release: Summary) -> None:
    for name, fmt in RDF_FILES.items():
        quads = list(parse(path=str(release.out / name), format=fmt))
        assert quads, name


def test_all_data_serializations_hold_the_same_triples(release: Summary) -> None:
    reference = _triples(release.out / "claimgraph.nt", RdfFormat.N_TRIPLES)
    assert len(reference) == release.triples
    for name in ("claimgraph.ttl", "claimgraph.jsonld", "claimgraph.trig", "claimgraph.nq"):
        assert _triples(release.out / name, RDF_FILES[name]) == reference, name


def test_released_data_has_no_blank_nodes(release: Summary) -> None:
    for name in ("claimgraph.nq", "void.ttl"):
        for quad in parse(path=str(release.out / name), format=RDF_FILES[name]):
            assert not any(isinstance(term, BlankNode) for term in (quad.subject, quad.object)), (name, quad)


def test_trig_has_one_named_graph_per_source(release: Summary) -> None:
    graphs = {quad.graph_name for quad in parse(path=str(release.out / "claimgraph.trig"), format=RdfFormat.TRIG)}
    assert DefaultGraph() not in graphs
    assert {g.value for g in graphs} == set(release.triples_by_graph)  # type: ignore[union-attr]
    assert {g.value.rsplit("/", 1)[1] for g in graphs} >= {"reference", "seed-article"}  # type: ignore[union-attr]


def test_ntriples_are_sorted_and_subjects_grouped_in_turtle(release: Summary) -> None:
    lines = (release.out / "claimgraph.nt").read_bytes().splitlines()
    assert lines == sorted(lines)
    turtle = (release.out / "claimgraph.ttl").read_text(encoding="utf-8")
    subjects = [line.split(" ", 1)[0] for line in turtle.splitlines() if line and not line.startswith(("@prefix", "\t", " "))]
    assert len(subjects) == len(set(subjects))


def test_publishing_twice_gives_identical_bytes(release: Summary, project: Project, tmp_path: Path) -> None:
    again = publish(project, tmp_path / "again")
    first = {name: (release.out / name).read_bytes() for name in release.files}
    second = {name: (again.out / name).read_bytes() for name in again.files}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_checksums_cover_and_match_every_file(release: Summary) -> None:
    listed = {}
    for line in (release.out / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(release.out).as_posix() for p in release.out.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((release.out / name).read_bytes()).hexdigest() == digest


def test_dataset_description_counts_and_credits(release: Summary) -> None:
    from pyoxigraph import Store

    store = Store()
    store.load(path=str(release.out / "void.ttl"), format=RdfFormat.TURTLE)
    rows = {
        s["g"].value: (int(s["triples"].value), s["license"].value)
        for s in store.query(
            """PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
               SELECT ?g ?triples ?license WHERE { <https://w3id.org/claimgraph/id/dataset/claimgraph> void:subset ?g .
               ?g void:triples ?triples ; dcterms:license ?license }"""
        )
    }
    assert {g: t for g, (t, _) in rows.items()} == release.triples_by_graph
    assert all(license.startswith("https://") for _, license in rows.values())
    total = store.query(
        """PREFIX void: <http://rdfs.org/ns/void#> SELECT ?t ?space WHERE {
           <https://w3id.org/claimgraph/id/dataset/claimgraph> void:triples ?t ; void:uriSpace ?space }"""
    )
    assert [(int(s["t"].value), s["space"].value) for s in total] == [(release.triples, "https://w3id.org/claimgraph/id/")]


def test_the_release_conforms_to_the_shapes(release: Summary, project: Project) -> None:
    from kg.validate import read_rdf_files, validate_quads

    report = validate_quads(read_rdf_files([release.out / "claimgraph.nq", release.out / "void.ttl"]), project)
    assert report.conforms, report.text()


def test_failed_publish_leaves_the_last_good_release(project_copy: Project, tmp_path: Path) -> None:
    out = tmp_path / "release" / "public"
    publish(project_copy, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    seed = project_copy.data_dir / "seed" / "hindustan-times-101748940320598.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("    value: 1430\n", "    value: -1430\n"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        publish(project_copy, out)
    message = str(failure.value)
    assert "cgsh:LossClaim-value" in message and "MinInclusive" in message
    assert "hindustan-times-101748940320598.yaml, loss_claims[1] (key ru-mod-troops-total-tass)" in message
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.parent.iterdir()] == ["public"]


def test_summary_accounts_for_every_input_row(release: Summary) -> None:
    assert release.claims == 34
    for _, file, read, rejected in release.rows:
        assert read >= rejected >= 0, file
    assert sum(read for _, _, read, _ in release.rows) > 0
