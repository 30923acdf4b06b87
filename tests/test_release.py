"""kg release: two releases of the sample, immutable, with the semantic diff between them."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, Store

from kg.cli import main
from kg.config import BASE, Project
from kg.release import ReleaseError, edition_for, recorded, release, verify

FIRST, SECOND = "2026-11-01", "2026-11-02"
ESTIMATES = "data/estimates/economist/estimates.csv"
CLAIM = BASE + "id/claim/economist-estimates-bbc-russia-russia-deaths-2024-06-14"
CG_VALUE = BASE + "ontology#value"
OWL = "http://www.w3.org/2002/07/owl#"
DCAT = "http://www.w3.org/ns/dcat#"
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def kg(*args: str, project: Project) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project.root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def change_estimate(project: Project, old: str, new: str) -> None:
    """Edit BBC Russia's figure of 2024-06-14 in the Economist's compilation."""
    path = project.root / ESTIMATES
    text = path.read_text(encoding="utf-8")
    row = f"14/06/2024,{old},"
    assert text.count(row) == 1
    path.write_text(text.replace(row, f"14/06/2024,{new},"), encoding="utf-8")


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def two_releases(sample_copy: Project, tmp_path: Path) -> tuple[Project, Path, dict[str, str]]:
    """Release FIRST, change one figure, release SECOND; also the digests of FIRST before SECOND."""
    releases = tmp_path / "releases"
    code, _, err = kg("release", FIRST, "--releases", str(releases), project=sample_copy)
    assert code == 0, err
    before = digests(releases / FIRST)
    change_estimate(sample_copy, "113000", "113500")
    code, _, err = kg("release", SECOND, "--releases", str(releases), project=sample_copy)
    assert code == 0, err
    return sample_copy, releases, before


def test_second_release_leaves_the_first_unchanged(two_releases: tuple[Project, Path, dict[str, str]]) -> None:
    project, releases, before = two_releases
    assert digests(releases / FIRST) == before
    assert [row.version for row in recorded(project)] == [FIRST, SECOND]
    assert [row.date for row in recorded(project)] == [FIRST, SECOND]
    assert verify(project, releases) == [FIRST, SECOND]
    assert not (releases / FIRST / "changes.json").exists()
    assert sorted(path.name for path in releases.iterdir()) == [FIRST, SECOND]  # no staging left


def test_semantic_diff_names_the_changed_claim(two_releases: tuple[Project, Path, dict[str, str]]) -> None:
    _, releases, _ = two_releases
    changes = json.loads((releases / SECOND / "changes.json").read_text(encoding="utf-8"))
    assert (changes["from"], changes["to"]) == (FIRST, SECOND)
    graph = changes["graphs"][BASE + "graph/economist-estimates"]
    assert graph["claims_added"] == [] and graph["claims_removed"] == []
    assert list(graph["claims_changed"]) == [CLAIM]
    assert graph["claims_changed"][CLAIM][CG_VALUE] == {
        "old": [f'"113000"^^{XSD_INTEGER}'],
        "new": [f'"113500"^^{XSD_INTEGER}'],
    }
    assert graph["counts"]["claims_changed"] == 1
    assert list(changes["graphs"]) == [BASE + "graph/economist-estimates"]
    markdown = (releases / SECOND / "CHANGES.md").read_text(encoding="utf-8")
    assert f"- changed: <{CLAIM}>" in markdown
    assert f'<{CG_VALUE}>: "113000"^^{XSD_INTEGER} -> "113500"^^{XSD_INTEGER}' in markdown


def _store(folder: Path) -> Store:
    store = Store()
    store.load(path=str(folder / "void.ttl"), format=RdfFormat.TURTLE)
    store.load(path=str(folder / "ontology" / "claimgraph.ttl"), format=RdfFormat.TURTLE)
    return store


def _objects(store: Store, predicate: str) -> list[str]:
    return sorted(quad.object.value for quad in store.quads_for_pattern(None, NamedNode(predicate), None))


def _path_in_tree(releases: Path, url: str) -> Path:
    """Where a release URL's file is in the release tree (the URL layout of kg.release)."""
    if url.startswith(BASE + "ontology/"):
        return releases / url.removeprefix(BASE + "ontology/") / "ontology" / "claimgraph.ttl"
    assert url.startswith(BASE + "release/"), url
    return releases / url.removeprefix(BASE + "release/").split("#")[0]


