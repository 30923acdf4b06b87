"""A fast SHACL Core validator over the built quads, proven equivalent to pyshacl by the tests.

The shapes in ``shapes/`` stay the single statement of the rules and pyshacl the reference
validator. pyshacl needs minutes for the full release (about 6 s per 100k triples), and the
shapes compiled to SPARQL on pyoxigraph still took tens of seconds at a million triples (one
scan per constraint), so publication validates with this evaluator instead: the data is
indexed once (subject -> predicate -> objects, and the inverse where paths need it) and every
constraint is checked by dictionary lookups. Only the SHACL features the shapes use are
supported; any other is refused when the shapes are read, so no rule is silently skipped.
The tests run both validators on every shape fixture and on the real data and require the
same results (focus node, path, value, source shape, constraint component). Node shapes add
closed shapes and SPARQL constraints, whose queries run as their twins (kg.shacl_sparql).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import rdflib
from pyoxigraph import Literal, NamedNode
from rdflib.collection import Collection as RdfList
from rdflib.namespace import RDF, SH

from kg import shacl_literals as literals
from kg.shacl_constraints import FOCUS_CHECKS, VALUE_TESTS, FocusCheck, ValueTest
from kg.shacl_nodes import NodeShape, Targets, UnsupportedShape, read_node_shapes, targets
from kg.validate import Report, Violation
from kg.vocab import Quad

XSD = literals.XSD
RDF_TYPE = f"<{RDF}type>"
SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
SHAPE_KEYS = frozenset(
    {
        "path",
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "property",
        "message",
        "severity",
    }
)
NODE_KEYS = SHAPE_KEYS | {"closed", "ignoredProperties", "sparql"}
"""Parameters of a node shape itself; kg.shacl_nodes evaluates the constraints among them."""
COUNTS = ("minCount", "maxCount")
CONSTRAINTS = (
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "minInclusive",
    "pattern",
    "minLength",
    "in",
    "hasValue",
    "lessThan",
    "lessThanOrEquals",
    "equals",
    "or",
)
# ------------------------------------------------------------------ the data ----


Values = tuple[str, ...] | set[str]
"""A node's distinct values for one predicate: a tuple while there are few (most nodes have
one), a set beyond ``TUPLE_LIMIT``. Creating a million small sets was most of the index's cost."""
TUPLE_LIMIT = 8


class DataIndex:
    """The triples indexed for SHACL: objects by subject and predicate, subjects by object."""

    def __init__(
        self, quads: Iterable[Quad], inverse_predicates: frozenset[str], subject_targets: frozenset[str] = frozenset()
    ) -> None:
        self.objects: dict[str, dict[str, Values]] = {}
        # the subjects of each sh:targetSubjectsOf predicate, gathered here rather than by one
        # scan of every subject per target
        self.having: dict[str, dict[str, None]] = {predicate: {} for predicate in subject_targets}
        having = self.having
        self.subjects: dict[str, dict[str, Values]] = {}
        # in the order the data gives them: focus nodes visited in that order are near each
        # other in memory (visited in set order, validation took a fifth longer)
        self.instances: dict[str, dict[str, None]] = {}
        objects, subjects, instances = self.objects, self.subjects, self.instances
        previous_subject, own = None, None
        for subject, predicate, obj, _ in quads:
            # The builder writes a node's triples together: reuse its dict while the subject repeats.
            if subject is not previous_subject or own is None:
                own = objects.get(subject)
                if own is None:
                    own = objects[subject] = {}
                previous_subject = subject
            values = own.get(predicate)
            if values is None:  # most predicates have one value: no call for it
                own[predicate] = (obj,)
            else:
                _add_to(own, predicate, values, obj)
            if predicate == RDF_TYPE:
                members = instances.get(obj)
                if members is None:
                    instances[obj] = {subject: None}
                else:
                    members[subject] = None
            if predicate in having:
                having[predicate][subject] = None
            if predicate in inverse_predicates:
                by_predicate = subjects.get(obj)
                if by_predicate is None:
                    by_predicate = subjects[obj] = {}
                _add(by_predicate, predicate, subject)
        self._superclasses: dict[str, set[str]] = {}
        self._instances_of: dict[str, dict[str, None]] = {}

    def values(self, node: str, predicate: str) -> Values:
        return self.objects.get(node, {}).get(predicate, ())

    def _closure(self, cls: str) -> set[str]:
        if cls not in self._superclasses:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.values(todo.pop(), SUBCLASS_OF):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._superclasses[cls] = seen
        return self._superclasses[cls]

    def instances_of(self, cls: str) -> dict[str, None]:
        """SHACL instances: typed with the class or with a subclass of it (an ordered set, not to
        be changed: kept for the next shape of the class)."""
        found = self._instances_of.get(cls)
        if found is None:
            found = self._instances_of[cls] = dict(self.instances.get(cls, {}))
            for other, members in self.instances.items():
                if other != cls and cls in self._closure(other):
                    found |= members
        return found


