"""Node-level constraints for the fast validator: closed shapes and SPARQL constraints.

kg.shacl_core checks property shapes; this module reads what a node shape itself constrains
(``sh:closed`` with ``sh:ignoredProperties``, and ``sh:sparql``, each query run as its twin
from kg.shacl_sparql) and yields the results pyshacl gives for them: a closed shape one per
value of a property it does not allow, a SPARQL constraint one per selected (path, value).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection as RdfList
from rdflib.namespace import RDF, SH

from kg import shacl_literals as literals
from kg.errors import KgError
from kg.shacl_sparql import TWINS, Twin, query_digest
from kg.validate import Violation

Targets = tuple[tuple[str, str], ...]
TARGET_KINDS = ("targetClass", "targetSubjectsOf", "targetObjectsOf")
SPARQL_KEYS = frozenset({f"{SH}select", f"{SH}prefixes", str(RDF.type)})


class UnsupportedShape(KgError, ValueError):
    """The shapes use a SHACL feature this validator does not implement (the user can run
    ``--engine pyshacl``, which implements all of SHACL)."""


def targets(shapes: rdflib.Graph, node_shape: rdflib.term.Node) -> Targets:
    """The node shape's targets as (kind, N-Triples IRI), in a stable order."""
    return tuple(
        (kind, f"<{value}>") for kind in TARGET_KINDS for value in sorted(shapes.objects(node_shape, SH[kind]), key=str)
    )


@dataclass(frozen=True)
class NodeShape:
    """A targeted node shape's own constraints: the properties it allows, its SPARQL twins."""

    iri: str
    targets: Targets
    message: str
    severity: str
    allowed: frozenset[str] | None
    """The predicates a closed shape allows (None when the shape is open)."""
    twins: tuple[Twin, ...]

    def closed_violations(self, focus: str, own: Mapping[str, Iterable[str]]) -> Iterator[Violation]:
        """One result per value of each property the closed shape does not allow."""
        for predicate, values in own.items():
            if self.allowed is not None and predicate not in self.allowed:
                for value in values:
                    yield self.result("Closed", focus, predicate, value)

    def result(self, component: str, focus: str, path: str, value: str) -> Violation:
        return Violation(
            focus=focus,
            path=path,
            value=literals.canonical(value),
            source_shape=self.iri,
            component=f"<{SH}{component}ConstraintComponent>",
            severity=self.severity,
            message=self.message,
        )


def read_node_shapes(shapes: rdflib.Graph) -> list[NodeShape]:
    """Every targeted node shape that is closed or has SPARQL constraints."""
    found = []
    for node_shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        shape_targets = targets(shapes, node_shape)
        closed = shapes.value(node_shape, SH.closed)
        constraints = sorted(shapes.objects(node_shape, SH.sparql), key=str)
        is_closed = isinstance(closed, rdflib.Literal) and closed.toPython() is True
        if not shape_targets or not (is_closed or constraints):
            continue
        found.append(
            NodeShape(
                iri=f"<{node_shape}>",
                targets=shape_targets,
                message=str(shapes.value(node_shape, SH.message) or ""),
                severity=f"<{shapes.value(node_shape, SH.severity) or SH.Violation}>",
                allowed=_allowed(shapes, node_shape) if is_closed else None,
                twins=tuple(_twin(shapes, constraint) for constraint in constraints),
            )
        )
    return found


def _allowed(shapes: rdflib.Graph, node_shape: rdflib.term.Node) -> frozenset[str]:
    """A closed shape's properties: its property shapes' predicates and the ignored ones."""
    paths = (shapes.value(shape, SH.path) for shape in shapes.objects(node_shape, SH.property))
    allowed = {f"<{path}>" for path in paths if isinstance(path, rdflib.URIRef)}
    for ignored in shapes.objects(node_shape, SH.ignoredProperties):
        allowed |= {f"<{item}>" for item in RdfList(shapes, ignored)}
    return frozenset(allowed)


def _twin(shapes: rdflib.Graph, constraint: rdflib.term.Node) -> Twin:
    """The twin of a SPARQL constraint, refused unless it was written for the query as it is."""
    unknown = {str(p) for p in shapes.predicates(constraint)} - SPARQL_KEYS
    if unknown:
        raise UnsupportedShape(f"{constraint}: {', '.join(sorted(unknown))} not supported by the fast validator")
    twin = TWINS.get(f"<{constraint}>")
    if twin is None:
        raise UnsupportedShape(f"{constraint}: the fast validator has no twin of this SPARQL constraint")
    digest = query_digest(str(shapes.value(constraint, SH.select) or ""))
    if digest != twin.query_sha256:
        raise UnsupportedShape(
            f"{constraint}: its query changed (SHA-256 {digest}); bring its twin in kg/shacl_sparql.py "
            "in line with it and record the new digest there"
        )
    return twin
