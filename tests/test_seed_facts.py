"""Every fact of the seed article is in the graph, with its hedge, period, claimant, relay
chain and the exact words it was read from (asserted on the published release)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store
from sparql import PREFIXES, rows

from kg.config import Project

ARTICLE = "https://w3id.org/claimgraph/id/source/hindustan-times-101748940320598"
CLAIM = "https://w3id.org/claimgraph/id/claim/hindustan-times-101748940320598-"


ID = "https://w3id.org/claimgraph/id/"
BASIS = ID + "concept/basis-"
CG = "https://w3id.org/claimgraph/ontology#"


def bases(store: Store, key: str) -> list[tuple[str | None, ...]]:
    """How one seed claim's period and date were obtained: basis, words, stated length, date basis."""
    return rows(
        store,
        f"""SELECT ?basis ?words ?length ?dateBasis WHERE {{ <{CLAIM}{key}> cg:periodBasis ?basis .
              OPTIONAL {{ <{CLAIM}{key}> cg:periodAsStated ?words }}
              OPTIONAL {{ <{CLAIM}{key}> cg:periodDuration ?length }}
              OPTIONAL {{ <{CLAIM}{key}> cg:dateBasis ?dateBasis }} }}""",
    )


def claim(store: Store, key: str) -> dict[str, object]:
    """The facts of one seed claim, by its key in the seed YAML."""
    found = rows(
        store,
        f"""
        SELECT ?claimant ?whose ?category ?value ?hedge ?asStated ?min ?max ?periodType ?end ?begin ?stated ?formation ?exact ?start ?stop
        WHERE {{
          <{CLAIM}{key}> cg:claimant/rdfs:label ?claimant ; cg:value ?value ; cg:hedge ?hedge ;
             cg:quote ?q ; dcterms:source <{ARTICLE}> .
          ?q oa:hasSelector ?qs , ?ps . ?qs oa:exact ?exact . ?ps oa:start ?start ; oa:end ?stop .
          OPTIONAL {{ <{CLAIM}{key}> cg:lossesOf/rdfs:label ?whose }}
          OPTIONAL {{ <{CLAIM}{key}> cg:lossCategory ?category }}
          OPTIONAL {{ <{CLAIM}{key}> cg:hedgeAsStated ?asStated }}
          OPTIONAL {{ <{CLAIM}{key}> cg:minExclusive|cg:minInclusive ?min }}
          OPTIONAL {{ <{CLAIM}{key}> cg:maxExclusive|cg:maxInclusive ?max }}
          OPTIONAL {{ <{CLAIM}{key}> cg:period ?p . ?p a ?periodType ; time:hasEnd/time:inXSDDate ?end .
                     FILTER (?periodType != cg:ReportingPeriod)
                     OPTIONAL {{ ?p time:hasBeginning/time:inXSDDate ?begin }} }}
          OPTIONAL {{ <{CLAIM}{key}> cg:statedOn ?stated }}
          OPTIONAL {{ <{CLAIM}{key}> cg:inAreaOf/rdfs:label ?formation }}
        }}""",
    )
    assert len(found) == 1, (key, found)
    names = [
        "claimant",
        "whose",
        "category",
        "value",
        "hedge",
        "asStated",
        "min",
        "max",
        "periodType",
        "end",
        "begin",
        "stated",
        "formation",
        "exact",
        "start",
        "stop",
    ]
    return dict(zip(names, found[0], strict=True))


