"""The 2025 Istanbul talks and exchanges: every row accounted for, rounds 2 and 3 beside the seed's
round 1 (never a second one); offers, agreements and completions kept apart; totals over several
handovers as claims about a span, never about one exchange; hedges and claimants as the rows
word them; a handover the sources date differently carried by each side's claim, with no date
of its own; exchanges implementing the round the rows name; the talks queries on the real data."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from pyoxigraph import Store

from kg.config import Project
from kg.errors import SourceError
from kg.graph import Graph, build_project
from kg.queries import bind, find, load_store, run_embedded, short
from kg.records import Agent, Batch, Exchange, OutcomeClaim, Source, TalksRound
from kg.sources import reference, seed, talks_exchanges
from kg.validate import validate_quads
from kg.vocab import CG, RDF, SCHEMA, TIME

ID = "https://w3id.org/claimgraph/id/"

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
        "handoverDate",
        "spanStart",
        "dateDispute",
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
    assert [(r.row, r.file) for r in batch.rejections] == [("row 60", TABLE)]
    assert "not a formal round" in batch.rejections[0].reason
    # 61 rows; row 8 twice (confirmed by both sides), row 31 twice (Umerov's words, the page's number)
    assert len(claims(batch)) == 63


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
    round_1 = [c for c in claims(batch) if c.round == ROUND + "1" and c.stage == "agreed"]
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


def test_one_exchange_per_handover_implementing_the_round_the_rows_name(batch: Batch) -> None:
    exchanges = {r.key: r for r in batch.records if isinstance(r, Exchange)}
    assert len(exchanges) == 19
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
        "remains-repatriation-2025-06-15": ("2",),
        "remains-repatriation-2025-06-16": ("2",),
        "prisoner-exchange-2025-06-26": ("2",),
        "remains-repatriation-2025-07-17": ("2",),
        "prisoner-exchange-2025-10-02": ("3",),
        "remains-repatriation-2025-12-19": ("2",),
    }
    june_15 = exchanges["russia-ukraine-remains-repatriation-2025-06-15"]
    assert (june_15.parties, june_15.date.isoformat(), june_15.origin.record, june_15.date_dispute) == (
        ("russia", "ukraine"),
        "2025-06-15",
        "rows 30",
        None,
    )  # type: ignore[union-attr]
    assert exchanges["russia-ukraine-prisoner-exchange-2025-07-23"].place.text == "Ukrainian-Belarusian border"  # type: ignore[union-attr]
    # No row says which round these carried out ("8th exchange since Istanbul talks", "understandings
    # from the three Istanbul rounds", "page recalls July 23 Istanbul agreement"): left unlinked.
    assert {key.removeprefix("russia-ukraine-") for key, r in exchanges.items() if not r.implements} == {
        "prisoner-exchange-2025-07-04",
        "prisoner-exchange-2025-07-23",
        "prisoner-exchange-2025-08-14",
        "prisoner-exchange-2025-08-24",
        "remains-repatriation-2025-09-18",
        "remains-repatriation-2025-10-23",
    }


def test_the_first_1212_bodies_are_one_handover_the_sources_date_differently(batch: Batch) -> None:
    """Row 19 (the Russian MoD's account, unconfirmed by Ukraine, of 6 June) and rows 22-24 (11 June)
    are one handover: its exchange asserts neither date, each claim gives its own, and it is linked
    to round 2 as the rows of 11 June say."""
    exchanges = {r.key: r for r in batch.records if isinstance(r, Exchange)}
    first = exchanges["russia-ukraine-remains-repatriation-2025-06-11"]
    assert (first.date, first.date_dispute, first.origin.record, first.implements) == (
        None,
        "date-disputed",
        "rows 19, 22, 23, 24",
        (ROUND + "2",),
    )
    assert "2025-06-06 (rows 19); 2025-06-11 (rows 22, 23, 24)" in (first.note or "")
    assert "conflict over timing" in (first.note or "")
    dated = sorted(
        (c.event_date.isoformat(), c.core.claimant, c.figure.value)  # type: ignore[union-attr]
        for c in claims(batch)
        if c.exchange == first.key
    )
    assert dated == [
        ("2025-06-06", "ru-mod", 1212),
        ("2025-06-11", "site-pravda-com-ua", 1212),
        ("2025-06-11", "vladimir-medinsky", 27),
        ("2025-06-11", "vladimir-medinsky", 1212),
    ]
    second = exchanges["russia-ukraine-remains-repatriation-2025-06-13"]
    assert (second.date, second.date_dispute, second.origin.record) == (None, "date-disputed", "rows 26, 27, 28, 29")
    assert sorted({c.event_date.isoformat() for c in claims(batch) if c.exchange == second.key}) == [  # type: ignore[union-attr]
        "2025-06-13",
        "2025-06-14",
    ]
    assert "russia-ukraine-remains-repatriation-2025-06-06" not in exchanges
    assert "russia-ukraine-remains-repatriation-2025-06-14" not in exchanges
    undisputed = [r for r in exchanges.values() if r.key not in (first.key, second.key)]
    assert all(r.date is not None and r.date_dispute is None for r in undisputed)
    for claim in claims(batch):
        if claim.exchange and exchanges[claim.exchange].date:
            assert claim.event_date == exchanges[claim.exchange].date


def test_totals_over_several_handovers_are_claims_about_a_span(batch: Batch) -> None:
    totals = sorted(
        (
            row_of(c),
            c.core.claimant,
            c.figure.value,  # type: ignore[union-attr]
            c.figure.hedge,  # type: ignore[union-attr]
            c.span.start.isoformat() if c.span.start else None,  # type: ignore[union-attr]
            c.span.end.isoformat(),  # type: ignore[union-attr]
            c.round,
        )
        for c in claims(batch)
        if c.span
    )
    assert totals == [
        (12, "the-guardian", 1000, "none", "2025-05-23", "2025-05-25", ROUND + "1"),
        (31, "rustem-umerov", 6000, "over", None, "2025-06-16", None),
        (31, "site-euromaidanpress-com", 6057, "unrecorded", None, "2025-06-16", None),
        (32, "vladimir-medinsky", 6060, "none", None, "2025-06-16", None),
        (33, "vladimir-medinsky", 78, "unrecorded", None, "2025-06-16", None),
        (35, "site-pravda-com-ua", 6057, "unrecorded", None, "2025-06-16", ROUND + "2"),
        (42, "russia", 7000, "about", None, "2025-07-23", None),
    ]
    assert all(c.exchange is None and c.stage == "carried-out" for c in claims(batch) if c.span)
    # the day's own batch is all the 16 June handover carries; the 25 May one carries its 303s
    june_16 = [(c.figure.value, c.core.claimant) for c in claims(batch) if c.exchange and c.exchange.endswith("06-16")]  # type: ignore[union-attr]
    assert june_16 == [(1245, "ukrainian-coordination-hq")]
    may_25 = {
        c.figure.value for c in claims(batch) if c.exchange and c.exchange.endswith("prisoner-exchange-2025-05-25")
    }  # type: ignore[union-attr]
    assert may_25 == {303}


def test_the_words_hedge_and_attribution_as_stated(batch: Batch) -> None:
    """Row 31: "Umerov: over 6,000 bodies returned" with 6,057 in its number column."""
    row_31 = {c.core.claimant: c for c in claims(batch) if row_of(c) == 31}
    umerov, page = row_31["rustem-umerov"], row_31["site-euromaidanpress-com"]
    assert (umerov.figure.value, umerov.figure.hedge, umerov.figure.hedge_as_stated.text) == (6000, "over", "over")  # type: ignore[union-attr]
    assert (page.figure.value, page.figure.hedge) == (6057, "unrecorded")  # type: ignore[union-attr]
    assert umerov.core.quote == page.core.quote
    assert "outlet" in (page.core.note or "")


def test_offers_agreements_and_completions_are_kept_apart(batch: Batch) -> None:
    stages = {(row_of(c), c.core.claimant): c.stage for c in claims(batch)}
    assert [key for key, stage in stages.items() if stage == "offered"] == [(43, "vladimir-medinsky")]
    offer = next(c for c in claims(batch) if row_of(c) == 43)
    assert (offer.round, offer.exchange, offer.span, offer.figure.value, offer.giving) == (  # type: ignore[union-attr]
        ROUND + "3",
        None,
        None,
        3000,
        "russia",
    )
    for claim in claims(batch):
        assert (claim.stage == "carried-out") == bool(claim.exchange or claim.span)
        assert claim.stage == "carried-out" or (claim.round and not claim.event_date)


def test_differing_figures_stand_side_by_side(batch: Batch) -> None:
    june_16 = sorted(
        (c.figure.value, c.core.claimant, c.giving, c.receiving)  # type: ignore[union-attr]
        for c in claims(batch)
        if c.span and c.span.end.isoformat() == "2025-06-16"
    )
    assert june_16 == [
        (78, "vladimir-medinsky", "ukraine", "russia"),
        (6000, "rustem-umerov", "russia", "ukraine"),
        (6057, "site-euromaidanpress-com", "russia", "ukraine"),
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
    assert claim.core.source == page.key  # the document the claim was read in; the table row is its quote
    outlet = next(r for r in batch.records if isinstance(r, Agent) and r.key == "site-pravda-com-ua")
    assert (outlet.kind, outlet.label.text) == ("news-outlet", "pravda.com.ua")


# ------------------------------------------------------------------ the graph ----


def test_the_graph_carries_stages_spans_and_disputed_dates(small_graph: Graph) -> None:
    """The triples say it: stage classes, a span period for totals, no date on a disputed exchange."""
    triples = {(s, p, o) for s, p, o, _ in small_graph.quads}
    stages = (CG.OfferClaim, CG.AgreementClaim, CG.CompletionClaim)
    assert Counter(o for s, p, o in triples if p == RDF.type and o in stages) == {
        CG.AgreementClaim: 16,
        CG.OfferClaim: 1,
        CG.CompletionClaim: 48,
    }
    disputed = f"<{ID}exchange/russia-ukraine-remains-repatriation-2025-06-13>"
    assert not any(s == disputed and p == SCHEMA.startDate for s, p, o in triples)
    assert (disputed, CG.dateDispute, f"<{ID}concept/date-disputed>") in triples
    span = f"<{ID}period/span-2025-05-23-to-2025-05-25>"
    assert (span, RDF.type, CG.SpanPeriod) in triples
    assert (span, TIME.hasBeginning, f"<{ID}instant/2025-05-23>") in triples


def test_the_shapes_refuse_a_disputed_date_and_a_total_about_one_exchange(small_graph: Graph, project: Project) -> None:
    """Given a date the sources dispute, the exchange breaks the shapes; so does a total put on one handover."""
    exchange = f"<{ID}exchange/russia-ukraine-remains-repatriation-2025-06-13>"
    graph = next(q[3] for q in small_graph.quads if q[0] == exchange)
    dated = [
        *small_graph.quads,
        (exchange, SCHEMA.startDate, '"2025-06-13"^^<http://www.w3.org/2001/XMLSchema#date>', graph),
    ]
    found = {v.source_shape for v in validate_quads(dated, project).violations}
    assert found == {
        "<https://w3id.org/claimgraph/shapes#Exchange-claimsAgree>",
        "<https://w3id.org/claimgraph/shapes#Exchange-dateOrDispute>",
    }
    total = next(q[0] for q in small_graph.quads if q[1] == CG.period and q[2].endswith("span-to-2025-06-16>"))
    on_exchange = [
        *small_graph.quads,
        (total, CG.aboutExchange, f"<{ID}exchange/russia-ukraine-remains-repatriation-2025-06-16>", graph),
        (total, CG.eventDate, '"2025-06-16"^^<http://www.w3.org/2001/XMLSchema#date>', graph),
    ]
    found = {v.source_shape for v in validate_quads(on_exchange, project).violations}
    assert found == {"<https://w3id.org/claimgraph/shapes#CompletionClaim-subject>"}


# ------------------------------------------------------------------ the queries ----


def test_query_round_1_agreements_and_the_handovers_that_carried_them_out(talks_store: Store, project: Project) -> None:
    rows = [row for row in outcomes(talks_store, project) if row[0] == "1"]
    assert [(r[3], r[4], r[5], r[7], r[8], r[12]) for r in rows] == [
        ("agreed", None, None, "prisoner exchange", None, "Hindustan Times"),
        ("agreed", None, None, "prisoner exchange", "1000", "Rustem Umerov"),
        ("agreed", None, None, "prisoner exchange", "1000", "Vladimir Medinsky"),
        ("agreed", None, None, "prisoner exchange", "1000", "avia-pro.net"),
        ("agreed", None, None, "prisoner exchange", "1000", "shine.cn"),
        ("agreed", None, None, "prisoner exchange", "1000", "unn.ua"),
        ("agreed", None, None, "return of remains", "6000", "Hindustan Times"),
        ("carried out", "2025-05-23", None, "prisoner exchange", "390", "Russian Ministry of Defence"),
        ("carried out", "2025-05-23", None, "prisoner exchange", "390", "Ukrainian Coordination HQ"),
        ("carried out", "2025-05-23", None, "prisoner exchange", "390", "news.liga.net"),
        ("carried out", "2025-05-24", None, "prisoner exchange", "307", "Russian Ministry of Defence"),
        ("carried out", "2025-05-24", None, "prisoner exchange", "307", "Zelensky"),
        ("carried out", "2025-05-24", None, "prisoner exchange", "307", "babel.ua"),
        ("carried out", "2025-05-25", None, "prisoner exchange", "303", "Russian Ministry of Defence"),
        ("carried out", "2025-05-25", None, "prisoner exchange", "303", "euromaidanpress.com"),
        ("carried out, in total", "2025-05-25", "2025-05-23", "prisoner exchange", "1000", "The Guardian"),
    ]
    assert {r[1:3] for r in rows} == {("2025-05-16", "Dolmabahçe Palace")}
    # The three days' handovers add up to the total the Guardian gives over 23-25 May.
    assert 390 + 307 + 303 == 1000


def test_query_round_2_bodies_agreed_and_returned(talks_store: Store, project: Project) -> None:
    rows = [row for row in outcomes(talks_store, project) if row[0] == "2"]
    agreed = [(r[7], r[8], r[9], r[12]) for r in rows if r[3] == "agreed"]
    assert agreed == [
        ("prisoner exchange", "1000", "at least", "4thpillarpost.com"),
        ("return of remains", "6000", "no hedge", "TASS"),
        ("return of remains", "6000", "no hedge", "censor.net"),
    ]
    assert {r[1:3] for r in rows} == {("2025-06-02", "Çırağan Palace")}
    bodies_to_ukraine = [
        (r[3], r[4], r[6], r[8], r[12])
        for r in rows
        if r[3].startswith("carried out") and r[7] == "return of remains" and r[10] == "Russia"
    ]
    disputed = "date disputed by the sources"
    assert bodies_to_ukraine == [
        ("carried out", "2025-06-06", disputed, "1212", "Russian Ministry of Defence"),
        ("carried out", "2025-06-11", disputed, "1212", "Vladimir Medinsky"),
        ("carried out", "2025-06-11", disputed, "1212", "pravda.com.ua"),
        ("carried out", "2025-06-13", disputed, "1200", "Ukrainian Coordination HQ"),
        ("carried out", "2025-06-13", disputed, "1200", "menafn.com"),
        ("carried out", "2025-06-13", disputed, "1200", "pravda.com.ua"),
        ("carried out", "2025-06-14", disputed, "1200", "pravda.com.ua"),
        ("carried out", "2025-06-15", None, "1200", "pravda.com.ua"),
        ("carried out", "2025-06-16", None, "1245", "Ukrainian Coordination HQ"),
        ("carried out", "2025-07-17", None, "1000", "Ukrainian Coordination HQ"),
        ("carried out", "2025-07-17", None, "1000", "Vladimir Medinsky"),
        ("carried out", "2025-12-19", None, "1003", "Vladimir Medinsky"),
        ("carried out", "2025-12-19", None, "1003", "news.liga.net"),
        ("carried out, in total", "2025-06-16", None, "6057", "pravda.com.ua"),
    ]
    # The handovers of 11 to 16 June, one per batch, add up to the total Ukraine gives, 6,057.
    assert 1212 + 1200 + 1200 + 1245 + 1200 == 6057


def test_query_round_3_agreed_offered_and_carried_out(talks_store: Store, project: Project) -> None:
    rows = [row for row in outcomes(talks_store, project) if row[0] == "3"]
    assert [(r[3], r[4], r[7], r[8], r[9], r[12]) for r in rows] == [
        ("agreed", None, "prisoner exchange", "1200", "at least", "CNN"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "Rustem Umerov"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "TASS"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "anews.com.tr"),
        ("agreed", None, "prisoner exchange", "1200", "hedge not recorded", "intellinews.com"),
        ("agreed", None, "prisoner exchange", "1200", "no hedge", "patrika.com"),
        ("carried out", "2025-10-02", "prisoner exchange", "185", "no hedge", "Russian Ministry of Defence"),
        ("carried out", "2025-10-02", "prisoner exchange", "185", "no hedge", "Russian Ministry of Defence"),
        ("carried out", "2025-10-02", "prisoner exchange", "185", "no hedge", "babel.ua"),
        ("carried out", "2025-10-02", "prisoner exchange", "20", "hedge not recorded", "english.pravda.ru"),
        ("offered", None, "return of remains", "3000", "no hedge", "Vladimir Medinsky"),
    ]


def test_talks_outcomes_separates_offers_from_agreements(talks_store: Store, project: Project) -> None:
    result = run_embedded(talks_store, bind(find(project.queries_dir, "talks-outcomes"), {}))
    stages = Counter((short(row[1]), short(row[4])) for row in result.rows)  # type: ignore[arg-type]
    assert stages == {("1", "agreed"): 7, ("2", "agreed"): 3, ("3", "agreed"): 6, ("3", "offered"): 1}


# ------------------------------------------------------------------ the rules, on edited rows ----


@pytest.mark.parametrize(
    ("row", "replace", "expect"),
    [
        # a note naming another date for the same batch makes the handover's date disputed
        (53, {"note": "CONFLICT: example.org dates this batch 19 September"}, "disputed"),
        # a handover only one side's account gives, which says the other did not confirm it, has no date
        (19, {"note": "Russian account"}, "unconfirmed"),
        # "in total" in the words makes the figure a total over a span, not the day's handover
        (62, {"outcome_or_figure": "1,003 bodies returned to Ukraine in total"}, "span"),
        # the words giving the figure as offered at a round make it an offer, not an agreement
        (16, {"outcome_or_figure": "Round 2: Russia offered to hand over 6,000 bodies"}, "offered"),
    ],
)
def test_each_rule_holds_for_any_row(project_copy: Project, row: int, replace: dict[str, str], expect: str) -> None:
    _break(project_copy, row, replace)
    batch = talks_exchanges.read(project_copy)
    claim = next(c for c in claims(batch) if row_of(c) == row)
    if expect == "disputed":
        exchange = next(r for r in batch.records if isinstance(r, Exchange) and r.key == claim.exchange)
        assert (exchange.date, exchange.date_dispute) == (None, "date-disputed")
        assert claim.event_date.isoformat() == "2025-09-18"  # type: ignore[union-attr]
    elif expect == "unconfirmed":
        exchange = next(r for r in batch.records if isinstance(r, Exchange) and r.key == claim.exchange)
        assert (exchange.key, exchange.date, exchange.date_dispute) == (
            "russia-ukraine-remains-repatriation-2025-06-06",
            None,
            "date-one-side-unconfirmed",
        )
        assert claim.event_date.isoformat() == "2025-06-06"  # type: ignore[union-attr]
    elif expect == "span":
        assert (claim.exchange, claim.span.end.isoformat(), claim.span.start) == (None, "2025-12-19", None)  # type: ignore[union-attr]
    else:
        assert (claim.stage, claim.round) == ("offered", ROUND + "2")


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
    rejected = {r.row: r.reason for r in batch.rejections if r.row != "row 60"}
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
