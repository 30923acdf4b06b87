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

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from kg.config import NAMESPACES
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


def to_bytes(triples: list[Triple], fmt: RdfFormat) -> bytes:
    """A description in an RDF syntax, with the project's prefixes where the syntax has them."""
    prefixes = NAMESPACES if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    return serialize(triples, format=fmt, prefixes=prefixes) or b""
