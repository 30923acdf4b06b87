"""The page queries of an entity answered from the embedded store's indexes, without SPARQL.

Parsing, planning and running a SPARQL query cost a cold page most of its time (about 1 ms
for the bounded description and as much for the side-by-side table of a claim), while the
same answers are a handful of triple-pattern lookups in the store's indexes. Each function
here gives exactly what its SPARQL counterpart in kg.serve.description or kg.serve.entity
gives (the same rows, in the order the query's ORDER BY gives), so a page is the same
whether it is made here or from a remote store; tests/test_serve_stores.py holds them to it.
The store's default graph is the union of the release's named graphs, as in the queries.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation

from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

from kg.config import NAMESPACES
from kg.serve.backend import Term

CG, OA, PROV, SKOS, XSD = (NAMESPACES[name] for name in ("cg", "oa", "prov", "skos", "xsd"))
LABEL = NamedNode(NAMESPACES["rdfs"] + "label")
QUOTE, SELECTOR = NamedNode(CG + "quote"), NamedNode(OA + "hasSelector")
OWNING = (QUOTE, NamedNode(PROV + "qualifiedAttribution"), SELECTOR)
MATCHES = tuple(NamedNode(SKOS + name) for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch"))
PERIOD, SIDE, CATEGORY = NamedNode(CG + "period"), NamedNode(CG + "lossesOf"), NamedNode(CG + "lossCategory")
CLAIMANT, VALUE, HEDGE, AREA = (NamedNode(CG + name) for name in ("claimant", "value", "hedge", "inAreaOf"))
SOURCE, DATE = NamedNode(NAMESPACES["dcterms"] + "source"), NamedNode(NAMESPACES["dcterms"] + "date")
QUOTED_FROM, DERIVED_FROM = NamedNode(PROV + "wasQuotedFrom"), NamedNode(PROV + "wasDerivedFrom")
ATTRIBUTION, AGENT, ROLE = (NamedNode(PROV + name) for name in ("qualifiedAttribution", "agent", "hadRole"))
INTEGER = NamedNode(XSD + "integer")
NUMERIC = {XSD + name for name in ("integer", "decimal", "float", "double", "int", "long", "nonNegativeInteger")}
MAPPING_FILTER = "FILTER(?match IN (skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch))"
Subject = NamedNode | BlankNode
LABELS_KEPT = 100_000  # IRIs whose labels are kept: the release has about 210,000 IRIs
PeerRow = tuple[tuple[str, Term], ...]  # a side-by-side row: (variable, value) for each bound variable
Groups = Callable[[tuple[str, str, str]], list[PeerRow]]  # (period, side, heading) IRIs -> ordered rows


def triples(store: Store, subject: Subject | None, predicate: NamedNode | None, obj: Term | None) -> list[Triple]:
    """The triples of a pattern in any named graph (None matches anything)."""
    return [quad.triple for quad in store.quads_for_pattern(subject, predicate, obj, None)]


def objects(store: Store, subject: object, predicate: NamedNode) -> list[Term]:
    """The objects of a node's predicate; none for a literal, which is no subject."""
    if not isinstance(subject, NamedNode | BlankNode):
        return []
    return [quad.object for quad in store.quads_for_pattern(subject, predicate, None, None)]  # type: ignore[misc]


