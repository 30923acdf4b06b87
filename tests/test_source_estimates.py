"""The Economist's competing estimates: every row accounted for, real claims with their ranges,
hedges and periods, claimants mapped to agents, the warring-party flag checked against the
claimants' states, and the losses-over-time query on the real data."""

from __future__ import annotations

import csv

import pytest
from pyoxigraph import Store

from kg.config import Project
from kg.errors import SourceError
from kg.graph import Graph, build_project
from kg.queries import bind, find, load_store, run_embedded, short
from kg.records import Attribution, Batch, LossClaim, Rejection, Source
from kg.sources import economist_estimates, reference, seed
from kg.validate import validate_quads

ESTIMATES = "data/estimates/economist/estimates.csv"
MONTHLY = "data/estimates/economist/uk-mod-monthly.csv"
P = "economist-estimates-"


@pytest.fixture(scope="module")
def batch(project: Project) -> Batch:
    return economist_estimates.read(project)


@pytest.fixture(scope="module")
def small_graph(project: Project) -> Graph:
    return build_project(project, [reference, seed, economist_estimates])


@pytest.fixture(scope="module")
def estimates_store(small_graph: Graph) -> Store:
    return load_store(quads=small_graph.quads)


def claims(batch: Batch) -> dict[str, LossClaim]:
    return {record.core.key: record for record in batch.records if isinstance(record, LossClaim)}


def csv_rows(project: Project, shown: str) -> list[dict[str, str]]:
    with (project.root / shown).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def query(store: Store, project: Project, **params: str) -> list[tuple[str | None, ...]]:
    result = run_embedded(store, bind(find(project.queries_dir, "losses-by-claimant-over-time"), params))
    assert result.variables == ("date", "claimant", "value", "hedge", "low", "high", "warringParty", "claim")
    return [tuple(short(term).removeprefix("claim:" + P) if term else None for term in row) for row in result.rows]


# ------------------------------------------------------------------ accounting ----


def repeats(batch: Batch) -> list[Rejection]:
    return [r for r in batch.rejections if r.reason.startswith(f"the same figure as {MONTHLY} row ")]


def test_every_row_is_read_and_becomes_claims_or_is_the_same_figure_as_one(project: Project, batch: Batch) -> None:
    """Every row is accounted for: a claim quotes it, or the rejection report says which claim has its figure."""
    assert batch.rows_read == {ESTIMATES: len(csv_rows(project, ESTIMATES)), MONTHLY: len(csv_rows(project, MONTHLY))}
    assert batch.rows_read == {ESTIMATES: 124, MONTHLY: 47}
    assert batch.rejections == repeats(batch)
    assert len(batch.rejections) == 34
    cited: dict[str, set[int]] = {ESTIMATES: set(), MONTHLY: set()}
    for claim in claims(batch).values():
        cited[claim.core.origin.file].add(int(claim.core.quote.fragment.removeprefix("row=")))  # type: ignore[union-attr]
    rejected = {int(r.row.removeprefix("row ")) for r in batch.rejections}
    assert cited[ESTIMATES].isdisjoint(rejected)
    assert cited[ESTIMATES] | rejected == set(range(2, 126))
    assert cited[MONTHLY] == set(range(2, 49))
    per_file = {ESTIMATES: 0, MONTHLY: 0}
    for claim in claims(batch).values():
        per_file[claim.core.origin.file] += 1
    assert per_file == {ESTIMATES: 90, MONTHLY: 94}


def test_the_graph_conforms_to_the_shapes(small_graph: Graph, project: Project) -> None:
    assert validate_quads(small_graph.quads, project).conforms


# ------------------------------------------------------------------ claims ----


def test_a_range_with_a_central_figure(batch: Batch) -> None:
    claim = claims(batch)[P + "uk-mod-russia-casualties-2023-11-30"]
    assert (claim.core.claimant, claim.losses_of, claim.category) == ("uk-mod", "russia", "economist-casualties")
    assert (claim.figure.value, claim.figure.hedge) == (320000, "unrecorded")
    assert [(b.kind, b.value) for b in claim.bounds] == [("min-inclusive", 290000), ("max-inclusive", 350000)]
    assert (claim.period.kind, claim.period.start.isoformat(), claim.period.end.isoformat()) == (
        "cumulative",
        "2022-02-24",
        "2023-11-30",
    )  # type: ignore[union-attr]
    assert claim.core.quote.fragment == "row=45"  # type: ignore[union-attr]
    assert claim.core.quoted_from == P + "page-twitter-com-defencehq-status-1731611263799537767"
    assert claim.core.note is not None and "Named 'UK Ministry of Defence'" in claim.core.note


