"""The embedded store's page lookups (kg.serve.patterns, kg.serve.peers) answer as the SPARQL
queries they stand in for, on every claim and a spread of other entities of the published sample.

Three backends over the same release: kg serve's own (the on-disk store with its side-by-side
tables), an in-memory store (lookups without the tables), and the same in-memory store asked
only in SPARQL, as a remote store is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

import pytest
from pyoxigraph import QuerySolutions
from test_serve import publish_sample

from kg.config import NAMESPACES
from kg.queries import load_store
from kg.serve import description, entity
from kg.serve.backend import Answer, EmbeddedBackend, Limits
from kg.serve.peers import INDEX_FILE, open_peer_index
from kg.serve.run import make_backend
from kg.store import release_key, store_location


class SparqlOnly:
    """An embedded store asked only in SPARQL: what the pages ask a remote store."""

    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend
        self.description = "SPARQL only"

    def query(self, text: str, limits: Limits) -> Answer:
        return self.backend.query(text, limits)

    def answer(self, text: str, limits: Limits) -> Answer:
        return self.backend.query(text, limits)

    def serialized(self, text: str, media_type: str, limits: Limits) -> bytes:
        raise NotImplementedError


class Backends(NamedTuple):
    release: Path
    disk: EmbeddedBackend
    memory: EmbeddedBackend
    sparql: SparqlOnly


@pytest.fixture(scope="module")
def backends(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Backends:
    _, release = publish_sample(sample_root, tmp_path_factory.mktemp("serve-lookups"))
    disk = make_backend(release, None)
    assert isinstance(disk, EmbeddedBackend) and disk.peer_groups is not None
    memory = EmbeddedBackend(load_store(nquads_file=release / "claimgraph.nq"))
    return Backends(release, disk, memory, SparqlOnly(memory))


def subjects(backend: EmbeddedBackend, where: str) -> list[str]:
    solutions = backend.store.query(
        f"SELECT DISTINCT ?s WHERE {{ {where} }} ORDER BY ?s", use_default_graph_as_union=True
    )
    assert isinstance(solutions, QuerySolutions)
    return [solution["s"].value for solution in solutions]  # type: ignore[union-attr]


def test_side_by_side_of_every_claim_is_the_query_answer(backends: Backends) -> None:
    claims = subjects(backends.memory, f"?s a <{NAMESPACES['cg']}Claim>")
    compared = 0
    for claim in claims:
        expected = entity.side_by_side(backends.sparql, claim)
        assert entity.side_by_side(backends.disk, claim) == expected, claim
        assert entity.side_by_side(backends.memory, claim) == expected, claim
        compared += len({row["agent"].value for row in expected}) > 1
    assert compared > 10, "too few claims with other claimants' figures to compare"


def test_descriptions_and_referrers_are_the_query_answers(backends: Backends) -> None:
    every = subjects(backends.memory, "?s ?p ?o FILTER(isIRI(?s))")
    spread = [*every[:: max(1, len(every) // 400)], every[-1], "https://w3id.org/claimgraph/id/claim/no-such-claim"]
    for iri in spread:
        expected = description.describe(backends.sparql, iri)
        assert description.describe(backends.disk, iri) == expected, iri
        assert description.describe(backends.memory, iri) == expected, iri
        assert description.exists(backends.disk, iri) == description.exists(backends.sparql, iri) == bool(expected)
        assert entity.referrers(backends.disk, iri) == entity.referrers(backends.sparql, iri), iri


def test_side_by_side_tables_are_remade_for_another_release(backends: Backends) -> None:
    path = store_location(backends.release) / INDEX_FILE
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET key = 'a release that is gone'")
    connection.close()
    index = open_peer_index(backends.release, backends.disk.store)
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        assert connection.execute("SELECT key FROM meta").fetchone()[0] == release_key(backends.release)
    connection.close()
    remade = EmbeddedBackend(backends.disk.store, peer_groups=index.rows)
    claims = subjects(backends.memory, f"?s a <{NAMESPACES['cg']}Claim>")
    with_peers = [claim for claim in claims if entity.side_by_side(backends.sparql, claim)][:20]
    assert with_peers
    for claim in with_peers:
        assert entity.side_by_side(remade, claim) == entity.side_by_side(backends.sparql, claim)