@pytest.mark.parametrize(
    ("key", "formation", "troops", "hedge", "as_stated", "equipment"),
    [
        ("north", "Battlegroup North", 245, "over", "over", {"tanks": 2, "armored-combat-vehicles": 1}),
        ("west", "Battlegroup West", 205, "over", "Over", {"tanks": 2, "armored-combat-vehicles": 3}),
        ("south", "Battlegroup South", 275, "over", "over", {"armored-combat-vehicles": 5}),
        ("centre", "Battlegroup Centre", 475, "about", "roughly", {"armored-combat-vehicles": 5}),
        ("east", "Battlegroup East", 150, "over", "over", {"armored-combat-vehicles": 2}),
        ("dnepr", "Battlegroup Dnepr", 80, "over", "over", {"artillery-guns": 4}),
    ],
)
def test_each_battlegroup_figure_with_its_own_hedge(
    store: Store, key: str, formation: str, troops: int, hedge: str, as_stated: str, equipment: dict[str, int]
) -> None:
    facts = claim(store, f"ru-mod-{key}-troops")
    assert facts["claimant"] == "Russian Ministry of Defence"
    assert facts["whose"] == "Ukraine"
    assert facts["formation"] == formation
    assert facts["value"] == str(troops)
    assert facts["hedge"].endswith(f"/hedge/{hedge}")  # type: ignore[union-attr]
    assert facts["asStated"] == as_stated
    assert facts["min"] == (str(troops) if hedge == "over" else None)
    assert facts["max"] is None
    # a part of the TASS total: its day, inferred by matching figures, not stated by its words
    assert (facts["periodType"], facts["end"], facts["stated"]) == (CG + "DayPeriod", "2025-06-02", "2025-06-02")
    assert facts["exact"] == f"{as_stated} {troops} troops"
    assert bases(store, f"ru-mod-{key}-troops") == [
        (BASIS + "inferred-matching-figures", None, None, ID + "concept/date-year-inferred")
    ]
    for item, count in equipment.items():
        equipment_facts = claim(store, f"ru-mod-{key}-{item}")
        assert equipment_facts["value"] == str(count)
        assert equipment_facts["hedge"].endswith("/hedge/none")  # type: ignore[union-attr]
        assert equipment_facts["formation"] == formation
        assert equipment_facts["category"].endswith(f"/category/ru-mod-{item}")  # type: ignore[union-attr]
        assert (equipment_facts["periodType"], bases(store, f"ru-mod-{key}-{item}")[0][0]) == (
            None,
            BASIS + "not-stated",
        )


def test_ministry_totals_for_the_past_24_hours(store: Store) -> None:
    tass = claim(store, "ru-mod-troops-total-tass")
    assert (tass["value"], tass["asStated"], tass["min"], tass["stated"]) == ("1430", "over", "1430", "2025-06-02")
    assert tass["exact"] == "over 1,430 troops in battles with Russian forces at the frontline in the past 24 hours"
    assert (tass["periodType"], tass["end"]) == (CG + "DayPeriod", "2025-06-02")
    assert bases(store, "ru-mod-troops-total-tass") == [
        (BASIS + "stated", "in the past 24 hours", None, ID + "concept/date-inferred-matching-figures")
    ]
    tuesday = claim(store, "ru-mod-troops-total-tuesday")
    assert (tuesday["value"], tuesday["asStated"], tuesday["min"], tuesday["max"]) == ("1400", "around", None, None)
    assert tuesday["hedge"].endswith("/hedge/about")  # type: ignore[union-attr]
    assert tuesday["exact"] == "around 1,400 Ukrainian soldiers in the past 24 hours"


def test_the_six_troop_figures_are_the_parts_of_the_tass_total(store: Store) -> None:
    parts = rows(store, f"SELECT ?part WHERE {{ <{CLAIM}ru-mod-troops-total-tass> dcterms:hasPart ?part }}")
    assert sorted(p for (p,) in parts) == sorted(
        f"{CLAIM}ru-mod-{g}-troops" for g in ("north", "west", "south", "centre", "east", "dnepr")
    )


def test_every_part_has_its_headline_period_document_and_relay(store: Store) -> None:
    """A breakdown's parts are figures of the headline's statement, relayed the same way."""
    found = rows(
        store,
        f"""SELECT ?part ?same WHERE {{
              <{CLAIM}ru-mod-troops-total-tass> dcterms:hasPart ?part ; cg:period ?period ;
                  dcterms:source ?source ; prov:wasQuotedFrom ?relay .
              BIND (EXISTS {{ ?part cg:period ?period ; dcterms:source ?source ; prov:wasQuotedFrom ?relay }}
                    && NOT EXISTS {{ ?part prov:wasQuotedFrom ?other FILTER (?other != ?relay) }} AS ?same) }}""",
    )
    assert len(found) == 6
    assert {same for _, same in found} == {"true"}


