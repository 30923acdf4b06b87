"""What an entity's HTML page shows, read from its bounded description and a few queries.

Every page starts from the same triples the RDF formats serve (kg.serve.description), so the
page and the data cannot disagree. A claim page adds what a reader needs to weigh the figure:
the hedge and the bounds it implies, the category's mapping to a comparison heading, the relay
chain (the library's ``relay-chain`` query), the quote in its text, the row it was read from,
and every claimant's figures for the same period, side and heading.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from kg.config import NAMESPACES, Project
from kg.queries import bind, find
from kg.serve import patterns
from kg.serve.backend import Backend, Limits, Term, local

CG = NAMESPACES["cg"]
OA = NAMESPACES["oa"]
RDFS_LABEL = NAMESPACES["rdfs"] + "label"
RDF_TYPE = NAMESPACES["rdf"] + "type"
PAGE_LIMITS = Limits(timeout=30.0, max_rows=5_000)
REFERRERS_SHOWN = 25  # per property
REFERRERS_SORTED = 2_000
CONTEXT_CHARS = 240
BOUNDS = ("minExclusive", "minInclusive", "maxInclusive", "maxExclusive")


@dataclass
class Entity:
    """An entity's description arranged for a page: properties by predicate, labels of links."""

    iri: str
    triples: list[Triple]
    labels: dict[str, str] = field(default_factory=dict)
    properties: dict[str, list[Term]] = field(default_factory=dict)

    @classmethod
    def from_triples(cls, iri: str, triples: list[Triple]) -> Entity:
        entity = cls(iri, triples)
        for triple in triples:
            if triple.predicate.value == RDFS_LABEL and isinstance(triple.object, Literal):
                entity.labels.setdefault(str(getattr(triple.subject, "value", "")), triple.object.value)
        entity.properties = entity.of(iri)
        return entity

    def of(self, subject: str) -> dict[str, list[Term]]:
        """The predicates and objects of one node of the description (the entity or a node it owns)."""
        found: dict[str, list[Term]] = defaultdict(list)
        for triple in self.triples:
            if getattr(triple.subject, "value", None) == subject:
                found[triple.predicate.value].append(triple.object)  # type: ignore[arg-type]
        return dict(found)

    def one(self, predicate: str, subject: str | None = None) -> Term | None:
        values = self.of(subject) if subject else self.properties
        found = values.get(predicate if "://" in predicate else _expand(predicate), [])
        return found[0] if found else None

    @property
    def label(self) -> str:
        return self.labels.get(self.iri, self.iri.rsplit("/", 1)[-1])

    @property
    def types(self) -> list[str]:
        return [term.value for term in self.properties.get(RDF_TYPE, [])]

    @property
    def is_claim(self) -> bool:
        return CG + "Claim" in self.types

    @property
    def deprecated(self) -> bool:
        flag = self.one("owl:deprecated")
        return flag is not None and flag.value == "true"


@dataclass(frozen=True)
class Quote:
    """The exact words of a claim in their text, or the data row it was read from."""

    exact: str = ""
    before: str = ""
    after: str = ""
    in_context: bool = False
    row_pointer: str = ""
    row_file: str = ""
    row_url: str = ""


def quote_of(entity: Entity, project: Project, backend: Backend) -> Quote | None:
    """The claim's quote: words highlighted in the source text, or the row pointer of its data file."""
    quote = entity.one("cg:quote")
    if quote is None:
        return None
    exact = before = after = pointer = ""
    start = end = -1
    for selector in entity.of(quote.value).get(OA + "hasSelector", []):
        node = entity.of(selector.value)
        exact = _text(node, OA + "exact") or exact
        before = _text(node, OA + "prefix") or before
        after = _text(node, OA + "suffix") or after
        pointer = _text(node, NAMESPACES["rdf"] + "value") or pointer
        if OA + "start" in node:
            start, end = int(node[OA + "start"][0].value), int(node[OA + "end"][0].value)
    source = entity.one(OA + "hasSource", quote.value)
    text = _source_text(source.value, project) if source is not None and start >= 0 else None
    if text is not None and text[start:end] == exact:
        return Quote(exact, text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS], True)
    file_url = _upstream_url(backend, source.value) if source is not None else ""
    file_label = entity.labels.get(source.value, "") if source is not None else ""
    return Quote(exact, before, after, False, pointer, file_label, file_url)


