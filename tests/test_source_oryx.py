"""Oryx's counts of losses documented by photo or video (scarnecchia/oryx_data): every item
row a claim, every tally row a total with its parts by status, the compiler's final totals
accounted with the rows they repeat, and the latest-by-heading query (formerly
claimed-vs-confirmed, still runnable by that name) setting the General Staff's tanks beside
Oryx's Russian tanks through the comparison heading. Values are read by hand from the files
in data/oryx/scarnecchia/ (row numbers count the header as row 1, as RFC 7111 does)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Store
from sparql import rows

from kg.config import Project
from kg.errors import SourceError
from kg.graph import Graph, build_project
from kg.queries import bind, find, load_store, run_embedded, short
from kg.records import Batch, LossClaim, Origin
from kg.sources import oryx, reference, seed
from kg.validate import validate_quads

FOLDER = oryx.FOLDER
ID = "https://w3id.org/claimgraph/id/"


@pytest.fixture(scope="module")
def batch(project: Project) -> Batch:
    return oryx.read(project)


@pytest.fixture(scope="module")
def small_graph(project: Project) -> Graph:
    """Reference data, the seed (with the General Staff's tanks of 3 June 2025) and Oryx only."""
    return build_project(project, [reference, seed, oryx])


@pytest.fixture(scope="module")
def oryx_store(small_graph: Graph) -> Store:
    return load_store(quads=small_graph.quads)


def file_rows(project: Project, name: str) -> int:
    with (project.root / FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def claim_facts(store: Store, claim: str) -> dict[str, str | None]:
    """The values of one claim that these tests look at, by short name."""
    found = rows(
        store,
        f"""SELECT DISTINCT ?value ?status ?evidence ?recorded ?item ?side ?category ?source ?fragment
                            ?periodStart ?periodEnd ?hedge ?note
        WHERE {{
          <{ID}claim/{claim}> cg:value ?value ; cg:hedge ?hedge ; cg:lossesOf ?side ; cg:lossCategory ?category ;
              dcterms:source ?source ; cg:quote/oa:hasSelector/rdf:value ?fragment ; cg:claimant <{ID}agent/oryx> .
          OPTIONAL {{ <{ID}claim/{claim}> cg:status ?status }}
          OPTIONAL {{ <{ID}claim/{claim}> cg:evidence ?evidence }}
          OPTIONAL {{ <{ID}claim/{claim}> cg:recordedOn ?recorded }}
          OPTIONAL {{ <{ID}claim/{claim}> cg:itemAsStated ?item }}
          OPTIONAL {{ <{ID}claim/{claim}> cg:period ?period .
                     ?period time:hasBeginning/time:inXSDDate ?periodStart ; time:hasEnd/time:inXSDDate ?periodEnd }}
          OPTIONAL {{ <{ID}claim/{claim}> skos:editorialNote ?note }}
        }}""",
    )
    assert len(found) == 1, found
    names = (
        "value",
        "status",
        "evidence",
        "recorded",
        "item",
        "side",
        "category",
        "source",
        "fragment",
        "periodStart",
        "periodEnd",
        "hedge",
        "note",
    )
    return {
        name: (value.rsplit("/", 1)[-1] if value and value.startswith(ID) else value)
        for name, value in zip(names, found[0], strict=True)
    }


def claim_with_evidence(store: Store, url: str) -> list[str]:
    found = rows(store, f'SELECT ?claim WHERE {{ ?claim cg:evidence "{url}"^^xsd:anyURI }} ORDER BY ?claim')
    return [str(claim).rsplit("/", 1)[-1] for (claim,) in found]


# ------------------------------------------------------------------ the query ----


def test_latest_by_heading_pairs_general_staff_tanks_with_oryx_tanks(project: Project, oryx_store: Store) -> None:
    """GS tanks 10,881 (seed, stated 2025-06-03) beside Oryx's Russian tanks as last recorded on
    or before that day: daily_count.csv row 925, "Russia,Tanks,2946,393,533,158,4030,2025-06-01"
    (the row before is 2025-05-30, the row after 2025-06-08)."""
    result = run_embedded(oryx_store, bind(find(project.queries_dir, "latest-by-heading"), {}))
    got = [tuple(short(term) if term else None for term in row) for row in result.rows]
    seed_claim = "claim:hindustan-times-101748940320598-ua-gs-tanks"
    acv = "Losses of Armoured Combat Vehicles [Tanks, AFVs, IFVs, APCs, and MRAPs]"
    daily = "source:oryx-scarnecchia-daily-count"
    assert got == [
        (
            "Russia",
            "General Staff of the Armed Forces of Ukraine",
            "tanks",
            "exact",
            "2025-06-03",
            "10881",
            "2025-06-03",
            None,
            "source:hindustan-times-101748940320598",
            seed_claim,
        ),
        (
            "Russia",
            "Oryx",
            acv,
            "narrow",
            "2025-06-01",
            "12923",
            None,
            "2025-06-01",
            daily,
            "claim:oryx-ru-armoured-combat-vehicles-2025-06-01",
        ),
        (
            "Russia",
            "Oryx",
            "Tanks",
            "exact",
            "2025-06-01",
            "4030",
            None,
            "2025-06-01",
            daily,
            "claim:oryx-ru-tanks-2025-06-01",
        ),
        (
            "Ukraine",
            "Oryx",
            acv,
            "narrow",
            "2025-06-01",
            "4631",
            None,
            "2025-06-01",
            daily,
            "claim:oryx-ua-armoured-combat-vehicles-2025-06-01",
        ),
        (
            "Ukraine",
            "Oryx",
            "Tanks",
            "exact",
            "2025-06-01",
            "1195",
            None,
            "2025-06-01",
            daily,
            "claim:oryx-ua-tanks-2025-06-01",
        ),
    ]


def test_latest_by_heading_takes_the_latest_recording_before_the_date(project: Project, oryx_store: Store) -> None:
    """On 2025-06-07 the Russian tanks are still those of 2025-06-01; on 2025-06-08 row 926 (4041)."""
    query = find(project.queries_dir, "latest-by-heading")

    def oryx_russian_tanks(date: str) -> list[tuple[str | None, ...]]:
        result = run_embedded(oryx_store, bind(query, {"date": date}))
        return [
            (short(row[4]), short(row[5]))
            for row in result.rows
            if short(row[0]) == "Russia" and short(row[2]) == "Tanks"
        ]

    assert oryx_russian_tanks("2025-06-07") == [("2025-06-01", "4030")]
    assert oryx_russian_tanks("2025-06-08") == [("2025-06-08", "4041")]
    assert oryx_russian_tanks("2025-03-20") == []


def test_armoured_vehicles_gather_several_oryx_headings_with_their_closeness(
    project: Project, oryx_store: Store
) -> None:
    result = run_embedded(
        oryx_store,
        bind(find(project.queries_dir, "latest-by-heading"), {"category": "category:cmp-armoured-vehicles"}),
    )
    russian = [
        (short(row[1]), short(row[2]), short(row[3]), short(row[5])) for row in result.rows if short(row[0]) == "Russia"
    ]
    assert russian == [
        ("General Staff of the Armed Forces of Ukraine", "armored fighting vehicles", "close", "22671"),
        ("Oryx", "Armoured Fighting Vehicles", "broad", "2162"),
        ("Oryx", "Armoured Personnel Carriers", "broad", "667"),
        ("Oryx", "Infantry Fighting Vehicles", "broad", "6004"),
        ("Oryx", "Losses of Armoured Combat Vehicles [Tanks, AFVs, IFVs, APCs, and MRAPs]", "narrow", "12923"),
        ("Oryx", "Mine-Resistant Ambush Protected", "broad", "60"),
    ]


def test_the_old_name_claimed_vs_confirmed_still_runs_the_same_query(project: Project, oryx_store: Store) -> None:
    """The published name is an alias: the same query text after its header, the same rows."""
    old, new = find(project.queries_dir, "claimed-vs-confirmed"), find(project.queries_dir, "latest-by-heading")
    assert _after_header(old.text) == _after_header(new.text)
    assert "latest-by-heading" in old.title
    params = {"category": "category:cmp-armoured-vehicles", "date": "2025-06-03"}
    old_rows, new_rows = (run_embedded(oryx_store, bind(query, params)).rows for query in (old, new))
    assert old_rows == new_rows and len(new_rows) == 11


def _after_header(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[next(i for i, line in enumerate(lines) if not line.startswith("#")) :])


# ------------------------------------------------------------------ items ----


def test_an_item_is_a_claim_of_one_with_its_status_evidence_and_recording_date(oryx_store: Store) -> None:
    """event_destroyed.csv row 2: Russia, 'Orlan-20' ''Kartograf'' reconnaissance UAV, destroyed,
    https://i.postimg.cc/nrJ7kC7g/51.png, recorded 2022-06-26."""
    url = "https://i.postimg.cc/nrJ7kC7g/51.png"
    (claim,) = claim_with_evidence(oryx_store, url)
    assert claim.startswith("oryx-ru-destroyed-")
    assert claim_facts(oryx_store, claim) == {
        "value": "1",
        "status": "destroyed",
        "evidence": url,
        "recorded": "2022-06-26",
        "item": "'Orlan-20' ''Kartograf'' reconnaissance UAV",
        "side": "russia",
        "category": "oryx-equipment-type-not-given",
        "source": "oryx-scarnecchia-event-destroyed",
        "fragment": "row=2",
        "periodStart": None,
        "periodEnd": None,
        "hedge": "none",
        "note": None,
    }


def test_a_system_named_with_a_cyrillic_letter_is_kept_as_written_but_not_tagged_english(oryx_store: Store) -> None:
    """event_abandoned.csv row 667: "69 ZALA 421-16Е", its last letter Cyrillic (U+0415). The
    item keeps those words, tagged und (undetermined), never en; the English label spells the
    name in Latin letters."""
    url = "https://i.postimg.cc/MTzdYW9b/1023-ZALA-421-16-reconnaissance-UAV-aband-22-07-24.jpg"
    (claim,) = claim_with_evidence(oryx_store, url)
    found = rows(
        oryx_store,
        f"""SELECT ?item (LANG(?item) AS ?itemLang) ?label (LANG(?label) AS ?labelLang)
        WHERE {{ <{ID}claim/{claim}> cg:itemAsStated ?item ; rdfs:label ?label }}""",
    )
    assert found == [("ZALA 421-16\u0415", "und", "Oryx: 1 ZALA 421-16E abandoned of Russia", "en")]


def test_oryx_sources_say_they_are_in_english(oryx_store: Store) -> None:
    found = rows(
        oryx_store,
        """SELECT ?source ?language WHERE {
          ?source a cg:Source ; prov:qualifiedAttribution/prov:agent ?agent .
          FILTER (?agent IN (<https://w3id.org/claimgraph/id/agent/oryx>, <https://w3id.org/claimgraph/id/agent/scarnecchia>))
          OPTIONAL { ?source schema:inLanguage ?language }
        }""",
    )
    assert len(found) == 8
    assert {language for _, language in found} == {"en"}


def test_a_link_with_two_statuses_is_two_claims(oryx_store: Store) -> None:
    """The image of a truck "damaged and abandoned" (Russia, recorded 2025-06-01) is row 3 of
    event_abandoned.csv and a row of event_damaged.csv: one claim per status."""
    url = "https://i.postimg.cc/XYgCL8QP/1017-Unknown-truck-dam-aband-24-05-25.jpg"
    claims = claim_with_evidence(oryx_store, url)
    statuses = sorted(claim_facts(oryx_store, claim)["status"] or "" for claim in claims)
    assert statuses == ["abandoned", "damaged"]


def test_an_item_whose_url_is_not_one_address_keeps_its_claim_without_evidence(batch: Batch) -> None:
    """event_destroyed.csv row 7676: the url reads 'ttps://i.postimg.cc/d0KhPnGT/1140-Ural-43206.jpg'."""
    (claim,) = [
        r
        for r in batch.records
        if isinstance(r, LossClaim) and r.core.origin.record == "row 7676" and "destroyed" in r.core.origin.file
    ]
    assert claim.evidence is None
    assert claim.item is not None and claim.item.text == "Ural-43206"
    assert claim.core.note == (
        "The url field reads 'ttps://i.postimg.cc/d0KhPnGT/1140-Ural-43206.jpg', which is not one web address, "
        "so no evidence link is given."
    )


def test_item_keys_do_not_depend_on_the_compilers_row_numbers(batch: Batch) -> None:
    """matID is renumbered by the compiler at every scrape; the key is the side, the status and
    a digest of the system and link, so the same row gets the same key in every release."""
    items = {r.core.origin: r.core.key for r in batch.records if isinstance(r, LossClaim) and r.period is None}
    assert len(items) == len(set(items.values())) == 37_505
    # sha256("'Orlan-20' ''Kartograf'' reconnaissance UAV\nhttps://i.postimg.cc/nrJ7kC7g/51.png")[:12]
    assert items[Origin(f"{FOLDER}/event_destroyed.csv", "row 2")] == "oryx-ru-destroyed-f47b6e008ca3"
    # the system field reads "61 Ural-43206": the count before the name is not part of the key
    assert items[Origin(f"{FOLDER}/event_destroyed.csv", "row 7676")] == "oryx-ru-destroyed-388fa0b99955"


# ------------------------------------------------------------------ tallies ----


def test_a_tally_row_is_a_total_with_its_status_counts_as_parts(oryx_store: Store) -> None:
    facts = claim_facts(oryx_store, "oryx-ru-tanks-2025-06-01")
    assert facts == {
        "value": "4030",
        "status": None,
        "evidence": None,
        "recorded": "2025-06-01",
        "item": None,
        "side": "russia",
        "category": "oryx-tanks",
        "source": "oryx-scarnecchia-daily-count",
        "fragment": "row=925",
        "periodStart": "2022-02-24",
        "periodEnd": "2025-06-01",
        "hedge": "none",
        "note": None,
    }
    parts = rows(
        oryx_store,
        f"""SELECT DISTINCT ?status ?value ?fragment WHERE {{
          <{ID}claim/oryx-ru-tanks-2025-06-01> dcterms:hasPart ?part .
          ?part cg:status/skos:prefLabel ?status ; cg:value ?value ; cg:quote/oa:hasSelector/rdf:value ?fragment
        }} ORDER BY ?status""",
    )
    assert parts == [
        ("abandoned", "393", "row=925"),
        ("captured", "533", "row=925"),
        ("damaged", "158", "row=925"),
        ("destroyed", "2946", "row=925"),
    ]


def test_a_status_the_heading_gives_no_count_for_is_not_a_claim(oryx_store: Store) -> None:
    """daily_count.csv row 3: Russia, Aircraft, destroyed 13, the other statuses 0, 2022-03-19."""
    parts = rows(oryx_store, f"SELECT ?part WHERE {{ <{ID}claim/oryx-ru-aircraft-2022-03-19> dcterms:hasPart ?part }}")
    assert parts == [(f"{ID}claim/oryx-ru-aircraft-2022-03-19-destroyed",)]
    assert claim_facts(oryx_store, "oryx-ru-aircraft-2022-03-19")["value"] == "13"


def test_a_subtotal_heading_keeps_the_total_it_states_and_notes_the_sum(oryx_store: Store) -> None:
    """daily_count.csv row 701: the heading says 11864, its four counts add up to 11865."""
    facts = claim_facts(oryx_store, "oryx-ru-armoured-combat-vehicles-2025-02-21")
    assert (facts["value"], facts["fragment"]) == ("11864", "row=701")
    assert facts["note"] == "The heading states 11864; type_total, the sum of the four status counts, is 11865."
    result = run_embedded(
        oryx_store, bind(find(Project(Path(__file__).resolve().parent.parent).queries_dir, "breakdown-vs-headline"), {})
    )
    names = ("value", "hedge", "parts", "hedgedParts", "sumOfParts", "difference")
    columns = [result.variables.index(name) for name in names]
    headline = [row for row in result.rows if short(row[0]) == "claim:oryx-ru-armoured-combat-vehicles-2025-02-21"]
    assert [tuple(short(row[column]) for column in columns) for row in headline] == [
        ("11864", "no hedge", "4", "0", "11865", "-1")
    ]


def test_headings_map_to_the_comparison_headings_with_skos(oryx_store: Store) -> None:
    found = rows(
        oryx_store,
        f"""SELECT ?heading ?relation ?target WHERE {{
          ?concept skos:inScheme <{ID}scheme/oryx-equipment-types> ; skos:prefLabel ?heading ;
                   ?relation ?target .
          ?target skos:inScheme <{ID}scheme/comparison-categories> .
          FILTER (STR(?heading) IN ("Tanks", "Infantry Fighting Vehicles", "Naval Ships and Submarines", "Aircraft"))
        }} ORDER BY ?heading ?target""",
    )
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert found == [
        ("Aircraft", f"{skos}closeMatch", f"{ID}category/cmp-fixed-wing-aircraft"),
        ("Infantry Fighting Vehicles", f"{skos}broadMatch", f"{ID}category/cmp-armoured-vehicles"),
        ("Naval Ships and Submarines", f"{skos}narrowMatch", f"{ID}category/cmp-naval-vessels"),
        ("Naval Ships and Submarines", f"{skos}narrowMatch", f"{ID}category/cmp-submarines"),
        ("Tanks", f"{skos}exactMatch", f"{ID}category/cmp-tanks"),
    ]


# ------------------------------------------------------------------ accounting ----


def test_every_row_of_every_file_is_in_the_graph_or_rejected(project: Project, batch: Batch) -> None:
    rejected = Counter(r.file for r in batch.rejections)
    quotes: dict[str, set[str]] = {}
    for record in batch.records:
        if isinstance(record, LossClaim):
            quotes.setdefault(record.core.origin.file, set()).add(record.core.origin.record)
    expected = {
        "event_destroyed.csv": (26_251, 0),
        "event_captured.csv": (5_392, 0),
        "event_damaged.csv": (3_389, 0),
        "event_abandoned.csv": (2_473, 0),
        "daily_count.csv": (1_365, 2),
        "totals_by_type.csv": (56, 56),
        "totals_by_system_wide.csv": (8_416, 8_416),
    }
    for name, (read, rejections) in expected.items():
        shown = f"{FOLDER}/{name}"
        assert file_rows(project, name) == read
        assert batch.rows_read[shown] == read
        assert rejected[shown] == rejections
        assert len(quotes.get(shown, ())) == read - rejections, name
    claims = [r for r in batch.records if isinstance(r, LossClaim)]
    assert sum(1 for c in claims if c.period is None) == 37_505
    assert sum(1 for c in claims if c.period is not None and c.status is None) == 1_363


def test_the_baseline_rows_before_the_invasion_are_rejected_with_the_reason(batch: Batch) -> None:
    daily = {(r.row, r.reason) for r in batch.rejections if r.file.endswith(oryx.DAILY)}
    reason = (
        "date_recorded 2022-02-23 is before the invasion began (2022-02-24), so it is not a reading of Oryx's list; "
        "its counts (destroyed 0, abandoned 0, captured 0, damaged 0, type_total 0) are the compiler's starting "
        "point for its running counts and diff columns"
    )
    assert daily == {("row 2", reason), ("row 97", reason)}


def test_final_totals_are_accounted_with_the_rows_they_repeat(batch: Batch) -> None:
    by_type = {r.row: r.reason for r in batch.rejections if r.file.endswith(oryx.TOTALS_BY_TYPE)}
    assert by_type["row 5"] == (
        "repeats daily_count.csv row 934 (recorded 2025-07-19), the latest for this country and heading, "
        "whose counts are in the graph as Oryx's claims; this file gives no date of its own"
    )
    assert all(reason.startswith("repeats daily_count.csv row ") for reason in by_type.values())
    by_system = {r.row: r.reason for r in batch.rejections if r.file.endswith(oryx.TOTALS_BY_SYSTEM)}
    assert by_system["row 4"] == (
        "the compiler's count of its item rows for this system (destroyed 146, abandoned 3, captured 8, damaged 7, "
        "total 164): the same as the item claims of this system in the graph, not a figure read from Oryx's list"
    )
    assert all(reason.startswith("the compiler's count of its item rows") for reason in by_system.values())


def test_the_graph_conforms(project: Project, small_graph: Graph) -> None:
    assert validate_quads(small_graph.quads, project).conforms


# ------------------------------------------------------------------ bad input ----


def _edit(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / FOLDER / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_rows_are_rejected_with_file_row_and_reason(project_copy: Project) -> None:
    _edit(
        project_copy,
        "event_destroyed.csv",
        "Russia,Russia,'Orlan-20' reconnaissance UAV,destroyed,https://i.postimg.cc/wjfQ6sKd/7j.jpg,2022-05-06",
        "Belarus,Russia,'Orlan-20' reconnaissance UAV,destroyed,https://i.postimg.cc/wjfQ6sKd/7j.jpg,2022-05-06",
    )
    _edit(
        project_copy,
        "event_destroyed.csv",
        "https://i.postimg.cc/tgwcwDnq/544.png,2022-06-03",
        "https://i.postimg.cc/tgwcwDnq/544.png,2022-06-31",
    )
    _edit(
        project_copy,
        "event_captured.csv",
        "'Orlan-20' reconnaissance UAV,captured,",
        "'Orlan-20' reconnaissance UAV,destroyed,",
    )
    _edit(
        project_copy,
        "daily_count.csv",
        "Russia,Aircraft,13,0,0,0,13,2022-03-19",
        "Russia,Aircraft,thirteen,0,0,0,13,2022-03-19",
    )
    _edit(
        project_copy,
        "daily_count.csv",
        "Russia,Tanks,2737,384,533,158,3812,2025-03-21",
        "Russia,Tankettes,2737,384,533,158,3812,2025-03-21",
    )
    _edit(
        project_copy,
        "totals_by_system_wide.csv",
        "Russia,(Unknown) truck,146,8,3,7,164",
        "Russia,(Unknown) truck,147,8,3,7,165",
    )
    found = {(r.file.rsplit("/", 1)[-1], r.row, r.reason) for r in oryx.read(project_copy).rejections}
    assert {
        ("event_destroyed.csv", "row 3", "country 'Belarus' is neither Russia nor Ukraine"),
        ("event_destroyed.csv", "row 4", "date_recorded '2022-06-31' is not a date as YYYY-MM-DD"),
        ("event_captured.csv", "row 2", "status 'destroyed' in the file of captured items"),
        ("daily_count.csv", "row 3", "destroyed is 'thirteen', not a whole number of zero or more"),
        (
            "daily_count.csv",
            "row 903",
            f"equipment_type 'Tankettes' is not a heading of the Oryx scheme ({oryx.SCHEME_FILE})",
        ),
        (
            "totals_by_system_wide.csv",
            "row 4",
            "counts (destroyed 147, abandoned 3, captured 8, damaged 7, total 165) differ from this system's item "
            "claims in the graph (destroyed 146, abandoned 3, captured 8, damaged 7, total 164)",
        ),
    } <= found


def test_a_missing_column_stops_the_build_naming_it(project_copy: Project) -> None:
    _edit(project_copy, "event_damaged.csv", "country,origin,system,status,url,", "country,origin,system,state,url,")
    with pytest.raises(SourceError, match=r"event_damaged.csv, header: column 'status' is missing"):
        oryx.read(project_copy)
