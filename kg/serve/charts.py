"""The data behind the charts: which series a chart has, read from the graph by SPARQL.

- Per comparison heading and side whose losses are counted: each claimant's claims with a
  cumulative period, one series per claimant (and per its own category or status where it has
  several under the heading), against the date the period runs to.
- Per formation: the losses claimed in its area, one series per claimant, category and period
  kind, against the date the period runs to.
- Per General Staff category: the day-to-day change of its cumulative figure, which claimgraph
  derives (nobody stated it), against the day.

Nothing is summed or smoothed: each point is one node of the graph and links to it. Drawing is
kg.serve.svg's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg.config import ID_BASE, NAMESPACES
from kg.serve.backend import Backend, Limits, Term
from kg.serve.entity import MAPPING_PATH
from kg.serve.svg import Labels, Point, draw

CHART_LIMITS = Limits(timeout=60.0, max_rows=200_000)
_P = "".join(f"PREFIX {name}: <{NAMESPACES[name]}>\n" for name in ("cg", "rdfs", "skos", "time"))
Row = Mapping[str, Term]


@dataclass(frozen=True)
class Chart:
    """A chart the server offers: where it is, and what it shows (for links and alt text)."""

    path: str
    title: str


def heading_charts(backend: Backend) -> list[Chart]:
    """A chart per side and comparison heading that has cumulative claims.

    The (category, side) pairs of the cumulative claims are found first, then mapped: joining
    the mapping into the scan over every claim took 4.3 s on the release, this 1.8 s.
    """
    query = (
        _P
        + """SELECT DISTINCT ?side ?sideLabel ?heading ?headingLabel WHERE {
  { SELECT DISTINCT ?category ?side WHERE {
      ?period a cg:CumulativePeriod . ?claim cg:period ?period ; cg:lossCategory ?category ; cg:lossesOf ?side } }
  ?category $mapping ?heading .
  ?side rdfs:label ?sideLabel . ?heading rdfs:label ?headingLabel .
}""".replace("$mapping", MAPPING_PATH)
    )
    rows = backend.query(query, CHART_LIMITS).bindings()
    charts = [
        Chart(
            f"/chart/cumulative/{_slug(row['side'])}/{_slug(row['heading'])}.svg",
            f"Cumulative claims of {row['sideLabel'].value}'s losses: {row['headingLabel'].value}",
        )
        for row in rows
    ]
    return sorted(charts, key=lambda chart: chart.title)


def daily_change_charts(backend: Backend) -> list[Chart]:
    """A chart per category of the General Staff's derived day-to-day changes."""
    query = (
        _P
        + """SELECT DISTINCT ?category ?label WHERE {
  ?figure a cg:DerivedFigure ; cg:lossCategory ?category . ?category rdfs:label ?label
}"""
    )
    rows = backend.query(query, CHART_LIMITS).bindings()
    charts = [
        Chart(
            f"/chart/daily-change/{_slug(row['category'])}.svg",
            f"Day-to-day change of the General Staff's cumulative figure: {row['label'].value} (derived)",
        )
        for row in rows
    ]
    return sorted(charts, key=lambda chart: chart.title)


def _slug(term: Term) -> str:
    return term.value.rsplit("/", 1)[-1]


def cumulative(backend: Backend, side: str, heading: str, title: str) -> bytes | None:
    """Every claimant's cumulative claims about one side's losses under one heading.

    The chart queries spell out each step (no property paths, the side and heading as constants):
    Virtuoso 7 planned ``cg:claimant/rdfs:label`` with a VALUES pair and a FILTER IN so badly that
    this query ran past a minute on the sample; written out it answers in 10 ms.
    """
    query = (
        _P
        + f"""SELECT DISTINCT ?node ?claimant ?categoryLabel ?grade ?status ?date ?value WHERE {{
  VALUES ?match {{ skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch }}
  ?category ?match {NamedNode(ID_BASE + "category/" + heading)} .
  ?node cg:lossCategory ?category ; cg:lossesOf {NamedNode(ID_BASE + "agent/" + side)} ; cg:value ?value ;
        cg:claimant ?agent ; cg:period ?period .
  ?agent rdfs:label ?claimant .
  ?period a cg:CumulativePeriod ; time:hasEnd ?end . ?end time:inXSDDate ?date .
  BIND(IF(?match = skos:broadMatch, "(narrower than the heading)", IF(?match = skos:narrowMatch, "(broader than the heading)", "")) AS ?grade)
  OPTIONAL {{ ?category rdfs:label ?categoryLabel }}
  OPTIONAL {{ ?node cg:status ?statusNode . ?statusNode rdfs:label ?status }}
}}"""
    )
    rows = backend.query(query, CHART_LIMITS).bindings()
    # every series names the claimant's own category (and how it maps, when not closely)
    series = _series(rows, ("claimant", "categoryLabel", "grade"), ("status",))
    return (
        draw(Labels(title, "date the cumulative period runs to", "figure as claimed (count)"), series)
        if series
        else None
    )


