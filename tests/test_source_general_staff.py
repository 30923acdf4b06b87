"""The General Staff's daily reports from two compilations (lod-db, PetroIvaniuk), and the day's
change derived from them: real figures of named days, read from the copied JSON files, the
disagreements between the compilations, the accounting of every record, and bad records
rejected with a readable reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Store
from sparql import rows, run

from kg.config import Project
from kg.errors import SourceError
from kg.graph import Graph, build_project
from kg.queries import load_store
from kg.records import DerivedFigure, DirectionClaim, LossClaim, Source
from kg.sources import general_staff_changes, general_staff_lod, general_staff_petroivaniuk, reference, seed
from kg.validate import validate_quads

ID = "https://w3id.org/claimgraph/id/"
ONE_DAY = general_staff_changes.ONE_DAY
LOD = general_staff_lod.LOSSES
PETRO = general_staff_petroivaniuk.FOLDER
EQUIPMENT = f"{PETRO}/russia_losses_equipment.json"
PERSONNEL = f"{PETRO}/russia_losses_personnel.json"
CORRECTIONS = f"{PETRO}/russia_losses_equipment_correction.json"
HISTORY_EQUIPMENT = f"{PETRO}/history/russia_losses_equipment@a6ca6b4ce9_2025-06-03.json"
HISTORY_PERSONNEL = f"{PETRO}/history/russia_losses_personnel@a6ca6b4ce9_2025-06-03.json"
MODULES = [reference, seed, general_staff_lod, general_staff_petroivaniuk, general_staff_changes]
LOD_FILE_TITLE = "lod-db/orc-losses russian-losses.json (commit 01f978c)"
PETRO_FILE_TITLE = "PetroIvaniuk/2022-Ukraine-Russia-War-Dataset russia_losses_equipment.json (commit 37655f8)"


@pytest.fixture(scope="module")
def gs_graph(project: Project) -> Graph:
    """Reference data, the seed and the three General Staff modules only."""
    return build_project(project, MODULES)


@pytest.fixture(scope="module")
def gs_store(gs_graph: Graph) -> Store:
    return load_store(quads=gs_graph.quads)


def records_of(project: Project, shown: str) -> list[dict[str, Any]]:
    return json.loads((project.root / shown).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def record_of_day(project: Project, shown: str, day: str) -> tuple[int, dict[str, Any]]:
    return next((index, record) for index, record in enumerate(records_of(project, shown)) if record["date"] == day)


# ------------------------------------------------------------------ the figures of 3 June 2025 ----

# The General Staff's report of 3 June 2025 as lod-db records it (russian-losses.json, record /445),
# the report the seed article quotes: its figures are the article's.
LOD_JUNE_3 = {
    "personnel": ("ua-gs-personnel", 990800, "about"),
    "tanks": ("ua-gs-tanks", 10881, "unrecorded"),
    "afvs": ("ua-gs-armored-fighting-vehicles", 22671, "unrecorded"),
    "artillery": ("ua-gs-artillery-systems", 28623, "unrecorded"),
    "air-defense": ("ua-gs-air-defense-systems", 1176, "unrecorded"),
    "rocket-systems": ("ua-gs-multiple-launch-rocket-systems", 1402, "unrecorded"),
    "unarmored-vehicles": ("ua-gs-vehicles-and-fuel-tanks", 50607, "unrecorded"),
    "fixed-wing-aircraft": ("ua-gs-airplanes", 384, "unrecorded"),
    "rotary-wing-aircraft": ("ua-gs-helicopters", 336, "unrecorded"),
    "uavs": ("ua-gs-drones", 38748, "unrecorded"),
    "ships": ("ua-gs-ships-and-boats", 28, "unrecorded"),
    "submarines": ("ua-gs-submarines", 1, "unrecorded"),
    "special-equipment": ("ua-gs-special-equipment", 3905, "unrecorded"),
    "missiles": ("ua-gs-cruise-missiles", 3271, "unrecorded"),
}


def claim_facts(store: Store, key: str) -> tuple[str | None, ...]:
    """A cumulative claim's facts (a period shared by several graphs is reached once per graph: hence the set)."""
    found = rows(
        store,
        f"""SELECT ?claimant ?whose ?category ?value ?hedge ?begin ?end ?stated ?basis ?report ?file ?fragment
            WHERE {{
              <{ID}claim/{key}> cg:claimant ?claimant ; cg:lossesOf ?whose ; cg:lossCategory ?category ;
                  cg:value ?value ; cg:hedge ?hedge ; cg:statedOn ?stated ; cg:dateBasis ?basis ;
                  prov:wasQuotedFrom ?report ; dcterms:source ?file ; cg:quote ?quote ;
                  cg:period [ a cg:CumulativePeriod ; time:hasBeginning/time:inXSDDate ?begin ;
                              time:hasEnd/time:inXSDDate ?end ] .
              ?quote oa:hasSource ?file ; oa:hasSelector/rdf:value ?fragment .
            }}""",
    )
    assert len(set(found)) == 1, (key, found)
    return found[0]


