"""The 2025 Istanbul talks and exchanges: every row accounted for, rounds 2 and 3 beside the seed's
round 1 (never a second one), one exchange per type and date implementing the round the rows
name, differing figures side by side, and the talks-outcomes query on the real data."""

from __future__ import annotations

import csv

import pytest
from pyoxigraph import Store

from kg.config import Project
from kg.errors import SourceError
from kg.graph import Graph, build_project
from kg.queries import bind, find, load_store, run_embedded, short
from kg.records import Agent, Batch, Exchange, OutcomeClaim, Source, TalksRound
from kg.sources import reference, seed, talks_exchanges
from kg.validate import validate_quads

TABLE = "data/curated/talks_and_exchanges.csv"
ROUND = "russia-ukraine-istanbul-2025-round-"


@pytest.fixture(scope="module")
def batch(project: Project) -> Batch:
    return talks_exchanges.read(project)


@pytest.fixture(scope="module")
def small_graph(project: Project) -> Graph:
    return build_project(project, [reference, seed, talks_exchanges])


@pytest.fixture(scope="module")
def talks_store(small_graph: Graph) -> Store:
    return load_store(quads=small_graph.quads)


def claims(batch: Batch) -> list[OutcomeClaim]:
    return [record for record in batch.records if isinstance(record, OutcomeClaim)]


def row_of(claim: OutcomeClaim) -> int:
    return int(claim.core.quote.fragment.removeprefix("row="))  # type: ignore[union-attr]


def outcomes(store: Store, project: Project) -> list[tuple[str | None, ...]]:
    result = run_embedded(store, bind(find(project.queries_dir, "talks-outcomes-and-exchanges"), {}))
    assert result.variables == (
        "talks",
        "roundNumber",
        "roundDate",
        "place",
        "stage",
        "exchangeDate",
        "outcome",
        "value",
        "hedge",
        "giving",
        "receiving",
        "claimant",
        "claim",
    )
    return [tuple(short(term) if term else None for term in row[1:-1]) for row in result.rows]


# ------------------------------------------------------------------ accounting ----


def test_every_row_is_a_claim_a_rounds_row_or_a_rejection(project: Project, batch: Batch) -> None:
    with (project.root / TABLE).open(encoding="utf-8", newline="") as handle:
        count = len(list(csv.DictReader(handle)))
    assert batch.rows_read == {TABLE: count} == {TABLE: 63}
    claimed = {row_of(claim) for claim in claims(batch)}
    rounds = {
        int(number)
        for record in batch.records
        if isinstance(record, TalksRound)
        for number in record.origin.record.removeprefix("rows ").split(", ")
    }
    rejected = {int(r.row.removeprefix("row ")) for r in batch.rejections}
    assert claimed | rounds | rejected == set(range(2, 65))
    assert not claimed & rejected and not rounds & rejected
    assert rounds - claimed == {18}  # round 2's delegation list: the round's date and venue, no outcome
    assert [(r.row, r.file) for r in batch.rejections] == [("row 42", TABLE), ("row 60", TABLE)]
    assert "running total" in batch.rejections[0].reason
    assert "not a formal round" in batch.rejections[1].reason
    assert len(claims(batch)) == 61  # 60 rows, row 8 twice (confirmed by both sides)


def test_the_graph_conforms_to_the_shapes(small_graph: Graph, project: Project) -> None:
    assert validate_quads(small_graph.quads, project).conforms


# ------------------------------------------------------------------ rounds ----


def test_rounds_2_and_3_are_made_and_round_1_is_the_seeds(batch: Batch, small_graph: Graph) -> None:
    made = {
        r.key: (r.number, r.date.isoformat() if r.date else None, r.location, r.delegations)
        for r in batch.records
        if isinstance(r, TalksRound)
    }
    delegations = ("russian-delegation-istanbul", "ukrainian-delegation-istanbul")
    assert made == {
        ROUND + "2": (2, "2025-06-02", "ciragan-palace", delegations),
        ROUND + "3": (3, "2025-07-23", "ciragan-palace", delegations),
    }
    numbers = sorted(q[2] for q in small_graph.quads if q[1] == "<https://w3id.org/claimgraph/ontology#roundNumber>")
    assert numbers == [
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"2"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ]
    round_1 = [c for c in claims(batch) if c.round == ROUND + "1"]
    assert sorted(row_of(c) for c in round_1) == [2, 3, 4, 5, 6]
    assert "The row dates round 1 2025-05-16 and places it at 'Istanbul (Dolmabahce Palace), Turkey'." in (
        round_1[0].core.note or ""
    )


