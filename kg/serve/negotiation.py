"""Content negotiation: which representation a client gets, by Accept header or by extension.

The Accept header is read by python-mimeparse (q-values, wildcards, specificity); this module
only lists what the server offers. HTML is listed last so that a tie (``*/*``) goes to HTML, and
a request without an Accept header gets HTML too, as browsers and the Cool URIs note expect.
"""

from __future__ import annotations

from dataclasses import dataclass

import mimeparse
from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class DocFormat:
    """A representation of an entity: its extension, media type and pyoxigraph format (None: HTML)."""

    extension: str
    media_type: str
    rdf: RdfFormat | None


HTML = DocFormat("html", "text/html", None)
JSON_LD = DocFormat("jsonld", "application/ld+json", RdfFormat.JSON_LD)
TURTLE = DocFormat("ttl", "text/turtle", RdfFormat.TURTLE)
DOC_FORMATS: tuple[DocFormat, ...] = (
    DocFormat("rdf", "application/rdf+xml", RdfFormat.RDF_XML),
    DocFormat("nt", "application/n-triples", RdfFormat.N_TRIPLES),
    JSON_LD,
    TURTLE,
    HTML,
)
_ALIASES = {"application/xhtml+xml": HTML}
# Types answered with a format they contain, below every offered type on a tie: JSON-LD is
# JSON (a JSON client reads the document, RFC 6839's +json suffix), and Turtle is N3.
_LESSER_ALIASES = {"application/json": JSON_LD, "text/n3": TURTLE}
_EVERY_ALIAS = {**_LESSER_ALIASES, **_ALIASES}
BY_EXTENSION = {fmt.extension: fmt for fmt in DOC_FORMATS}

SOLUTION_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+json": QueryResultsFormat.JSON,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
}


def choose(accept: str | None, offered: tuple[DocFormat, ...] = DOC_FORMATS) -> DocFormat | None:
    """The best of ``offered`` for an Accept header; HTML when there is none; None when nothing fits."""
    if not accept or not accept.strip():
        return HTML if HTML in offered else offered[-1]
    media_types = [
        *(alias for alias, fmt in _LESSER_ALIASES.items() if fmt in offered),
        *(fmt.media_type for fmt in offered),
        *(alias for alias, fmt in _ALIASES.items() if fmt in offered),
    ]
    best = _best_match(media_types, accept)
    if not best:
        return None
    return _EVERY_ALIAS.get(best) or next(fmt for fmt in offered if fmt.media_type == best)


def choose_media_type(accept: str | None, offered: list[str]) -> str | None:
    """The best of some media types (listed least preferred first) for an Accept header."""
    if not accept or not accept.strip():
        return offered[-1]
    return _best_match(offered, accept) or None


def _best_match(media_types: list[str], accept: str) -> str:
    """The best offered type; media types compare case-insensitively (RFC 9110, 8.3.1), which
    python-mimeparse does not do, so the header is lower-cased first (the offer already is)."""
    try:
        return str(mimeparse.best_match(media_types, accept.lower()))
    except mimeparse.MimeTypeParseException:
        return ""


def offered_text(media_types: list[str]) -> str:
    """The offer, as a 406 page states it."""
    return ", ".join(media_types)