def _add(by_predicate: dict[str, Values], predicate: str, value: str) -> None:
    """Add a value once (the union of graphs may repeat a triple)."""
    values = by_predicate.get(predicate)
    if values is None:
        by_predicate[predicate] = (value,)
    else:
        _add_to(by_predicate, predicate, values, value)


def _add_to(by_predicate: dict[str, Values], predicate: str, values: Values, value: str) -> None:
    """Add a value to a predicate's values, once."""
    if isinstance(values, tuple):
        if value not in values:
            by_predicate[predicate] = (*values, value) if len(values) < TUPLE_LIMIT else {*values, value}
    else:
        values.add(value)


# ------------------------------------------------------------------ the shapes ----

Path = Callable[[DataIndex, str], Values]
EMPTY: Values = ()
NO_MAX = sys.maxsize
"""The maximum count of a property shape that states none."""


@dataclass(frozen=True)
class PropertyShape:
    """A property shape with its node shape's targets, ready to evaluate."""

    iri: str
    targets: Targets
    path: Path
    path_text: str
    predicate: str | None
    message: str
    severity: str
    min_count: int
    max_count: int | None
    constraints: tuple[tuple[str, object], ...]


def read_shapes(shapes: rdflib.Graph) -> list[PropertyShape]:
    """Every property shape reachable from a targeted node shape, with its constraints."""
    result = []
    for node_shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        _refuse_unknown(shapes, node_shape, NODE_KEYS)
        shape_targets = targets(shapes, node_shape)
        if not shape_targets:
            continue
        for shape in sorted(shapes.objects(node_shape, SH.property), key=str):
            _refuse_unknown(shapes, shape, SHAPE_KEYS)
            path_node = shapes.value(shape, SH.path)
            if path_node is None:
                raise UnsupportedShape(f"property shape {shape} has no sh:path")
            constraints = tuple(
                (name, _parameter(shapes, name, value))
                for name in CONSTRAINTS
                for value in sorted(shapes.objects(shape, SH[name]), key=str)
            )
            result.append(
                PropertyShape(
                    iri=f"<{shape}>",
                    targets=shape_targets,
                    path=_compile_path(shapes, path_node),
                    path_text=path_text(shapes, path_node),
                    predicate=f"<{path_node}>" if isinstance(path_node, rdflib.URIRef) else None,
                    message=str(shapes.value(shape, SH.message) or ""),
                    severity=f"<{shapes.value(shape, SH.severity) or SH.Violation}>",
                    # the counts are checked inline (the most frequent checks); several bounds
                    # give the same results as the strictest, which results do not tell apart
                    min_count=max((int(v) for n, v in constraints if n == "minCount"), default=0),  # type: ignore[call-overload]
                    max_count=min((int(v) for n, v in constraints if n == "maxCount"), default=None),  # type: ignore[call-overload]
                    constraints=tuple(c for c in constraints if c[0] not in COUNTS),
                )
            )
    return result


def inverse_predicates(shapes: rdflib.Graph, node_shapes: Iterable[NodeShape] = ()) -> frozenset[str]:
    """Predicates the shapes follow backwards (inverse paths, targetObjectsOf, SPARQL twins)."""
    found = {f"<{p}>" for p in shapes.objects(None, SH.inversePath) if isinstance(p, rdflib.URIRef)}
    found |= {f"<{p}>" for p in shapes.objects(None, SH.targetObjectsOf)}
    found |= {p for node_shape in node_shapes for twin in node_shape.twins for p in twin.inverse}
    return frozenset(found)


def _refuse_unknown(shapes: rdflib.Graph, shape: rdflib.term.Node, keys: frozenset[str]) -> None:
    for predicate in set(shapes.predicates(shape)):
        if str(predicate).startswith(str(SH)):
            name = str(predicate)[len(str(SH)) :]
            if name not in keys and name not in CONSTRAINTS:
                raise UnsupportedShape(f"{shape}: sh:{name} is not supported by the fast validator")