def test_venues_and_delegation_heads(project: Project) -> None:
    records = reference.read(project).records
    places = {
        r.key: (r.label.text, r.contained_in)
        for r in records
        if getattr(r, "kind", None) == "place" and r.key.endswith("palace")
    }  # type: ignore[union-attr]
    assert places == {
        "dolmabahce-palace": ("Dolmabahçe Palace", "istanbul"),
        "ciragan-palace": ("Çırağan Palace", "istanbul"),
    }
    people = {r.key: r for r in records if isinstance(r, Agent) and r.key in ("vladimir-medinsky", "rustem-umerov")}
    assert {key: agent.kind for key, agent in people.items()} == {
        "vladimir-medinsky": "person",
        "rustem-umerov": "person",
    }
    assert "presidential aide" in (people["vladimir-medinsky"].note or "")
    assert "defence minister" in (people["rustem-umerov"].note or "") and "Secretary of NSDC" in (
        people["rustem-umerov"].note or ""
    )


def test_the_november_statements_are_not_rounds(batch: Batch) -> None:
    activation = [c for c in claims(batch) if row_of(c) == 61]
    assert len(activation) == 1
    claim = activation[0]
    assert (claim.round, claim.core.claimant, claim.figure.value, claim.core.stated_on.isoformat()) == (
        ROUND + "3",
        "rustem-umerov",
        1200,
        "2025-11-15",
    )  # type: ignore[union-attr]
    assert "not a formal round" in (claim.core.note or "")
    assert not any(isinstance(r, TalksRound) and r.number > 3 for r in batch.records)


# ------------------------------------------------------------------ exchanges ----


def test_one_exchange_per_type_and_date_implementing_the_round_the_rows_name(batch: Batch) -> None:
    exchanges = {r.key: r for r in batch.records if isinstance(r, Exchange)}
    assert len(exchanges) == 21
    implemented = {
        key.removeprefix("russia-ukraine-"): tuple(k.removeprefix(ROUND) for k in r.implements)
        for key, r in exchanges.items()
        if r.implements
    }
    assert implemented == {
        "prisoner-exchange-2025-05-23": ("1",),
        "prisoner-exchange-2025-05-24": ("1",),
        "prisoner-exchange-2025-05-25": ("1",),
        "prisoner-exchange-2025-06-09": ("2",),
        "remains-repatriation-2025-06-11": ("2",),
        "prisoner-exchange-2025-06-12": ("2",),
        "remains-repatriation-2025-06-13": ("2",),
        "remains-repatriation-2025-06-14": ("2",),
        "remains-repatriation-2025-06-15": ("2",),
        "remains-repatriation-2025-06-16": ("2",),
        "prisoner-exchange-2025-06-26": ("2",),
        "remains-repatriation-2025-07-17": ("2",),
        "prisoner-exchange-2025-10-02": ("3",),
        "remains-repatriation-2025-12-19": ("2",),
    }
    june_11 = exchanges["russia-ukraine-remains-repatriation-2025-06-11"]
    assert (june_11.parties, june_11.date.isoformat(), june_11.origin.record) == (
        ("russia", "ukraine"),
        "2025-06-11",
        "rows 22, 23, 24",
    )  # type: ignore[union-attr]
    assert exchanges["russia-ukraine-prisoner-exchange-2025-07-23"].place.text == "Ukrainian-Belarusian border"  # type: ignore[union-attr]


def test_differing_figures_stand_side_by_side(batch: Batch) -> None:
    june_16 = sorted(
        (c.figure.value, c.core.claimant, c.giving, c.receiving)  # type: ignore[union-attr]
        for c in claims(batch)
        if c.exchange == "russia-ukraine-remains-repatriation-2025-06-16"
    )
    assert june_16 == [
        (78, "vladimir-medinsky", "ukraine", "russia"),
        (1245, "ukrainian-coordination-hq", "russia", "ukraine"),
        (6057, "rustem-umerov", "russia", "ukraine"),
        (6057, "site-pravda-com-ua", "russia", "ukraine"),
        (6060, "vladimir-medinsky", "russia", "ukraine"),
    ]
    both = [c.core.claimant for c in claims(batch) if row_of(c) == 8]
    assert both == ["ru-mod", "ukrainian-coordination-hq"]