@pytest.mark.parametrize(("field", "expected"), sorted(LOD_JUNE_3.items()))
def test_lod_db_figures_of_june_3(
    gs_store: Store, project: Project, field: str, expected: tuple[str, int, str]
) -> None:
    category, value, hedge = expected
    index, record = record_of_day(project, LOD, "2025-06-03")
    assert index == 445 and value in record.values()
    assert claim_facts(gs_store, f"general-staff-lod-db-2025-06-03-{field}") == (
        f"{ID}agent/ua-general-staff",
        f"{ID}agent/russia",
        f"{ID}category/{category}",
        str(value),
        f"{ID}hedge/{hedge}",
        "2022-02-24",
        "2025-06-03",
        "2025-06-03",
        f"{ID}concept/date-compiled",
        f"{ID}source/ua-general-staff-report-2025-06-03",
        f"{ID}source/general-staff-lod-db-russian-losses-json",
        "/445",
    )


def test_personnel_hedge_cites_the_schema(gs_store: Store) -> None:
    (note,) = rows(
        gs_store, f"SELECT ?n WHERE {{ <{ID}claim/general-staff-lod-db-2025-06-03-personnel> skos:editorialNote ?n }}"
    )
    assert "Human casualties killed or wounded" in str(note[0]) and "approximation" in str(note[0])


def test_the_report_of_june_3_is_the_seed_articles(gs_graph: Graph, gs_store: Store) -> None:
    """One report, one node: lod-db's and PetroIvaniuk's claims and the article's reach the same statement."""
    claims = rows(
        gs_store,
        f"""SELECT ?claim WHERE {{ ?claim prov:wasQuotedFrom <{ID}source/ua-general-staff-report-2025-06-03> ;
                cg:lossCategory <{ID}category/ua-gs-airplanes> }} ORDER BY ?claim""",
    )
    assert [c for (c,) in claims] == [
        f"{ID}claim/general-staff-lod-db-2025-06-03-fixed-wing-aircraft",
        f"{ID}claim/general-staff-petroivaniuk-a6ca6b4ce9-2025-06-03-aircraft",
        f"{ID}claim/hindustan-times-101748940320598-ua-gs-airplanes",
    ]
    graphs = rows(
        gs_store,
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{ID}source/ua-general-staff-report-2025-06-03> a cg:Source }} }}",
    )
    assert graphs == [("https://w3id.org/claimgraph/graph/seed-article",)]


def test_reports_carry_lod_db_urls_and_petroivaniuk_fills_the_gaps(project: Project, gs_store: Store) -> None:
    _, record = record_of_day(project, LOD, "2025-06-04")
    assert rows(
        gs_store,
        f"SELECT ?url ?d WHERE {{ <{ID}source/ua-general-staff-report-2025-06-04> schema:url ?url ; dcterms:date ?d }}",
    ) == [(record["sourceUri"], "2025-06-04")]
    # 2022-03-01 is not in lod-db's compilation: PetroIvaniuk's module makes the report, without a URL.
    assert "2022-03-01" not in {r["date"] for r in records_of(project, LOD)}
    found = rows(
        gs_store,
        f"""SELECT ?g ?url WHERE {{
              GRAPH ?g {{ <{ID}source/ua-general-staff-report-2022-03-01> a cg:OfficialStatement }}
              OPTIONAL {{ <{ID}source/ua-general-staff-report-2022-03-01> schema:url ?url }} }}""",
    )
    assert found == [("https://w3id.org/claimgraph/graph/general-staff-petroivaniuk", None)]
    days = {r["date"] for r in records_of(project, LOD)} | {r["date"] for r in records_of(project, EQUIPMENT)}
    (count,) = rows(
        gs_store,
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a cg:OfficialStatement ; prov:wasAttributedTo <"
        + ID
        + "agent/ua-general-staff> }",
    )
    assert int(str(count[0])) == len(days) == 1640


def test_nulls_are_not_claims(gs_graph: Graph, project: Project) -> None:
    """lod-db's record of 2022-02-27 has no rocketSystems figure: no claim, the rest of the record is there."""
    _, record = record_of_day(project, LOD, "2022-02-27")
    assert record["rocketSystems"] is None and record["tanks"] == 146
    keys = {quad[0] for quad in gs_graph.quads}
    assert f"<{ID}claim/general-staff-lod-db-2022-02-27-rocket-systems>" not in keys
    assert f"<{ID}claim/general-staff-lod-db-2022-02-27-tanks>" in keys


def test_unarmored_vehicles_before_may_2022_are_military_auto(gs_store: Store) -> None:
    assert claim_facts(gs_store, "general-staff-lod-db-2022-04-30-unarmored-vehicles")[2:4] == (
        f"{ID}category/ua-gs-military-auto",
        "1701",
    )
    assert claim_facts(gs_store, "general-staff-lod-db-2022-05-01-unarmored-vehicles")[2:4] == (
        f"{ID}category/ua-gs-vehicles-and-fuel-tanks",
        "1796",
    )
    assert claim_facts(gs_store, "general-staff-petroivaniuk-2022-04-30-military-auto")[2:4] == (
        f"{ID}category/ua-gs-military-auto",
        "1701",
    )


# ------------------------------------------------------------------ PetroIvaniuk ----