def path_text(shapes: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A SHACL path as SPARQL property path text, as validate.Report writes pyshacl's."""
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(shapes, inverse)
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(shapes, item) for item in RdfList(shapes, alternatives)) + ")"
    if (node, RDF.first, None) in shapes:
        return "(" + "/".join(path_text(shapes, item) for item in RdfList(shapes, node)) + ")"
    raise UnsupportedShape(f"unsupported SHACL path {node!r}")


def _compile_path(shapes: rdflib.Graph, node: rdflib.term.Node) -> Path:
    if isinstance(node, rdflib.URIRef):
        predicate = f"<{node}>"
        return lambda data, focus: data.values(focus, predicate)
    inverse = shapes.value(node, SH.inversePath)
    if isinstance(inverse, rdflib.URIRef):
        predicate = f"<{inverse}>"
        return lambda data, focus: data.subjects.get(focus, {}).get(predicate, ())
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        items = list(RdfList(shapes, alternatives))
        if all(isinstance(item, rdflib.URIRef) for item in items):
            predicates = [f"<{item}>" for item in items]
            return lambda data, focus: _either(data.objects.get(focus, {}), predicates)
        parts = [_compile_path(shapes, item) for item in items]
        return lambda data, focus: set().union(*(part(data, focus) for part in parts))
    if (node, RDF.first, None) in shapes:
        items = list(RdfList(shapes, node))
        if all(isinstance(item, rdflib.URIRef) for item in items):
            chain = [f"<{item}>" for item in items]
            return lambda data, focus: _chain(data.objects, focus, chain)
        steps = [_compile_path(shapes, item) for item in items]
        return lambda data, focus: _sequence(data, focus, steps)
    raise UnsupportedShape(f"unsupported SHACL path {node!r}")


def _either(own: dict[str, Values], predicates: list[str]) -> set[str]:
    """The values of any of the predicates (an alternative path of plain predicates)."""
    found: set[str] = set()
    for predicate in predicates:
        found.update(own.get(predicate, ()))
    return found


def _chain(objects: dict[str, dict[str, Values]], focus: str, predicates: list[str]) -> Values:
    """A sequence path of plain predicates: while it leads to one node, that node's own values
    (distinct already) are the step's result, with no set built (most claims have one period)."""
    nodes: Values = (focus,)
    for predicate in predicates:
        if len(nodes) == 1:
            (node,) = nodes
            nodes = objects.get(node, {}).get(predicate, EMPTY)
        else:
            nodes = {value for node in nodes for value in objects.get(node, {}).get(predicate, EMPTY)}
    return nodes


def _sequence(data: DataIndex, focus: str, steps: list[Path]) -> set[str]:
    nodes = {focus}
    for step in steps:
        nodes = set().union(*(step(data, node) for node in nodes)) if nodes else set()
    return nodes


def _parameter(shapes: rdflib.Graph, name: str, value: rdflib.term.Node) -> object:
    if name in ("minCount", "maxCount", "minLength"):
        return int(str(value))
    if name == "pattern":
        return re.compile(str(value))
    if name == "in":
        return frozenset(_term(item) for item in RdfList(shapes, value))
    if name == "or":
        return frozenset(_member_class(shapes, member) for member in RdfList(shapes, value))
    if name == "nodeKind" and value not in (SH.IRI, SH.Literal, SH.BlankNode):
        raise UnsupportedShape(f"sh:nodeKind {value} is not supported")
    return _term(value)


def _member_class(shapes: rdflib.Graph, member: rdflib.term.Node) -> str:
    """The class of an sh:or member: only shapes that state one sh:class are supported."""
    constraints = {str(p) for p in shapes.predicates(member) if str(p).startswith(str(SH))} - {f"{SH}message"}
    classes = list(shapes.objects(member, SH["class"]))
    if constraints != {f"{SH}class"} or len(classes) != 1:
        raise UnsupportedShape(f"{member}: an sh:or member must state exactly one sh:class and nothing else")
    return _term(classes[0])


