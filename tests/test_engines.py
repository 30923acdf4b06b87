"""The fast validator (kg.shacl_core) reports exactly what pyshacl, the reference, reports.

The shape fixtures are compared in test_shapes.py. Here the input is real data: the sample
project (every dataset, the fortnight around the seed) as built, with the source texts its
quotes are in (as kg validate adds them), and the same data damaged
in ways that break many rules at once (triples dropped, numbers negated, dates moved past
their statement, strings emptied, extra links to wrong things), so that thousands of
violations of most constraint kinds must match one for one. pyshacl on the full release
takes minutes, which is why the suite compares on the sample; bench/run.py --engines
compares the two on the full release.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib

from kg import shacl_core
from kg.config import Project
from kg.graph import build_project
from kg.validate import CHARS, Report, load_shapes, source_texts, to_rdflib, validate_with_pyshacl
from kg.vocab import Quad

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {f"^^<{XSD}{name}>" for name in ("integer", "nonNegativeInteger", "decimal")}


@pytest.fixture(scope="module")
def sample_quads(sample_root: Path) -> list[Quad]:
    project = Project(sample_root)
    quads = build_project(project).quads
    texts = source_texts(quads, project)
    assert texts, "the sample has no source text: the quote shapes would check no words"
    return [*quads, *texts]


@pytest.fixture(scope="module")
def shapes(sample_root: Path) -> rdflib.Graph:
    return load_shapes(Project(sample_root).shapes_file)


def damaged(quads: list[Quad]) -> list[Quad]:
    """Every 53rd quad dropped, every 7th literal spoiled, every 11th link doubled to its own subject.

    The source texts stay whole: they stand for the repository's files, which the damage
    does not reach; the quotes' words and offsets are checked against them.
    """
    out: list[Quad] = [quad for quad in quads if quad[1] == CHARS]
    for number, (subject, predicate, obj, graph) in enumerate(quads):
        if number % 53 == 0 or predicate == CHARS:
            continue
        if number % 7 == 0 and obj.startswith('"'):
            obj = _spoiled(obj)
        elif number % 11 == 0 and obj.startswith("<"):
            out.append((subject, predicate, obj, graph))
            obj = subject
        out.append((subject, predicate, obj, graph))
    return out


def _spoiled(literal: str) -> str:
    lexical, _, suffix = literal[1:].rpartition('"')
    if suffix in NUMBERS:
        return f'"-{lexical}"^^<{XSD}integer>'
    if suffix == f"^^<{XSD}date>":
        return f'"2099-{lexical[5:]}"^^<{XSD}date>'
    if suffix.startswith("^^<"):
        return f'"{lexical}"'
    return '""'


def _same_reports(fast: Report, reference: Report) -> None:
    assert sorted(v.key for v in fast.violations) == sorted(v.key for v in reference.violations)


def test_engines_agree_on_the_real_sample(sample_quads: list[Quad], shapes: rdflib.Graph) -> None:
    reference = validate_with_pyshacl(to_rdflib(sample_quads), shapes)
    _same_reports(shacl_core.validate(sample_quads, shapes), reference)
    assert reference.conforms, reference.text()


def test_engines_agree_on_damaged_real_data(sample_quads: list[Quad], shapes: rdflib.Graph) -> None:
    broken = damaged(sample_quads)
    reference = validate_with_pyshacl(to_rdflib(broken), shapes)
    components = Counter(
        v.component.rsplit("#", 1)[1].removesuffix("ConstraintComponent>") for v in reference.violations
    )
    assert len(reference.violations) > 5000
    assert {
        "Class",
        "MaxCount",
        "MinCount",
        "Datatype",
        "MinInclusive",
        "MinLength",
        "LessThanOrEquals",
        "Pattern",
        "In",
        "LessThan",
        "Or",
        "SPARQL",
    } <= set(components)
    _same_reports(shacl_core.validate(broken, shapes), reference)
