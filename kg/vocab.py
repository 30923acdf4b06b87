"""The RDF terms the graph uses, as pyoxigraph nodes: ``CG.LossClaim``, ``PROV.wasQuotedFrom``.

One namespace object per vocabulary of ``kg.config.NAMESPACES``, so a typo in a term name is
a visible attribute, and literals are made by the helpers below with their datatypes.
"""

from __future__ import annotations

import datetime as dt

from pyoxigraph import Literal, NamedNode

from kg.config import NAMESPACES


class Namespace:
    """Terms of one vocabulary: ``ns.term`` or ``ns["term-with-hyphen"]``."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)


CG = Namespace(NAMESPACES["cg"])
DCAT = Namespace(NAMESPACES["dcat"])
DCTERMS = Namespace(NAMESPACES["dcterms"])
OA = Namespace(NAMESPACES["oa"])
ORG = Namespace(NAMESPACES["org"])
OWL = Namespace(NAMESPACES["owl"])
PROV = Namespace(NAMESPACES["prov"])
RDF = Namespace(NAMESPACES["rdf"])
RDFS = Namespace(NAMESPACES["rdfs"])
SCHEMA = Namespace(NAMESPACES["schema"])
SH = Namespace(NAMESPACES["sh"])
SKOS = Namespace(NAMESPACES["skos"])
TIME = Namespace(NAMESPACES["time"])
VOID = Namespace(NAMESPACES["void"])
WD = Namespace(NAMESPACES["wd"])
XSD = Namespace(NAMESPACES["xsd"])

A = RDF.type


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def non_negative(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def any_uri(value: str) -> Literal:
    return Literal(value, datatype=XSD.anyURI)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)
