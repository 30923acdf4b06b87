"""Shared fixtures: the project, the built graph, a published release and a store over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Store
from sample import make_sample, writable_copy

from kg.config import Project
from kg.graph import Graph, build_project
from kg.publish import Summary, publish
from kg.queries import load_store

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIRS = ("ontology", "shapes", "queries", "data", "registry")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def graph(project: Project) -> Graph:
    return build_project(project)


@pytest.fixture(scope="session")
def release(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Summary:
    return publish(project, tmp_path_factory.mktemp("release") / "public")


@pytest.fixture(scope="session")
def store(release: Summary) -> Store:
    return load_store(nquads_file=release.out / "claimgraph.nq")


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A writable copy of the project tree, for tests that break its inputs."""
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name)
    return Project(tmp_path)


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sample(ROOT, tmp_path_factory.mktemp("sample") / "project")


@pytest.fixture
def sample_copy(sample_root: Path, tmp_path: Path) -> Project:
    """A writable copy of the sample project (every dataset, a fortnight of it)."""
    return Project(writable_copy(sample_root, tmp_path))