def _upstream_url(backend: Backend, source: str) -> str:
    """Where the data file a row was read from is published (its schema:url)."""
    query = f"SELECT ?url WHERE {{ {NamedNode(source)} <{NAMESPACES['schema']}url> ?url }} LIMIT 1"
    rows = backend.query(query, PAGE_LIMITS).bindings()
    return rows[0]["url"].value if rows else ""


def _source_text(text_node: str, project: Project) -> str | None:
    """The source text the selectors' offsets count in, when it is the one the graph checksums."""
    path = project.data_dir / "seed" / "article.txt"
    if not text_node.startswith(NAMESPACES["cgid"] + "text/") or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def _text(node: dict[str, list[Term]], predicate: str) -> str:
    values = node.get(predicate, [])
    return values[0].value if values else ""


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return NAMESPACES[prefix] + local


# the graded SKOS mappings from a claimant's category to a neutral comparison heading
MAPPING_PATH = "skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch"
GRADES = {
    "exactMatch": "",
    "closeMatch": "",
    "broadMatch": "narrower than the heading",
    "narrowMatch": "broader than the heading",
}


def grade_note(match: str) -> str:
    """What a reader must know about a mapping grade: '' for exact and close matches."""
    return GRADES.get(match.rsplit("#", 1)[-1], "")


def bounds(entity: Entity) -> list[tuple[str, str]]:
    """The bounds the hedge's words imply, as (relation, value): '> 205', '<= 1000'."""
    symbols = {"minExclusive": ">", "minInclusive": "≥", "maxInclusive": "≤", "maxExclusive": "<"}
    return [(symbols[name], term.value) for name in BOUNDS if (term := entity.one(f"cg:{name}")) is not None]


def category_mapping(backend: Backend, category: str) -> list[dict[str, Term]]:
    """The comparison headings a claimant's category maps to, with the grade of the mapping."""
    query = f"""PREFIX skos: <{NAMESPACES["skos"]}> PREFIX rdfs: <{NAMESPACES["rdfs"]}>
SELECT ?match ?heading ?headingLabel ?scheme ?schemeLabel WHERE {{
  VALUES ?category {{ {NamedNode(category)} }}
  ?category ?match ?heading . FILTER(?match IN (skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch))
  OPTIONAL {{ ?heading rdfs:label ?headingLabel }}
  OPTIONAL {{ ?category skos:inScheme ?scheme . OPTIONAL {{ ?scheme rdfs:label ?schemeLabel }} }}
}} ORDER BY ?heading"""
    return backend.query(query, PAGE_LIMITS).bindings()


# the claim a page's relay-chain query is bound to once; each page puts its own claim in its place
_CLAIM_SLOT = "urn:x-claimgraph:relay-chain-claim"


def relay_chain_query(project: Project) -> str:
    """The library's ``relay-chain`` query bound once, to a stand-in claim :func:`relay_chain`
    replaces: reading and binding the query took a third of a claim page's own work."""
    return bind(find(project.queries_dir, "relay-chain"), {"claim": _CLAIM_SLOT})


def relay_chain(backend: Backend, bound: str, claim: str) -> list[dict[str, Term]]:
    """The claim's chain from its origin to the document it was read in (``bound``:
    :func:`relay_chain_query`)."""
    embedded = local(backend)
    if embedded is not None:
        rows = patterns.relay_chain(embedded.store, claim)  # the same rows, from the store's indexes
    else:
        rows = backend.query(bound.replace(str(NamedNode(_CLAIM_SLOT)), str(NamedNode(claim))), PAGE_LIMITS).bindings()
    # the query lists the document read first; the page draws from the origin, and within one
    # source (a web page of an official relayed by an outlet) the originator before its relays
    return sorted(rows, key=lambda row: (int(row["hopsToOrigin"].value), _ROLES.index(_role(row))))


_ROLES = ("originator", "relay", "reporter", "compiler", "")


def _role(row: dict[str, Term]) -> str:
    role = row["role"].value.rsplit("#", 1)[-1] if "role" in row else ""
    return role if role in _ROLES else ""


