"""The RDF terms the graph uses, written as N-Triples terms: ``CG.LossClaim`` is ``"<…#LossClaim>"``.

The graph is built as tuples of N-Triples term strings rather than as library objects: it is
several times faster at a million triples, and pyoxigraph parses the result strictly before
anything is validated or written. One namespace object per vocabulary of
``kg.config.NAMESPACES``; literals are made by the helpers below with their datatypes.
"""

from __future__ import annotations

import datetime as dt
import json

from kg.config import NAMESPACES

Term = str
Triple = tuple[Term, Term, Term]
Quad = tuple[Term, Term, Term, Term]


class Namespace:
    """Terms of one vocabulary: ``ns.term`` or ``ns["term-with-hyphen"]``, as ``<iri>``."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = f"<{self.iri}{name}>"
        setattr(self, name, term)  # later lookups find the term without coming here
        return term

    def __getitem__(self, name: str) -> Term:
        return f"<{self.iri}{name}>"


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
_UNSAFE_IRI = frozenset('<>"{}|^`\\ \t\n\r')


def iri(value: str) -> Term:
    """An IRI term; refuses characters N-Triples does not allow in IRIs."""
    if not value or any(char in _UNSAFE_IRI for char in value) or ":" not in value:
        raise ValueError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def text(value: str, lang: str | None = None) -> Term:
    return f"{_quoted(value)}@{lang}" if lang else _quoted(value)


def typed(lexical: str, datatype: Term) -> Term:
    return f"{_quoted(lexical)}^^{datatype}"


def integer(value: int) -> Term:
    return f'"{int(value)}"^^{XSD.integer}'


def non_negative(value: int) -> Term:
    return f'"{int(value)}"^^{XSD.nonNegativeInteger}'


def date(value: dt.date) -> Term:
    return f'"{value.isoformat()}"^^{XSD.date}'


def any_uri(value: str) -> Term:
    return typed(value, XSD.anyURI)


def boolean(value: bool) -> Term:
    return f'"{"true" if value else "false"}"^^{XSD.boolean}'


def unbracket(term: Term) -> str:
    """The IRI of an IRI term."""
    return term[1:-1]