def _term(node: rdflib.term.Node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        if node.language:
            return str(Literal(str(node), language=node.language))
        return str(Literal(str(node), datatype=NamedNode(str(node.datatype or XSD + "string"))))
    raise UnsupportedShape(f"unsupported term in shapes: {node!r}")


# ------------------------------------------------------------------ validating ----


def validate(quads: Iterable[Quad], shapes: rdflib.Graph) -> Report:
    """Validate quads (their union) against the shapes.

    Focus node by focus node, all the shapes of its targets at once: the node's values stay
    in the CPU cache (shape by shape over all nodes took 40% longer on the release).
    """
    node_shapes = read_node_shapes(shapes)
    subject_targets = frozenset(f"<{p}>" for p in shapes.objects(None, SH.targetSubjectsOf))
    data = DataIndex(quads, inverse_predicates(shapes, node_shapes), subject_targets)
    violations: set[Violation] = set()
    by_targets: dict[Targets, tuple[list[PropertyShape], list[NodeShape]]] = {}
    for shape in read_shapes(shapes):
        by_targets.setdefault(shape.targets, ([], []))[0].append(shape)
    for node_shape in node_shapes:
        by_targets.setdefault(node_shape.targets, ([], []))[1].append(node_shape)
    for shape_targets, (group, node_group) in by_targets.items():
        checks = [_Check.of(data, shape) for shape in group]
        closed = [node_shape for node_shape in node_group if node_shape.allowed is not None]
        twins = [(node_shape, twin.bind(data)) for node_shape in node_group for twin in node_shape.twins]
        for focus in _focus_nodes(data, shape_targets):
            own = data.objects.get(focus, {})
            for node_shape in closed:
                if not own.keys() <= node_shape.allowed:  # type: ignore[operator]
                    violations.update(node_shape.closed_violations(focus, own))
            for node_shape, rows_of in twins:
                for path, value in rows_of(focus):
                    violations.add(node_shape.result("SPARQL", focus, path, value))
            for predicate, follow, least, most, value_tests, focus_checks, shape in checks:
                values = own.get(predicate, EMPTY) if predicate else follow(data, focus)
                count = len(values)
                if count < least:
                    violations.add(_violation(shape, "minCount", focus, ""))
                if count > most:
                    violations.add(_violation(shape, "maxCount", focus, ""))
                if count:
                    for name, breaks in value_tests:
                        for value in values:
                            if breaks(value):
                                violations.add(_violation(shape, name, focus, value))
                for name, check, parameter in focus_checks:
                    for value in check(data, focus, values, parameter):
                        violations.add(_violation(shape, name, focus, value))
    return Report(tuple(sorted(violations)))


class _Check(NamedTuple):
    """A property shape ready to run, unpacked in the validation loop (a tuple: looking up the
    shape's attributes there took a fifth of the loop's time)."""

    predicate: str | None
    path: Path
    least: int
    most: int
    value_tests: list[tuple[str, ValueTest]]
    focus_checks: list[tuple[str, FocusCheck, object]]
    shape: PropertyShape

    @classmethod
    def of(cls, data: DataIndex, shape: PropertyShape) -> _Check:
        most = NO_MAX if shape.max_count is None else shape.max_count
        return cls(shape.predicate, shape.path, shape.min_count, most, *_bind(data, shape), shape)


def _bind(
    data: DataIndex, shape: PropertyShape
) -> tuple[list[tuple[str, ValueTest]], list[tuple[str, FocusCheck, object]]]:
    """The shape's constraints ready to run: tests of one value, and checks of a focus node's values."""
    value_tests = [(name, VALUE_TESTS[name](data, value)) for name, value in shape.constraints if name in VALUE_TESTS]
    focus_checks = [(name, FOCUS_CHECKS[name], value) for name, value in shape.constraints if name in FOCUS_CHECKS]
    return value_tests, focus_checks


def _violation(shape: PropertyShape, name: str, focus: str, value: str) -> Violation:
    return Violation(
        focus=focus,
        path=shape.path_text,
        value=literals.canonical(value) if value else "",
        source_shape=shape.iri,
        component=f"<{SH}{name[0].upper()}{name[1:]}ConstraintComponent>",
        severity=shape.severity,
        message=shape.message,
    )


def _focus_nodes(data: DataIndex, shape_targets: Targets) -> dict[str, None]:
    """The focus nodes of the targets, as an ordered set."""
    found: dict[str, None] = {}
    for kind, value in shape_targets:
        if kind == "targetClass":
            found |= data.instances_of(value)
        elif kind == "targetSubjectsOf":
            found |= data.having[value]
        else:
            found |= {o: None for o, by_predicate in data.subjects.items() if value in by_predicate}
    return found