def test_the_days_1100_is_no_part_of_the_cumulative_990800(store: Store) -> None:
    """ "990,800 ... of which 1,100 ... in the past 24 hours": a day's figure within a cumulative one."""
    parts = rows(store, f"SELECT ?part WHERE {{ <{CLAIM}ua-gs-personnel> dcterms:hasPart ?part }}")
    assert parts == []
    note = rows(store, f"SELECT ?note WHERE {{ <{CLAIM}ua-gs-personnel-past-24-hours> skos:editorialNote ?note }}")
    assert len(note) == 1 and '"of which" the 990,800' in str(note[0][0])


GENERAL_STAFF = {
    "tanks": 10881,
    "armored-fighting-vehicles": 22671,
    "vehicles-and-fuel-tanks": 50607,
    "artillery-systems": 28623,
    "multiple-launch-rocket-systems": 1402,
    "air-defense-systems": 1176,
    "airplanes": 384,
    "helicopters": 336,
    "drones": 38748,
    "ships-and-boats": 28,
    "submarines": 1,
    "personnel": 990800,
}


@pytest.mark.parametrize(("category", "value"), sorted(GENERAL_STAFF.items()))
def test_general_staff_cumulative_figures_of_june_3(store: Store, category: str, value: int) -> None:
    facts = claim(store, f"ua-gs-{category}")
    assert facts["claimant"] == "General Staff of the Armed Forces of Ukraine"
    assert facts["whose"] == "Russia"
    assert facts["value"] == str(value)
    assert facts["category"].endswith(f"/category/ua-gs-{category}")  # type: ignore[union-attr]
    assert facts["periodType"].endswith("#CumulativePeriod")  # type: ignore[union-attr]
    assert (facts["begin"], facts["end"], facts["stated"]) == ("2022-02-24", "2025-06-03", "2025-06-03")
    assert facts["hedge"].endswith("/hedge/none")  # type: ignore[union-attr]
    basis = "stated" if category == "personnel" else "inferred-matching-figures"
    assert bases(store, f"ua-gs-{category}")[0][0] == BASIS + basis


def test_general_staff_past_24_hours_and_nearly_one_million(store: Store) -> None:
    day = claim(store, "ua-gs-personnel-past-24-hours")
    assert (day["value"], day["end"], day["begin"]) == ("1100", "2025-06-03", None)
    assert day["periodType"].endswith("#DayPeriod")  # type: ignore[union-attr]
    nearly = claim(store, "ua-gs-personnel-nearly-one-million")
    assert (nearly["value"], nearly["asStated"], nearly["max"], nearly["min"]) == ("1000000", "nearly", "1000000", None)
    assert nearly["exact"] == "nearly one million troops since the start of the war in February 2022"
    assert bool(
        store.query(
            PREFIXES + f"ASK {{ <{CLAIM}ua-gs-personnel-nearly-one-million> cg:maxExclusive 1000000 }}",
            use_default_graph_as_union=True,
        )
    )