def side_by_side(backend: Backend, claim: str) -> list[dict[str, Term]]:
    """Every claim for the same period and side under the same comparison heading, by claimant."""
    embedded = local(backend)
    if embedded is not None:
        return patterns.side_by_side(embedded.store, claim, embedded.peer_groups)
    p = NAMESPACES
    query = f"""PREFIX cg: <{p["cg"]}> PREFIX skos: <{p["skos"]}> PREFIX rdfs: <{p["rdfs"]}>
SELECT DISTINCT ?claim ?agent ?claimant ?value ?hedge ?category ?categoryLabel ?match ?heading ?headingLabel ?area ?areaLabel WHERE {{
  VALUES ?this {{ {NamedNode(claim)} }}
  ?this cg:period ?period ; cg:lossesOf ?side ; cg:lossCategory/({MAPPING_PATH}) ?heading .
  ?category ?match ?heading . FILTER(?match IN (skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch))
  ?claim cg:lossCategory ?category ; cg:period ?period ; cg:lossesOf ?side ; cg:claimant ?agent ; cg:value ?value .
  OPTIONAL {{ ?agent rdfs:label ?claimant }}
  OPTIONAL {{ ?claim cg:hedge/rdfs:label ?hedge }}
  OPTIONAL {{ ?category rdfs:label ?categoryLabel }}
  OPTIONAL {{ ?heading rdfs:label ?headingLabel }}
  OPTIONAL {{ ?claim cg:inAreaOf ?area . OPTIONAL {{ ?area rdfs:label ?areaLabel }} }}
}} ORDER BY ?heading ?claimant ?areaLabel ?value ?claim"""
    return backend.query(query, PAGE_LIMITS).bindings()


@dataclass(frozen=True)
class Referrers:
    """What points to an entity: a count per property, and the first few of each property by IRI."""

    counts: list[tuple[str, int]]
    first: list[dict[str, Term]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


def referrers(backend: Backend, iri: str) -> Referrers:
    """The statements that point to this entity, counted per property; the first of them listed.

    The first are chosen in IRI order, sorted here, and only where at most ``REFERRERS_SORTED``
    point to the entity: ORDER BY in the store took seconds over a claimant's tens of thousands
    of claims (6 s for the General Staff's 42,000), and the store's own order differs between
    stores, so a page would not be the same from every backend. Above that, the counts link to
    the query that lists them.
    """
    embedded = local(backend)
    node = NamedNode(iri)
    if embedded is not None:
        pairs = patterns.referring(embedded.store, node, REFERRERS_SORTED + 1)
    else:
        pairs = backend.query(
            f"SELECT ?s ?p WHERE {{ ?s ?p {node} }} LIMIT {REFERRERS_SORTED + 1}", PAGE_LIMITS
        ).bindings()
    if len(pairs) > REFERRERS_SORTED:
        # too many to list: count them in the store (the pairs were asked first, as most entities have few)
        grouped = f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p {node} }} GROUP BY ?p"
        rows = backend.query(grouped, PAGE_LIMITS).bindings()
        return Referrers(sorted((row["p"].value, int(row["n"].value)) for row in rows), [])
    by_property: dict[str, list[dict[str, Term]]] = defaultdict(list)
    for row in sorted(pairs, key=lambda row: (row["p"].value, row["s"].value)):
        by_property[row["p"].value].append(row)
    counts = [(predicate, len(rows)) for predicate, rows in by_property.items()]
    first = [row for rows in by_property.values() for row in rows[:REFERRERS_SHOWN]]
    subjects = sorted({row["s"] for row in first if isinstance(row["s"], NamedNode)}, key=str)
    if embedded is not None:
        labels = patterns.labels_of(embedded.labels, subjects)
    elif subjects:
        values = " ".join(str(subject) for subject in subjects)
        query = f"SELECT ?s ?label WHERE {{ VALUES ?s {{ {values} }} ?s <{RDFS_LABEL}> ?label }}"
        labels = {row["s"].value: row["label"].value for row in backend.query(query, PAGE_LIMITS).bindings()}
    else:
        labels = {}
    for row in first:
        if row["s"].value in labels:
            row["label"] = Literal(labels[row["s"].value])
    return Referrers(counts, first)


def listing_query(predicate: str, iri: str) -> str:
    """The SPARQL that lists what points to an entity through one property (linked from its page)."""
    return (
        f"PREFIX rdfs: <{NAMESPACES['rdfs']}>\n"
        f"SELECT ?s ?label WHERE {{\n  ?s {NamedNode(predicate)} {NamedNode(iri)} .\n"
        "  OPTIONAL { ?s rdfs:label ?label }\n} LIMIT 1000"
    )