def test_a_range_alone_is_at_least_its_low_end_with_the_high_end_as_bound(batch: Batch) -> None:
    claim = claims(batch)[P + "us-officials-russia-casualties-2022-08-11"]
    assert (claim.figure.value, claim.figure.hedge) == (70000, "at-least")
    assert [(b.kind, b.value) for b in claim.bounds] == [("max-inclusive", 80000)]
    page = next(r for r in batch.records if isinstance(r, Source) and r.key == claim.core.quoted_from)
    assert page.url == "https://www.nytimes.com/2022/08/11/us/politics/russian-casualties-ukraine.html"
    assert [(a.agent, a.role) for a in page.attributions] == [
        ("us-officials", "originator"),
        ("the-new-york-times", "reporter"),
    ]


def test_a_high_end_alone_is_up_to(batch: Batch) -> None:
    claim = claims(batch)[P + "uk-mod-russia-deaths-2022-06-29"]
    assert (claim.figure.value, claim.figure.hedge, claim.bounds) == (25000, "up-to", ())


def test_unpadded_dates_comma_counts_and_leaks(batch: Batch) -> None:
    leak = claims(batch)[P + "ukrainian-estimate-author-ukraine-casualties-2024-09-17"]
    assert (leak.figure.value, leak.losses_of, leak.period.end.isoformat()) == (480000, "ukraine", "2024-09-17")  # type: ignore[union-attr]
    assert "calls the estimate a leak" in (leak.core.note or "")
    csis = claims(batch)[P + "csis-russia-casualties-2025-12-01"]
    assert (csis.figure.value, csis.figure.hedge) == (1200000, "unrecorded")
    mediazona = claims(batch)[P + "mediazona-meduza-russia-deaths-2024-06-21"]
    assert (mediazona.figure.value, [(b.kind, b.value) for b in mediazona.bounds]) == (
        120000,
        [("min-inclusive", 106000), ("max-inclusive", 140000)],
    )
    assert mediazona.core.quoted_from is None
    assert "via email from Alexandr at Meduza" in (mediazona.core.note or "")
    ualosses = claims(batch)[P + "ualosses-ukraine-deaths-2025-05-30"]
    assert ualosses.core.quoted_from == P + "page-ualosses-org-en-soldiers"
    assert "exclude pre-invasion deaths" in (ualosses.core.note or "")


def test_claimants_map_to_the_same_bodies_and_states_only_where_stated(batch: Batch, estimates_store: Store) -> None:
    claimants = {claim.core.claimant for claim in claims(batch).values()}
    assert {"ua-armed-forces", "ru-mod", "uk-mod", "us-dod", "csis", "mediazona-meduza"} <= claimants
    solutions = estimates_store.query(
        """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
           SELECT ?agent ?state WHERE {
             VALUES ?agent { <https://w3id.org/claimgraph/id/agent/uk-mod> <https://w3id.org/claimgraph/id/agent/ua-armed-forces>
                             <https://w3id.org/claimgraph/id/agent/ru-mod> <https://w3id.org/claimgraph/id/agent/cia>
                             <https://w3id.org/claimgraph/id/agent/csis> }
             ?agent cg:ofState ?state }""",
        use_default_graph_as_union=True,
    )
    states = {short(str(solution["agent"])): short(str(solution["state"])) for solution in solutions}  # type: ignore[union-attr]
    assert states == {
        "agent:uk-mod": "agent:united-kingdom",
        "agent:ua-armed-forces": "agent:ukraine",
        "agent:ru-mod": "agent:russia",
    }


