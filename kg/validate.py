"""SHACL validation of the built graph, and a report a person can act on.

The shapes in ``shapes/`` are the single statement of the rules; pyshacl is the reference
validator. Each violation is reported with its focus node, property, rule and message, and
the source file and record the focus node was built from. The graph is validated together
with the texts its quotes are in (``source_texts``), which are not published.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyoxigraph import Literal
from rdflib.namespace import SH
from rdflib.paths import Path as RdflibPath

from kg.config import NAMESPACES, Project
from kg.errors import KgError
from kg.records import Origin
from kg.serialize import split_literal
from kg.vocab import Quad

SHA256 = "<https://w3id.org/claimgraph/ontology#sha256>"
CHARS = "<http://www.w3.org/2011/content#chars>"
"""The text of a source text (W3C Content in RDF), added for validation only."""
TEXTS_GRAPH = "<urn:x-claimgraph:validation-texts>"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL validation result, with terms written as N-Triples / SPARQL path text."""

    focus: str
    path: str
    value: str
    source_shape: str
    component: str
    severity: str
    message: str

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What two validators must agree on for a result to be the same result."""
        return (self.focus, self.path, self.value, self.source_shape, self.component)


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph against the shapes."""

    violations: tuple[Violation, ...]
    focus_nodes_checked: int | None = None

    @property
    def conforms(self) -> bool:
        return not any(v.severity.endswith("Violation>") for v in self.violations)

    def text(self, origins: Mapping[str, Origin] | None = None, limit: int = 50) -> str:
        """The violations as readable lines: node, rule, property, message, source record."""
        lines = [f"{len(self.violations)} SHACL violation(s):"]
        for number, violation in enumerate(sorted(self.violations)[:limit], start=1):
            lines.append(f"{number}. {compact(violation.focus)}")
            lines.append(f"   rule:     {compact(violation.source_shape)} ({compact(violation.component)})")
            if violation.path:
                lines.append(f"   property: {compact(violation.path)}")
            if violation.value:
                lines.append(f"   value:    {compact(violation.value)}")
            lines.append(f"   message:  {violation.message}")
            origin = (origins or {}).get(violation.focus)
            if origin:
                lines.append(f"   from:     {origin}")
        if len(self.violations) > limit:
            lines.append(f"... and {len(self.violations) - limit} more")
        return "\n".join(lines)


def compact(term: str) -> str:
    """An N-Triples IRI as a prefixed name when a known prefix fits, for reading."""
    for prefix, iri in sorted(NAMESPACES.items(), key=lambda item: -len(item[1])):
        if term.startswith("<" + iri) and term.endswith(">"):
            return f"{prefix}:{term[len(iri) + 1 : -1]}"
    return term


def load_shapes(shapes_file: Path) -> rdflib.Graph:
    """The shapes graph; a syntax error names the file and line."""
    graph = rdflib.Graph()
    graph.parse(shapes_file, format="turtle")
    return graph


def to_rdflib(quads: Iterable[Quad]) -> rdflib.Graph:
    """The union of the named graphs as one rdflib graph (pyshacl validates a single graph)."""
    from kg.serialize import ntriples

    graph = rdflib.Graph()
    graph.parse(data=ntriples((s, p, o) for s, p, o, _ in quads).decode("utf-8"), format="nt")
    return graph


def validate_with_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph) -> Report:
    """Validate with pyshacl, the reference SHACL processor."""
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False, meta_shacl=False)
    # one result per distinct (focus, path, value, shape, component): pyshacl repeats a result
    # when a shape states a comparison twice (sh:lessThan with two properties) and both fail
    return Report(tuple(sorted(set(_violations(results)))))


def shapes_conform_to_shacl_shacl(shapes: rdflib.Graph) -> tuple[bool, str]:
    """Check the shapes against the SHACL-for-SHACL meta-shapes (pyshacl ships them)."""
    import pyshacl

    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shapes, meta_shacl=True, inference="none")
    return bool(conforms), str(text)


def _violations(results: rdflib.Graph) -> Iterable[Violation]:
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        yield Violation(
            focus=_n3(results.value(result, SH.focusNode)),
            path=_path_text(results, results.value(result, SH.resultPath)),
            value=_n3(results.value(result, SH.value)),
            source_shape=_n3(results.value(result, SH.sourceShape)),
            component=_n3(results.value(result, SH.sourceConstraintComponent)),
            severity=_n3(results.value(result, SH.resultSeverity)),
            message=str(results.value(result, SH.resultMessage) or ""),
        )