def test_the_subheading_nearly_1_million_in_its_own_words(store: Store, project: Project) -> None:
    """The subheading "Ukraine claims nearly 1 million Russian troops killed in 3 years of war":
    the General Staff's figure (the paragraph under it names the General Staff), its quote at its
    offsets in article.txt, and a stated length of three years with no day to end on."""
    text = (project.data_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    heading = "\nUkraine claims nearly 1 million Russian troops killed in 3 years of war\n"
    start = text.index(heading) + len("\nUkraine claims ")
    stop = start + len("nearly 1 million Russian troops killed in 3 years of war")
    facts = claim(store, "ua-gs-personnel-nearly-1-million-subheading")
    assert facts["claimant"] == "General Staff of the Armed Forces of Ukraine"
    assert (facts["whose"], facts["category"], facts["value"]) == ("Russia", ID + "category/ua-gs-personnel", "1000000")
    assert (facts["hedge"], facts["asStated"], facts["max"], facts["min"]) == (
        ID + "hedge/nearly",
        "nearly",
        "1000000",
        None,
    )
    assert (facts["exact"], facts["start"], facts["stop"]) == (text[start:stop], str(start), str(stop))
    assert facts["exact"] == "nearly 1 million Russian troops killed in 3 years of war"
    assert (facts["periodType"], facts["stated"]) == (None, None)
    assert bases(store, "ua-gs-personnel-nearly-1-million-subheading") == [
        (BASIS + "stated-end-unknown", "in 3 years of war", "P3Y", None)
    ]


def test_lod_db_personnel_hedge_comes_from_the_compilation_schema(store: Store, project: Project) -> None:
    """Every lod-db personnel figure is hedged "about" from the compilation's schema, not the report's
    words, and says so; no other figure has a hedge basis."""
    import json

    records = json.loads((project.data_dir / "general-staff/lod-db-orc-losses/russian-losses.json").read_text())
    personnel = sum(1 for record in records if record.get("personnel") is not None)
    found = rows(
        store,
        """SELECT ?category ?hedge ?basis (COUNT(?c) AS ?n) WHERE {
             ?c cg:hedgeBasis ?basis ; cg:lossCategory ?category ; cg:hedge ?hedge } GROUP BY ?category ?hedge ?basis""",
    )
    assert found == [
        (ID + "category/ua-gs-personnel", ID + "hedge/about", BASIS + "compilation-schema", str(personnel))
    ]
    assert personnel == 1449


def test_relay_chain_walks_back_to_the_ministry(store: Store) -> None:
    chain = rows(
        store,
        f"""SELECT ?hop ?agent ?role WHERE {{
              <{CLAIM}ru-mod-troops-total-tass> prov:wasQuotedFrom+ ?hop .
              ?hop prov:qualifiedAttribution [ prov:agent/rdfs:label ?agent ; prov:hadRole ?role ] }}""",
    )
    assert {(agent, role.rsplit("#", 1)[1]) for _, agent, role in chain} == {  # type: ignore[union-attr]
        ("TASS", "relay"),
        ("Russian Ministry of Defence", "originator"),
    }
    article = rows(store, f"SELECT ?s WHERE {{ <{ARTICLE}> prov:wasQuotedFrom+ ?s }}")
    assert {s for (s,) in article} >= {hop for hop, _, _ in chain}


def test_one_statement_quoted_twice_is_one_origin(store: Store) -> None:
    """The TASS total and the battlegroup figures reach the same statement node."""
    origins = rows(
        store,
        f"""SELECT DISTINCT ?origin WHERE {{
              VALUES ?c {{ <{CLAIM}ru-mod-troops-total-tass> <{CLAIM}ru-mod-north-troops> }}
              ?c prov:wasQuotedFrom+ ?origin . FILTER NOT EXISTS {{ ?origin prov:wasQuotedFrom ?further }} }}""",
    )
    assert origins == [("https://w3id.org/claimgraph/id/source/ru-mod-statement-2025-06-02",)]
    independent = rows(store, f"SELECT ?o WHERE {{ <{CLAIM}ru-mod-troops-total-tuesday> prov:wasQuotedFrom+ ?o }}")
    assert independent == [("https://w3id.org/claimgraph/id/source/ru-mod-statement-2025-06-03",)]


def test_talks_outcomes_are_claims_of_the_article(store: Store) -> None:
    outcomes = rows(
        store,
        f"""SELECT ?type ?value ?claimant ?round WHERE {{
              ?c a cg:OutcomeClaim ; cg:outcomeType/skos:prefLabel ?type ; cg:claimant/rdfs:label ?claimant ;
                 cg:outcomeOf/cg:roundNumber ?round ; dcterms:source <{ARTICLE}> .
              OPTIONAL {{ ?c cg:value ?value }} }} ORDER BY ?type""",
    )
    assert outcomes == [
        ("prisoner exchange", None, "Hindustan Times", "1"),
        ("return of remains", "6000", "Hindustan Times", "1"),
    ]
    talks = rows(
        store,
        "SELECT ?place ?country WHERE { ?t a cg:Talks ; schema:location ?p . ?p rdfs:label ?place ; schema:containedInPlace/rdfs:label ?country }",
    )
    assert talks == [("Istanbul", "Turkey")]


def test_drone_attacks_and_the_memorial_photo(store: Store) -> None:
    attacks = rows(
        store,
        """SELECT ?by ?on (COUNT(?c) AS ?claims) WHERE { ?a a cg:Attack ; cg:attacker/rdfs:label ?by ; cg:attacked/rdfs:label ?on .
           ?c schema:about ?a } GROUP BY ?by ?on ORDER BY ?by""",
    )
    assert attacks == [("Russia", "Ukraine", "2"), ("Ukraine", "Russia", "2")]
    photo = rows(
        store,
        f"""SELECT ?credit ?creator ?provider ?place WHERE {{ <{ARTICLE}> schema:image ?p . ?p schema:creditText ?credit ;
              schema:creator/rdfs:label ?creator ; schema:provider/rdfs:label ?provider ;
              schema:about/schema:containedInPlace/schema:containedInPlace/rdfs:label ?place }}""",
    )
    assert photo == [("AFP/Roman PILIPEY", "Roman Pilipey", "Agence France-Presse", "Kyiv")]


def test_article_metadata_keeps_the_date_inferred(store: Store) -> None:
    found = rows(
        store,
        f"""SELECT ?url ?publisher ?lang ?inferred ?stated WHERE {{ <{ARTICLE}> schema:url ?url ;
              schema:publisher/rdfs:label ?publisher ; schema:inLanguage ?lang ; cg:inferredDate ?inferred .
              OPTIONAL {{ <{ARTICLE}> dcterms:date ?stated }} }}""",
    )
    assert found == [
        (
            "https://www.hindustantimes.com/world-news/ukraine-war-russia-claims-it-killed-1-400-ukrainian-soldiers-in-24-hours-101748940320598.html",
            "Hindustan Times",
            "en",
            "2025-06-03",
            None,
        )
    ]


def test_every_quote_is_the_text_at_its_offsets(store: Store, project: Project) -> None:
    text = (project.data_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    quotes = rows(
        store,
        """SELECT ?exact ?start ?end ?prefix ?suffix WHERE { ?q oa:hasSelector ?t , ?p .
           ?t oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix . ?p oa:start ?start ; oa:end ?end }""",
    )
    assert len(quotes) == 36
    for exact, start, end, prefix, suffix in quotes:
        assert text[int(start) : int(end)] == exact  # type: ignore[arg-type]
        assert text[: int(start)].endswith(prefix)  # type: ignore[arg-type]
        assert text[int(end) :].startswith(suffix)  # type: ignore[arg-type]


def test_every_number_of_the_article_is_some_claim_value(store: Store, project: Project) -> None:
    """A number in the article that no claim carries would be a fact left out."""
    import re

    text = (project.data_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    stated = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\d|\d", text)} - {24, 2022, 2, 3}
    values = {int(v) for (v,) in rows(store, "SELECT DISTINCT ?v WHERE { ?c a cg:Claim ; cg:value ?v }")}  # type: ignore[arg-type]
    assert stated - values == set()


def test_seed_copy_is_the_shared_seed(project: Project) -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bd2dd69ce1056ce8.txt"
    if not shared.exists():
        pytest.skip("the shared seed folder is not beside this checkout (CI clones main alone)")
    assert (project.data_dir / "seed" / "article.txt").read_bytes() == shared.read_bytes()
