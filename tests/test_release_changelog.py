"""The semantic diff on small graphs: claims added, removed and changed, URIs deprecated."""

from __future__ import annotations

from pathlib import Path

from kg import changelog
from kg.serialize import SortedGraph
from kg.vocab import CG, DCTERMS, OWL, A, Quad, iri

G1, G2 = iri("https://w3id.org/claimgraph/graph/one"), iri("https://w3id.org/claimgraph/graph/two")
KEPT, GONE, NEW = (iri(f"https://w3id.org/claimgraph/id/claim/{name}") for name in ("kept", "gone", "new"))
OLD_SLUG, NEW_SLUG = iri("https://w3id.org/claimgraph/id/agent/old"), iri("https://w3id.org/claimgraph/id/agent/new")
TRUE = changelog.DEPRECATED_TRUE


def claim(subject: str, graph: str, value: int, hedge: str, period: str) -> list[Quad]:
    return [
        (subject, A, CG.Claim, graph),
        (subject, CG.value, f'"{value}"^^<http://www.w3.org/2001/XMLSchema#integer>', graph),
        (subject, CG.hedge, iri(f"https://w3id.org/claimgraph/id/hedge/{hedge}"), graph),
        (subject, CG.period, iri(f"https://w3id.org/claimgraph/id/period/{period}"), graph),
    ]


def write(path: Path, quads: list[Quad]) -> Path:
    path.write_text("".join(SortedGraph.of(quads).nquads()), encoding="utf-8")
    return path


def test_diff_of_two_small_releases(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.nq",
        [*claim(KEPT, G1, 10, "at-least", "day-1"), *claim(GONE, G1, 5, "about", "day-1"), (OLD_SLUG, A, CG.Agent, G2)],
    )
    new = write(
        tmp_path / "new.nq",
        [
            *claim(KEPT, G1, 12, "over", "day-2"),
            *claim(NEW, G2, 7, "about", "day-2"),
            (OLD_SLUG, A, CG.Agent, G2),
            (OLD_SLUG, OWL.deprecated, TRUE, G2),
            (OLD_SLUG, DCTERMS.isReplacedBy, NEW_SLUG, G2),
        ],
    )
    changes = changelog.diff(old, new)
    one, two = changes[G1[1:-1]], changes[G2[1:-1]]
    assert (one.added, one.removed, list(one.changed)) == ([], [GONE[1:-1]], [KEPT[1:-1]])
    changed = one.changed[KEPT[1:-1]]
    assert list(changed) == [CG.value[1:-1], CG.hedge[1:-1], CG.period[1:-1]]  # the headline first
    assert changed[CG.hedge[1:-1]] == {
        "old": ["<https://w3id.org/claimgraph/id/hedge/at-least>"],
        "new": ["<https://w3id.org/claimgraph/id/hedge/over>"],
    }
    assert (two.added, two.removed, two.changed) == ([NEW[1:-1]], [], {})
    assert two.deprecated == {OLD_SLUG[1:-1]: [NEW_SLUG[1:-1]]}
    assert one.counts()["quads_removed"] == 7 and one.counts()["quads_added"] == 3
    markdown = changelog.as_markdown("a", "b", changes)
    assert f"- deprecated: {OLD_SLUG} (replaced by {NEW_SLUG})" in markdown
    assert f"- removed: {GONE}" in markdown and f"- added: {NEW}" in markdown


def test_no_changes(tmp_path: Path) -> None:
    quads = claim(KEPT, G1, 10, "at-least", "day-1")
    assert changelog.diff(write(tmp_path / "a.nq", quads), write(tmp_path / "b.nq", quads)) == {}