def test_version_links_name_paths_of_the_release_tree(two_releases: tuple[Project, Path, dict[str, str]]) -> None:
    _, releases, _ = two_releases
    store = _store(releases / SECOND)
    assert _objects(store, OWL + "versionIRI") == [BASE + "ontology/" + SECOND]
    assert _objects(store, OWL + "priorVersion") == [BASE + "ontology/" + FIRST]
    assert _objects(store, DCAT + "previousVersion") == [BASE + "release/" + FIRST + "/"]
    assert _objects(store, DCAT + "version") == [SECOND]
    assert _objects(store, DCAT + "inSeries") == [BASE + "release/"]
    urls = [
        *_objects(store, OWL + "versionIRI"),
        *_objects(store, OWL + "priorVersion"),
        *_objects(store, DCAT + "previousVersion"),
        *_objects(store, DCAT + "downloadURL"),
        *_objects(store, DCAT + "accessURL"),
    ]
    downloads = _objects(store, DCAT + "downloadURL")
    assert {url.removeprefix(BASE + f"release/{SECOND}/") for url in downloads} == set(digests(releases / SECOND))
    for url in urls:
        assert _path_in_tree(releases, url).exists(), url


def test_refuses_an_existing_version(two_releases: tuple[Project, Path, dict[str, str]]) -> None:
    project, releases, _ = two_releases
    before = digests(releases / SECOND)
    code, _, err = kg("release", SECOND, "--releases", str(releases), project=project)
    assert code == 2
    assert f"release {SECOND} exists" in err
    assert digests(releases / SECOND) == before
    assert len(recorded(project)) == 2


def test_a_changed_release_fails_the_check(two_releases: tuple[Project, Path, dict[str, str]]) -> None:
    project, releases, _ = two_releases
    assert kg("release", "--check", "--releases", str(releases), project=project)[0] == 0
    tampered = releases / FIRST / "rejected.csv"
    tampered.chmod(0o644)
    with tampered.open("a", encoding="utf-8") as out:
        out.write("x,y,z,w\n")
    code, _, err = kg("release", "--check", "--releases", str(releases), project=project)
    assert code == 1
    assert f"release {FIRST}: rejected.csv no longer matches its checksum" in err


@pytest.mark.parametrize(
    ("version", "date", "message"),
    [
        ("2026-02-30", None, "is not a calendar date"),
        ("26-11-01", None, "expected a date YYYY-MM-DD or a semantic version"),
        ("1.0", None, "expected a date YYYY-MM-DD or a semantic version"),
        ("01.2.3", None, "expected a date YYYY-MM-DD or a semantic version"),
        ("1.2.3", None, "needs --date"),
        ("1.2.3", "2026-1-5", "is not a calendar date"),
        ("2026-11-01", "2026-11-02", "differs from the dated version"),
        ("../x", None, "expected a date"),
    ],
)
def test_versions_are_checked(version: str, date: str | None, message: str) -> None:
    with pytest.raises(ReleaseError, match=message):
        edition_for(version, date, None)


def test_semantic_version_takes_the_given_date() -> None:
    edition = edition_for("1.2.3", "2026-11-30", "1.2.2")
    assert (edition.version, edition.issued, edition.previous) == ("1.2.3", "2026-11-30", "1.2.2")
    assert edition.ontology_version_iri == BASE + "ontology/1.2.3"


def test_release_needs_its_previous_release_on_disk(sample_copy: Project, tmp_path: Path) -> None:
    release(sample_copy, FIRST, tmp_path / "releases")
    with pytest.raises(ReleaseError, match=f"the previous release {FIRST} .* is not in"):
        release(sample_copy, SECOND, tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere" / SECOND).exists()


def test_dumps_are_byte_deterministic(sample_copy: Project, tmp_path: Path) -> None:
    """Two releases of the same data: the same bytes in every file but those naming the version."""
    first = release(sample_copy, FIRST, tmp_path / "a").out
    (sample_copy.root / "registry" / "releases.tsv").unlink()
    again = release(sample_copy, FIRST, tmp_path / "b").out
    assert digests(first) == digests(again)
    for name in ("claimgraph.nq", "claimgraph.nt"):
        packed = (first / f"{name}.gz").read_bytes()
        assert packed[3] == 0  # FLG: no file name, no comment
        assert packed[4:8] == b"\0\0\0\0"  # MTIME zero
        assert gzip.decompress(packed) == (first / name).read_bytes()