def test_pages_are_sources_of_their_outlets(batch: Batch) -> None:
    claim = next(c for c in claims(batch) if row_of(c) == 32)
    page = next(r for r in batch.records if isinstance(r, Source) and r.key == claim.core.quoted_from)
    assert (page.kind, page.url, [(a.agent, a.role) for a in page.attributions]) == (
        "web-page",
        "https://tass.com/politics/1973609",
        [("tass", "reporter")],
    )
    assert claim.core.source == "curated-talks-and-exchanges-csv"
    outlet = next(r for r in batch.records if isinstance(r, Agent) and r.key == "site-pravda-com-ua")
    assert (outlet.kind, outlet.label.text) == ("news-outlet", "pravda.com.ua")


# ------------------------------------------------------------------ the query ----


def test_query_round_1_agreements_and_the_exchanges_that_carried_them_out(talks_store: Store, project: Project) -> None:
    rows = [row for row in outcomes(talks_store, project) if row[0] == "1"]
    assert rows == [
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "prisoner exchange",
            None,
            None,
            None,
            None,
            "Hindustan Times",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "prisoner exchange",
            "1000",
            "no hedge",
            None,
            None,
            "Rustem Umerov",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "prisoner exchange",
            "1000",
            "no hedge",
            None,
            None,
            "Vladimir Medinsky",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "prisoner exchange",
            "1000",
            "no hedge",
            None,
            None,
            "avia-pro.net",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "prisoner exchange",
            "1000",
            "no hedge",
            None,
            None,
            "shine.cn",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "prisoner exchange",
            "1000",
            "no hedge",
            None,
            None,
            "unn.ua",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "agreed",
            None,
            "return of remains",
            "6000",
            "no hedge",
            None,
            None,
            "Hindustan Times",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-23",
            "prisoner exchange",
            "390",
            "no hedge",
            None,
            None,
            "Russian Ministry of Defence",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-23",
            "prisoner exchange",
            "390",
            "no hedge",
            None,
            None,
            "Ukrainian Coordination HQ",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-23",
            "prisoner exchange",
            "390",
            "no hedge",
            None,
            None,
            "news.liga.net",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-24",
            "prisoner exchange",
            "307",
            "no hedge",
            None,
            None,
            "Russian Ministry of Defence",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-24",
            "prisoner exchange",
            "307",
            "no hedge",
            None,
            None,
            "Zelensky",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-24",
            "prisoner exchange",
            "307",
            "no hedge",
            None,
            None,
            "babel.ua",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-25",
            "prisoner exchange",
            "303",
            "no hedge",
            None,
            None,
            "Russian Ministry of Defence",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-25",
            "prisoner exchange",
            "1000",
            "no hedge",
            None,
            None,
            "The Guardian",
        ),
        (
            "1",
            "2025-05-16",
            "Dolmabahçe Palace",
            "carried out",
            "2025-05-25",
            "prisoner exchange",
            "303",
            "no hedge",
            None,
            None,
            "euromaidanpress.com",
        ),
    ]


def test_query_round_2_bodies_agreed_and_returned(talks_store: Store, project: Project) -> None:
    rows = [row for row in outcomes(talks_store, project) if row[0] == "2"]
    agreed = [(r[5], r[6], r[7], r[10]) for r in rows if r[3] == "agreed"]
    assert agreed == [
        ("prisoner exchange", "1000", "at least", "4thpillarpost.com"),
        ("return of remains", "6000", "no hedge", "TASS"),
        ("return of remains", "6000", "no hedge", "censor.net"),
    ]
    assert {r[1:3] for r in rows} == {("2025-06-02", "Çırağan Palace")}
    bodies_to_ukraine = [
        (r[4], r[6], r[10]) for r in rows if r[3] == "carried out" and r[5] == "return of remains" and r[8] == "Russia"
    ]
    assert bodies_to_ukraine == [
        ("2025-06-11", "1212", "Vladimir Medinsky"),
        ("2025-06-11", "1212", "pravda.com.ua"),
        ("2025-06-13", "1200", "Ukrainian Coordination HQ"),
        ("2025-06-13", "1200", "menafn.com"),
        ("2025-06-13", "1200", "pravda.com.ua"),
        ("2025-06-14", "1200", "pravda.com.ua"),
        ("2025-06-15", "1200", "pravda.com.ua"),
        ("2025-06-16", "6057", "Rustem Umerov"),
        ("2025-06-16", "1245", "Ukrainian Coordination HQ"),
        ("2025-06-16", "6060", "Vladimir Medinsky"),
        ("2025-06-16", "6057", "pravda.com.ua"),
        ("2025-07-17", "1000", "Ukrainian Coordination HQ"),
        ("2025-07-17", "1000", "Vladimir Medinsky"),
        ("2025-12-19", "1003", "Vladimir Medinsky"),
        ("2025-12-19", "1003", "news.liga.net"),
    ]
    # The daily handovers of 11 to 16 June add up to the total Ukraine gives, 6,057.
    assert 1212 + 1200 + 1200 + 1200 + 1245 == 6057