def test_petroivaniuk_and_its_snapshot_of_june_3(gs_store: Store, project: Project) -> None:
    old_index, old = record_of_day(project, HISTORY_EQUIPMENT, "2025-06-03")
    assert old["aircraft"] == 384
    snapshot = claim_facts(gs_store, "general-staff-petroivaniuk-a6ca6b4ce9-2025-06-03-aircraft")
    assert snapshot[3:4] + snapshot[9:] == (
        "384",
        f"{ID}source/ua-general-staff-report-2025-06-03",
        f"{ID}source/general-staff-petroivaniuk-russia-losses-equipment-a6ca6b4ce9",
        f"/{old_index}",
    )
    compilers = rows(
        gs_store,
        f"""SELECT DISTINCT ?file ?agent ?role WHERE {{
              VALUES ?file {{ <{ID}source/general-staff-petroivaniuk-russia-losses-equipment-a6ca6b4ce9>
                              <{ID}source/general-staff-lod-db-russian-losses-json> }}
              ?file prov:qualifiedAttribution [ prov:agent ?agent ; prov:hadRole ?role ] }} ORDER BY ?file""",
    )
    assert compilers == [
        (
            f"{ID}source/general-staff-lod-db-russian-losses-json",
            f"{ID}agent/lod-db-orc-losses",
            "https://w3id.org/claimgraph/ontology#compiler",
        ),
        (
            f"{ID}source/general-staff-petroivaniuk-russia-losses-equipment-a6ca6b4ce9",
            f"{ID}agent/petro-ivaniuk",
            "https://w3id.org/claimgraph/ontology#compiler",
        ),
    ]


def revisions_in_the_files(project: Project) -> dict[str, tuple[int, int]]:
    """Every figure the current files give otherwise than their snapshot of the same day, computed from the JSON."""
    found = {}
    for current, snapshot in ((EQUIPMENT, HISTORY_EQUIPMENT), (PERSONNEL, HISTORY_PERSONNEL)):
        today = {record["date"]: record for record in records_of(project, current)}
        for old in records_of(project, snapshot):
            new = today[old["date"]]
            for name, value in old.items():
                if name in new and new[name] != value and name not in ("day", "personnel*"):
                    found[f"{old['date']} {name}"] = (value, new[name])
    return found


def test_a_later_revision_is_a_claim_of_its_own_not_the_days_report(gs_store: Store, project: Project) -> None:
    """The compiler changed aircraft of 2025-06-03 from 384 to 413 after that day: the only revision in the files."""
    assert revisions_in_the_files(project) == {"2025-06-03 aircraft": (384, 413)}
    index, record = record_of_day(project, EQUIPMENT, "2025-06-03")
    assert record["aircraft"] == 413
    found = rows(
        gs_store,
        f"""SELECT ?value ?revises ?basis ?file ?fragment ?end ?note WHERE {{
              <{ID}claim/general-staff-petroivaniuk-2025-06-03-aircraft> cg:value ?value ;
                  prov:wasRevisionOf ?revises ; cg:dateBasis ?basis ; dcterms:source ?file ;
                  cg:quote/oa:hasSelector/rdf:value ?fragment ; skos:editorialNote ?note ;
                  cg:period/time:hasEnd/time:inXSDDate ?end ;
                  cg:claimant <{ID}agent/ua-general-staff> .
              FILTER NOT EXISTS {{ <{ID}claim/general-staff-petroivaniuk-2025-06-03-aircraft> prov:wasQuotedFrom ?any }}
              FILTER NOT EXISTS {{ <{ID}claim/general-staff-petroivaniuk-2025-06-03-aircraft> cg:statedOn ?any }} }}""",
    )
    assert [row[:6] for row in set(found)] == [
        (
            "413",
            f"{ID}claim/general-staff-petroivaniuk-a6ca6b4ce9-2025-06-03-aircraft",
            f"{ID}concept/date-revised-by-compiler",
            f"{ID}source/general-staff-petroivaniuk-russia-losses-equipment",
            f"/{index}",
            "2025-06-03",
        )
    ]
    assert "gave 384" in str(found[0][6]) and "not credited to the report of 2025-06-03" in str(found[0][6])
    (count,) = rows(gs_store, "SELECT (COUNT(*) AS ?n) WHERE { ?new prov:wasRevisionOf ?old }")
    assert int(str(count[0])) == len(revisions_in_the_files(project)) == 1
    (label,) = rows(
        gs_store, f"SELECT ?l WHERE {{ <{ID}claim/general-staff-petroivaniuk-2025-06-03-aircraft> rdfs:label ?l }}"
    )
    assert ": later revision: 413 airplanes of Russia" in str(label[0])


def test_every_snapshot_claim_is_linked_to_its_successor(gs_store: Store, project: Project) -> None:
    """Each figure of the snapshot's record that differs is linked from the current file's claim
    of it: as a revision where it changed, as the same figure (prov:alternateOf) where it did not."""
    _, old = record_of_day(project, HISTORY_EQUIPMENT, "2025-06-03")
    figures = sum(1 for name, value in old.items() if name not in ("date", "day") and isinstance(value, int))
    found = rows(
        gs_store,
        """SELECT DISTINCT ?old ?link ?new WHERE {
             ?old dcterms:source source:general-staff-petroivaniuk-russia-losses-equipment-a6ca6b4ce9 ; a cg:LossClaim .
             OPTIONAL { ?new ?link ?old . VALUES ?link { prov:wasRevisionOf prov:alternateOf } } }""",
    )
    assert len(found) == figures == 13
    links = sorted(str(link).removeprefix("http://www.w3.org/ns/prov#") for _, link, _ in found)
    assert links == ["alternateOf"] * 12 + ["wasRevisionOf"]
    assert all(str(old).replace("-a6ca6b4ce9", "") == str(new) for old, _, new in found)