def formation(backend: Backend, slug: str) -> bytes | None:
    """The losses claimed in a formation's area, per claimant, category and period kind."""
    node = NamedNode(ID_BASE + "formation/" + slug)
    query = (
        _P
        + f"""SELECT DISTINCT ?node ?claimant ?categoryLabel ?periodKind ?date ?value ?formation WHERE {{
  ?node cg:inAreaOf {node} ; cg:value ?value ; cg:claimant ?agent ; cg:lossCategory ?category ;
        cg:period ?period .
  ?agent rdfs:label ?claimant .
  ?period time:hasEnd ?end ; a ?kind . ?end time:inXSDDate ?date .
  VALUES (?kind ?periodKind) {{ (cg:DayPeriod "day") (cg:WeekPeriod "week") (cg:MonthPeriod "month") (cg:CumulativePeriod "cumulative") }}
  OPTIONAL {{ ?category rdfs:label ?categoryLabel }}
  {node} rdfs:label ?formation .
}}"""
    )
    rows = backend.query(query, CHART_LIMITS).bindings()
    series = _series(rows, ("claimant", "categoryLabel", "periodKind"), ())
    if not series:
        return None
    title = f"Losses claimed in the area of {rows[0]['formation'].value}"
    return draw(Labels(title, "date the period runs to", "figure as claimed (count)"), series)


def daily_change(backend: Backend, category: str, title: str) -> bytes | None:
    """The derived day-to-day changes of one General Staff category (nobody's claim)."""
    query = (
        _P
        + f"""SELECT DISTINCT ?node ?date ?value ?series WHERE {{
  ?node a cg:DerivedFigure ; cg:lossCategory {NamedNode(ID_BASE + "category/" + category)} ; cg:value ?value ;
        cg:lossesOf ?agent ; cg:period ?period .
  ?agent rdfs:label ?side . ?period time:hasEnd ?end . ?end time:inXSDDate ?date .
  BIND(CONCAT("change in the General Staff's figure for ", ?side, " (derived)") AS ?series)
}}"""
    )
    series = _series(backend.query(query, CHART_LIMITS).bindings(), ("series",), ())
    return (
        draw(Labels(title, "day of the report", "change since the previous day's report"), series) if series else None
    )


def _series(rows: list[dict[str, Term]], naming: tuple[str, ...], detail: tuple[str, ...]) -> dict[str, list[Point]]:
    """Points grouped by the ``naming`` fields; ``detail`` fields are added to a name only when they vary."""
    variants: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for row in rows:
        variants[_name(row, naming)].add(tuple(_value(row, field) for field in detail))
    found: dict[str, list[Point]] = defaultdict(list)
    for row in rows:
        name = _name(row, naming)
        if len(variants[name]) > 1:
            name += " — " + ", ".join(part for part in (_value(row, field) for field in detail) if part)
        date = dt.date.fromisoformat(row["date"].value)
        found[name].append(Point(date, float(row["value"].value), row["node"].value))
    return {name: sorted(points, key=lambda p: (p.date, p.node)) for name, points in sorted(found.items())}


def _name(row: Row, fields: tuple[str, ...]) -> str:
    """The fields' values joined by commas, a parenthesised note after its value."""
    name = ""
    for part in (_value(row, field) for field in fields):
        if part:
            name += (" " if part.startswith("(") else ", ") + part if name else part
    return name


def _value(row: Row, field: str) -> str:
    term = row.get(field)
    return term.value if term is not None else ""
