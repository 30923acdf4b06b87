"""JSON-LD of the release: one node object per subject, streamed from sorted N-Triples lines,
read through a context whose terms come from the ontology and the shapes.

Sits beside kg.serialize (the other formats) in the publish step: the main process derives the
terms (kg.jsonld_terms) and writes them as ``context.jsonld``; a worker writes
``claimgraph.jsonld`` from the sorted N-Triples file with the same context embedded, so the
dump parses offline and a claim reads as plain keys and values::

    {"@id": "cgid:claim/...", "@type": ["Claim", "LossClaim"], "claimant": "cgid:agent/...",
     "value": 113000, "statedOn": "2024-06-14", "rdfs:label": {"en": "..."}, ...}

A value the property's term does not describe (another datatype, no language, a literal where
an IRI is expected) is written in expanded form under the property's full IRI, which no term
names, so every triple round-trips. Output is byte-deterministic: lines arrive sorted, keys
follow them, and languages of a language map are in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.config import ID_BASE, NAMESPACES
from kg.jsonld_terms import ID, LANGUAGE, PLAIN, STRING, Term, Terms, curie_by_namespace

XSD = NAMESPACES["xsd"]
XSD_STRING = XSD + "string"
RDF_TYPE = f"<{NAMESPACES['rdf']}type>"
# integer datatypes whose canonical lexical forms are written as JSON numbers: JSON-LD turns such
# a number back into the same canonical lexical form under the term's datatype (toRdf, 8.6)
NUMBER_TYPES = frozenset({XSD + "integer", XSD + "nonNegativeInteger"})
_CANONICAL_INTEGER = re.compile(r'"(0|-?[1-9][0-9]{0,14})"')  # 15 digits: exact in a JavaScript number
_CACHE_LIMIT = 50_000


def jsonld_context(terms: Terms) -> bytes:
    """``context.jsonld``: the context every claimgraph JSON-LD file uses, published beside the data."""
    return json.dumps({"@context": terms.context()}, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def write_jsonld_file(ntriples_file: Path, path: Path, terms: Terms) -> None:
    """JSON-LD from a sorted N-Triples file, streamed."""
    with ntriples_file.open(encoding="utf-8") as lines:
        write_jsonld(lines, path, terms)


def write_jsonld(ntriples_lines: Iterable[str], path: Path, terms: Terms) -> None:
    """JSON-LD 1.1 with the context embedded, from sorted N-Triples lines: one node object per
    subject, subjects in order, ``@id`` and ``@type`` first and then keys in IRI order. The
    literals of the lines are already JSON strings (kg.vocab writes them with json.dumps), so
    they are copied, not re-encoded."""
    context = json.dumps(terms.context(), indent=2, ensure_ascii=False)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{\n"@context": ' + context + ',\n"@graph": [\n')
        separator = ""
        for node in _node_texts(ntriples_lines, _Members(terms)):
            out.write(separator)
            out.write(node)
            separator = ",\n"
        out.write("\n]\n}\n")


def jsonld_document(ntriples_lines: Iterable[str], terms: Terms) -> bytes:
    """One small JSON-LD document (an entity's description, served by kg serve) from N-Triples
    lines: node objects as in the dump, read through an embedded context of the prefixes and of
    only the terms the document uses, so that it reads offline without the 15 kB of the whole
    context. Indented, for people reading it with curl; the same lines give the same bytes."""
    lines = sorted(set(ntriples_lines))
    nodes = ",".join(_node_texts(lines, _Members(terms)))
    document = {"@context": _used_context(terms, lines), "@graph": json.loads(f"[{nodes}]")}
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def _used_context(terms: Terms, lines: list[str]) -> dict[str, object]:
    """The context's prefixes, and the class and property terms the lines' types and predicates name."""
    predicates = {line.split(" ", 2)[1][1:-1] for line in lines}
    types = {line.split(" ", 2)[2][1:-4] for line in lines if line.split(" ", 2)[1] == RDF_TYPE}
    used = {name for iri, name in terms.classes if iri in types}
    used |= {term.name for term in terms.properties if term.iri in predicates}
    return {key: value for key, value in terms.context().items() if key in terms.prefixes or key in used}


class _Compactor:
    """IRIs as compact IRIs (``cg:value``) where a prefix's namespace ends right before the local
    part, and minted IRIs as ``cgid:{kind}/{slug}``: the kinds' own prefixes (``claim:``) would
    clash with terms such as ``period`` and ``quote``, which name properties here."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {namespace: prefix for prefix, namespace in prefixes.items()}
        self.minted = next((prefix for prefix, namespace in prefixes.items() if namespace == ID_BASE), None)
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            found = self._compact(iri)
            if len(self.cache) < 100_000:
                self.cache[iri] = found
        return found

    def _compact(self, iri: str) -> str:
        found = curie_by_namespace(iri, self.by_namespace)
        if found != iri:
            return found
        if self.minted and iri.startswith(ID_BASE) and len(iri) > len(ID_BASE):
            return f"{self.minted}:{iri[len(ID_BASE) :]}"
        return iri


def _node_texts(lines: Iterable[str], members: _Members) -> Iterator[str]:
    """The JSON text of one node object per subject of the sorted lines: ``@id``, ``@type``,
    then one key (or two, see _Property) per property."""
    subject = predicate = ""
    head = ""
    keys: list[str] = []
    objects: list[str] = []
    renderers = members.renderers
    for line in lines:
        s, p, o = line[:-3].split(" ", 2)
        if p != predicate or s != subject:
            if objects:
                text = (renderers.get(predicate) or members.renderer(predicate))(objects)
                if predicate == RDF_TYPE and text.startswith('"@type"'):
                    head += "," + text
                else:
                    keys.append(text)
            if s != subject:
                if subject:
                    yield "{" + ",".join([head, *keys]) + "}"
                head, keys = members.subject(s), []
            subject, predicate, objects = s, p, []
        objects.append(o)
    if subject:
        text = members.renderer(predicate)(objects)
        if predicate == RDF_TYPE and text.startswith('"@type"'):
            head += "," + text
        else:
            keys.append(text)
        yield "{" + ",".join([head, *keys]) + "}"


class _Members:
    """The keys of node objects: a renderer per property, made when the property first occurs."""

    def __init__(self, terms: Terms) -> None:
        self.compact = _Compactor(terms.prefixes)
        self.classes = dict(terms.classes)
        self.by_predicate = {f"<{term.iri}>": term for term in terms.properties}
        self.renderers: dict[str, Callable[[list[str]], str]] = {RDF_TYPE: self._types}

    def subject(self, term: str) -> str:
        return f'"@id":"{self.compact(term[1:-1])}"'

    def renderer(self, predicate: str) -> Callable[[list[str]], str]:
        found = self.renderers.get(predicate)
        if found is None:
            iri = predicate[1:-1]
            term = self.by_predicate.get(predicate) or Term(iri, self.compact(iri), PLAIN)
            found = self.renderers[predicate] = _Property(term, self.compact)
        return found

    def _types(self, objects: list[str]) -> str:
        """``"@type"`` with class names (``Claim``); types that are literals, as data, under rdf:type."""
        if not all(term.startswith("<") for term in objects):
            return _Property(Term(RDF_TYPE[1:-1], self.compact(RDF_TYPE[1:-1]), PLAIN), self.compact)(objects)
        names = [f'"{self.classes.get(term[1:-1]) or self.compact(term[1:-1])}"' for term in objects]
        return '"@type":' + (names[0] if len(names) == 1 else "[" + ",".join(names) + "]")


class _Property:
    """One property's values as its term describes them, the others expanded under its IRI.

    The text of a property with one value is kept (bounded): predicates, classes, agents, dates
    and categories recur thousands of times, and this is the hot loop of the JSON-LD writer.
    """

    def __init__(self, term: Term, compact: _Compactor) -> None:
        self.term = term
        self.compact = compact
        self.key = json.dumps(term.name, ensure_ascii=False) + ":"
        self.full_key = json.dumps(term.iri, ensure_ascii=False) + ":["
        self.datatype = f"^^<{term.datatype}>" if term.datatype else ""
        self.numbers = term.datatype in NUMBER_TYPES
        self.render = self._language_map if term.kind == LANGUAGE else self._values
        self.singles: dict[str, str] = {}

    def __call__(self, objects: list[str]) -> str:
        if len(objects) > 1:
            return self.render(objects)
        text = self.singles.get(objects[0])
        if text is None:
            text = self.render(objects)
            if len(self.singles) < _CACHE_LIMIT:
                self.singles[objects[0]] = text
        return text

    def _values(self, objects: list[str]) -> str:
        values = [self._convert(term) for term in objects]
        described = [value for value in values if value is not None]
        others = [_json_value(term, self.compact) for term, value in zip(objects, values, strict=True) if value is None]
        parts = []
        if described:
            single = self.term.single and len(described) == 1
            parts.append(self.key + (described[0] if single else "[" + ",".join(described) + "]"))
        if others:
            parts.append(self.full_key + ",".join(others) + "]")
        return ",".join(parts)

    def _convert(self, term: str) -> str | None:
        """The value as the term reads it, or None when the term does not describe it."""
        kind = self.term.kind
        if kind == PLAIN:
            return _json_value(term, self.compact)
        if term.startswith("<"):
            return json.dumps(self.compact(term[1:-1]), ensure_ascii=False) if kind == ID else None
        if kind == ID:
            return None
        end = term.rindex('"') + 1
        rest = term[end:]
        if kind == STRING:
            return term[:end] if not rest or rest == f"^^<{XSD_STRING}>" else None
        if rest != self.datatype:
            return None
        lexical = term[:end]
        return lexical[1:-1] if self.numbers and _CANONICAL_INTEGER.fullmatch(lexical) else lexical

    def _language_map(self, objects: list[str]) -> str:
        """``{"en": "...", "ru": ["...", "..."]}``, languages in order; literals without a
        language go under the property's IRI."""
        by_language: dict[str, list[str]] = {}
        others = []
        for term in objects:
            end = term.rindex('"') + 1 if not term.startswith("<") else 0
            if end and term[end : end + 1] == "@":
                by_language.setdefault(term[end + 1 :], []).append(term[:end])
            else:
                others.append(_json_value(term, self.compact))
        parts = []
        if by_language:
            entries = [
                f'"{language}":' + (texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]")
                for language, texts in sorted(by_language.items())
            ]
            parts.append(self.key + "{" + ",".join(entries) + "}")
        if others:
            parts.append(self.full_key + ",".join(others) + "]")
        return ",".join(parts)


def _json_value(term: str, compact: _Compactor) -> str:
    """A term in expanded form: ``{"@id"}``, ``{"@value", "@language"}``, ``{"@value", "@type"}``,
    or a plain string."""
    if term.startswith("<"):
        return f'{{"@id":"{compact(term[1:-1])}"}}'
    end = term.rindex('"')
    lexical, rest = term[: end + 1], term[end + 1 :]
    if rest.startswith("@"):
        return f'{{"@value":{lexical},"@language":"{rest[1:]}"}}'
    if rest.startswith("^^<") and rest[3:-1] != XSD_STRING:
        return f'{{"@value":{lexical},"@type":"{compact(rest[3:-1])}"}}'
    return lexical
