"""The release: every file re-parses strictly, formats agree, bytes are deterministic, the
description counts what is there, checksums verify, and a failed publish changes nothing."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, DefaultGraph, RdfFormat, Store, parse, serialize

from kg import serialize as kg_serialize
from kg.config import Project
from kg.errors import PublishError
from kg.graph import Graph
from kg.publish import Summary, ValidationFailed, publish

DATA_FILES = {
    "claimgraph.nt": RdfFormat.N_TRIPLES,
    "claimgraph.ttl": RdfFormat.TURTLE,
    "claimgraph.jsonld": RdfFormat.JSON_LD,
    "claimgraph.trig": RdfFormat.TRIG,
    "claimgraph.nq": RdfFormat.N_QUADS,
}
METADATA_FILES = {
    "void.ttl": RdfFormat.TURTLE,
    "ontology/claimgraph.ttl": RdfFormat.TURTLE,
    "shapes/claimgraph-shapes.ttl": RdfFormat.TURTLE,
}
RDF_FILES = DATA_FILES | METADATA_FILES


def _canonical_lines(path: Path, fmt: RdfFormat) -> list[bytes]:
    """The file parsed strictly, as sorted N-Quads lines (triples formats: default graph)."""
    return sorted(serialize(parse(path=str(path), format=fmt), format=RdfFormat.N_QUADS).splitlines())


def _without_graph(nquads_line: bytes) -> bytes:
    return nquads_line.rsplit(b" ", 2)[0] + b" ."


def test_metadata_files_reparse_strictly(release: Summary) -> None:
    for name, fmt in METADATA_FILES.items():
        assert list(parse(path=str(release.out / name), format=fmt)), name


def test_every_data_serialization_reparses_to_the_same_triples(release: Summary) -> None:
    """Parsed strictly by pyoxigraph; the triples formats agree line for line, the quad
    formats agree with each other, and dropping graph names gives the triples back."""
    triples = _canonical_lines(release.out / "claimgraph.nt", DATA_FILES["claimgraph.nt"])
    assert len(triples) == len(set(triples)) == release.triples
    for name in ("claimgraph.ttl", "claimgraph.jsonld"):
        assert _canonical_lines(release.out / name, DATA_FILES[name]) == triples, name
    quads = _canonical_lines(release.out / "claimgraph.nq", DATA_FILES["claimgraph.nq"])
    assert _canonical_lines(release.out / "claimgraph.trig", DATA_FILES["claimgraph.trig"]) == quads
    assert sorted({_without_graph(line) for line in quads}) == triples


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
    subjects = [
        line.split(" ", 1)[0] for line in turtle.splitlines() if line and not line.startswith(("@prefix", "\t", " "))
    ]
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
    assert [(int(s["t"].value), s["space"].value) for s in total] == [
        (release.triples, "https://w3id.org/claimgraph/id/")
    ]


def test_the_release_conforms_to_the_shapes(release: Summary, project: Project) -> None:
    from kg.validate import read_rdf_files, validate_quads

    report = validate_quads(read_rdf_files([release.out / "claimgraph.nq", release.out / "void.ttl"]), project)
    assert report.conforms, report.text()


def test_failed_publish_leaves_the_last_good_release(sample_copy: Project, tmp_path: Path) -> None:
    out = tmp_path / "release" / "public"
    publish(sample_copy, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    seed = sample_copy.data_dir / "seed" / "hindustan-times-101748940320598.yaml"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("    value: 1430\n", "    value: -1430\n"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as failure:
        publish(sample_copy, out)
    message = str(failure.value)
    assert "cgsh:LossClaim-value" in message and "MinInclusive" in message
    assert "hindustan-times-101748940320598.yaml, loss_claims[1] (key ru-mod-troops-total-tass)" in message
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.parent.iterdir()] == ["public"]


def test_summary_accounts_for_every_input_row(release: Summary, store: Store) -> None:
    claims = store.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a <https://w3id.org/claimgraph/ontology#Claim> } }"
    )
    assert release.claims == int(next(iter(claims))["n"].value) > 80_000
    for _, file, read, rejected in release.rows:
        assert read >= rejected >= 0, file
    with (release.out / "rejected.csv").open(newline="", encoding="utf-8") as handle:
        rejected_rows = list(csv.DictReader(handle))
    assert Counter(row["file"] for row in rejected_rows) == {file: n for _, file, _, n in release.rows if n}


def test_gzip_copy_and_both_digests_come_from_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """write_gzip: the copy is what gzip makes of the whole file in one go (fixed header, level
    6) though it is fed in small chunks, and the digests are the two files' own."""
    monkeypatch.setattr(kg_serialize, "GZIP_CHUNK", 4096)
    whole = "".join(
        f'<https://example.org/s{n % 977}> <https://example.org/p> "{n * 7919}" .\n' for n in range(50_000)
    ).encode("utf-8")
    path, packed = tmp_path / "dump.nt", tmp_path / "dump.nt.gz"
    path.write_bytes(whole)
    digests = kg_serialize.write_gzip(path, packed)
    expected = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=expected, compresslevel=kg_serialize.GZIP_LEVEL, mtime=0
    ) as packer:
        packer.write(whole)
    assert packed.read_bytes() == expected.getvalue()
    assert digests == {path: hashlib.sha256(whole).hexdigest(), packed: hashlib.sha256(expected.getvalue()).hexdigest()}


@pytest.mark.parametrize(
    ("quad", "where"),
    [
        (
            (
                "<https://example.org/a b>",
                "<https://example.org/p>",
                "<https://example.org/o>",
                "<https://example.org/g>",
            ),
            "Invalid IRI code point ' ' (claimgraph.nt, line 1)",
        ),
        (
            (
                "<https://example.org/s>",
                "<https://example.org/p>",
                "<https://example.org/o>",
                "<https://example.org/g h>",
            ),
            "<https://example.org/g h>: Invalid IRI code point ' '",
        ),
    ],
    ids=["subject", "graph name"],
)
def test_a_term_that_is_not_valid_rdf_fails_the_publish(
    quad: tuple[str, str, str, str], where: str, sample_copy: Project, tmp_path: Path
) -> None:
    """TriG is written from a lenient parse: the Turtle pass and the graph-name check must
    still refuse a bad IRI, in a triple or as a graph name, before anything is published."""
    out = tmp_path / "public"
    with pytest.raises(PublishError, match="not valid RDF") as failure:
        publish(sample_copy, out, graph=Graph(quads=[quad]))
    assert where in str(failure.value)
    assert not out.exists()
