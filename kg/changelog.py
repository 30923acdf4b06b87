"""The semantic diff between two releases: what changed in the graphs, not in the text lines.

Both releases' ``claimgraph.nq`` are written graph by graph, each graph's lines sorted
(kg.serialize), so every (graph, subject) block is contiguous and the blocks of the two files
come in the same order: one merge pass over the two streams compares them block by block,
holding one subject's statements at a time (the real release is 1.78M quads). A claim is a
subject typed ``cg:Claim``; a URI is deprecated when it gains ``owl:deprecated true``.
The result is written as ``changes.json`` for programs and ``CHANGES.md`` for people.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.vocab import CG, DCTERMS, OWL, A

CHANGES_JSON = "changes.json"
CHANGES_MD = "CHANGES.md"
DEPRECATED_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
# The claim properties a reader looks at first; CHANGES.md names them before the others.
HEADLINE = (CG.value, CG.hedge, CG.period)

Statements = frozenset[tuple[str, str]]
Block = tuple[tuple[str, str], Statements]


@dataclass
class GraphChanges:
    """What changed in one named graph."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    deprecated: dict[str, list[str]] = field(default_factory=dict)
    quads_added: int = 0
    quads_removed: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "claims_added": len(self.added),
            "claims_removed": len(self.removed),
            "claims_changed": len(self.changed),
            "uris_deprecated": len(self.deprecated),
            "quads_added": self.quads_added,
            "quads_removed": self.quads_removed,
        }


def _blocks(path: Path) -> Iterator[Block]:
    """(graph, subject) blocks of a graph-ordered, sorted N-Quads file, with their (predicate,
    object) pairs. The key sorts as the file does: subject followed by its separating space."""
    key: tuple[str, str] | None = None
    statements: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            subject, predicate, rest = line.split(" ", 2)
            obj, graph = rest[:-3].rsplit(" ", 1)  # drop " .\n"; the graph is the last term
            current = (graph, subject + " ")
            if current != key:
                if key is not None:
                    yield key, frozenset(statements)
                key, statements = current, set()
            statements.add((predicate, obj))
    if key is not None:
        yield key, frozenset(statements)


def diff(old_nquads: Path, new_nquads: Path) -> dict[str, GraphChanges]:
    """Per named graph, the claims added, removed and changed, and the URIs newly deprecated."""
    changes: dict[str, GraphChanges] = {}
    old_blocks, new_blocks = _blocks(old_nquads), _blocks(new_nquads)
    old, new = next(old_blocks, None), next(new_blocks, None)
    while old is not None or new is not None:
        if new is None or (old is not None and old[0] < new[0]):
            assert old is not None
            _compare(changes, old[0], old[1], frozenset())
            old = next(old_blocks, None)
        elif old is None or new[0] < old[0]:
            _compare(changes, new[0], frozenset(), new[1])
            new = next(new_blocks, None)
        else:
            if old[1] != new[1]:
                _compare(changes, new[0], old[1], new[1])
            old, new = next(old_blocks, None), next(new_blocks, None)
    return dict(sorted(changes.items()))


def _compare(changes: dict[str, GraphChanges], key: tuple[str, str], old: Statements, new: Statements) -> None:
    graph, subject = _bare(key[0]), _bare(key[1][:-1])
    entry = changes.setdefault(graph, GraphChanges())
    entry.quads_added += len(new - old)
    entry.quads_removed += len(old - new)
    was_claim, is_claim = (A, CG.Claim) in old, (A, CG.Claim) in new
    if is_claim and not was_claim:
        entry.added.append(subject)
    elif was_claim and not is_claim:
        entry.removed.append(subject)
    elif is_claim:
        entry.changed[subject] = _property_changes(old, new)
    if (OWL.deprecated, DEPRECATED_TRUE) in new - old:
        entry.deprecated[subject] = sorted(_bare(obj) for predicate, obj in new if predicate == DCTERMS.isReplacedBy)


def _bare(term: str) -> str:
    """An IRI without its angle brackets (a blank node as it is)."""
    return term[1:-1] if term.startswith("<") else term


def _property_changes(old: Statements, new: Statements) -> dict[str, dict[str, list[str]]]:
    """Per property whose values differ: the old and new values (N-Triples terms)."""
    properties = {predicate for predicate, _ in old ^ new}
    return {
        predicate[1:-1]: {
            "old": sorted(obj for p, obj in old if p == predicate),
            "new": sorted(obj for p, obj in new if p == predicate),
        }
        for predicate in sorted(properties, key=_headline_first)
    }


def _headline_first(predicate: str) -> tuple[int, str]:
    """Value, hedge and period in that order, then the other properties by IRI."""
    return (HEADLINE.index(predicate) if predicate in HEADLINE else len(HEADLINE), predicate)


def as_json(previous: str, version: str, changes: dict[str, GraphChanges]) -> dict[str, object]:
    """The machine-readable diff: counts and URIs per named graph."""
    return {
        "from": previous,
        "to": version,
        "graphs": {
            graph: {
                "counts": entry.counts(),
                "claims_added": entry.added,
                "claims_removed": entry.removed,
                "claims_changed": entry.changed,
                "deprecated": entry.deprecated,
            }
            for graph, entry in changes.items()
        },
    }


def as_markdown(previous: str, version: str, changes: dict[str, GraphChanges]) -> str:
    """CHANGES.md: a table of counts per graph, then each claim added, removed or changed."""
    lines = [
        f"# Changes in {version} since {previous}",
        "",
        "Computed from the named graphs of the two releases (kg.changelog); `changes.json` has the same in JSON.",
        "",
        "| graph | claims added | removed | changed | URIs deprecated | quads added | quads removed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for graph, entry in changes.items():
        counts = entry.counts()
        lines.append(f"| <{graph}> | " + " | ".join(f"{value:,}" for value in counts.values()) + " |")
    if not changes:
        lines.append("| (none) | 0 | 0 | 0 | 0 | 0 | 0 |")
    for graph, entry in changes.items():
        lines += _graph_section(graph, entry)
    return "\n".join(lines) + "\n"


def _graph_section(graph: str, entry: GraphChanges) -> list[str]:
    if not (entry.added or entry.removed or entry.changed or entry.deprecated):
        return []
    lines = ["", f"## <{graph}>", ""]
    lines += [f"- added: <{uri}>" for uri in entry.added]
    lines += [f"- removed: <{uri}>" for uri in entry.removed]
    for uri, properties in entry.changed.items():
        lines.append(f"- changed: <{uri}>")
        for predicate, values in properties.items():
            old, new = ", ".join(values["old"]) or "(none)", ", ".join(values["new"]) or "(none)"
            lines.append(f"  - <{predicate}>: {old} -> {new}")
    for uri, replacements in entry.deprecated.items():
        successor = ", ".join(f"<{r}>" for r in replacements) or "no replacement"
        lines.append(f"- deprecated: <{uri}> (replaced by {successor})")
    return lines


def write(old_nquads: Path, new_nquads: Path, folder: Path, previous: str, version: str) -> dict[str, GraphChanges]:
    """Compare two releases' N-Quads and write changes.json and CHANGES.md into ``folder``."""
    changes = diff(old_nquads, new_nquads)
    document = json.dumps(as_json(previous, version, changes), indent=1, sort_keys=True, ensure_ascii=False)
    (folder / CHANGES_JSON).write_text(document + "\n", encoding="utf-8")
    (folder / CHANGES_MD).write_text(as_markdown(previous, version, changes), encoding="utf-8")
    return changes
