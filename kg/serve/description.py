"""The RDF an entity's URI answers with: a bounded description, the same from every backend.

The description of an entity ``e`` is, over all named graphs:

1. every triple whose subject is ``e`` (its own triples);
2. every triple of the nodes ``e`` owns: the quote it cites (``cg:quote``, an
   ``oa:SpecificResource``), that quote's selectors (``oa:hasSelector``: the
   ``oa:TextQuoteSelector``, ``oa:TextPositionSelector`` or the row's ``oa:FragmentSelector``),
   and its qualified attributions (``prov:qualifiedAttribution``, agent and role);
3. the ``rdfs:label`` of every IRI that ``e`` or an owned node points to, so a client can show
   the links without fetching each one.

Nothing pointing *to* ``e`` is included: a formation named by thousands of claims stays small.
A retired URI's description is its tombstone (``owl:deprecated``, label, ``dcterms:isReplacedBy``).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from kg import shacl_literals as literals
from kg.config import NAMESPACES
from kg.jsonld import jsonld_document
from kg.jsonld_terms import Terms
from kg.serve import patterns
from kg.serve.backend import Backend, Limits, local

OWNED = "cg:quote|prov:qualifiedAttribution|oa:hasSelector|cg:quote/oa:hasSelector"
_PREFIXES = "".join(f"PREFIX {name}: <{NAMESPACES[name]}>\n" for name in ("cg", "oa", "owl", "prov", "rdfs"))
_DESCRIBE = (
    _PREFIXES
    + """CONSTRUCT { $e ?p ?o . ?owned ?op ?oo . ?linked rdfs:label ?label } WHERE {
  { $e ?p ?o }
  UNION { $e ($owned) ?owned . ?owned ?op ?oo }
  UNION { $e ?lp ?linked . FILTER(isIRI(?linked)) ?linked rdfs:label ?label }
  UNION { $e ($owned) ?node . ?node ?np ?linked . FILTER(isIRI(?linked)) ?linked rdfs:label ?label }
}"""
)
_EXISTS = "ASK { %s ?p ?o }"
DESCRIPTION_LIMITS = Limits(timeout=30.0, max_rows=200_000)


def describe(backend: Backend, iri: str) -> list[Triple]:
    """The entity's bounded description (empty when the store knows nothing about it)."""
    embedded = local(backend)
    if embedded is not None:
        return patterns.describe(embedded.store, iri, embedded.labels)
    node = str(NamedNode(iri))
    answer = backend.query(_DESCRIBE.replace("$e", node).replace("$owned", OWNED), DESCRIPTION_LIMITS)
    return sorted(set(answer.triples), key=str)


def exists(backend: Backend, iri: str) -> bool:
    """Whether the URI is the subject of a triple (minted and published, or a tombstone)."""
    embedded = local(backend)
    if embedded is not None:
        return patterns.exists(embedded.store, iri)
    return backend.query(_EXISTS % NamedNode(iri), DESCRIPTION_LIMITS).boolean


def to_bytes(triples: list[Triple], fmt: RdfFormat, terms: Terms | None = None) -> bytes:
    """A description in an RDF syntax, with the project's prefixes where the syntax has them.

    With the release's JSON-LD terms, integers get back the datatype the release gave them
    (with_declared_datatypes), and JSON-LD is written as the dump is (kg.jsonld): a claim reads
    ``"claimant": "cgid:agent/..."``, not full IRIs in expanded form.
    """
    if terms is not None:
        triples = with_declared_datatypes(triples, terms)
        if fmt == RdfFormat.JSON_LD:
            return jsonld_document((f"{triple} .\n" for triple in triples), terms)
    prefixes = NAMESPACES if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return serialize(triples, format=fmt, prefixes=prefixes) or b""


def with_declared_datatypes(triples: list[Triple], terms: Terms) -> list[Triple]:
    """The triples with each integer in the datatype the release's shapes hold its property to.

    Stores rewrite the datatypes derived from xsd:integer: Oxigraph keeps ``"990"^^xsd:nonNegativeInteger``
    (a quote's ``oa:start``) as ``xsd:integer``, Virtuoso gives ``xsd:int``. Every published triple
    passes the shapes, and a term's datatype is the one its ``sh:datatype`` (or the ontology's range)
    requires, so an integer of such a property was written in that datatype: it is given back, when
    the value lies in the datatype's range.
    """
    declared = {term.iri: term.datatype for term in terms.properties if term.datatype in literals.INTEGER_RANGES}
    if not declared:
        return triples
    return [_declared(triple, declared.get(triple.predicate.value)) for triple in triples]


def _declared(triple: Triple, datatype: str | None) -> Triple:
    term = triple.object
    if datatype is None or not isinstance(term, Literal) or term.datatype.value == datatype:
        return triple
    value = literals.integer(str(term))
    if value is None:
        return triple
    low, high = literals.INTEGER_RANGES[datatype]
    if (low is not None and value < low) or (high is not None and value > high):
        return triple
    return Triple(triple.subject, triple.predicate, Literal(term.value, datatype=NamedNode(datatype)))
