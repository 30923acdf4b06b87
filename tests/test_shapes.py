"""The shapes bite: valid fixtures conform, each invalid fixture is rejected by its own rule.

Every (shape, constraint component) pair in shapes/ has an invalid fixture (property shapes'
constraints, closed node shapes, SPARQL constraints), so no rule can stop biting unnoticed; on every fixture the fast engine (kg.shacl_core) must report
exactly the violations pyshacl reports; the fixtures are generated from valid/base.ttl by
mutations.yaml and must match what generate_invalid.py writes.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SH

from kg import shacl_core
from kg.config import Project
from kg.shacl_nodes import UnsupportedShape
from kg.validate import (
    Report,
    load_shapes,
    read_rdf_files,
    shapes_conform_to_shacl_shacl,
    to_rdflib,
    validate_with_pyshacl,
)

HERE = Path(__file__).resolve().parent / "shapes"
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
VALID = sorted((HERE / "valid").glob("*.ttl"))
EXPECT = re.compile(r"^# expect: <([^>]+)> <([^>]+)>$", re.MULTILINE)
ALSO = re.compile(r"^# also: <([^>]+)>$", re.MULTILINE)
COMPONENTS = {
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "class": "Class",
    "datatype": "Datatype",
    "minInclusive": "MinInclusive",
    "pattern": "Pattern",
    "nodeKind": "NodeKind",
    "in": "In",
    "hasValue": "HasValue",
    "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals",
    "equals": "Equals",
    "minLength": "MinLength",
    "or": "Or",
}
NODE_COMPONENTS = {"closed": "Closed", "sparql": "SPARQL"}


@pytest.fixture(scope="module")
def shapes(project: Project) -> rdflib.Graph:
    return load_shapes(project.shapes_file)


def _validate(path: Path, shapes: rdflib.Graph) -> Report:
    """pyshacl's report, after checking that the fast engine reports exactly the same."""
    quads = read_rdf_files([path])
    reference = validate_with_pyshacl(to_rdflib(quads), shapes)
    fast = shacl_core.validate(quads, shapes)
    assert sorted(v.key for v in fast.violations) == sorted(v.key for v in reference.violations), path.name
    return reference


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_conforms(path: Path, shapes: rdflib.Graph) -> None:
    report = _validate(path, shapes)
    assert report.conforms, report.text()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_is_rejected_by_its_shape(path: Path, shapes: rdflib.Graph) -> None:
    match = EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} has no '# expect: <shape> <component>' line"
    shape, component = match.groups()
    also = {f"<{other}>" for other in ALSO.findall(path.read_text(encoding="utf-8"))}
    report = _validate(path, shapes)
    assert not report.conforms
    found = {(v.source_shape, v.component) for v in report.violations}
    assert (f"<{shape}>", f"<{component}>") in found, report.text()
    assert {v.source_shape for v in report.violations} == {f"<{shape}>"} | also, report.text()


def test_every_constraint_of_every_shape_has_an_invalid_fixture(shapes: rdflib.Graph) -> None:
    covered = {EXPECT.search(path.read_text(encoding="utf-8")).groups() for path in INVALID}  # type: ignore[union-attr]
    declared = set()
    for shape in shapes.subjects(rdflib.RDF.type, SH.PropertyShape):
        for parameter, component in COMPONENTS.items():
            if (shape, SH[parameter], None) in shapes:
                declared.add((str(shape), f"{SH}{component}ConstraintComponent"))
    for shape in shapes.subjects(rdflib.RDF.type, SH.NodeShape):
        for parameter, component in NODE_COMPONENTS.items():
            if (shape, SH[parameter], None) in shapes:
                declared.add((str(shape), f"{SH}{component}ConstraintComponent"))
    unknown = {str(p) for _, p, _ in shapes.triples((None, None, None)) if str(p).startswith(str(SH))} - {
        f"{SH}{name}"
        for name in [
            *COMPONENTS,
            "path",
            "targetClass",
            "targetObjectsOf",
            "targetSubjectsOf",
            "property",
            "message",
            "inversePath",
            "alternativePath",
            *NODE_COMPONENTS,
            "ignoredProperties",
            "select",
            "prefixes",
            "declare",
            "prefix",
            "namespace",
        ]
    }
    assert not unknown, f"shapes use SHACL parameters this coverage test does not know: {unknown}"
    assert declared - covered == set()


def test_every_shape_has_a_message(shapes: rdflib.Graph) -> None:
    all_shapes = set(shapes.subjects(rdflib.RDF.type, SH.NodeShape)) | set(
        shapes.subjects(rdflib.RDF.type, SH.PropertyShape)
    )
    assert all_shapes
    assert [s for s in all_shapes if (s, SH.message, None) not in shapes] == []
    assert [s for s in all_shapes if isinstance(s, rdflib.BNode)] == []


def test_shapes_conform_to_shacl_for_shacl(shapes: rdflib.Graph) -> None:
    conforms, text = shapes_conform_to_shacl_shacl(shapes)
    assert conforms, text


def test_invalid_fixtures_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("generate_invalid", HERE / "generate_invalid.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import yaml

    entries = yaml.safe_load((HERE / "mutations.yaml").read_text(encoding="utf-8"))
    expected = dict(module.render(entry) for entry in entries)
    actual = {path.name: path.read_text(encoding="utf-8") for path in INVALID}
    assert actual == expected, "run: python tests/shapes/generate_invalid.py"


def test_fast_engine_refuses_a_sparql_constraint_its_twin_was_not_written_for(shapes: rdflib.Graph) -> None:
    """A changed query (or a new one) must stop the fast engine, never run a stale twin."""
    constraint = rdflib.URIRef("https://w3id.org/claimgraph/shapes#HedgeBound-sparql")
    changed = rdflib.Graph()
    for triple in shapes:
        changed.add(triple)
    query = str(changed.value(constraint, SH.select))
    changed.set((constraint, SH.select, rdflib.Literal(query.replace("FILTER NOT EXISTS", "FILTER EXISTS"))))
    with pytest.raises(UnsupportedShape, match="its query changed"):
        shacl_core.validate([], changed)
    changed.set((constraint, SH.select, rdflib.Literal(query)))
    renamed = rdflib.URIRef("https://w3id.org/claimgraph/shapes#Unknown-sparql")
    for predicate, obj in list(shapes.predicate_objects(constraint)):
        changed.add((renamed, predicate, obj))
    changed.add((rdflib.URIRef("https://w3id.org/claimgraph/shapes#HedgeBoundShape"), SH.sparql, renamed))
    with pytest.raises(UnsupportedShape, match="no twin"):
        shacl_core.validate([], changed)