def test_a_changed_figure_in_a_copied_file_becomes_a_revision(project_copy: Project) -> None:
    """Change a current figure of a day the snapshot has: that claim, and only it, becomes a revision."""
    equipment = records_of(project_copy, EQUIPMENT)
    index = next(i for i, r in enumerate(equipment) if r["date"] == "2024-01-10")
    equipment[index]["tank"] += 3
    write_json(project_copy, EQUIPMENT, equipment)
    batch = general_staff_petroivaniuk.read(project_copy)
    revised = {r.core.key: r.core.revision_of for r in batch.records if isinstance(r, LossClaim) and r.core.revision_of}
    assert revised == {
        "general-staff-petroivaniuk-2024-01-10-tank": "general-staff-petroivaniuk-a6ca6b4ce9-2024-01-10-tank",
        "general-staff-petroivaniuk-2025-06-03-aircraft": "general-staff-petroivaniuk-a6ca6b4ce9-2025-06-03-aircraft",
    }
    keys = {r.core.key for r in batch.records if isinstance(r, LossClaim)}
    assert "general-staff-petroivaniuk-a6ca6b4ce9-2024-01-10-tank" in keys


def test_personnel_qualifier_more_is_over(gs_store: Store, project: Project) -> None:
    _, record = record_of_day(project, PERSONNEL, "2022-03-07")
    assert (record["personnel"], record["personnel*"]) == (11000, "more")
    found = rows(
        gs_store,
        f"""SELECT ?value ?hedge ?asStated ?min WHERE {{ <{ID}claim/general-staff-petroivaniuk-2022-03-07-personnel>
              cg:value ?value ; cg:hedge ?hedge ; cg:hedgeAsStated ?asStated ; cg:minExclusive ?min }}""",
    )
    assert found == [("11000", f"{ID}hedge/over", "more", "11000")]
    about = rows(
        gs_store,
        f"""SELECT ?hedge ?asStated WHERE {{
              <{ID}claim/general-staff-petroivaniuk-2025-06-03-personnel> cg:hedge ?hedge ;
                  cg:hedgeAsStated ?asStated }}""",
    )
    assert about == [(f"{ID}hedge/about", "about")]


def test_prisoners_of_war_are_invaders_claims(gs_store: Store, project: Project) -> None:
    _, record = record_of_day(project, PERSONNEL, "2022-03-16")
    found = rows(
        gs_store,
        f"""SELECT ?claimant ?value ?recorded ?stated ?from ?category WHERE {{
              <{ID}claim/general-staff-petroivaniuk-2022-03-16-pow> cg:claimant ?claimant ; cg:value ?value ;
                  cg:recordedOn ?recorded ; prov:wasQuotedFrom ?from ; cg:lossCategory ?category .
              OPTIONAL {{ <{ID}claim/general-staff-petroivaniuk-2022-03-16-pow> cg:statedOn ?stated }} }}""",
    )
    assert found == [
        (
            f"{ID}agent/invaders-rf",
            str(record["POW"]),
            "2022-03-16",
            None,
            f"{ID}source/invaders-rf-website",
            f"{ID}category/invaders-prisoners-of-war",
        )
    ]
    assert record["POW"] == 389


def test_corrections_are_claims_of_their_own(gs_graph: Graph, gs_store: Store, project: Project) -> None:
    found = rows(
        gs_store,
        f"""SELECT DISTINCT ?value ?category ?kind WHERE {{
              <{ID}claim/general-staff-petroivaniuk-correction-2022-10-13-apc> a cg:CorrectionClaim ;
                  cg:value ?value ; cg:lossCategory ?category ; cg:period [ a ?kind ] .
              FILTER (?kind != cg:ReportingPeriod) }}""",
    )
    assert found == [
        ("-25", f"{ID}category/ua-gs-armored-fighting-vehicles", "https://w3id.org/claimgraph/ontology#DayPeriod")
    ]
    non_zero = sum(
        1
        for record in records_of(project, CORRECTIONS)
        for name, value in record.items()
        if name not in ("date", "day") and value != 0
    )
    (count,) = rows(gs_store, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:CorrectionClaim }")
    assert int(str(count[0])) == non_zero == 86
    assert not rows(gs_store, "SELECT ?c WHERE { ?c a cg:CorrectionClaim , cg:LossClaim }")


def test_direction_of_greatest_losses(gs_store: Store, project: Project) -> None:
    _, record = record_of_day(project, EQUIPMENT, "2022-04-30")
    found = rows(
        gs_store,
        f"""SELECT ?direction ?claimant ?report WHERE {{
              <{ID}claim/general-staff-petroivaniuk-2022-04-30-greatest-losses-direction> a cg:GreatestLossesClaim ;
                  cg:direction ?direction ; cg:claimant ?claimant ; prov:wasQuotedFrom ?report }}""",
    )
    assert found == [
        (
            record["greatest losses direction"],
            f"{ID}agent/ua-general-staff",
            f"{ID}source/ua-general-staff-report-2022-04-30",
        )
    ]
    assert found[0][0] == "Izyum"


# ------------------------------------------------------------------ queries ----


