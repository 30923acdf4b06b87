"""Every claim's side-by-side table, computed once per release into the query store's folder.

A claim page lists every claimant's figures for the same period, side and comparison heading
(kg.serve.entity.side_by_side). Asked per page, that join cost a cold claim page more than
everything else it asks the store (about 1.3 ms); the tables of the whole release take one
query (several seconds). So the server computes them once per release, like the store itself
(kg.store): into ``side-by-side.sqlite`` beside the store's data, keyed by the store's key,
rebuilt when the release changes, shared by every process that serves the release (``--workers``)
and read one row per (period, side, heading).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store

from kg.config import NAMESPACES
from kg.serve.backend import Term
from kg.serve.patterns import MAPPING_FILTER, PeerRow, peer_order
from kg.store import StoreError, StoreUnwritable, release_key, store_location

INDEX_FILE = "side-by-side.sqlite"
VARIABLES = (
    *("claim", "agent", "claimant", "value", "hedge", "category"),
    *("categoryLabel", "match", "heading", "headingLabel", "area", "areaLabel"),
)
_P = NAMESPACES
# the per-claim query of kg.serve.entity.side_by_side for every claim at once, by (period, side, heading)
ALL_PEERS = f"""PREFIX cg: <{_P["cg"]}> PREFIX skos: <{_P["skos"]}> PREFIX rdfs: <{_P["rdfs"]}>
SELECT DISTINCT ?period ?side ?{" ?".join(VARIABLES)} WHERE {{
  ?category ?match ?heading . {MAPPING_FILTER}
  ?claim cg:lossCategory ?category ; cg:period ?period ; cg:lossesOf ?side ; cg:claimant ?agent ; cg:value ?value .
  OPTIONAL {{ ?agent rdfs:label ?claimant }}
  OPTIONAL {{ ?claim cg:hedge/rdfs:label ?hedge }}
  OPTIONAL {{ ?category rdfs:label ?categoryLabel }}
  OPTIONAL {{ ?heading rdfs:label ?headingLabel }}
  OPTIONAL {{ ?claim cg:inAreaOf ?area . OPTIONAL {{ ?area rdfs:label ?areaLabel }} }}
}}"""
Key = tuple[str, str, str]  # the IRIs of a period, a side and a comparison heading


class PeerIndex:
    """The side-by-side rows of a release by (period, side, heading), read from its file."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()  # one connection, used by one thread at a time

    def rows(self, key: Key) -> list[PeerRow]:
        """The group's rows in the page's order (none when no claim is in it)."""
        with self._lock:
            found = self._connection.execute(
                "SELECT rows FROM peers WHERE period = ? AND side = ? AND heading = ?", key
            ).fetchone()
        return [_decoded(row) for row in json.loads(zlib.decompress(found[0]))] if found else []


def open_peer_index(release: Path, store: Store, progress: Callable[[str], None] = lambda _: None) -> PeerIndex:
    """The release's index, computed from its store first when missing or made for another release."""
    path = store_location(release) / INDEX_FILE
    key = release_key(release)
    if _key_of(path) != key:
        progress(f"computing the side-by-side tables into {path} (once per release)")
        _build(store, path, key)
    return PeerIndex(path)


def _key_of(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
            found = connection.execute("SELECT key FROM meta").fetchone()
    except sqlite3.Error:
        return None
    return str(found[0]) if found else None


def _build(store: Store, path: Path, key: str) -> None:
    """Group the rows of every claim, order each group as the page does, and swap the file in."""
    groups: defaultdict[Key, list[PeerRow]] = defaultdict(list)
    solutions = store.query(ALL_PEERS, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    for solution in solutions:
        row = tuple((name, term) for name in VARIABLES if (term := solution[name]) is not None)
        groups[(solution["period"].value, solution["side"].value, solution["heading"].value)].append(row)
    del solutions
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.building-")
    except OSError as error:
        raise StoreUnwritable(
            f"cannot write the side-by-side tables beside {path}: {error.strerror or error}"
        ) from None
    os.close(handle)
    try:
        _write(Path(temporary), key, groups)
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot write the side-by-side tables {path}: {error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _write(path: Path, key: str, groups: dict[Key, list[PeerRow]]) -> None:
    """The tables into a fresh SQLite file: each group's rows as one array, in page order."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE meta (key TEXT)")
            connection.execute("INSERT INTO meta VALUES (?)", (key,))
            connection.execute(
                "CREATE TABLE peers (period TEXT, side TEXT, heading TEXT, rows BLOB,"
                " PRIMARY KEY (period, side, heading)) WITHOUT ROWID"
            )
            connection.executemany(
                "INSERT INTO peers VALUES (?, ?, ?, ?)",
                ((*group, _packed(rows)) for group, rows in groups.items()),
            )
    finally:
        connection.close()
    path.chmod(0o644)


def _packed(rows: list[PeerRow]) -> bytes:
    """A group's rows in page order, as compressed JSON (a quarter of the text's size)."""
    return zlib.compress(json.dumps([_encoded(row) for row in sorted(rows, key=peer_order)]).encode())


def _encoded(row: PeerRow) -> dict[str, list[str]]:
    return {name: _term_code(term) for name, term in row}


def _term_code(term: Term) -> list[str]:
    if isinstance(term, NamedNode):
        return ["i", term.value]
    if isinstance(term, BlankNode):
        return ["b", term.value]
    if term.language:
        return ["t", term.value, term.language]
    return ["l", term.value, term.datatype.value]


def _decoded(row: dict[str, list[str]]) -> PeerRow:
    return tuple((name, _term(code)) for name, code in row.items())


def _term(code: list[str]) -> Term:
    kind, value = code[0], code[1]
    if kind == "i":
        return NamedNode(value)
    if kind == "b":
        return BlankNode(value)
    if kind == "t":
        return Literal(value, language=code[2])
    return Literal(value, datatype=NamedNode(code[2]))
