"""Stable URIs: every registered URI is still produced (or tombstoned), every minted URI is
registered, slugs are well formed, and a lost URI fails the check until it is tombstoned."""

from __future__ import annotations

import re

import pytest

from kg.config import ID_BASE, Project
from kg.graph import Graph, build_project
from kg.ids import IdError, mint, minted_uris, read_registry, registry_problems, slugify


def test_registry_matches_the_build(graph: Graph, project: Project) -> None:
    assert registry_problems(graph, project) == []


def test_minted_uris_are_kind_slash_slug(graph: Graph) -> None:
    pattern = re.compile(r"^" + re.escape(ID_BASE) + r"[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$")
    assert [uri for uri in minted_uris(graph) if not pattern.match(uri)] == []


def test_no_cyrillic_or_other_script_in_uris(graph: Graph) -> None:
    assert [q[0] for q in graph.quads if not q[0].isascii()] == []


def test_a_lost_uri_fails_until_tombstoned(project_copy: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.sources import russian_mod_rows

    monkeypatch.setitem(russian_mod_rows.FORMATIONS, "Dnepr", "russian-battlegroup-dnipro")
    formations = project_copy.data_dir / "reference" / "formations.yaml"
    formations.write_text(
        formations.read_text(encoding="utf-8").replace("russian-battlegroup-dnepr", "russian-battlegroup-dnipro"),
        encoding="utf-8",
    )
    seed = project_copy.data_dir / "seed" / "hindustan-times-101748940320598.yaml"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("russian-battlegroup-dnepr", "russian-battlegroup-dnipro"),
        encoding="utf-8",
    )
    problems = registry_problems(build_project(project_copy), project_copy)
    assert any(
        p.startswith("lost: https://w3id.org/claimgraph/id/formation/russian-battlegroup-dnepr") for p in problems
    )
    assert any(
        p.startswith("unregistered: https://w3id.org/claimgraph/id/formation/russian-battlegroup-dnipro")
        for p in problems
    )
    project_copy.tombstones_file.write_text(
        project_copy.tombstones_file.read_text(encoding="utf-8") + "\n"
        "- uri: id/formation/russian-battlegroup-dnepr\n"
        "  label: Battlegroup Dnepr\n"
        "  replaced_by: id/formation/russian-battlegroup-dnipro\n"
        "  reason: Renamed.\n",
        encoding="utf-8",
    )
    registered = read_registry(project_copy.registry_file)
    from kg.ids import write_registry

    write_registry(project_copy.registry_file, registered | {mint("formation", "russian-battlegroup-dnipro")})
    graph = build_project(project_copy)
    assert registry_problems(graph, project_copy) == []
    stone = {(q[1], q[2]) for q in graph.quads if q[0] == "<" + mint("formation", "russian-battlegroup-dnepr") + ">"}
    assert stone >= {
        ("<http://www.w3.org/2002/07/owl#deprecated>", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        ("<http://www.w3.org/2000/01/rdf-schema#label>", '"Battlegroup Dnepr"@en'),
        ("<http://purl.org/dc/terms/isReplacedBy>", "<" + mint("formation", "russian-battlegroup-dnipro") + ">"),
    }


def test_slugs_come_from_natural_keys() -> None:
    assert slugify("Battlegroup", "Centre", 2025) == "battlegroup-centre-2025"
    assert slugify("Dniéper") == "dnieper"
    with pytest.raises(IdError):
        slugify("Днепр")
    with pytest.raises(IdError):
        mint("claim", "Not A Slug")
    with pytest.raises(IdError):
        mint("thing", "ok")