def test_the_monthly_table_gives_a_month_and_a_running_total(project: Project, batch: Batch) -> None:
    found = claims(batch)
    month = found[P + "uk-mod-monthly-uk-mod-russia-casualties-month-2022-03-31"]
    assert (month.figure.value, month.period.kind, month.period.start.isoformat(), month.period.end.isoformat()) == (
        11966,
        "month",
        "2022-03-01",
        "2022-03-31",
    )  # type: ignore[union-attr]
    assert "product of the 386 average daily casualties" in (month.core.note or "")
    assert "and the 31 days of the month" in (month.core.note or "")
    total = found[P + "uk-mod-monthly-uk-mod-russia-casualties-cumulative-2022-04-01"]
    assert (total.figure.value, total.period.kind, total.core.quote) == (11966, "cumulative", month.core.quote)  # type: ignore[union-attr]
    last = found[P + "uk-mod-monthly-uk-mod-russia-casualties-cumulative-2026-02-01"]
    assert last.figure.value == 1230459
    months = sorted(
        (c.period.end, c.figure.value)
        for c in found.values()
        if c.period and c.period.kind == "month" and "monthly" in c.core.key
    )
    totals = sorted(
        (c.period.end, c.figure.value)
        for c in found.values()
        if c.period and c.period.kind == "cumulative" and "monthly" in c.core.key
    )
    running = 0
    for (_, in_month), (_, total_value) in zip(months, totals, strict=True):
        running += in_month
        assert running == total_value


def test_the_monthly_figures_are_the_economists_derived_from_the_uk_mod_statement(batch: Batch) -> None:
    """The monthly table's products and running totals are The Economist's arithmetic: its claims,
    each derived from the ministry's statement the row cites (attributed to the ministry)."""
    pages = {record.key: record for record in batch.records if isinstance(record, Source)}
    monthly = [claim for claim in claims(batch).values() if claim.core.origin.file == MONTHLY]
    assert len(monthly) == 94
    assert {claim.core.claimant for claim in monthly} == {"the-economist"}
    assert {claim.core.quoted_from for claim in monthly} == {None}
    for claim in monthly:
        statement = pages[claim.core.derived_from]  # type: ignore[index]
        assert statement.attributions[0] == Attribution("uk-mod", "originator")
        assert (claim.core.note or "").startswith("The Economist's ")
    assert not [claim for claim in claims(batch).values() if claim.core.derived_from and claim not in monthly]


def test_no_figure_is_recorded_twice(project: Project, batch: Batch) -> None:
    """The estimates table repeats 34 of the running totals, as "UK MoD" on the same dates: each
    such row is that running total's figure, recorded once; the claim's note names the row."""
    found = claims(batch)
    figures = [(c.core.claimant, c.losses_of, c.category, c.period, c.figure.value, c.bounds) for c in found.values()]
    assert len(figures) == len(set(figures))
    rows = csv_rows(project, ESTIMATES)
    for rejection in repeats(batch):
        number = int(rejection.row.removeprefix("row "))
        row = rows[number - 2]
        day, month, year = (int(part) for part in row["date"].split("/"))
        total = found[P + f"uk-mod-monthly-uk-mod-russia-casualties-cumulative-{year:04d}-{month:02d}-{day:02d}"]
        assert (row["source"], row["type"], row["country"]) == ("UK MoD", "casualties", "russia")
        assert int(row["estimate"]) == total.figure.value
        assert f"named 'UK MoD' (row {number})" in (total.core.note or "")


# ------------------------------------------------------------------ the query ----


