"""The SPARQL 1.1 Protocol at ``/sparql``: read-only, time- and size-limited, any backend.

A request's query is looked at before anything runs: an update is refused with 403, a
federated query too, and a malformed one answered with 400 (query_form says how). The
answer is negotiated by Accept among the formats of its query form, and serialized by
pyoxigraph from the backend's :class:`~kg.serve.backend.Answer`, so the embedded and the
remote backend give the same bytes for the same rows.
"""

from __future__ import annotations

import json
import re

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, parse_query_results, serialize

from kg.config import NAMESPACES
from kg.serve.backend import Answer, QueryFailed, Term, form_keyword
from kg.serve.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS, choose_media_type

XSD_STRING = NAMESPACES["xsd"] + "string"
# Least preferred first: python-mimeparse breaks ties (*/*) towards the last one.
SOLUTION_OFFER = ["text/html", *SOLUTION_FORMATS]
BOOLEAN_OFFER = ["text/html", "application/sparql-results+xml", "application/json", "application/sparql-results+json"]
GRAPH_OFFER = ["text/html", *GRAPH_FORMATS]
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; 403 for an update or a federated query, 400 for what does not parse.

    A query that opens with its form and never says SERVICE is taken at its word: rdflib's parse
    took 17-50 ms for each library query (pyparsing), more than most of them take to run. What
    then does not parse is answered 400 by the store that runs it; anything else is parsed here.
    """
    form = form_keyword(text)
    if form and not _SERVICE.search(text):
        return form
    return _parsed_form(text)


def _parsed_form(text: str) -> str:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as error:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryFailed(f"the query does not parse: {error}", 400) from None
        raise refuse_update() from None
    if _calls_service(parsed):
        # pyoxigraph would fetch the SERVICE over HTTP: the server makes no requests for clients
        raise QueryFailed("SERVICE (federated query) is refused: this endpoint answers from the release only", 403)
    return _FORMS[parsed[1].name]


def _calls_service(node: object) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_calls_service(value) for value in node.values())
    if isinstance(node, (list, tuple, ParseResults)):
        return any(_calls_service(value) for value in node)
    return False


def refuse_update() -> QueryFailed:
    return QueryFailed("this endpoint is read-only: SPARQL updates are refused (publish a new release instead)", 403)


def offer_for(form: str) -> list[str]:
    """The media types an answer of this query form can take, least preferred first."""
    return {"SELECT": SOLUTION_OFFER, "ASK": BOOLEAN_OFFER}.get(form, GRAPH_OFFER)


def negotiate(form: str, accept: str | None) -> str:
    """The media type to answer in; 406 naming the offer when the client accepts none of it."""
    offer = offer_for(form)
    chosen = choose_media_type(accept, offer)
    if chosen is None:
        raise QueryFailed(f"cannot answer a {form} query in {accept}; offered: {', '.join(offer)}", 406)
    return chosen


def serialize_answer(answer: Answer, media_type: str) -> bytes:
    """The answer's bytes in a negotiated result format (not HTML: the page renders that)."""
    if answer.form in ("SELECT", "ASK"):
        document = json.dumps(_results_json(answer), ensure_ascii=False).encode()
        fmt = SOLUTION_FORMATS[media_type]
        if fmt == QueryResultsFormat.JSON:
            return document
        return parse_query_results(document, format=QueryResultsFormat.JSON).serialize(format=fmt) or b""
    prefixes = NAMESPACES if media_type == "text/turtle" else None
    return serialize(answer.triples, format=GRAPH_FORMATS[media_type], prefixes=prefixes) or b""


def _results_json(answer: Answer) -> dict[str, object]:
    if answer.form == "ASK":
        return {"head": {}, "boolean": answer.boolean}
    bindings = [
        {name: _json_term(term) for name, term in zip(answer.variables, row, strict=True) if term is not None}
        for row in answer.rows
    ]
    return {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}


def _json_term(term: Term) -> dict[str, str]:
    """A term in the SPARQL 1.1 Query Results JSON Format."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    encoded = {"type": "literal", "value": term.value}
    if isinstance(term, Literal) and term.language:
        encoded["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype.value != XSD_STRING:
        encoded["datatype"] = term.datatype.value
    return encoded
