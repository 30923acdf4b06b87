"""Reference data: the actors, places, formations, wars and SKOS schemes other sources use.

Read from ``data/reference/*.yaml``. Wikidata identifiers come only from
``data/curated/wikidata_links.csv``: a record names a row of it, never a Q-id. The SHA-256 of
every file under ``data/`` is read here too, so that each data-file source, whichever module
yields it, carries the digest of the bytes it was read from (``cg:sha256``).
"""

from __future__ import annotations

from typing import get_args

from kg.checksums import file_sha256
from kg.config import Project
from kg.errors import SourceError
from kg.records import (
    Agent,
    AgentKind,
    Batch,
    BoundKind,
    Concept,
    Dataset,
    FileDigest,
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
from kg.sources.common import Entry, is_count, shown_value
from kg.sources.files import check_all_used, load_yaml, read_csv_rows

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
LINK_COLUMNS = ("entity", "wikidata_qid")


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
            document = load_yaml(path, shown)
            if not isinstance(document, list) or not document:
                raise SourceError(Origin(shown, "whole file"), "expected a non-empty list of entries")
            for entry in Entry.each(document, shown, "entries"):
                batch.records.extend(reader(entry, links))
            check_all_used(document, shown)
            batch.rows_read[shown] = len(document)
    batch.records.extend(file_digests(project))
    return batch


def file_digests(project: Project) -> list[FileDigest]:
    """The SHA-256 of every file under data/, by its path in the project (hidden files aside)."""
    files = (path for path in sorted(project.data_dir.rglob("*")) if path.is_file())
    return [
        FileDigest(project.relative(path), file_sha256(path), Origin(project.relative(path), "whole file"))
        for path in files
        if not any(part.startswith(".") for part in path.relative_to(project.data_dir).parts)
    ]


def read_wikidata_links(project: Project) -> dict[str, str]:
    """Entity name -> Wikidata Q-id, from the verified links table."""
    path = project.root / WIKIDATA_LINKS
    links: dict[str, str] = {}
    for row_number, row in read_csv_rows(path, WIKIDATA_LINKS, LINK_COLUMNS):
        qid, entity = row["wikidata_qid"].strip(), row["entity"].strip()
        origin = Origin(WIKIDATA_LINKS, f"row {row_number}")
        if not entity:
            raise SourceError(origin, "entity is empty")
        if not qid.startswith("Q") or not is_count(qid[1:]):
            raise SourceError(
                origin, f"wikidata_qid '{qid}' of entity '{entity}' is not a Wikidata identifier such as Q159"
            )
        if entity in links:
            raise SourceError(origin, f"entity '{entity}' is already linked in an earlier row")
        links[entity] = qid
    return links


def _wikidata(entry: Entry, links: dict[str, str]) -> str | None:
    name = entry.opt("wikidata")
    if name is None:
        return None
    if name not in links:
        raise entry.fail(f"wikidata entity '{name}' is not a row of {WIKIDATA_LINKS}", "wikidata")
    return links[name]


def _agents(entry: Entry, links: dict[str, str]) -> list[Agent]:
    return [
        Agent(
            key=entry.slug("key"),
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
            upstream_name=entry.opt_text("upstream_name"),
        )
    ]


def _places(entry: Entry, links: dict[str, str]) -> list[Place]:
    return [
        Place(
            key=entry.slug("key"),
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
            key=entry.slug("key"),
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
            key=entry.slug("key"),
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
        items = Entry.each(entry.raw("concepts"), entry.origin.file, f"{key}.concepts")
        return [_concept(item, key) for item in items]
    scheme = Scheme(
        key=entry.slug("key"),
        kind=entry.choice("kind", frozenset(get_args(SchemeKind))),  # type: ignore[arg-type]
        label=entry.text("label"),
        definition=entry.text("definition"),
        origin=entry.origin,
        owner=entry.opt("owner"),
        upstream_name=entry.opt_text("upstream_name"),
    )
    items = Entry.each(entry.raw("concepts"), entry.origin.file, f"{scheme.key}.concepts")
    concepts = [_concept(item, scheme.key) for item in items]
    return [scheme, *concepts]


def _concept(entry: Entry, scheme: str) -> Concept:
    bound = entry.opt("implies_bound")
    if bound is not None and bound not in get_args(BoundKind):
        raise entry.fail(
            f"implies_bound is '{bound}'; expected one of {', '.join(get_args(BoundKind))}", "implies_bound"
        )
    if entry.has("matches") and entry.has("no_match"):
        raise entry.fail("has both matches and no_match (why it has none); expected one of them", "no_match")
    return Concept(
        key=entry.slug("key"),
        scheme=scheme,
        label=entry.text("label"),
        definition=entry.text("definition"),
        origin=entry.origin,
        alt_labels=entry.texts("alt_labels"),
        matches=tuple(_match(entry, item) for item in entry.items("matches")),
        history_notes=entry.texts("history_notes"),
        implies_bound=bound,  # type: ignore[arg-type]
        no_match=entry.opt_text("no_match"),
    )


def _match(entry: Entry, item: object) -> Match:
    relations = get_args(MatchRelation)
    expected = f"{{relation: {'|'.join(relations)}, target: concept key}}"
    if not isinstance(item, dict):
        raise entry.fail(f"a match is {shown_value(item)}; expected {expected}", "matches")
    match = Entry(item, entry.origin)
    relation, target = match.raw("relation"), match.raw("target")
    if relation not in relations or not isinstance(target, str):
        shown = f"relation {shown_value(relation)}, target {shown_value(target)}"
        raise entry.fail(f"a match has {shown}; expected {expected}", "matches")
    return Match(relation=relation, target=target)