class Labels:
    """The ``rdfs:label`` triples of IRIs, each looked up once: every page links to the same
    classes, claimants, categories and periods, and the store never changes while it serves."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.of = functools.lru_cache(maxsize=LABELS_KEPT)(self._lookup)

    def _lookup(self, node: NamedNode) -> tuple[Triple, ...]:
        return tuple(triples(self.store, node, LABEL, None))


def exists(store: Store, iri: str) -> bool:
    """``ASK { <iri> ?p ?o }``."""
    return next(iter(store.quads_for_pattern(NamedNode(iri), None, None, None)), None) is not None


def describe(store: Store, iri: str, labels: Labels) -> list[Triple]:
    """kg.serve.description's CONSTRUCT: the entity's triples, those of the nodes it owns
    (``OWNED``), and the labels of the IRIs either points to; deduplicated, sorted by text."""
    entity = NamedNode(iri)
    own = triples(store, entity, None, None)
    owned = {triple.object for triple in own if triple.predicate in OWNING}
    owned |= {selector for quote in _of(own, QUOTE) for selector in objects(store, quote, SELECTOR)}
    found = set(own)
    for node in owned:
        if isinstance(node, NamedNode | BlankNode):
            found.update(triples(store, node, None, None))
    linked = {triple.object for triple in found if isinstance(triple.object, NamedNode)}
    for target in linked:
        found.update(labels.of(target))
    return sorted(found, key=str)


def referring(store: Store, node: NamedNode, limit: int) -> list[dict[str, Term]]:
    """``SELECT ?s ?p WHERE { ?s ?p <node> } LIMIT limit``."""
    found = itertools.islice(store.quads_for_pattern(None, None, node, None), limit)
    return [{"s": quad.subject, "p": quad.predicate} for quad in found]  # type: ignore[dict-item]


def labels_of(labels: Labels, subjects: Iterable[NamedNode]) -> dict[str, str]:
    """``SELECT ?s ?label WHERE { VALUES ?s { ... } ?s rdfs:label ?label }``: one label each
    (the query's last row for a subject with several, as the page keeps)."""
    return {s.value: t.object.value for s in subjects for t in labels.of(s)}  # type: ignore[union-attr]


def side_by_side(store: Store, claim: str, groups: Groups | None = None) -> list[dict[str, Term]]:
    """kg.serve.entity.side_by_side's rows: every claim of the same period and side whose
    category maps to one of the claim's comparison headings, ordered as its ORDER BY orders.
    ``groups`` gives a group's rows already made (kg.serve.peers); without, they are looked up."""
    this = NamedNode(claim)
    keys = [
        (period, side, heading)
        for period, side in itertools.product(objects(store, this, PERIOD), objects(store, this, SIDE))
        for heading in {h for c in objects(store, this, CATEGORY) for h in _mapped(store, c)}
    ]
    if groups is not None:
        found = [groups((period.value, side.value, heading.value)) for period, side, heading in keys]
    else:
        found = [sorted(set(_peers(store, p, s, h)), key=peer_order) for p, s, h in keys]
    if len(found) == 1:
        return [dict(row) for row in found[0]]  # one group: distinct and in order already
    return [dict(row) for row in sorted({row for rows in found for row in rows}, key=peer_order)]


def _mapped(store: Store, category: Term) -> Iterator[Term]:
    for match in MATCHES:
        yield from objects(store, category, match)


def _peers(store: Store, period: Term, side: Term, heading: Term) -> Iterator[PeerRow]:
    """The rows of one heading: claims of the period and side in a category mapped to it."""
    categories: list[tuple[Term, Term]] = [
        (quad.subject, quad.predicate)  # type: ignore[misc]
        for match in MATCHES
        for quad in store.quads_for_pattern(None, match, heading, None)
    ]
    if not categories:
        return
    heading_labels = _optional(objects(store, heading, LABEL))
    claims: set[Term] = {quad.subject for quad in store.quads_for_pattern(None, PERIOD, period, None)}  # type: ignore[misc]
    for claim in claims:
        if side not in objects(store, claim, SIDE):
            continue
        own_categories = objects(store, claim, CATEGORY)
        for category, match in categories:
            if category in own_categories:
                yield from _peer_rows(store, claim, category, match, heading, heading_labels)


def _peer_rows(
    store: Store, claim: Term, category: Term, match: Term, heading: Term, heading_labels: list[Term | None]
) -> Iterator[PeerRow]:
    agents, values = objects(store, claim, CLAIMANT), objects(store, claim, VALUE)
    hedges = _optional([label for hedge in objects(store, claim, HEDGE) for label in objects(store, hedge, LABEL)])
    category_labels = _optional(objects(store, category, LABEL))
    areas: list[tuple[Term | None, Term | None]] = [
        (area, label) for area in objects(store, claim, AREA) for label in _optional(objects(store, area, LABEL))
    ]
    for agent, value in itertools.product(agents, values):
        claimants = _optional(objects(store, agent, LABEL))
        for claimant, hedge, category_label, heading_label, (area, area_label) in itertools.product(
            claimants, hedges, category_labels, heading_labels, areas or [(None, None)]
        ):
            bound = {
                "claim": claim, "agent": agent, "claimant": claimant, "value": value, "hedge": hedge,
                "category": category, "categoryLabel": category_label, "match": match, "heading": heading,
                "headingLabel": heading_label, "area": area, "areaLabel": area_label,
            }  # fmt: skip
            yield tuple((name, term) for name, term in bound.items() if term is not None)


def _optional(found: list[Term]) -> list[Term | None]:
    """An OPTIONAL's bindings: each one found, or one unbound."""
    return list(found) or [None]


def peer_order(row: PeerRow) -> tuple[object, ...]:
    """ORDER BY ?heading ?claimant ?areaLabel ?value ?claim, as SPARQL orders terms: unbound
    first, then blank nodes, IRIs, literals; numbers by value, other literals by their text."""
    bound = dict(row)
    return tuple(_term_order(bound.get(name)) for name in ("heading", "claimant", "areaLabel", "value", "claim"))


def _term_order(term: Term | None) -> tuple[object, ...]:
    if term is None:
        return (0,)
    if isinstance(term, BlankNode):
        return (1,)
    if isinstance(term, NamedNode):
        return (2, term.value)
    if term.datatype.value in NUMERIC:
        try:
            return (3, Decimal(term.value))
        except InvalidOperation:
            pass
    return (4, term.value, term.datatype.value, term.language or "")


def _of(found: list[Triple], predicate: NamedNode) -> list[Term]:
    return [triple.object for triple in found if triple.predicate == predicate]  # type: ignore[misc]


def relay_chain(store: Store, claim: str) -> list[dict[str, Term]]:
    """The library's ``relay-chain`` rows for one claim (kg.serve.entity.relay_chain), ordered
    as its ORDER BY: each source the claim was read in, quoted from or derived from, with each
    attribution's agent label, role and the source's date; ``hopsToOrigin`` counts the sources
    further down the source's quotation chain that are also on the claim's."""
    this = NamedNode(claim)
    quoted = _closure(store, this, QUOTED_FROM)
    sources = [*objects(store, this, SOURCE), *quoted, *objects(store, this, DERIVED_FROM)]
    rows: dict[tuple[Term | None, ...], dict[str, Term]] = {}
    for source in dict.fromkeys(sources):
        hops = Literal(str(len(_closure(store, source, QUOTED_FROM) & quoted)), datatype=INTEGER)
        dates = _optional(objects(store, source, DATE))
        for attribution in objects(store, source, ATTRIBUTION):
            for agent, role, date in itertools.product(
                [label for node in objects(store, attribution, AGENT) for label in objects(store, node, LABEL)],
                objects(store, attribution, ROLE),
                dates,
            ):
                bound = {"hopsToOrigin": hops, "source": source, "agent": agent, "role": role, "date": date}
                rows[(source, agent, role, date)] = {name: term for name, term in bound.items() if term is not None}
    return sorted(rows.values(), key=_chain_order)


def _chain_order(row: dict[str, Term]) -> tuple[object, ...]:
    return (-int(row["hopsToOrigin"].value), _term_order(row["source"]), _term_order(row["agent"]))


def _closure(store: Store, start: Term, predicate: NamedNode) -> set[Term]:
    """``start predicate+ ?x``: every node reached by one or more steps."""
    reached: set[Term] = set()
    frontier = objects(store, start, predicate)
    while frontier:
        node = frontier.pop()
        if node not in reached:
            reached.add(node)
            frontier.extend(objects(store, node, predicate))
    return reached