def test_query_round_3(talks_store: Store, project: Project) -> None:
    rows = [row for row in outcomes(talks_store, project) if row[0] == "3"]
    assert [(r[3], r[4], r[5], r[6], r[7], r[10]) for r in rows] == [
        ("agreed", None, "prisoner exchange", "1200", "at least", "CNN"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "Rustem Umerov"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "TASS"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "anews.com.tr"),
        ("agreed", None, "prisoner exchange", "1200", "hedge not recorded", "intellinews.com"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "patrika.com"),
        ("agreed", None, "return of remains", "3000", "no hedge", "Vladimir Medinsky"),
        ("carried out", "2025-10-02", "prisoner exchange", "185", "no hedge", "Russian Ministry of Defence"),
        ("carried out", "2025-10-02", "prisoner exchange", "185", "no hedge", "Russian Ministry of Defence"),
        ("carried out", "2025-10-02", "prisoner exchange", "185", "no hedge", "babel.ua"),
        ("carried out", "2025-10-02", "prisoner exchange", "20", "hedge not recorded", "english.pravda.ru"),
    ]


# ------------------------------------------------------------------ bad input ----


def _break(project: Project, row: int, replace: dict[str, str]) -> None:
    path = project.root / TABLE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for column, value in replace.items():
        rows[row - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    ("row", "replace", "reason"),
    [
        (
            7,
            {"event_type": "ceasefire"},
            "event_type 'ceasefire' is not one of talks_round, prisoner_exchange, remains_repatriation",
        ),
        (7, {"date": "2025-05-32"}, "date '2025-05-32' is not a real date"),
        (7, {"date": "23/05/2025"}, "date '23/05/2025' is not a date as YYYY-MM-DD"),
        (7, {"party_b": "Belarus"}, "party_b 'Belarus' is not one of Russia, Ukraine"),
        (7, {"number": "390 each"}, "number '390 each' is not a whole number"),
        (7, {"source_url": "liga.net"}, "source_url 'liga.net' is not an http(s) URL"),
        (3, {"delegation_head_a": "Sergei Lavrov"}, "delegation_head_a 'Sergei Lavrov' is not a known person"),
        (3, {"date": "2025-05-17"}, "date 2025-05-17 differs from 2025-05-16 given for round 1 in row 2"),
    ],
)
def test_bad_rows_are_rejected_with_a_readable_reason(
    project_copy: Project, row: int, replace: dict[str, str], reason: str
) -> None:
    _break(project_copy, row, replace)
    batch = talks_exchanges.read(project_copy)
    rejected = {r.row: r.reason for r in batch.rejections if r.row not in ("row 42", "row 60")}
    assert list(rejected) == [f"row {row}"]
    assert reason in rejected[f"row {row}"]
    assert batch.rows_read[TABLE] == 63
    assert row not in {row_of(c) for c in claims(batch)}


def test_a_missing_column_stops_the_build(project_copy: Project) -> None:
    path = project_copy.root / TABLE
    path.write_text(path.read_text(encoding="utf-8").replace("event_type,", "kind,", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="column 'event_type' is missing"):
        talks_exchanges.read(project_copy)


def test_the_query_gives_the_same_rows_on_the_whole_release(store: Store, talks_store: Store, project: Project) -> None:
    """Other sources add no rows to the talks, and shared nodes repeat none."""
    assert outcomes(store, project) == outcomes(talks_store, project)