def _n3(term: rdflib.term.Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.Literal):
        return _literal_nt(term)
    return f"<{term}>" if isinstance(term, rdflib.URIRef) else f"_:{term}"


def _literal_nt(literal: rdflib.Literal) -> str:
    from pyoxigraph import Literal, NamedNode

    if literal.language:
        return str(Literal(str(literal), language=literal.language))
    if literal.datatype:
        return str(Literal(str(literal), datatype=NamedNode(str(literal.datatype))))
    return str(Literal(str(literal)))


def _path_text(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    """A SHACL path as SPARQL property path text: <p>, ^<p>, (<a>/<b>)."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, RdflibPath):
        return str(node)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        items = list(rdflib.collection.Collection(graph, alternatives))
        return "(" + "|".join(_path_text(graph, item) for item in items) + ")"
    if (node, rdflib.RDF.first, None) in graph:
        items = list(rdflib.collection.Collection(graph, node))
        return "(" + "/".join(_path_text(graph, item) for item in items) + ")"
    raise ValueError(f"unsupported SHACL path node {node!r}")


def _as_terms(quad: object) -> Quad:
    """A parsed pyoxigraph quad as N-Triples term strings (blank nodes keep their labels)."""
    graph = quad.graph_name  # type: ignore[attr-defined]
    graph_term = "<urn:x-claimgraph:default>" if str(graph) == "DEFAULT" else str(graph)
    return (str(quad.subject), str(quad.predicate), str(quad.object), graph_term)  # type: ignore[attr-defined]


ENGINES = ("fast", "pyshacl")


def source_texts(quads: Iterable[Quad], project: Project) -> list[Quad]:
    """The text (cnt:chars) of each source text the graph names by its SHA-256, from the project.

    The release publishes a text's digest, not the text (the seed article may be quoted, not
    republished); with the text at hand the shapes check every quote's words against the text
    at its offsets. A digest no file of the project matches adds nothing: the shapes then check
    what the release alone allows (the words span their offsets).
    """
    from kg.sources.files import read_text

    wanted: dict[str, list[str]] = {}
    for subject, predicate, obj, _ in quads:
        if predicate == SHA256:
            wanted.setdefault(split_literal(obj)[0], []).append(subject)
    found: list[Quad] = []
    for path in sorted(project.data_dir.rglob("*.txt")) if wanted else ():
        for subject in wanted.get(hashlib.sha256(path.read_bytes()).hexdigest(), ()):
            text = read_text(path, project.relative(path))
            found.append((subject, CHARS, str(Literal(text)), TEXTS_GRAPH))
    return found


def validate_quads(quads: Sequence[Quad], project: Project, engine: str = "fast") -> Report:
    """Validate the union of the named graphs, with their source texts, against the project's shapes.

    ``fast`` (the default) evaluates the shapes over indexed quads (kg.shacl_core), which the
    tests prove equivalent to pyshacl; ``pyshacl`` runs the reference validator itself.
    """
    # chained, not copied: each copy of the list is 80 MB of pointers at 10M triples
    with_texts = itertools.chain(quads, source_texts(quads, project))
    shapes = load_shapes(project.shapes_file)
    if engine == "pyshacl":
        return validate_with_pyshacl(to_rdflib(with_texts), shapes)
    if engine != "fast":
        raise KgError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    from kg import shacl_core

    return shacl_core.validate(with_texts, shapes)


RDF_FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".trig": "TRIG",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
}


def read_rdf_files(paths: Iterable[Path]) -> list[Quad]:
    """Parse RDF files strictly (pyoxigraph); a syntax error names the file and position."""
    from pyoxigraph import RdfFormat, parse

    quads: list[Quad] = []
    for path in paths:
        fmt = RDF_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise KgError(f"{path}: unknown RDF format; use one of {', '.join(sorted(RDF_FORMATS))}")
        try:
            quads.extend(_as_terms(quad) for quad in parse(path=str(path), format=getattr(RdfFormat, fmt)))
        except (SyntaxError, ValueError) as error:
            raise KgError(f"{path}: not valid {fmt.replace('_', '-').title()}: {error}") from None
        except OSError as error:
            raise KgError(f"{path}: cannot be read: {error.strerror or error}") from None
        except MemoryError as error:  # pyoxigraph's parser refuses a term or line over 16 MiB
            raise KgError(f"{path}: holds a term too large to read ({error})") from None
    return quads
