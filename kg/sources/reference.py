"""Reference data: the actors, places, formations, wars and SKOS schemes other sources use.

Read from ``data/reference/*.yaml``. Wikidata identifiers come only from
``data/curated/wikidata_links.csv``: a record names a row of it, never a Q-id.
"""

from __future__ import annotations

from typing import get_args

from kg.config import Project
from kg.errors import SourceError
from kg.records import (
    Agent,
    AgentKind,
    Batch,
    BoundKind,
    Concept,
    Dataset,
    Formation,
    Match,
    MatchRelation,
    Origin,
    Place,
    PlaceKind,
    Scheme,
    SchemeKind,
    War,
)
from kg.sources.common import Entry, load_yaml, read_csv_rows

DATASET = Dataset(
    name="reference",
    title="claimgraph reference data",
    description=(
        "States, authorities, armed forces, formations, news organisations, places, wars and "
        "the SKOS vocabularies of loss categories, hedges, outcome types and date bases, "
        "curated for claimgraph with the source of each fact noted (data/reference/*.yaml)."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=("data/reference", "data/curated/wikidata_links.csv"),
    credits=("claimgraph contributors",),
)

WIKIDATA_LINKS = "data/curated/wikidata_links.csv"


def read(project: Project) -> Batch:
    """All reference records; any malformed entry stops the build with its file and key."""
    links = read_wikidata_links(project)
    batch = Batch(DATASET.name)
    readers = (
        ("agents", _agents),
        ("places", _places),
        ("formations", _formations),
        ("wars", _wars),
        ("schemes", _schemes),
    )
    folder = project.data_dir / "reference"
    for stem, reader in readers:
        for path in sorted(folder.glob(f"{stem}*.yaml")):
            shown = project.relative(path)
            entries = list(Entry.each(load_yaml(path, shown), shown, "entries"))
            batch.rows_read[shown] = len(entries)
            for entry in entries:
                batch.records.extend(reader(entry, links))
    return batch


def read_wikidata_links(project: Project) -> dict[str, str]:
    """Entity name -> Wikidata Q-id, from the verified links table."""
    path = project.root / WIKIDATA_LINKS
    links: dict[str, str] = {}
    for row_number, row in read_csv_rows(path, WIKIDATA_LINKS):
        qid = (row.get("wikidata_qid") or "").strip()
        entity = (row.get("entity") or "").strip()
        if not entity or not qid.startswith("Q") or not qid[1:].isdigit():
            raise SourceError(Origin(WIKIDATA_LINKS, f"row {row_number}"), f"bad entity or Q-id: {row!r}")
        links[entity] = qid
    return links


def _wikidata(entry: Entry, links: dict[str, str]) -> str | None:
    name = entry.opt("wikidata")
    if name is None:
        return None
    if name not in links:
        raise entry.fail(f"wikidata entity {name!r} is not a row of {WIKIDATA_LINKS}")
    return links[name]


def _agents(entry: Entry, links: dict[str, str]) -> list[Agent]:
    return [
        Agent(
            key=entry.req("key"),
            kind=entry.choice("kind", frozenset(get_args(AgentKind))),  # type: ignore[arg-type]
            label=entry.text("label"),
            origin=entry.origin,
            alt_labels=entry.texts("alt_labels"),
            wikidata=_wikidata(entry, links),
            part_of=entry.opt("part_of"),
            of_state=entry.opt("of_state"),
            represents=entry.opt("represents"),
            heads=entry.keys("heads"),
            note=entry.opt("note"),
        )
    ]


def _places(entry: Entry, links: dict[str, str]) -> list[Place]:
    return [
        Place(
            key=entry.req("key"),
            kind=entry.choice("kind", frozenset(get_args(PlaceKind))),  # type: ignore[arg-type]
            label=entry.text("label"),
            origin=entry.origin,
            contained_in=entry.opt("contained_in"),
            wikidata=_wikidata(entry, links),
            note=entry.opt("note"),
        )
    ]


def _formations(entry: Entry, links: dict[str, str]) -> list[Formation]:
    return [
        Formation(
            key=entry.req("key"),
            label=entry.text("label"),
            origin=entry.origin,
            part_of=entry.req("part_of"),
            of_state=entry.req("of_state"),
            alt_labels=entry.texts("alt_labels"),
            note=entry.opt("note"),
        )
    ]


def _wars(entry: Entry, links: dict[str, str]) -> list[War]:
    return [
        War(
            key=entry.req("key"),
            label=entry.text("label"),
            origin=entry.origin,
            start=entry.opt_date("start"),
            part_of=entry.opt("part_of"),
            wikidata=_wikidata(entry, links),
            note=entry.opt("note"),
            parties=entry.keys("parties"),
        )
    ]


def _schemes(entry: Entry, links: dict[str, str]) -> list[Scheme | Concept]:
    """A scheme with its concepts, or (``extends: key``) more concepts for a scheme defined elsewhere."""
    if entry.has("extends"):
        key = entry.req("extends")
        items = Entry.each(entry.data.get("concepts"), entry.origin.file, f"{key}.concepts")
        return [_concept(item, key) for item in items]
    scheme = Scheme(
        key=entry.req("key"),
        kind=entry.choice("kind", frozenset(get_args(SchemeKind))),  # type: ignore[arg-type]
        label=entry.text("label"),
        definition=entry.text("definition"),
        origin=entry.origin,
        owner=entry.opt("owner"),
    )
    items = Entry.each(entry.data.get("concepts"), entry.origin.file, f"{scheme.key}.concepts")
    concepts = [_concept(item, scheme.key) for item in items]
    return [scheme, *concepts]


def _concept(entry: Entry, scheme: str) -> Concept:
    bound = entry.opt("implies_bound")
    if bound is not None and bound not in get_args(BoundKind):
        raise entry.fail(f"implies_bound is {bound!r}; expected one of {', '.join(get_args(BoundKind))}")
    return Concept(
        key=entry.req("key"),
        scheme=scheme,
        label=entry.text("label"),
        definition=entry.text("definition"),
        origin=entry.origin,
        alt_labels=entry.texts("alt_labels"),
        matches=tuple(_match(entry, item) for item in entry.items("matches")),
        history_notes=entry.texts("history_notes"),
        implies_bound=bound,  # type: ignore[arg-type]
    )


def _match(entry: Entry, item: object) -> Match:
    relations = get_args(MatchRelation)
    if not isinstance(item, dict) or item.get("relation") not in relations or not isinstance(item.get("target"), str):
        raise entry.fail(f"match {item!r} must be {{relation: {'|'.join(relations)}, target: concept key}}")
    return Match(relation=item["relation"], target=item["target"])