def test_query_russian_deaths_over_time(estimates_store: Store, project: Project) -> None:
    rows = query(estimates_store, project, side="agent:russia", category="category:economist-deaths")
    assert rows[:6] == [
        (
            "2022-04-23",
            "NATO officials",
            "7000",
            "at least",
            "7000",
            "15000",
            "no",
            "nato-officials-russia-deaths-2022-04-23",
        ),
        (
            "2022-06-29",
            "UK Ministry of Defence",
            "25000",
            "up to",
            None,
            "25000",
            "no",
            "uk-mod-russia-deaths-2022-06-29",
        ),
        (
            "2022-07-19",
            "Armed Forces of Ukraine",
            "38500",
            "hedge not recorded",
            None,
            None,
            "yes",
            "ua-armed-forces-russia-deaths-2022-07-19",
        ),
        ("2022-07-20", "CIA", "15000", "at least", "15000", None, "no", "cia-russia-deaths-2022-07-20"),
        (
            "2022-07-24",
            "US officials",
            "15000",
            "at least",
            "15000",
            "20000",
            "no",
            "us-officials-russia-deaths-2022-07-24",
        ),
        (
            "2022-08-11",
            "US officials",
            "20000",
            "hedge not recorded",
            None,
            None,
            "no",
            "us-officials-russia-deaths-2022-08-11",
        ),
    ]
    assert len(rows) == 36
    assert rows[-1] == (
        "2026-06-30",
        "The Centre for Strategic and International Studies",
        "400000",
        "at least",
        "400000",
        "450000",
        "no",
        "csis-russia-deaths-2026-06-30",
    )


def test_query_ukrainian_casualties_by_claimant(estimates_store: Store, project: Project) -> None:
    assert query(estimates_store, project, side="agent:ukraine", category="category:economist-casualties") == [
        (
            "2023-02-15",
            "US DoD",
            "124500",
            "at least",
            "124500",
            "131000",
            "no",
            "us-dod-ukraine-casualties-2023-02-15",
        ),
        (
            "2023-08-18",
            "US officials",
            "170000",
            "at least",
            "170000",
            "190000",
            "no",
            "us-officials-ukraine-casualties-2023-08-18",
        ),
        (
            "2023-12-19",
            "Russian Ministry of Defence",
            "383000",
            "hedge not recorded",
            None,
            None,
            "yes",
            "ru-mod-ukraine-casualties-2023-12-19",
        ),
        (
            "2024-09-17",
            "author of a Ukrainian estimate (not named)",
            "480000",
            "hedge not recorded",
            None,
            None,
            "no",
            "ukrainian-estimate-author-ukraine-casualties-2024-09-17",
        ),
        (
            "2024-10-10",
            "US officials",
            "307500",
            "hedge not recorded",
            None,
            None,
            "no",
            "us-officials-ukraine-casualties-2024-10-10",
        ),
        (
            "2025-12-01",
            "The Centre for Strategic and International Studies",
            "500000",
            "at least",
            "500000",
            "600000",
            "no",
            "csis-ukraine-casualties-2025-12-01",
        ),
        (
            "2025-12-31",
            "Dutch Military Intelligence and Security Service",
            "500000",
            "hedge not recorded",
            None,
            None,
            "no",
            "dutch-military-intelligence-and-security-service-ukraine-casualties-2025-12-31",
        ),
        (
            "2026-06-30",
            "The Centre for Strategic and International Studies",
            "525000",
            "at least",
            "525000",
            "625000",
            "no",
            "csis-ukraine-casualties-2026-06-30",
        ),
    ]


def test_the_warring_party_flag_agrees_with_the_claimants_states(
    estimates_store: Store, project: Project, batch: Batch
) -> None:
    """Derived from the claimant (its state is a party of the war), compared with the compilation's flag row by row."""
    derived: dict[str, str] = {}
    for side in ("russia", "ukraine"):
        for category in ("deaths", "casualties"):
            for row in query(estimates_store, project, side=f"agent:{side}", category=f"category:economist-{category}"):
                derived[P + str(row[-1])] = str(row[-2])
    flags = {
        number: row["ignore for chart, data from warring parties"].strip()
        for number, row in enumerate(csv_rows(project, ESTIMATES), start=2)
    }
    disagreements = []
    for key, claim in claims(batch).items():
        if claim.core.origin.file != ESTIMATES:
            continue
        number = int(claim.core.quote.fragment.removeprefix("row="))  # type: ignore[union-attr]
        if (flags[number] == "yes") != (derived[key] == "yes"):
            disagreements.append((number, claim.core.claimant, flags[number], derived[key]))
    assert disagreements == []
    assert sorted(n for n, flag in flags.items() if flag == "yes") == [2, 3, 7, 22]


# ------------------------------------------------------------------ bad input ----


