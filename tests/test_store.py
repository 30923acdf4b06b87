"""The query store (kg.store): built once per release beside it, reused, rebuilt when the release
changes, read-only, and giving every library query the rows of an in-memory load.

Mechanics run on small releases written here (two files: the N-Quads and their SHA256SUMS);
the rows are compared on the published sample project (every dataset, a fortnight of it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.config import Project
from kg.publish import publish
from kg.queries import bind, catalogue, load_store, run_embedded
from kg.results import Result
from kg.store import KEY_FILE, StoreError, open_release_store, store_location

EX = "http://example.org/"


def write_release(folder: Path, subjects: range) -> Path:
    """A minimal release: claimgraph.nq over two named graphs, and its SHA256SUMS."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'<{EX}s{i}> <{EX}p> "{i}" <{EX}g{i % 2}> .\n' for i in subjects]
    nquads = "".join(lines).encode()
    (folder / "claimgraph.nq").write_bytes(nquads)
    (folder / "SHA256SUMS").write_text(f"{hashlib.sha256(nquads).hexdigest()}  claimgraph.nq\n")
    return folder


def count(store: Store) -> int:
    [row] = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True))  # type: ignore[union-attr]
    return int(row["n"].value)


def test_the_store_holds_the_release_and_queries_see_the_union(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(1000))
    store = open_release_store(release)
    assert len(store) == 1000 and count(store) == 1000
    assert {graph.value for graph in store.named_graphs()} == {f"{EX}g0", f"{EX}g1"}


def test_the_store_is_beside_the_release_never_in_it(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    before = sorted(path.name for path in release.iterdir())
    open_release_store(release)
    assert sorted(path.name for path in release.iterdir()) == before
    assert store_location(release) == tmp_path / ".public.store"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".public.store", "public"]


def test_the_store_is_built_once_then_reused(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    messages: list[str] = []
    open_release_store(release, messages.append)
    assert len(messages) == 1 and "building the query store" in messages[0]
    key = store_location(release) / KEY_FILE
    built = key.stat().st_mtime_ns
    again = open_release_store(release, messages.append)
    assert len(messages) == 1
    assert key.stat().st_mtime_ns == built
    assert count(again) == 10


def test_a_new_release_rebuilds_the_store(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    assert count(open_release_store(release)) == 10
    write_release(release, range(25))
    messages: list[str] = []
    assert count(open_release_store(release, messages.append)) == 25
    assert messages, "a changed SHA256SUMS must rebuild"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".public.store", "public"]


def test_the_store_is_read_only(tmp_path: Path) -> None:
    store = open_release_store(write_release(tmp_path / "public", range(10)))
    with pytest.raises(RuntimeError, match="read-write"):
        store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> <{EX}b> }}")
    assert count(store) == 10


def test_nquads_that_do_not_match_their_checksum_are_refused(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    with (release / "claimgraph.nq").open("a") as handle:
        handle.write(f"<{EX}x> <{EX}p> <{EX}y> <{EX}g0> .\n")
    with pytest.raises(StoreError, match="does not match its line in"):
        open_release_store(release)
    assert not store_location(release).exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["public"]


def test_a_folder_without_checksums_is_not_a_release(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    (release / "SHA256SUMS").unlink()
    with pytest.raises(StoreError, match="is not a release: it has no SHA256SUMS"):
        open_release_store(release)


def test_a_folder_that_is_not_ours_is_never_removed(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    theirs = store_location(release)
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="is not a claimgraph query store; move it away"):
        open_release_store(release)
    assert (theirs / "notes.txt").read_text() == "mine"


def test_builds_left_by_killed_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    release = write_release(tmp_path / "public", range(10))
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f".public.store.building-{finished.stdout.strip()}-abc"
    live = tmp_path / f".public.store.building-{os.getpid()}-def"
    unrelated = tmp_path / ".public.store.building-notes"
    for folder in (dead, live, unrelated):
        folder.mkdir()
    open_release_store(release)
    assert not dead.exists()
    assert live.exists() and unrelated.exists()


@pytest.fixture(scope="module")
def sample_release(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(Project(sample_root), tmp_path_factory.mktemp("sample-release") / "public").out


def test_every_library_query_gives_the_in_memory_rows(sample_release: Path, project: Project) -> None:
    persistent = open_release_store(sample_release)
    in_memory = load_store(nquads_file=sample_release / "claimgraph.nq")
    answered = 0
    for query in catalogue(project.queries_dir):
        text = bind(query, {})
        expected, found = run_embedded(in_memory, text), run_embedded(persistent, text)
        assert isinstance(found, Result)
        assert (found.variables, sorted(found.rows, key=repr)) == (expected.variables, sorted(expected.rows, key=repr))
        if "ORDER BY" in text:
            assert found.rows == expected.rows, query.name
        answered += bool(found.rows)
    assert answered >= 10, "most queries must answer rows on the sample for the comparison to mean something"