def test_disagreements_list_aircraft_384_against_413(gs_store: Store, project: Project) -> None:
    found = run(gs_store, project, "compilation-disagreements")
    june_3 = [row for row in found if row[0] == "2025-06-03"]
    assert june_3 == [
        (
            "2025-06-03",
            "airplanes",
            "384",
            "hedge not recorded",
            LOD_FILE_TITLE,
            "413",
            "hedge not recorded",
            PETRO_FILE_TITLE,
            "29",
            "source:ua-general-staff-report-2025-06-03",
            "claim:general-staff-lod-db-2025-06-03-fixed-wing-aircraft",
            "claim:general-staff-petroivaniuk-2025-06-03-aircraft",
        ),
    ]
    # 115 differing figures between lod-db and PetroIvaniuk; the snapshot's 384 against 413 is a revision now.
    assert len(found) == 115
    assert [row[:9] for row in found[:2]] == [
        (
            "2022-02-27",
            "air defense systems",
            "1",
            "hedge not recorded",
            LOD_FILE_TITLE,
            "0",
            "hedge not recorded",
            PETRO_FILE_TITLE,
            "-1",
        ),
        (
            "2022-02-27",
            "artillery systems",
            "49",
            "hedge not recorded",
            LOD_FILE_TITLE,
            "50",
            "hedge not recorded",
            PETRO_FILE_TITLE,
            "1",
        ),
    ]


def test_disagreements_match_the_files(gs_store: Store, project: Project) -> None:
    """Every differing figure of the two current files is listed, computed here from the JSON itself."""
    lod = {r["date"]: r for r in records_of(project, LOD)}
    both = zip(records_of(project, EQUIPMENT), records_of(project, PERSONNEL), strict=True)
    petro = {r["date"]: {**r, **p} for r, p in both}
    pairs = {
        "personnel": "personnel", "tanks": "tank", "afvs": "APC", "artillery": "field artillery",
        "airDefense": "anti-aircraft warfare", "rocketSystems": "MRL", "fixedWingAircraft": "aircraft",
        "rotaryWingAircraft": "helicopter", "uavs": "drone", "ships": "naval ship", "submarines": "submarines",
        "specialEquipment": "special equipment", "missiles": "cruise missiles",
    }  # fmt: skip
    expected = set()
    for day, record in lod.items():
        other = petro.get(day)
        if other is None:
            continue
        vehicles = "military auto" if day < "2022-05-01" else "vehicles and fuel tanks"
        for field, key in (*pairs.items(), ("unarmoredVehicles", vehicles)):
            if record[field] is not None and other.get(key) is not None and record[field] != other[key]:
                expected.add((day, str(record[field]), str(other[key])))
    found = {
        (row[0], row[2], row[5])
        for row in run(gs_store, project, "compilation-disagreements")
        if row[4] == LOD_FILE_TITLE
    }
    assert found == expected and len(found) == 115


def test_daily_change_of_tanks_in_early_june_2025(gs_store: Store, project: Project) -> None:
    found = run(
        gs_store,
        project,
        "general-staff-daily-change",
        category="category:ua-gs-tanks",
        **{"from": "2025-06-02", "to": "2025-06-04"},
    )
    tanks = {r["date"]: r["tanks"] for r in records_of(project, LOD)}
    assert (tanks["2025-06-01"], tanks["2025-06-02"], tanks["2025-06-03"], tanks["2025-06-04"]) == (
        10872,
        10874,
        10881,
        10884,
    )
    assert found == [
        (
            "2025-06-02",
            "2",
            "10874",
            "10872",
            LOD_FILE_TITLE,
            LOD_FILE_TITLE,
            "no",
            None,
            "derived:general-staff-changes-2025-06-02-tanks",
        ),
        (
            "2025-06-03",
            "7",
            "10881",
            "10874",
            LOD_FILE_TITLE,
            LOD_FILE_TITLE,
            "no",
            None,
            "derived:general-staff-changes-2025-06-03-tanks",
        ),
        (
            "2025-06-04",
            "3",
            "10884",
            "10881",
            LOD_FILE_TITLE,
            LOD_FILE_TITLE,
            "no",
            None,
            "derived:general-staff-changes-2025-06-04-tanks",
        ),
    ]


def test_daily_change_of_personnel_on_june_3_is_the_articles_1100(gs_store: Store) -> None:
    """990,800 (3 June) minus 989,700 (2 June), as lod-db records them: the 1,100 the seed article states."""
    found = rows(
        gs_store,
        f"""SELECT DISTINCT ?value ?from ?method WHERE {{
              <{ID}derived/general-staff-changes-2025-06-03-personnel> a cg:DerivedFigure ;
              cg:value ?value ; prov:wasDerivedFrom ?from ; cg:method ?method ;
              cg:period [ a cg:DayPeriod ] .
              FILTER NOT EXISTS {{ <{ID}derived/general-staff-changes-2025-06-03-personnel> cg:claimant ?anyone }} }}
            ORDER BY ?from""",
    )
    assert [row[:2] for row in found] == [
        ("1100", f"{ID}claim/general-staff-lod-db-2025-06-02-personnel"),
        ("1100", f"{ID}claim/general-staff-lod-db-2025-06-03-personnel"),
    ]
    assert "both from lod-db's compilation" in str(found[0][2])
    assert rows(
        gs_store,
        f"SELECT ?v WHERE {{ <{ID}claim/hindustan-times-101748940320598-ua-gs-personnel-past-24-hours> cg:value ?v }}",
    ) == [("1100",)]


def test_daily_change_across_a_gap_of_lod_db_switches_compilation(gs_graph: Graph, project: Project) -> None:
    """lod-db lacks 2022-03-01: the change of 2022-03-02 takes that day from PetroIvaniuk (198 -> 211 tanks)."""
    lod = {r["date"]: r for r in records_of(project, LOD)}
    petro = {r["date"]: r for r in records_of(project, EQUIPMENT)}
    assert "2022-03-01" not in lod and (petro["2022-03-01"]["tank"], lod["2022-03-02"]["tanks"]) == (198, 211)
    change = derived(project, "general-staff-changes-2022-03-02-tanks")
    assert change.value == 13
    assert change.derived_from == (
        "general-staff-lod-db-2022-03-02-tanks",
        "general-staff-petroivaniuk-2022-03-01-tank",
    )
    assert "the previous day's from PetroIvaniuk's compilation" in change.method