def _break(project: Project, shown: str, row: int, replace: dict[str, str]) -> None:
    path = project.root / shown
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for column, value in replace.items():
        rows[row - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


@pytest.mark.parametrize(
    ("replace", "reason"),
    [
        ({"date": "31/02/2024"}, "date '31/02/2024' is not a real date"),
        ({"date": "2024-01-16"}, "date '2024-01-16' is not a date as dd/mm/yyyy"),
        ({"date": "16/1/24"}, "date '16/1/24' is not a date as dd/mm/yyyy"),
        ({"date": "16/01/2021"}, "is before the war began"),
        ({"estimate": "390k"}, "estimate '390k' is not a whole number"),
        ({"estimate": "", "estimate_low": "", "estimate_high": ""}, "no figure"),
        ({"estimate_low": "5", "estimate_high": "4"}, "estimate_low '5' is above estimate_high '4'"),
        ({"source": "Somebody (via NYT)"}, "source 'Somebody (via NYT)' is not a claimant known"),
        ({"country": "belarus"}, "country 'belarus' is not one of russia, ukraine"),
        ({"type": "wounded"}, "type 'wounded' is not one of deaths, casualties"),
        ({"ignore for chart, data from warring parties": "maybe"}, "expected empty or 'yes'"),
    ],
)
def test_bad_rows_are_rejected_with_a_readable_reason(
    project_copy: Project, replace: dict[str, str], reason: str
) -> None:
    _break(project_copy, ESTIMATES, 2, replace)
    batch = economist_estimates.read(project_copy)
    broken = [r for r in batch.rejections if r not in repeats(batch)]
    assert [(r.file, r.row) for r in broken] == [(ESTIMATES, "row 2")]
    assert reason in broken[0].reason
    assert batch.rows_read[ESTIMATES] == 124
    assert len([c for c in claims(batch).values() if c.core.origin.file == ESTIMATES]) == 89


def test_a_bad_monthly_row_is_rejected_and_the_rest_read(project_copy: Project) -> None:
    _break(project_copy, MONTHLY, 3, {"days in month": "31"})
    _break(project_copy, MONTHLY, 4, {"date (at beginning of next month)": "02/06/2022"})
    batch = economist_estimates.read(project_copy)
    assert [(r.row, r.reason) for r in batch.rejections if r.file == MONTHLY] == [
        ("row 3", "days in month '31' is not the number of days of april 2022 (30)"),
        ("row 4", "date (at beginning of next month) '02/06/2022' is not the day after may 2022"),
    ]
    assert len([c for c in claims(batch).values() if c.core.origin.file == MONTHLY]) == 90
    # the estimates of those two dates repeat no running total now: they are claims of their own
    assert len(repeats(batch)) == 32


def test_a_missing_column_stops_the_build(project_copy: Project) -> None:
    path = project_copy.root / ESTIMATES
    path.write_text(path.read_text(encoding="utf-8").replace("estimate_high,", "high,", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="column 'estimate_high' is missing"):
        economist_estimates.read(project_copy)


def test_the_query_gives_the_same_rows_on_the_whole_release(
    store: Store, estimates_store: Store, project: Project
) -> None:
    """Nodes other sources share (periods, instants) must not repeat rows on the union of all graphs."""
    for side, category in (("russia", "deaths"), ("ukraine", "casualties")):
        params = {"side": f"agent:{side}", "category": f"category:economist-{category}"}
        assert query(store, project, **params) == query(estimates_store, project, **params)


def test_the_relay_chain_of_a_monthly_figure_names_the_statement_it_was_derived_from(
    estimates_store: Store, project: Project
) -> None:
    result = run_embedded(
        estimates_store,
        bind(
            find(project.queries_dir, "relay-chain"),
            {"claim": f"claim:{P}uk-mod-monthly-uk-mod-russia-casualties-cumulative-2022-04-01"},
        ),
    )
    chain = {(short(row[1]), short(row[2]), short(row[3])) for row in result.rows}
    assert chain == {
        (f"source:{P}uk-mod-monthly-csv", "The Economist", "cg:compiler"),
        (
            f"source:{P}page-x-com-defencehq-status-1876584633103507960-photo-2",
            "UK Ministry of Defence",
            "cg:originator",
        ),
    }
