"""The JSON-LD context's term definitions, derived from the ontology and the shapes.

Each property the ontology declares or a shape constrains gets a term, so a property added to
the ontology gets one too, with no list to keep here:

- an ``owl:ObjectProperty``, or a path the shapes hold to IRIs (``sh:nodeKind sh:IRI``,
  ``sh:class``), is coerced to ``@id``;
- a datatype (the ontology's ``rdfs:range``, else the one datatype the shapes give the path)
  becomes the term's ``@type``; ``rdf:langString`` becomes a language map
  (``"@container": "@language"``) and ``xsd:string`` a plain string (``"@language": null``);
- a property that is not an ``owl:FunctionalProperty`` is a ``@set``: its values are always an
  array, so a program finds the same shape whether a node has one value or several.

Terms of the claimgraph namespace are named by their local name (``claimant``, ``value``), as
are its classes (``Claim``); the other vocabularies' terms keep their compact IRI as the key
(``rdfs:label``, ``dcterms:source``), which stays stable whatever is added later. A local name
that is already a prefix keeps its compact IRI too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kg.config import NAMESPACES, Project

ID, LANGUAGE, STRING, TYPED, PLAIN = "id", "language", "string", "typed", "plain"
OWL, RDF, RDFS, SH, XSD = (NAMESPACES[prefix] for prefix in ("owl", "rdf", "rdfs", "sh", "xsd"))
CG = NAMESPACES["cg"]
IRI_VALUE = "@id"
_TERM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Term:
    """A property's term: its key in node objects and the values it describes."""

    iri: str
    name: str
    kind: str  # ID, LANGUAGE, STRING, TYPED, or PLAIN (a name only, nothing coerced)
    datatype: str | None = None
    single: bool = False

    def definition(self, prefixes: dict[str, str]) -> dict[str, Any]:
        definition: dict[str, Any] = {"@id": curie(self.iri, prefixes)}
        if self.kind == ID:
            definition["@type"] = "@id"
        elif self.kind == TYPED and self.datatype:
            definition["@type"] = curie(self.datatype, prefixes)
        elif self.kind == STRING:
            definition["@language"] = None
        if self.kind == LANGUAGE:
            definition["@container"] = "@language"
        elif not self.single:
            definition["@container"] = "@set"
        return definition


@dataclass(frozen=True)
class Terms:
    """The prefixes, class names and property terms of the context."""

    prefixes: dict[str, str]
    classes: tuple[tuple[str, str], ...]  # (class IRI, term name)
    properties: tuple[Term, ...]

    def context(self) -> dict[str, Any]:
        """The ``@context`` object, keys in order."""
        context: dict[str, Any] = dict(self.prefixes)
        context.update({name: curie(iri, self.prefixes) for iri, name in self.classes})
        context.update({term.name: term.definition(self.prefixes) for term in self.properties})
        return dict(sorted(context.items()))


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:local`` where a prefix's namespace ends right before the local part, else the IRI."""
    return curie_by_namespace(iri, {namespace: prefix for prefix, namespace in prefixes.items()})


def curie_by_namespace(iri: str, by_namespace: dict[str, str]) -> str:
    """curie, with the prefixes given by namespace (for a caller that compacts many IRIs)."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = by_namespace.get(iri[:cut])
    return f"{prefix}:{iri[cut:]}" if prefix and cut < len(iri) else iri


def derive_terms(ontology: Path, shapes: Path, prefixes: dict[str, str] | None = None) -> Terms:
    """The terms for the properties and classes the ontology and the shapes name."""
    prefixes = dict(sorted((prefixes or NAMESPACES).items()))
    declared = _Statements.of(ontology)
    constrained = _paths(shapes)
    properties = sorted(
        (set(declared.subjects_of_types(OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty"))
         | set(constrained)) - {RDF + "type"}
    )  # fmt: skip
    classes = sorted(iri for iri in declared.subjects_of_types(OWL + "Class") if iri.startswith(CG))
    names = _Names(prefixes)
    class_names = tuple((iri, names.of(iri)) for iri in classes)
    terms = tuple(
        term
        for iri in properties
        if (term := _term(iri, names.of(iri), declared, constrained.get(iri, _Constraints())))
        and (term.kind != PLAIN or term.name != curie(iri, prefixes))
    )
    return Terms(prefixes, class_names, terms)


def project_terms(project: Project) -> Terms:
    """The terms of a project's ontology and shapes, with its prefixes (kg.config.NAMESPACES)."""
    return derive_terms(project.ontology_file, project.shapes_file, NAMESPACES)