def test_derived_figures_name_whose_figures_they_derive_from(gs_store: Store) -> None:
    (label,) = rows(
        gs_store, f"SELECT ?l WHERE {{ <{ID}derived/general-staff-changes-2025-06-03-personnel> rdfs:label ?l }}"
    )
    assert label[0] == (
        "derived from figures claimed by General Staff of the Armed Forces of Ukraine: change of +1,100 personnel "
        "of Russia, day's report to 2025-06-03"
    )
    (unnamed,) = rows(
        gs_store,
        """SELECT (COUNT(?f) AS ?n) WHERE { ?f a cg:DerivedFigure ; rdfs:label ?l .
             FILTER (!STRSTARTS(STR(?l), "derived from figures claimed by General Staff of the Armed Forces of Ukraine:")) }""",
    )
    assert unnamed == ("0",)


def test_negative_changes_without_a_correction_are_flagged_as_disagreements(project: Project, gs_store: Store) -> None:
    """The 5 negative changes with no correction of their day or the day before (computed from the
    records) each rest on a day whose figures the two compilations give differently: the change
    links to that disagreement."""
    changes = [r for r in general_staff_changes.read(project).records if isinstance(r, DerivedFigure)]
    corrected = {(day, category) for (day, category) in general_staff_petroivaniuk.corrections(project)}
    unexplained = sorted(
        change.key
        for change in changes
        if change.value < 0
        and "both from" in change.method
        and not {(change.period.end, change.category), (change.period.end - ONE_DAY, change.category)} & corrected
    )
    assert unexplained == [
        "general-staff-changes-2024-08-23-cruise-missiles",
        "general-staff-changes-2024-10-14-air-defense-systems",
        "general-staff-changes-2024-10-14-multiple-launch-rocket-systems",
        "general-staff-changes-2024-12-23-air-defense-systems",
        "general-staff-changes-2025-06-08-multiple-launch-rocket-systems",
    ]
    flagged = rows(
        gs_store,
        """SELECT DISTINCT ?figure ?lod ?petro WHERE {
             ?figure cg:compilationsDisagree ?d . ?d cg:inferenceBasis concept:basis-compared-compilations ;
               cg:disagreeingClaim ?a , ?b . ?a cg:value ?lod ; dcterms:source source:general-staff-lod-db-russian-losses-json .
             ?b cg:value ?petro ; dcterms:source source:general-staff-petroivaniuk-russia-losses-equipment . }""",
    )
    by_figure = {row[0].removeprefix(f"{ID}derived/"): (row[1], row[2]) for row in flagged}
    assert all(key in by_figure for key in unexplained)
    assert by_figure["general-staff-changes-2025-06-08-multiple-launch-rocket-systems"] == ("1402", "1410")


def test_corrections_link_to_the_change_of_their_day(project: Project, gs_store: Store) -> None:
    links = rows(
        gs_store,
        f"""SELECT ?figure ?value WHERE {{
              <{ID}claim/general-staff-petroivaniuk-correction-2024-11-30-special-equipment> cg:explainsChange ?figure .
              ?figure cg:value ?value }}""",
    )
    assert links == [(f"{ID}derived/general-staff-changes-2024-11-30-special-equipment", "-83")]
    corrections = len(general_staff_petroivaniuk.corrections(project))
    (count,) = rows(
        gs_store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:CorrectionClaim ; cg:explainsChange ?f }"
    )
    assert int(str(count[0])) == corrections == 86


def test_disagreements_are_recorded_with_how_they_were_found(gs_store: Store) -> None:
    (label,) = rows(
        gs_store,
        f"SELECT ?l WHERE {{ <{ID}derived/general-staff-disagreement-2025-06-08-multiple-launch-rocket-systems> rdfs:label ?l }}",
    )
    assert label[0] == (
        "compilations disagree on General Staff of the Armed Forces of Ukraine's multiple launch rocket systems of "
        "Russia, cumulative to 2025-06-08: 1,402 in lod-db/orc-losses russian-losses.json (commit 01f978c) and 1,410 in "
        "PetroIvaniuk/2022-Ukraine-Russia-War-Dataset russia_losses_equipment.json (commit 37655f8)"
    )
    (count,) = rows(
        gs_store,
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a cg:CompilationDisagreement ; cg:inferenceBasis concept:basis-compared-compilations }",
    )
    assert count == ("115",)
    flagged = rows(
        gs_store,
        f"""SELECT ?figure WHERE {{ ?figure cg:compilationsDisagree
              <{ID}derived/general-staff-disagreement-2025-06-08-multiple-launch-rocket-systems> }} ORDER BY ?figure""",
    )
    assert flagged == [
        (f"{ID}derived/general-staff-changes-2025-06-08-multiple-launch-rocket-systems",),
        (f"{ID}derived/general-staff-changes-2025-06-09-multiple-launch-rocket-systems",),
    ]


