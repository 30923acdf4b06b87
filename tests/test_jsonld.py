"""The release's JSON-LD: read through its published context it gives exactly the N-Triples
graph, a claim reads as plain keys and values, and the terms follow the ontology and shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import RdfFormat, parse, serialize
from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic

from kg.config import BASE, NAMESPACES, Project
from kg.jsonld import write_jsonld, write_jsonld_file
from kg.jsonld_terms import ID, LANGUAGE, STRING, TYPED, derive_terms, project_terms
from kg.publish import Summary, publish

CG, XSD, RDFS = NAMESPACES["cg"], NAMESPACES["xsd"], NAMESPACES["rdfs"]
CLAIM = BASE + "id/claim/"
SEED_CLAIM = "hindustan-times-101748940320598-ru-mod-troops-total-tass"


@pytest.fixture(scope="module")
def sample_release(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Summary:
    return publish(Project(sample_root), tmp_path_factory.mktemp("jsonld") / "public")


def _published(release: Summary) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dump and the context file, as JSON."""
    dump = json.loads((release.out / "claimgraph.jsonld").read_text(encoding="utf-8"))
    context = json.loads((release.out / "context.jsonld").read_text(encoding="utf-8"))
    return dump, context


def _claims(dump: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims (a retired claim URI's tombstone has the same URI space but is not a claim)."""
    return [node for node in dump["@graph"] if "Claim" in node.get("@type", [])]


def test_the_dump_read_with_the_published_context_is_the_ntriples_graph(sample_release: Summary) -> None:
    """rdflib reads the dump with the context of context.jsonld (what a loader of the published
    address gets) and finds the N-Triples dump's graph, triple for triple."""
    dump, context = _published(sample_release)
    assert dump["@context"] == context["@context"]  # the dump embeds the published context
    dump["@context"] = context["@context"]
    from_jsonld = Graph().parse(data=json.dumps(dump), format="json-ld")
    from_ntriples = Graph().parse(sample_release.out / "claimgraph.nt", format="nt")
    assert len(from_jsonld) == len(from_ntriples) == sample_release.triples
    assert to_isomorphic(from_jsonld) == to_isomorphic(from_ntriples)


def test_a_claim_reads_as_plain_keys_and_values(sample_release: Summary) -> None:
    dump, _ = _published(sample_release)
    claims = _claims(dump)
    assert len(claims) == sample_release.claims
    for claim in claims:
        text = json.dumps(claim)
        assert '"@value"' not in text and '"@language"' not in text, text
        assert not [key for key in claim if key.startswith(("http://", "https://"))], text
    # the seed's "over 1,430" claim, each value as the N-Triples dump states it
    claim = next(claim for claim in claims if claim["@id"] == "cgid:claim/" + SEED_CLAIM)
    stated = Graph().parse(sample_release.out / "claimgraph.nt", format="nt")
    subject = URIRef(CLAIM + SEED_CLAIM)

    def one(predicate: str) -> Any:
        (value,) = stated.objects(subject, URIRef(predicate))
        return value

    assert claim["@type"] == ["Claim", "LossClaim"]
    assert claim["value"] == one(CG + "value").toPython() and isinstance(claim["value"], int)
    assert claim["minExclusive"] == one(CG + "minExclusive").toPython()
    assert claim["claimant"] == "cgid:" + one(CG + "claimant").removeprefix(BASE + "id/")
    assert claim["period"] == "cgid:" + one(CG + "period").removeprefix(BASE + "id/")
    assert claim["statedOn"] == str(one(CG + "statedOn"))
    assert claim["hedgeAsStated"] == {one(CG + "hedgeAsStated").language: str(one(CG + "hedgeAsStated"))}
    assert claim["periodAsStated"] == str(one(CG + "periodAsStated"))
    assert claim["rdfs:label"] == {"en": str(one(RDFS + "label"))}
    sources = sorted(str(source) for source in stated.objects(subject, URIRef(NAMESPACES["dcterms"] + "source")))
    assert claim["dcterms:source"] == ["cgid:" + source.removeprefix(BASE + "id/") for source in sources]


def test_the_dump_is_byte_deterministic(sample_release: Summary, tmp_path: Path) -> None:
    """Written again from the release's own N-Triples, ontology and shapes: the same bytes."""
    folder = sample_release.out
    terms = derive_terms(folder / "ontology" / "claimgraph.ttl", folder / "shapes" / "claimgraph-shapes.ttl")
    again = tmp_path / "again.jsonld"
    write_jsonld_file(folder / "claimgraph.nt", again, terms)
    assert again.read_bytes() == (folder / "claimgraph.jsonld").read_bytes()


ODD_VALUES = [
    # values each term does not describe: expanded under the property's IRI, and still the same triples
    f'<{CLAIM}x> <{CG}claimant> "a literal where an IRI is expected" .\n',
    f"<{CLAIM}x> <{CG}claimant> <{BASE}id/agent/a> .\n",
    f'<{CLAIM}x> <{CG}hedgeAsStated> "no language" .\n',
    f'<{CLAIM}x> <{CG}hedgeAsStated> "over"@en .\n',
    f'<{CLAIM}x> <{CG}hedgeAsStated> "более"@ru .\n',
    f'<{CLAIM}x> <{CG}periodAsStated> "a day"@en .\n',
    f'<{CLAIM}x> <{CG}statedOn> "2025"^^<{XSD}gYear> .\n',
    f'<{CLAIM}x> <{CG}value> "007"^^<{XSD}integer> .\n',
    f'<{CLAIM}x> <{CG}value> "12.5"^^<{XSD}decimal> .\n',
    f'<{CLAIM}x> <{CG}value> "123456789012345678901234"^^<{XSD}integer> .\n',
    f'<{CLAIM}x> <{CG}value> "-0"^^<{XSD}integer> .\n',
    f'<{CLAIM}x> <{CG}value> "-42"^^<{XSD}integer> .\n',
    f'<{CLAIM}x> <{NAMESPACES["rdf"]}type> "a literal type" .\n',
    f"<{CLAIM}x> <{NAMESPACES['rdf']}type> <{CG}Claim> .\n",
    f'<{CLAIM}x> <{RDFS}label> "first"@en .\n',
    f'<{CLAIM}x> <{RDFS}label> "second"@en .\n',
    f'<{CLAIM}x> <{RDFS}label> "x"@ru-Latn .\n',
    f'<{CLAIM}x> <http://example.org/undeclared> "plain" .\n',
    f"<{CLAIM}x> <http://example.org/undeclared> <http://example.org/y> .\n",
]


def test_values_the_terms_do_not_describe_round_trip(project: Project, tmp_path: Path) -> None:
    lines = sorted(ODD_VALUES)
    out = tmp_path / "odd.jsonld"
    write_jsonld(lines, out, project_terms(project))
    expected = Graph().parse(data="".join(lines), format="nt")
    assert to_isomorphic(Graph().parse(out, format="json-ld")) == to_isomorphic(expected)
    strict = serialize(parse(path=str(out), format=RdfFormat.JSON_LD), format=RdfFormat.N_TRIPLES) or b""
    canonical = serialize(parse(input="".join(lines).encode(), format=RdfFormat.N_TRIPLES), format=RdfFormat.N_TRIPLES)
    assert sorted(strict.splitlines()) == sorted((canonical or b"").splitlines())
    node = json.loads(out.read_text(encoding="utf-8"))["@graph"][0]
    assert node["claimant"] == "cgid:agent/a"
    assert node[CG + "claimant"] == ["a literal where an IRI is expected"]
    assert node["hedgeAsStated"] == {"en": "over", "ru": "более"}
    assert node["rdfs:label"] == {"en": ["first", "second"], "ru-Latn": "x"}
    assert -42 in node["value"] and "007" in node["value"]  # a JSON number only where it is canonical


def _turtle(path: Path, text: str) -> Path:
    prefixes = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in NAMESPACES.items())
    path.write_text(prefixes + text, encoding="utf-8")
    return path


def test_terms_come_from_the_ontology_and_the_shapes(tmp_path: Path) -> None:
    """A property added to the ontology gets its term; what the shapes require fills in the rest."""
    ontology = _turtle(
        tmp_path / "ontology.ttl",
        """
        cg:witness a owl:ObjectProperty , owl:FunctionalProperty .
        cg:reportedOn a owl:DatatypeProperty ; rdfs:range xsd:date .
        cg:note a owl:DatatypeProperty ; rdfs:range rdf:langString .
        cg:code a owl:DatatypeProperty .
        cg:time a owl:ObjectProperty .
        cg:Report a owl:Class .
        skos:scopeNote a owl:AnnotationProperty .
        """,
    )
    shapes = _turtle(
        tmp_path / "shapes.ttl",
        """
        cgsh:a sh:path cg:code ; sh:datatype xsd:string .
        cgsh:b sh:path org:memberOf ; sh:nodeKind sh:IRI .
        cgsh:c sh:path ( cg:witness cg:note ) ; sh:datatype xsd:integer .
        """,
    )
    terms = derive_terms(ontology, shapes)
    by_name = {term.name: term for term in terms.properties}
    assert (by_name["witness"].kind, by_name["witness"].single) == (ID, True)
    assert (by_name["reportedOn"].kind, by_name["reportedOn"].datatype) == (TYPED, XSD + "date")
    assert by_name["note"].kind == LANGUAGE
    assert by_name["code"].kind == STRING
    assert by_name["org:memberOf"].kind == ID
    assert by_name["skos:scopeNote"].kind == LANGUAGE
    assert "cg:time" in by_name and "time" not in by_name  # a local name that is a prefix: the compact IRI
    context = terms.context()
    assert context["Report"] == "cg:Report"
    assert context["witness"] == {"@id": "cg:witness", "@type": "@id"}
    assert context["reportedOn"] == {"@id": "cg:reportedOn", "@type": "xsd:date", "@container": "@set"}
    assert context["note"] == {"@id": "cg:note", "@container": "@language"}