class _Names:
    """A claimgraph term's local name, unless it is a prefix (``period:``...) or not a plain
    name; every other term keeps its compact IRI."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes

    def of(self, iri: str) -> str:
        local = iri[len(CG) :] if iri.startswith(CG) else ""
        if local and _TERM_NAME.fullmatch(local) and local not in self.prefixes:
            return local
        return curie(iri, self.prefixes)


@dataclass
class _Constraints:
    """What the shapes say of one path's values, across every shape that constrains it."""

    datatypes: set[str] = field(default_factory=set)
    to_iris: bool = False


def _term(iri: str, name: str, declared: _Statements, constrained: _Constraints) -> Term:
    types = declared.values(iri, RDF + "type")
    single = OWL + "FunctionalProperty" in types
    if OWL + "ObjectProperty" in types:
        return Term(iri, name, ID, single=single)
    ranges = [value for value in declared.values(iri, RDFS + "range") if _is_datatype(value)]
    datatypes = ranges or sorted(constrained.datatypes)
    if len(datatypes) == 1:
        return _typed(iri, name, datatypes[0], single)
    if not datatypes and constrained.to_iris:
        return Term(iri, name, ID, single=single)
    if OWL + "AnnotationProperty" in types:
        return _annotation(iri, name, declared.used.get(iri, set()), single)
    return Term(iri, name, PLAIN, single=single)


def _annotation(iri: str, name: str, used: set[str], single: bool) -> Term:
    """An annotation property nothing above describes: what the ontology's own annotations give
    it (``dcterms:created`` dates, ``skos:definition`` texts), and text for people, a language
    map, when the ontology does not use it (``skos:editorialNote``)."""
    if not used:
        return Term(iri, name, LANGUAGE, single=single)
    if used == {IRI_VALUE}:
        return Term(iri, name, ID, single=single)
    if len(used) == 1:
        return _typed(iri, name, next(iter(used)), single)
    return Term(iri, name, PLAIN, single=single)


def _typed(iri: str, name: str, datatype: str, single: bool) -> Term:
    if datatype == RDF + "langString":
        return Term(iri, name, LANGUAGE, single=single)
    if datatype == XSD + "string":
        return Term(iri, name, STRING, single=single)
    return Term(iri, name, TYPED, datatype, single)


def _is_datatype(iri: str) -> bool:
    return iri.startswith(XSD) or iri == RDF + "langString"


class _Statements:
    """A Turtle file as subject -> predicate -> values (IRIs and literals as text)."""

    def __init__(self) -> None:
        self.by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.used: dict[str, set[str]] = defaultdict(set)  # per predicate: IRI_VALUE or datatypes

    @classmethod
    def of(cls, path: Path) -> _Statements:
        statements = cls()
        for quad in parse(path=str(path), format=RdfFormat.TURTLE):
            obj, predicate = quad.object, quad.predicate.value
            if isinstance(obj, NamedNode | Literal):
                statements.by_subject[str(quad.subject)][predicate].add(obj.value)
            if isinstance(obj, NamedNode):
                statements.used[predicate].add(IRI_VALUE)
            elif isinstance(obj, Literal):
                statements.used[predicate].add(RDF + "langString" if obj.language else obj.datatype.value)
        return statements

    def values(self, subject: str, predicate: str) -> set[str]:
        return self.by_subject.get(f"<{subject}>", {}).get(predicate, set())

    def subjects_of_types(self, *types: str) -> list[str]:
        wanted = set(types)
        return [
            subject[1:-1]
            for subject, properties in self.by_subject.items()
            if subject.startswith("<") and properties.get(RDF + "type", set()) & wanted
        ]


def _paths(shapes: Path) -> dict[str, _Constraints]:
    """Per IRI path of a property shape: the datatypes its shapes require, and whether they hold
    it to IRIs. (Complex paths, sequences and alternatives, constrain no single property.)"""
    statements = _Statements.of(shapes)
    found: dict[str, _Constraints] = defaultdict(_Constraints)
    for properties in statements.by_subject.values():
        for path in properties.get(SH + "path", set()):  # IRIs only: blank nodes are not read
            constraints = found[path]
            constraints.datatypes |= properties.get(SH + "datatype", set())
            iri_kinds = properties.get(SH + "nodeKind", set()) & {SH + "IRI"}
            constraints.to_iris |= bool(iri_kinds or properties.get(SH + "class"))
    return dict(found)