def test_report_urls_naming_another_day_are_flagged(gs_store: Store, project: Project) -> None:
    """7 of lod-db's URLs name a day other than their record's (read here from the URLs themselves)."""
    differing = {}
    for record in records_of(project, LOD):
        named = general_staff_lod.url_date(record["sourceUri"])
        if named and named[0].isoformat() != record["date"]:
            differing[record["date"]] = named[0].isoformat()
    assert differing == {
        "2026-08-16": "2026-07-16", "2026-06-01": "2020-06-01", "2026-04-20": "2026-04-19",
        "2023-12-26": "2023-12-30", "2023-06-07": "2023-06-08", "2023-03-22": "2023-03-21",
        "2022-12-30": "2022-12-29",
    }  # fmt: skip
    found = rows(
        gs_store,
        """SELECT ?date ?note WHERE { ?report a cg:OfficialStatement ; dcterms:date ?date ;
             cg:dateBasis concept:date-compiled-url-differs ; skos:editorialNote ?note }""",
    )
    assert {date: note for date, note in found} == {
        date: f"The URL lod-db's compilation gives for this report names {named} (its {'path' if date < '2024' else 'words'}), "
        f"not the record's date {date}; both are kept as the compilation gives them."
        for date, named in differing.items()
    }


def derived(project: Project, key: str) -> DerivedFigure:
    return next(r for r in general_staff_changes.read(project).records if isinstance(r, DerivedFigure) and r.key == key)


def test_no_change_across_a_category_change(project: Project) -> None:
    keys = {r.key for r in general_staff_changes.read(project).records}
    assert "general-staff-changes-2022-04-30-military-auto" in keys
    assert "general-staff-changes-2022-05-01-vehicles-and-fuel-tanks" not in keys
    assert "general-staff-changes-2022-05-02-vehicles-and-fuel-tanks" in keys
    assert "general-staff-changes-2022-05-01-cruise-missiles" not in keys
    assert "general-staff-changes-2022-05-01-military-auto" not in keys
    assert "general-staff-changes-2022-02-25-tanks" not in keys  # the first day: no previous report
    assert "general-staff-changes-2022-02-26-tanks" in keys


def test_seed_queries_still_run_on_the_general_staff_graph(gs_store: Store, project: Project) -> None:
    """The seed's queries give the seed's rows on the bigger graph too (as sets: see the queries' notes on DISTINCT)."""
    seed_store = load_store(quads=build_project(project, [reference, seed]).quads)
    for name, params in (
        ("claims-around-date", {"from": "2025-06-03", "to": "2025-06-03"}),
        ("claims-by-claimant", {"claimant": "agent:ua-general-staff"}),
        ("breakdown-vs-headline", {}),
    ):
        small = set(run(seed_store, project, name, **params))
        big = set(run(gs_store, project, name, **params))
        assert small and small <= big, name
        assert {row for row in big if "claim:hindustan-times" in str(row)} == small, name
    around = run(gs_store, project, "claims-around-date", **{"from": "2025-06-03", "to": "2025-06-03"})
    airplanes = {row[5] for row in around if row[3] == "airplanes"}
    assert airplanes == {"384"}  # the compiler's later 413 is a revision, not stated on the day
    relay = run(gs_store, project, "relay-chain", claim=f"{ID}claim/general-staff-lod-db-2025-06-03-tanks")
    assert relay == [
        (
            "0",
            "source:general-staff-lod-db-russian-losses-json",
            "lod-db (Lod Softworks LLC and contributors)",
            "cg:compiler",
            "2026-08-22",
        ),
        (
            "0",
            "source:ua-general-staff-report-2025-06-03",
            "General Staff of the Armed Forces of Ukraine",
            "cg:originator",
            "2025-06-03",
        ),
    ]


# ------------------------------------------------------------------ accounting ----


@pytest.mark.parametrize("shown", [LOD, EQUIPMENT, PERSONNEL, CORRECTIONS, HISTORY_EQUIPMENT, HISTORY_PERSONNEL])
def test_every_record_is_read(gs_graph: Graph, project: Project, shown: str) -> None:
    assert gs_graph.rows_read[shown] == len(records_of(project, shown))


def test_records_in_the_graph_and_rejected(gs_graph: Graph) -> None:
    rejected: dict[str, int] = {}
    for rejection in gs_graph.rejections:
        rejected[rejection.file] = rejected.get(rejection.file, 0) + 1
    assert rejected == {HISTORY_EQUIPMENT: 1194, HISTORY_PERSONNEL: 1195}
    assert all("identical to record /" in r.reason for r in gs_graph.rejections)
    pointers = {quad[2] for quad in gs_graph.quads if quad[1] == "<http://www.w3.org/ns/oa#hasSource>"}
    assert f"<{ID}source/general-staff-petroivaniuk-russia-losses-equipment-a6ca6b4ce9>" in pointers
    assert f"<{ID}source/general-staff-petroivaniuk-russia-losses-personnel-a6ca6b4ce9>" not in pointers


def test_one_pointer_per_record(project: Project) -> None:
    batch = general_staff_lod.read(project)
    pointers = {r.core.quote for r in batch.records if isinstance(r, LossClaim)}
    assert len(pointers) == len(records_of(project, LOD)) == 1449
    claims = [r for r in batch.records if isinstance(r, LossClaim)]
    nulls = sum(1 for record in records_of(project, LOD) for value in record.values() if value is None)
    assert len(claims) == 1449 * 14 - nulls == 19667


def test_the_general_staff_graph_conforms(gs_graph: Graph, project: Project) -> None:
    report = validate_quads(gs_graph.quads, project)
    assert report.conforms, report.text(gs_graph.origins)


