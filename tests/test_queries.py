"""Every query of the library returns its exact rows on the seed article's graph, and
parameters are bound as parsed RDF terms, never pasted into the query text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pyoxigraph import RdfFormat, Store, parse

from kg.cli import main
from kg.config import Project
from kg.graph import build_project
from kg.publish import publish
from kg.queries import (
    Param,
    QueryError,
    bind,
    catalogue,
    catalogue_markdown,
    check_form,
    find,
    format_result,
    run_embedded,
    short,
    to_term,
)
from kg.sources import reference, seed

H = "claim:hindustan-times-101748940320598-"


@pytest.fixture(scope="module")
def seed_store(project: Project) -> Store:
    """The reference data and the seed article only: the rows below are the article's."""
    from kg.queries import load_store

    return load_store(quads=build_project(project, [reference, seed]).quads)


def run(
    store: Store, project: Project, name: str, **params: str
) -> tuple[tuple[str, ...], list[tuple[str | None, ...]]]:
    result = run_embedded(store, bind(find(project.queries_dir, name), params))
    rows = [tuple(short(term).replace(H, "H:") if term else None for term in row) for row in result.rows]
    return result.variables, rows


EXPECTED = {
    "breakdown-vs-headline": (
        ("headline", "claimant", "period", "value", "hedge", "parts", "hedgedParts", "sumOfParts", "difference"),
        [
            (
                "H:ru-mod-troops-total-tass",
                "Russian Ministry of Defence",
                "day's report to 2025-06-02",
                "1430",
                "over",
                "6",
                "6",
                "1430",
                "0",
            ),
        ],
    ),
    "claims-around-date": (
        (
            "statedOn",
            "claimant",
            "lossesOf",
            "category",
            "heading",
            "value",
            "hedge",
            "periodKind",
            "periodEnd",
            "claim",
        ),
        [
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "armored combat vehicles",
                "armoured vehicles other than tanks",
                "5",
                "no hedge",
                None,
                None,
                "H:ru-mod-centre-armored-combat-vehicles",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "armored combat vehicles",
                "armoured vehicles other than tanks",
                "2",
                "no hedge",
                None,
                None,
                "H:ru-mod-east-armored-combat-vehicles",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "armored combat vehicles",
                "armoured vehicles other than tanks",
                "1",
                "no hedge",
                None,
                None,
                "H:ru-mod-north-armored-combat-vehicles",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "armored combat vehicles",
                "armoured vehicles other than tanks",
                "5",
                "no hedge",
                None,
                None,
                "H:ru-mod-south-armored-combat-vehicles",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "armored combat vehicles",
                "armoured vehicles other than tanks",
                "3",
                "no hedge",
                None,
                None,
                "H:ru-mod-west-armored-combat-vehicles",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "artillery guns",
                "artillery",
                "4",
                "no hedge",
                None,
                None,
                "H:ru-mod-dnepr-artillery-guns",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "475",
                "about",
                "day",
                "2025-06-02",
                "H:ru-mod-centre-troops",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "80",
                "over",
                "day",
                "2025-06-02",
                "H:ru-mod-dnepr-troops",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "150",
                "over",
                "day",
                "2025-06-02",
                "H:ru-mod-east-troops",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "245",
                "over",
                "day",
                "2025-06-02",
                "H:ru-mod-north-troops",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "275",
                "over",
                "day",
                "2025-06-02",
                "H:ru-mod-south-troops",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "1430",
                "over",
                "day",
                "2025-06-02",
                "H:ru-mod-troops-total-tass",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "205",
                "over",
                "day",
                "2025-06-02",
                "H:ru-mod-west-troops",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "tanks",
                "tanks",
                "2",
                "no hedge",
                None,
                None,
                "H:ru-mod-north-tanks",
            ),
            (
                "2025-06-02",
                "Russian Ministry of Defence",
                "Ukraine",
                "tanks",
                "tanks",
                "2",
                "no hedge",
                None,
                None,
                "H:ru-mod-west-tanks",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "air defense systems",
                "air defence systems",
                "1176",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-air-defense-systems",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "armored fighting vehicles",
                "armoured vehicles other than tanks",
                "22671",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-armored-fighting-vehicles",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "artillery systems",
                "artillery",
                "28623",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-artillery-systems",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "airplanes",
                "fixed-wing aircraft",
                "384",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-airplanes",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "helicopters",
                "helicopters",
                "336",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-helicopters",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "multiple launch rocket systems",
                "multiple launch rocket systems",
                "1402",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-multiple-launch-rocket-systems",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "ships and boats",
                "naval vessels",
                "28",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-ships-and-boats",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "personnel",
                "personnel",
                "990800",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-personnel",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "personnel",
                "personnel",
                "1000000",
                "nearly",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-personnel-nearly-one-million",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "personnel",
                "personnel",
                "1100",
                "no hedge",
                "day",
                "2025-06-03",
                "H:ua-gs-personnel-past-24-hours",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "submarines",
                "submarines",
                "1",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-submarines",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "tanks",
                "tanks",
                "10881",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-tanks",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "vehicles and fuel tanks",
                "unarmoured vehicles",
                "50607",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-vehicles-and-fuel-tanks",
            ),
            (
                "2025-06-03",
                "General Staff of the Armed Forces of Ukraine",
                "Russia",
                "drones",
                "unmanned aerial vehicles",
                "38748",
                "no hedge",
                "cumulative",
                "2025-06-03",
                "H:ua-gs-drones",
            ),
            (
                "2025-06-03",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "personnel",
                "1400",
                "about",
                "day",
                "2025-06-03",
                "H:ru-mod-troops-total-tuesday",
            ),
        ],
    ),
    "claims-by-claimant": (
        (
            "claim",
            "value",
            "hedge",
            "hedgeAsStated",
            "lossesOf",
            "category",
            "formation",
            "periodEnd",
            "statedOn",
            "quote",
        ),
        [
            (
                "H:ru-mod-centre-armored-combat-vehicles",
                "5",
                "no hedge",
                None,
                "Ukraine",
                "armored combat vehicles",
                "Battlegroup Centre",
                None,
                "2025-06-02",
                "five armored combat vehicles",
            ),
            (
                "H:ru-mod-centre-troops",
                "475",
                "about",
                "roughly",
                "Ukraine",
                "troops",
                "Battlegroup Centre",
                "2025-06-02",
                "2025-06-02",
                "roughly 475 troops",
            ),
            (
                "H:ru-mod-dnepr-artillery-guns",
                "4",
                "no hedge",
                None,
                "Ukraine",
                "artillery guns",
                "Battlegroup Dnepr",
                None,
                "2025-06-02",
                "four artillery guns",
            ),
            (
                "H:ru-mod-dnepr-troops",
                "80",
                "over",
                "over",
                "Ukraine",
                "troops",
                "Battlegroup Dnepr",
                "2025-06-02",
                "2025-06-02",
                "over 80 troops",
            ),
            (
                "H:ru-mod-east-armored-combat-vehicles",
                "2",
                "no hedge",
                None,
                "Ukraine",
                "armored combat vehicles",
                "Battlegroup East",
                None,
                "2025-06-02",
                "two armored combat vehicles",
            ),
            (
                "H:ru-mod-east-troops",
                "150",
                "over",
                "over",
                "Ukraine",
                "troops",
                "Battlegroup East",
                "2025-06-02",
                "2025-06-02",
                "over 150 troops",
            ),
            (
                "H:ru-mod-north-armored-combat-vehicles",
                "1",
                "no hedge",
                None,
                "Ukraine",
                "armored combat vehicles",
                "Battlegroup North",
                None,
                "2025-06-02",
                "an armored combat vehicle",
            ),
            (
                "H:ru-mod-north-tanks",
                "2",
                "no hedge",
                None,
                "Ukraine",
                "tanks",
                "Battlegroup North",
                None,
                "2025-06-02",
                "two tanks",
            ),
            (
                "H:ru-mod-north-troops",
                "245",
                "over",
                "over",
                "Ukraine",
                "troops",
                "Battlegroup North",
                "2025-06-02",
                "2025-06-02",
                "over 245 troops",
            ),
            (
                "H:ru-mod-south-armored-combat-vehicles",
                "5",
                "no hedge",
                None,
                "Ukraine",
                "armored combat vehicles",
                "Battlegroup South",
                None,
                "2025-06-02",
                "five armored combat vehicles",
            ),
            (
                "H:ru-mod-south-troops",
                "275",
                "over",
                "over",
                "Ukraine",
                "troops",
                "Battlegroup South",
                "2025-06-02",
                "2025-06-02",
                "over 275 troops",
            ),
            (
                "H:ru-mod-troops-total-tass",
                "1430",
                "over",
                "over",
                "Ukraine",
                "troops",
                None,
                "2025-06-02",
                "2025-06-02",
                "over 1,430 troops in battles with Russian forces at the frontline in the past 24 hours",
            ),
            (
                "H:ru-mod-west-armored-combat-vehicles",
                "3",
                "no hedge",
                None,
                "Ukraine",
                "armored combat vehicles",
                "Battlegroup West",
                None,
                "2025-06-02",
                "three armored combat vehicles",
            ),
            (
                "H:ru-mod-west-tanks",
                "2",
                "no hedge",
                None,
                "Ukraine",
                "tanks",
                "Battlegroup West",
                None,
                "2025-06-02",
                "two tanks",
            ),
            (
                "H:ru-mod-west-troops",
                "205",
                "over",
                "Over",
                "Ukraine",
                "troops",
                "Battlegroup West",
                "2025-06-02",
                "2025-06-02",
                "Over 205 troops",
            ),
            (
                "H:ru-mod-troops-total-tuesday",
                "1400",
                "about",
                "around",
                "Ukraine",
                "troops",
                None,
                "2025-06-03",
                "2025-06-03",
                "around 1,400 Ukrainian soldiers in the past 24 hours",
            ),
        ],
    ),
    "formation-claims": (
        ("claim", "claimant", "lossesOf", "category", "value", "hedge", "periodEnd", "statedOn", "source"),
        [
            (
                "H:ru-mod-north-armored-combat-vehicles",
                "Russian Ministry of Defence",
                "Ukraine",
                "armored combat vehicles",
                "1",
                "no hedge",
                None,
                "2025-06-02",
                "source:hindustan-times-101748940320598",
            ),
            (
                "H:ru-mod-north-tanks",
                "Russian Ministry of Defence",
                "Ukraine",
                "tanks",
                "2",
                "no hedge",
                None,
                "2025-06-02",
                "source:hindustan-times-101748940320598",
            ),
            (
                "H:ru-mod-north-troops",
                "Russian Ministry of Defence",
                "Ukraine",
                "troops",
                "245",
                "over",
                "2025-06-02",
                "2025-06-02",
                "source:hindustan-times-101748940320598",
            ),
        ],
    ),
    "relay-chain": (
        ("hopsToOrigin", "source", "agent", "role", "date"),
        [
            ("2", "source:hindustan-times-101748940320598", "Hindustan Times", "cg:reporter", None),
            ("1", "source:tass-relay-of-ru-mod-statement-2025-06-02", "TASS", "cg:relay", None),
            ("0", "source:ru-mod-statement-2025-06-02", "Russian Ministry of Defence", "cg:originator", "2025-06-02"),
        ],
    ),
    "talks-outcomes": (
        (
            "talks",
            "roundNumber",
            "roundDate",
            "place",
            "stage",
            "outcome",
            "value",
            "hedge",
            "claimant",
            "quote",
            "claim",
        ),
        [
            (
                "Russia–Ukraine talks in Istanbul",
                "1",
                None,
                "Istanbul",
                "agreed",
                "prisoner exchange",
                None,
                None,
                "Hindustan Times",
                "both countries agreed to a prisoner swap deal",
                "H:istanbul-round-1-prisoner-swap",
            ),
            (
                "Russia–Ukraine talks in Istanbul",
                "1",
                None,
                "Istanbul",
                "agreed",
                "return of remains",
                "6000",
                "no hedge",
                "Hindustan Times",
                "will release the remains of 6,000 soldiers killed in combat",
                "H:istanbul-round-1-remains",
            ),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_returns_its_exact_rows_on_the_seed(seed_store: Store, project: Project, name: str) -> None:
    variables, rows = EXPECTED[name]
    assert run(seed_store, project, name) == (variables, rows)


def test_every_query_in_the_library_is_tested_and_documented(project: Project) -> None:
    queries = catalogue(project.queries_dir)
    assert {q.name for q in queries} >= set(EXPECTED)
    for query in queries:
        assert query.title and query.question and query.row
        for param in query.params:
            assert param.default is not None and param.doc, (query.name, param)


def test_parameters_select_other_rows(seed_store: Store, project: Project) -> None:
    _, rows = run(seed_store, project, "formation-claims", formation="formation:russian-battlegroup-dnepr")
    assert [(row[3], row[4], row[5]) for row in rows] == [("artillery guns", "4", "no hedge"), ("troops", "80", "over")]
    _, rows = run(
        seed_store, project, "claims-by-claimant", claimant="https://w3id.org/claimgraph/id/agent/ua-general-staff"
    )
    assert len(rows) == 15  # the 14 figures of the June 3 report and the section's subheading
    _, rows = run(seed_store, project, "claims-around-date", **{"from": "2025-06-03", "to": "2025-06-03"})
    assert {row[1] for row in rows} == {"General Staff of the Armed Forces of Ukraine", "Russian Ministry of Defence"}
    assert len(rows) == 15


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("formation-claims", {"formation": "x> } ?s ?p ?o { <y"}, "not a valid iri"),
        ("claims-around-date", {"from": '2025-06-01" || true || "'}, "not a valid date"),
        ("claims-around-date", {"since": "2025-06-01"}, "has no parameter since"),
        ("no-such-query", {}, "no query named"),
        ("../queries/relay-chain", {}, "no query named"),
        ("/etc/passwd", {}, "no query named"),
    ],
)
def test_bad_parameters_are_refused_not_pasted(
    project: Project, name: str, params: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        bind(find(project.queries_dir, name), params)


def test_string_parameters_become_escaped_literals() -> None:
    term = to_term(Param("label", "string", None, ""), 'x" } ; DROP ALL ; #')
    assert str(term) == '"x\\" } ; DROP ALL ; #"'


def test_bound_values_are_a_values_block_of_terms(project: Project) -> None:
    text = bind(find(project.queries_dir, "relay-chain"), {"claim": "claim:abc"})
    assert "VALUES (?claim) { (<https://w3id.org/claimgraph/id/claim/abc>) }" in text


def test_output_formats(seed_store: Store, project: Project) -> None:
    result = run_embedded(seed_store, bind(find(project.queries_dir, "breakdown-vs-headline"), {}))
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[0] == "headline,claimant,period,value,hedge,parts,hedgedParts,sumOfParts,difference"
    assert "Russian Ministry of Defence,day's report to 2025-06-02,1430,over,6" in csv_text
    import json

    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"][0] == "headline"
    first = data["results"]["bindings"][0]
    assert first["value"] == {
        "type": "literal",
        "value": "1430",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert first["headline"]["type"] == "uri"
    table = format_result(result, "table")
    assert table.splitlines()[-1] == "(1 row)"


def test_the_catalogue_readme_is_generated_from_the_release(store: Store, project: Project) -> None:
    """queries/README.md shows real rows of the current release: regenerate it when they change."""
    expected = catalogue_markdown(catalogue(project.queries_dir), store)
    actual = (project.queries_dir / "README.md").read_text(encoding="utf-8")
    assert actual == expected, "run: kg publish && kg query --write-readme"


# ------------------------------------------------------------ the command ----


@pytest.fixture(scope="module")
def sample_release(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(Project(sample_root), tmp_path_factory.mktemp("sample-release") / "public").out


def kg(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_csv_ends_with_one_crlf_after_the_last_record(sample_release: Path) -> None:
    result = kg("query", "statement-relays", "--release", str(sample_release), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    assert data.endswith(b"\r\n") and not data.endswith(b"\r\n\r\n") and not data.endswith(b"\n\n")
    records = data.split(b"\r\n")
    assert records[-1] == b"" and all(records[:-1])
    assert b"\n" not in b"".join(records)


def test_own_select_from_a_file_and_from_text_give_the_librarys_rows(sample_release: Path, project: Project) -> None:
    library = kg("query", "formation-claims", "--release", str(sample_release), "--format", "json")
    assert library.exit_code == 0, library.stderr
    own = Path(sample_release.parent / "mine.rq")
    own.write_text(find(project.queries_dir, "formation-claims").text, encoding="utf-8")
    from_file = kg(
        "query",
        "--file",
        str(own),
        "-p",
        "formation=formation:russian-battlegroup-north",
        "--release",
        str(sample_release),
        "--format",
        "json",
    )
    assert from_file.exit_code == 0, from_file.stderr
    assert json.loads(from_file.stdout) == json.loads(library.stdout)
    assert json.loads(library.stdout)["results"]["bindings"], "the comparison needs rows"
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?claim a <https://w3id.org/claimgraph/ontology#LossClaim> }"
    counted = kg("query", "--sparql", text, "--release", str(sample_release), "--format", "csv")
    assert counted.exit_code == 0, counted.stderr
    assert int(counted.stdout.splitlines()[1]) > 100


def test_ask_in_every_row_format(sample_release: Path) -> None:
    ask = "ASK { ?s <http://www.w3.org/ns/prov#wasQuotedFrom> ?o }"
    answers = {
        fmt: kg("query", "--sparql", ask, "--release", str(sample_release), "--format", fmt)
        for fmt in ("table", "csv", "json")
    }
    assert all(answer.exit_code == 0 for answer in answers.values())
    assert answers["table"].stdout == "yes\n"
    assert answers["csv"].stdout_bytes == b"_askResult\r\ntrue\r\n"
    assert json.loads(answers["json"].stdout) == {"head": {}, "boolean": True}
    no = kg("query", "--sparql", "ASK { ?s a <urn:nothing> }", "--release", str(sample_release), "--format", "json")
    assert json.loads(no.stdout)["boolean"] is False


def test_construct_and_describe_write_turtle_or_ntriples(sample_release: Path) -> None:
    construct = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?agent rdfs:label ?label } WHERE { ?agent a <http://www.w3.org/ns/prov#Agent> ; rdfs:label ?label }"
    )
    turtle = kg("query", "--sparql", construct, "--release", str(sample_release))
    ntriples = kg("query", "--sparql", construct, "--release", str(sample_release), "--format", "nt")
    assert turtle.exit_code == 0 and ntriples.exit_code == 0, turtle.stderr + ntriples.stderr
    from_turtle = set(parse(turtle.stdout_bytes, RdfFormat.TURTLE))
    from_ntriples = set(parse(ntriples.stdout_bytes, RdfFormat.N_TRIPLES))
    assert from_turtle == from_ntriples and len(from_turtle) > 5
    assert "@prefix rdfs:" in turtle.stdout and "@prefix oa:" not in turtle.stdout
    tass = "https://w3id.org/claimgraph/id/agent/tass"
    described = kg("query", "--sparql", f"DESCRIBE <{tass}>", "--release", str(sample_release), "--format", "nt")
    assert described.exit_code == 0, described.stderr
    assert {str(quad.subject) for quad in parse(described.stdout_bytes, RdfFormat.N_TRIPLES)} == {f"<{tass}>"}


@pytest.mark.parametrize(
    ("query", "fmt", "message"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?o }", "csv", "a CONSTRUCT query gives triples: use --format ttl or nt, not csv"),
        ("SELECT * WHERE { ?s ?p ?o }", "ttl", "a SELECT query gives rows: use --format table, csv, json, not ttl"),
        ("ASK { ?s ?p ?o }", "nt", "an ASK query gives a boolean"),
        ("SELECT * WHERE { ?s ?p ", "table", "the --sparql query is not a SPARQL query: line 1"),
        (
            "CLEAR DEFAULT",
            "table",
            "the --sparql query is a SPARQL update; kg query runs only SELECT, ASK, CONSTRUCT and DESCRIBE",
        ),
    ],
)
def test_own_queries_are_checked_before_they_run(sample_release: Path, query: str, fmt: str, message: str) -> None:
    result = kg("query", "--sparql", query, "--release", str(sample_release), "--format", fmt)
    assert result.exit_code == 2
    assert message in result.stderr


def test_one_query_at_a_time(sample_release: Path) -> None:
    result = kg("query", "relay-chain", "--sparql", "ASK {}", "--release", str(sample_release))
    assert result.exit_code == 2
    assert "give one query" in result.stderr


def test_every_library_query_is_a_select(project: Project) -> None:
    for query in catalogue(project.queries_dir):
        assert check_form(bind(query, {}), query.origin) == "SELECT", query.name


def test_write_readme_writes_into_the_project_tree_it_runs_in(sample_copy: Project, tmp_path: Path) -> None:
    readme = sample_copy.queries_dir / "README.md"
    readme.unlink()
    result = kg("--project", str(sample_copy.root), "query", "--write-readme", "--release", str(tmp_path / "none"))
    assert result.exit_code == 0, result.stderr
    assert readme.read_text(encoding="utf-8").startswith("# The query library")
    assert str(readme) in result.stdout


def test_write_readme_refuses_the_bundled_copy(
    sample_copy: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundled = Project(sample_copy.root, bundled=True)
    monkeypatch.setattr("kg.cli.default_project", lambda *args: bundled)
    before = (bundled.queries_dir / "README.md").read_bytes()
    result = kg("query", "--write-readme", "--release", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "is the copy bundled with the installed package" in result.stderr
    assert (bundled.queries_dir / "README.md").read_bytes() == before
