"""RDF literals as SHACL and SPARQL see them: datatypes, lexical forms, values and order.

Used by the fast validator (kg.shacl_core) and its twins of the SPARQL constraints
(kg.shacl_sparql), on terms written as N-Triples strings; the rules follow XML Schema 1.1 and
SPARQL 1.1's operators, as pyshacl (the reference) applies them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode

from kg.serialize import split_literal

XSD = "http://www.w3.org/2001/XMLSchema#"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# xsd:integer and the datatypes derived from it, with their value ranges (XML Schema 1.1 part 2, 3.4)
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + "integer": (None, None),
    XSD + "nonNegativeInteger": (0, None),
    XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0),
    XSD + "negativeInteger": (None, -1),
    XSD + "long": (-(2**63), 2**63 - 1),
    XSD + "int": (-(2**31), 2**31 - 1),
    XSD + "short": (-(2**15), 2**15 - 1),
    XSD + "byte": (-(2**7), 2**7 - 1),
    XSD + "unsignedLong": (0, 2**64 - 1),
    XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1),
    XSD + "unsignedByte": (0, 2**8 - 1),
}
INTEGER_TYPES = frozenset(INTEGER_RANGES)
NUMERIC_TYPES = INTEGER_TYPES | {XSD + "decimal", XSD + "double", XSD + "float"}
# Lexical forms (XML Schema 1.1) of the datatypes whose well-formedness the shapes rely on.
LEXICAL_FORMS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "nonNegativeInteger": re.compile(r"(\+?[0-9]+|-0+)"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "duration": re.compile(
        r"-?P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?"
    ),
}


def lexical(term: str) -> str:
    """The lexical form of a literal, the IRI of an IRI."""
    return term[1:-1] if term.startswith("<") else split_literal(term)[0]


def kind(term: str) -> tuple[str, str | None]:
    """(lexical form, datatype IRI) of a literal; datatype None for IRIs and blank nodes."""
    if term.startswith(("<", "_:")):
        return term, None
    lexical, language, declared = split_literal(term)
    return lexical, LANG_STRING if language else declared or XSD + "string"


@functools.lru_cache(maxsize=65536)
def has_datatype(term: str, datatype: str) -> bool:
    lexical, actual = kind(term)
    if actual != datatype:
        return False
    pattern = LEXICAL_FORMS.get(datatype)
    if pattern is not None and not pattern.fullmatch(lexical):
        return False
    return datatype != XSD + "date" or date(lexical) is not None


def date(lexical: str) -> dt.date | None:
    """The day an xsd:date's lexical form names, or None when it names none."""
    try:
        return dt.date.fromisoformat(lexical[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def value(term: str) -> tuple[str, object] | None:
    """A comparable value (family, value) for the literal, or None when it has none."""
    lexical, datatype = kind(term)
    if datatype is None:
        return None
    if datatype in NUMERIC_TYPES:
        try:
            return "number", Decimal(lexical)
        except InvalidOperation:
            return None
    if datatype == XSD + "date":
        day = date(lexical) if has_datatype(term, datatype) else None
        return ("date", day) if day else None
    if datatype == XSD + "string":
        return "string", lexical
    return None


def compare(left: str, right: str) -> int | None:
    """-1, 0 or 1 as SPARQL's operators order the two literals; None when they do not compare."""
    a, b = value(left), value(right)
    if a is None or b is None or a[0] != b[0]:
        return None
    first, second = a[1], b[1]
    return int((first > second) - (first < second))  # type: ignore[operator]


def canonical(term: str) -> str:
    """The term as pyoxigraph writes it, so reports compare equal whatever produced them."""
    if term.startswith(("<", "_:")):
        return term
    lexical, language, declared = split_literal(term)
    if language:
        return str(Literal(lexical, language=language))
    if declared:
        return str(Literal(lexical, datatype=NamedNode(declared)))
    return str(Literal(lexical))


def string_length(term: str) -> int | None:
    """SPARQL's STRLEN: code points of a string literal (plain or language-tagged); None for others."""
    if term.startswith(("<", "_:")):
        return None
    text, datatype = kind(term)
    return len(text) if datatype in (XSD + "string", LANG_STRING) else None


def integer(term: str) -> int | None:
    """The value of a literal of an integer datatype; None for any other term."""
    text, datatype = kind(term)
    if datatype not in INTEGER_TYPES or not re.fullmatch(r"[+-]?[0-9]+", text):
        return None
    return int(text)


def string(text: str, language: str | None = None) -> str:
    """A string literal as N-Triples."""
    return str(Literal(text, language=language)) if language else str(Literal(text))