# ------------------------------------------------------------------ bad input ----


def write_json(project: Project, shown: str, records: list[dict[str, Any]]) -> None:
    (project.root / shown).write_text(json.dumps(records, indent=2), encoding="utf-8")


def reasons(batch_rejections: list[Any], shown: str) -> dict[str, str]:
    return {r.row: r.reason for r in batch_rejections if r.file == shown}


def test_bad_lod_db_records_are_rejected(project_copy: Project) -> None:
    records = records_of(project_copy, LOD)
    records[0]["tanks"] = "12a"
    records[1]["date"] = "2026-13-01"
    records[2]["sourceUri"] = "mod.gov.ua/news"
    records[3]["tanks"] = -4
    records[4]["groundRobots"] = 3
    del records[5]["afvs"]
    records[6]["date"] = records[7]["date"]
    write_json(project_copy, LOD, records)
    batch = general_staff_lod.read(project_copy)
    assert reasons(batch.rejections, LOD) == {
        "record /0": "field 'tanks' is '12a', not a whole number",
        "record /1": "field 'date' is '2026-13-01', not a date as YYYY-MM-DD",
        "record /2": "field 'sourceUri' is 'mod.gov.ua/news', not an http(s) URL",
        "record /3": "field 'tanks' is -4, a negative count",
        "record /4": (
            "has the field 'groundRobots', which is not read here: the record is set aside rather than read without it"
        ),
        "record /5": "field 'afvs' is missing",
        "record /7": f"date {records[7]['date']} is already given by record /6",
    }
    assert batch.rows_read[LOD] == 1449
    assert not any(
        isinstance(r, Source) and r.key == f"ua-general-staff-report-{records[0]['date']}" for r in batch.records
    )


def test_bad_petroivaniuk_records_are_rejected(project_copy: Project) -> None:
    personnel = records_of(project_copy, PERSONNEL)
    personnel[10]["personnel*"] = "maybe"
    write_json(project_copy, PERSONNEL, personnel)
    equipment = records_of(project_copy, EQUIPMENT)
    equipment[70]["greatest losses direction"] = ""
    write_json(project_copy, EQUIPMENT, equipment)
    corrections = records_of(project_copy, CORRECTIONS)
    corrections[0] = {name: (0 if name not in ("date", "day") else value) for name, value in corrections[0].items()}
    write_json(project_copy, CORRECTIONS, corrections)
    batch = general_staff_petroivaniuk.read(project_copy)
    assert reasons(batch.rejections, PERSONNEL) == {
        "record /10": "field 'personnel*' is 'maybe'; expected one of about, more"
    }
    assert reasons(batch.rejections, EQUIPMENT) == {
        "record /70": "field 'greatest losses direction' is '', not the name of a direction"
    }
    assert reasons(batch.rejections, CORRECTIONS) == {"record /0": "records no correction: every figure is 0"}
    # The snapshot's record of that personnel day is no longer identical to a record read today: it is read.
    assert "record /10" not in reasons(batch.rejections, HISTORY_PERSONNEL)
    assert any(
        isinstance(r, LossClaim)
        and r.core.key == f"general-staff-petroivaniuk-a6ca6b4ce9-{personnel[10]['date']}-personnel"
        for r in batch.records
    )


def test_a_changed_snapshot_record_becomes_claims(project_copy: Project) -> None:
    history = records_of(project_copy, HISTORY_EQUIPMENT)
    history[100]["tank"] += 1
    write_json(project_copy, HISTORY_EQUIPMENT, history)
    batch = general_staff_petroivaniuk.read(project_copy)
    assert "record /100" not in reasons(batch.rejections, HISTORY_EQUIPMENT)
    assert len(reasons(batch.rejections, HISTORY_EQUIPMENT)) == 1193
    day = history[100]["date"]
    found = [
        r
        for r in batch.records
        if isinstance(r, (LossClaim, DirectionClaim))
        and r.core.key.startswith(f"general-staff-petroivaniuk-a6ca6b4ce9-{day}-")
    ]
    assert len(found) == len(history[100]) - 2  # every figure of the record (date and day are not figures)


def test_a_missing_or_malformed_file_stops_the_build(project_copy: Project) -> None:
    (project_copy.root / LOD).write_text('{"date": "2025-06-03"}', encoding="utf-8")
    with pytest.raises(SourceError, match="expected a JSON array of records"):
        general_staff_lod.read(project_copy)
    (project_copy.root / EQUIPMENT).unlink()
    with pytest.raises(SourceError, match="cannot be read"):
        general_staff_petroivaniuk.read(project_copy)
    (project_copy.root / LOD).write_text("[{", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid JSON"):
        general_staff_lod.read(project_copy)


def test_datasets_credit_the_compilers() -> None:
    assert (
        general_staff_lod.DATASET.license
        == general_staff_petroivaniuk.DATASET.license
        == "https://opensource.org/licenses/MIT"
    )
    assert general_staff_lod.DATASET.commit == "01f978c94cc59abdd623051c998414f912eb6343"
    assert general_staff_petroivaniuk.DATASET.commit == "37655f8bbdd6806d2f94416253116b02a750c97b"
    for dataset in (general_staff_lod.DATASET, general_staff_petroivaniuk.DATASET, general_staff_changes.DATASET):
        assert all((Path(__file__).resolve().parent.parent / path).exists() for path in dataset.files)
