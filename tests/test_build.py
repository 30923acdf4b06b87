"""Building Oryx in a worker process while the rest is built (kg publish) gives exactly the
graph of one sequential build, and a key defined on both sides is refused as it is there."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from kg.config import Project
from kg.errors import BuildError
from kg.graph import Graph, _merge, build_project
from kg.records import Origin


def test_building_apart_gives_the_graph_of_one_build(project: Project, graph: Graph) -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        parallel = build_project(project, pool=pool)
    assert len(parallel.quads) == len(graph.quads)
    assert set(parallel.quads) == set(graph.quads)
    assert parallel.origins == graph.origins
    assert parallel.rejections == graph.rejections
    assert parallel.rows_read == graph.rows_read
    assert list(parallel.rows_by_dataset.items()) == list(graph.rows_by_dataset.items())
    assert parallel.datasets == graph.datasets
    assert parallel.keys == graph.keys
    assert any(dataset == "oryx" for dataset, _ in parallel.keys.values())


def test_a_key_defined_apart_and_here_is_refused() -> None:
    here = Graph(keys={("claim", "x"): ("seed-article", Origin("data/seed/a.yaml", "loss_claims[1]"))})
    apart = Graph(keys={("claim", "x"): ("oryx", Origin("data/oryx/b.csv", "row 7"))})
    with pytest.raises(BuildError, match=r"data/oryx/b.csv, row 7: claim key 'x' is already used by data/seed/a.yaml"):
        _merge(here, apart)
