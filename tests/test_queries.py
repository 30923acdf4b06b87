"""Every query of the library returns its exact rows on the seed article's graph, and
parameters are bound as parsed RDF terms, never pasted into the query text."""

from __future__ import annotations

import pytest
from pyoxigraph import Store

from kg.config import Project
from kg.graph import build_project
from kg.queries import (
    Param,
    QueryError,
    bind,
    catalogue,
    catalogue_markdown,
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
        ("headline", "claimant", "value", "hedge", "parts", "hedgedParts", "sumOfParts", "difference"),
        [
            ("H:ru-mod-troops-total-tass", "Russian Ministry of Defence", "1430", "over", "6", "6", "1430", "0"),
            (
                "H:ua-gs-personnel",
                "General Staff of the Armed Forces of Ukraine",
                "990800",
                "no hedge",
                "1",
                "0",
                "1100",
                "989700",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "day",
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
                "2025-06-02",
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
        ("talks", "roundNumber", "roundDate", "place", "outcome", "value", "hedge", "claimant", "quote", "claim"),
        [
            (
                "Russia–Ukraine talks in Istanbul",
                "1",
                None,
                "Istanbul",
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
    assert len(rows) == 14
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
    assert csv_text.splitlines()[0] == "headline,claimant,value,hedge,parts,hedgedParts,sumOfParts,difference"
    assert "Russian Ministry of Defence,1430,over,6" in csv_text
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
    assert table.splitlines()[-1] == "(2 rows)"


def test_the_catalogue_readme_is_generated_from_the_release(store: Store, project: Project) -> None:
    """queries/README.md shows real rows of the current release: regenerate it when they change."""
    expected = catalogue_markdown(catalogue(project.queries_dir), store)
    actual = (project.queries_dir / "README.md").read_text(encoding="utf-8")
    assert actual == expected, "run: kg publish && kg query --write-readme"
